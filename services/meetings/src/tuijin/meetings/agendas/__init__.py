"""Agendas built from what is stuck (issues, procedures), manual items and units' submissions."""
