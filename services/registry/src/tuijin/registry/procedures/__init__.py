"""Procedures (手续, 联审联批): the approvals each project needs, their lead units, status and deadlines."""
