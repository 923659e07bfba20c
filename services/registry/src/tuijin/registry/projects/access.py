"""Who sees which projects: a user never sees another region; the office and the other region-wide roles see
their region's; a unit sees the projects it is responsible for, owns or co-organises; a leader sees the
projects of the posts they hold today. (Who edits: the office of the region,
:func:`tuijin.kernel.access.ensure_office_of`.)"""

from __future__ import annotations

from sqlalchemy import and_, exists, false, or_, select
from sqlalchemy.sql.elements import ColumnElement

from tuijin.kernel.access import REGION_WIDE_ROLES
from tuijin.kernel.auth import Principal, Role, region_clause
from tuijin.kernel.clock import today
from tuijin.registry.organisation.models import PostHolding
from tuijin.registry.projects.models import Project, ProjectCoUnit


def project_visibility(principal: Principal) -> ColumnElement | None:
    """WHERE clause limiting projects to what the caller may see (None: everything)."""
    region = region_clause(principal, Project.region_code)
    if principal.is_admin or principal.is_service or principal.has_any(*REGION_WIDE_ROLES):
        return region
    own: list[ColumnElement] = []
    if Role.unit in principal.roles and principal.unit_id:
        unit = principal.unit_id
        own.append(
            or_(
                Project.responsible_unit_id == unit,
                Project.owner_unit_id == unit,
                exists(
                    select(ProjectCoUnit.project_id).where(
                        ProjectCoUnit.project_id == Project.id, ProjectCoUnit.unit_id == unit
                    )
                ),
            )
        )
    if Role.leader in principal.roles and principal.person_id:
        d = today()
        own.append(
            Project.leader_post_id.in_(
                select(PostHolding.post_id).where(
                    PostHolding.person_id == principal.person_id,
                    PostHolding.start_date <= d,
                    or_(PostHolding.end_date.is_(None), PostHolding.end_date >= d),
                )
            )
        )
    if not own:
        return false()
    return and_(region, or_(*own)) if region is not None else or_(*own)

