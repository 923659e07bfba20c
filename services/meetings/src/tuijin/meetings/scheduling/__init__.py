"""Scheduling: meeting series with recurrence rules, meetings, invitations and their lifecycle."""
