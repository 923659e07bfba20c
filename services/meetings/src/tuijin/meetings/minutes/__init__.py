"""Minutes (会议纪要) with per-item outcomes, addenda and decided items (议定事项) followed until done."""
