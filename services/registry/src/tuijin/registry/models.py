"""The registry's tables in one place, for Alembic and for code that needs the whole metadata: the declarative
``Base`` and ``kernel`` tables (:mod:`tuijin.registry.base`) and the organisation, project and policy tables.

The other domains' tables (milestones, procedures, reports…) are declared on the same ``Base`` in their own
``models.py``; ``migrations/env.py`` imports the app, which imports every domain. This module imports no
domain that imports it back, so it has no import cycle."""

from __future__ import annotations

from tuijin.registry.base import Base, kernel
from tuijin.registry.organisation.models import Person, Post, PostHolding, Region, System, Unit
from tuijin.registry.policies.models import Policy
from tuijin.registry.projects.models import Project, ProjectCoUnit, StageChange, TeamMember, YearPlan

__all__ = [
    "Base",
    "Person",
    "Policy",
    "Post",
    "PostHolding",
    "Project",
    "ProjectCoUnit",
    "Region",
    "StageChange",
    "System",
    "TeamMember",
    "Unit",
    "YearPlan",
    "kernel",
]
