"""Photos and documents attached to the meetings service's records (site visits)."""
