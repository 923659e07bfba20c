"""Reading and setting a region's policies (configuration per region and year) over HTTP."""
