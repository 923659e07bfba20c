"""Progress reports (月报 / 周报): one per project and period, submitted by the unit and verified by the
office, with due rules per region and the totals and rates computed from them."""
