"""The problems of the public disclosure view (公开)."""

from __future__ import annotations

from tuijin.registry.organisation.errors import RegionNotFound as RegionNotFound
from tuijin.registry.projects.errors import ProjectNotFound as ProjectNotFound
