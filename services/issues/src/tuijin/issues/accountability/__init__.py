"""Accountability (问责): the record of each sanction against a unit or a post, its grounds, who decided it and
when; seen by the office and the supervision office only."""
