"""The problems of warning lights (亮灯). The lights raise none of their own: a project's lights answer the
project's 404 (``project_not_found``) and the recomputation the kernel's office check (``role_required``,
``region_forbidden``)."""

from __future__ import annotations

from tuijin.registry.public.errors import ProjectNotFound

__all__ = ["ProjectNotFound"]
