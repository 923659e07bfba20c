"""Who sees, records and changes a site visit.

- Sees: the region's readers (office, leaders, supervisors, scorers, viewers); a unit the visits it recorded or
  was present at. Anyone else sees none (404, never a hint).
- Records: the office of the region (on anyone's behalf), a leader of the region who is on the visit, a unit
  user of the region (the unit is then present).
- Changes, and adds photos: the office of the region, whoever recorded it, and the leading person."""

from __future__ import annotations

from sqlalchemy import exists, false, or_, select
from sqlalchemy.sql.elements import ColumnElement

from tuijin.kernel.access import is_office_of
from tuijin.kernel.auth import Principal, Role, ensure_region, region_clause
from tuijin.meetings.access import is_region_wide, unit_of
from tuijin.meetings.site_visits.enums import LinkKind
from tuijin.meetings.site_visits.errors import SiteVisitForbidden
from tuijin.meetings.site_visits.models import SiteVisit, SiteVisitLink


def visit_visibility(principal: Principal) -> ColumnElement | None:
    """WHERE clause on SiteVisit: what the caller may see (None: everything)."""
    region = region_clause(principal, SiteVisit.region_code)
    if is_region_wide(principal):
        return region
    unit = unit_of(principal)
    if unit is None:
        return false()
    present = exists(select(SiteVisitLink.id).where(
        SiteVisitLink.visit_id == SiteVisit.id, SiteVisitLink.kind == LinkKind.unit.value,
        SiteVisitLink.ref_id == unit))
    own = or_(SiteVisit.recorded_by_unit_id == unit, present)
    return own if region is None else region & own


def ensure_may_record(principal: Principal, region_code: str, people: list) -> None:
    """The office of the region, a leader of the region who is on the visit, or a unit user of the region."""
    ensure_region(principal, region_code)
    if is_office_of(principal, region_code) or principal.is_admin:
        return
    if Role.leader in principal.roles and principal.person_id is not None and principal.person_id in people:
        return
    if unit_of(principal) is not None:
        return
    raise SiteVisitForbidden("The office, a leader on the visit or a unit records a site visit.")


def may_change(principal: Principal, visit: SiteVisit) -> bool:
    """The office of the region, whoever recorded the visit, or its leading person."""
    if principal.is_admin or is_office_of(principal, visit.region_code):
        return True
    if visit.recorded_by == principal.sub:
        return True
    return Role.leader in principal.roles and principal.person_id == visit.leading_person_id


def ensure_may_change(principal: Principal, visit: SiteVisit) -> None:
    if not may_change(principal, visit):
        raise SiteVisitForbidden("The office, the recorder or the leading person changes a site visit.")
