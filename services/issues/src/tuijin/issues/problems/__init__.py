"""The problem ledger (问题台账) and the escalation ladder."""
