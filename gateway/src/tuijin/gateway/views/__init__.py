"""Composed views: reads from several services in one call (dossier, dashboard, to-dos, public overview)."""
