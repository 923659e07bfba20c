"""Rectification (整改): what an interview or an inspection finding requires of a unit by a deadline, chased by
letters until the office verifies it done."""
