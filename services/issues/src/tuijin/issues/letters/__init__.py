"""Supervision letters (督查督办函): 工作提醒函 → 工作推进函 → 工作督办函."""
