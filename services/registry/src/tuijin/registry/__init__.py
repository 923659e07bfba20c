"""Tuijin package."""
