"""Interviews (约谈) of leaders and unit heads, and the candidates the service proposes."""
