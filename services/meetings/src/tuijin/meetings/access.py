"""Who sees and manages meetings: a user never sees another region; the office and the convener's unit
manage a meeting; invited units see it; leaders, supervisors, scorers and viewers read their region."""

from __future__ import annotations

import uuid

from sqlalchemy import false
from sqlalchemy.sql.elements import ColumnElement

from tuijin.kernel.access import REGION_WIDE_ROLES, RoleRequired, ensure_office_of, is_office_of
from tuijin.kernel.auth import Principal, RegionForbidden, Role, ensure_region, region_clause
from tuijin.meetings.agendas.errors import LeaderRequired
from tuijin.meetings.errors import UnitForbidden, UnitRequired
from tuijin.meetings.minutes.models import DecidedItem
from tuijin.meetings.scheduling import repository as scheduling_repo
from tuijin.meetings.scheduling.errors import NotMeetingManager
from tuijin.meetings.scheduling.models import Meeting, MeetingSeries

# the problems of ensure_manager, for the routes' ``responses=``
MANAGER_PROBLEMS = (RegionForbidden, NotMeetingManager)

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
    own = scheduling_repo.convened_or_invited(unit)
    return own if region is None else region & own


def decided_item_visibility(principal: Principal) -> ColumnElement | None:
    """WHERE clause on DecidedItem: the region's readers see all of their region, a unit the items it owns;
    anyone else is refused (403 ``role_required``)."""
    region = region_clause(principal, DecidedItem.region_code)
    if is_region_wide(principal):
        return region
    own = unit_of(principal)
    if own is None:
        raise RoleRequired("Decided items are read by their owner unit and the region's readers.")
    clause = DecidedItem.owner_unit_id == own
    return clause if region is None else region & clause


def can_manage(principal: Principal, region_code: str, convener_unit_id: uuid.UUID) -> bool:
    """The office of the region or the convening unit."""
    if not principal.can_see_region(region_code):
        return False
    return principal.has_any(Role.office) or unit_of(principal) == convener_unit_id


def ensure_manager(principal: Principal, meeting: Meeting) -> None:
    """The convener's unit and the office manage a meeting."""
    ensure_region(principal, meeting.region_code)
    if not can_manage(principal, meeting.region_code, meeting.convener_unit_id):
        raise NotMeetingManager("Only the convening unit or the office manages this meeting.")


def ensure_can_schedule(principal: Principal, region_code: str, convener_unit_id: uuid.UUID) -> None:
    """The office of the region or the convening unit plans a meeting or a series."""
    ensure_region(principal, region_code)
    if not can_manage(principal, region_code, convener_unit_id):
        raise NotMeetingManager("The office or the convening unit schedules this meeting.")


def ensure_series_manager(principal: Principal, series: MeetingSeries) -> None:
    """The office or the convening unit manages a series."""
    if not can_manage(principal, series.region_code, series.convener_unit_id):
        raise NotMeetingManager("The office or the convening unit manages this series.")


def ensure_region_reader(principal: Principal, region_code: str, detail: str) -> None:
    """One of the region's readers (office, leaders, supervisors, scorers, viewers) or a service: else 403."""
    ensure_region(principal, region_code)
    if not is_region_wide(principal):
        raise RoleRequired(detail)


def acting_unit(principal: Principal, region_code: str, requested: uuid.UUID | None, what: str) -> uuid.UUID:
    """The unit a submission or a leave request is for: a unit acts for itself; the office of the region may
    name any unit (its own when it names none)."""
    own = unit_of(principal)
    if is_office_of(principal, region_code):
        unit_id = requested or own
    elif own is not None and requested in (None, own):
        unit_id = own
    else:
        raise UnitForbidden(f"A unit makes its own {what}, for itself.")
    if unit_id is None:
        raise UnitRequired(f"Name the unit the {what} is for.", field="body.unit_id")
    return unit_id


def ensure_leader_or_office(principal: Principal, region_code: str) -> None:
    """A leader of the region (the unit's leader) or its office, or an admin."""
    if is_office_of(principal, region_code) or principal.is_admin or (
            Role.leader in principal.roles and principal.can_see_region(region_code)):
        return
    raise LeaderRequired("The unit's leader or the office approves a submission.")


def ensure_unit_or_office(principal: Principal, region_code: str, unit_id: uuid.UUID) -> None:
    """The unit itself or the office of the region."""
    ensure_region(principal, region_code)
    if principal.has_any(Role.office) or unit_of(principal) == unit_id:
        return
    raise UnitForbidden("Only the unit itself or the office may do this.")


__all__ = ["MANAGER_PROBLEMS", "MEETING_READERS", "acting_unit", "can_manage", "decided_item_visibility",
           "ensure_can_schedule", "ensure_leader_or_office", "ensure_manager", "ensure_office_of",
           "ensure_region_reader", "ensure_series_manager", "ensure_unit_or_office", "is_office_of", "is_region_wide",
           "meeting_visibility", "region_clause", "unit_of"]
