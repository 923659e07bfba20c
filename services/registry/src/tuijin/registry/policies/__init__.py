"""A region's policies (thresholds, due rules… per region and year): the catalogue with the shipped defaults,
the table, and the routes."""
