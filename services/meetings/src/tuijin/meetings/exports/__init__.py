"""Word (.docx) notices, minutes and bulletins; Excel (.xlsx) meeting, attendance and decided-item lists."""
