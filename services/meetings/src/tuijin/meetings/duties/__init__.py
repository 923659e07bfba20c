"""Duty rules per region (值守/履职规则) and who is behind on them (duty shortfalls)."""
