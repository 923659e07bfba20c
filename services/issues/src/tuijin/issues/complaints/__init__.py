"""Efficiency complaints (行政效能投诉, 惠济): a project owner's complaint about a unit's handling, received by the
office, investigated, and concluded with the office's finding."""
