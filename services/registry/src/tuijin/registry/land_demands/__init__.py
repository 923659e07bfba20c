"""The land demand list (用地需求清单): what land each project needs for a year."""
