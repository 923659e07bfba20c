"""Inspections (督查): the supervision office's checks on the ground, their findings and the 问题清单 each finding
puts on the ladder, the 督查专报 to the county leaders and the month's 督查通报."""
