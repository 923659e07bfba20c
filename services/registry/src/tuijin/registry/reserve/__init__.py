"""The reserve library (储备库): three-level rolling reserve of projects, the selection check and the
promotion of selected projects into next year's list."""
