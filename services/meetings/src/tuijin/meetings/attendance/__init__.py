"""Attendance per invited unit, leave asked of the convener, the bulletin of unexcused absences."""
