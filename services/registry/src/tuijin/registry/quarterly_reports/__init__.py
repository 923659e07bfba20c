"""Quarterly written reports (季度书面报告) of a project's responsible unit, reviewed by the office."""
