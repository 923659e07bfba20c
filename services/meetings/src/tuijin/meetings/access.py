"""Who sees and manages meetings: a user never sees another region; the office and the convener's unit
manage a meeting; invited units see it; leaders, supervisors, scorers and viewers read their region."""

from __future__ import annotations

import uuid

from sqlalchemy import exists, false, or_, select
from sqlalchemy.sql.elements import ColumnElement

from tuijin.kernel.access import REGION_WIDE_ROLES, ensure_office_of, is_office_of
from tuijin.kernel.auth import Principal, Role, ensure_region, region_clause
from tuijin.kernel.errors import Forbidden
from tuijin.meetings.scheduling.models import Invitation, Meeting

# who reads every meeting of their region: the kernel's region-wide roles and the leaders (领导), who attend
MEETING_READERS = (*REGION_WIDE_ROLES, Role.leader)


def is_region_wide(principal: Principal) -> bool:
    return principal.has_any(*MEETING_READERS)


def unit_of(principal: Principal) -> uuid.UUID | None:
    """The caller's unit when they act as a unit user."""
    return principal.unit_id if Role.unit in principal.roles else None


def meeting_visibility(principal: Principal) -> ColumnElement | None:
    """WHERE clause on Meeting: what the caller may see (None: everything)."""
    region = region_clause(principal, Meeting.region_code)
    if is_region_wide(principal):
        return region
    unit = unit_of(principal)
    if unit is None:
        return false()
    own = or_(
        Meeting.convener_unit_id == unit,
        exists(select(Invitation.id).where(Invitation.meeting_id == Meeting.id, Invitation.unit_id == unit)),
    )
    return own if region is None else region & own


def can_manage(principal: Principal, region_code: str, convener_unit_id: uuid.UUID) -> bool:
    """The office of the region or the convening unit."""
    if not principal.can_see_region(region_code):
        return False
    return principal.has_any(Role.office) or unit_of(principal) == convener_unit_id


def ensure_manager(principal: Principal, meeting: Meeting) -> None:
    """The convener's unit and the office manage a meeting."""
    ensure_region(principal, meeting.region_code)
    if not can_manage(principal, meeting.region_code, meeting.convener_unit_id):
        raise Forbidden("Only the convening unit or the office manages this meeting.", code="not_meeting_manager")


def ensure_unit_or_office(principal: Principal, region_code: str, unit_id: uuid.UUID) -> None:
    """The unit itself or the office of the region."""
    ensure_region(principal, region_code)
    if principal.has_any(Role.office) or unit_of(principal) == unit_id:
        return
    raise Forbidden("Only the unit itself or the office may do this.", code="unit_forbidden")


__all__ = ["MEETING_READERS", "can_manage", "ensure_manager", "ensure_office_of", "ensure_unit_or_office",
           "is_office_of", "is_region_wide", "meeting_visibility", "unit_of"]
