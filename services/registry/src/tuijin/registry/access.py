"""Who sees and edits which registry records: a user never sees another region; the office runs its
region; a unit sees the projects it is responsible for, owns or co-organises; a leader sees the
projects of the posts they hold today."""

from __future__ import annotations

from sqlalchemy import and_, exists, false, or_, select
from sqlalchemy.sql.elements import ColumnElement

from tuijin.kernel.auth import Principal, Role, ensure_region, region_clause
from tuijin.kernel.clock import today
from tuijin.kernel.errors import Forbidden
from tuijin.registry.models import PostHolding, Project, ProjectCoUnit

REGION_WIDE_ROLES = (Role.office, Role.supervisor, Role.scorer, Role.viewer)


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


def ensure_office_of(principal: Principal, region_code: str) -> None:
    """Writes to the organisation and the project list: the office of that region (or an admin)."""
    if not principal.has_any(Role.office):
        raise Forbidden("Only the key-project office (重点办) manages this.", code="role_required")
    ensure_region(principal, region_code)
