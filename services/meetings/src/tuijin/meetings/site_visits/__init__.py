"""Leaders' and units' site visits (现场调研督导 / 现场办公)."""
