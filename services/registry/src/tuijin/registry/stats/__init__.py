"""Statistics of a region's yearly list, aggregated in SQL, as JSON and as .xlsx."""
