"""调度 records of key projects and the region's dispatch cadence by stage (楚雄, seed 001)."""
