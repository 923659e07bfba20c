"""A region's configuration of the ladder, the letters and the interview thresholds (per year)."""
