"""Permission helpers every service shares: who is the key-project office (重点办) of a region, which roles read
a whole region, and the typed refusals they raise.

A service keeps in its own ``access.py`` only what is its own (who manages a meeting, which problems a unit
sees); the checks below are the same in every service and live here once.
"""

from __future__ import annotations

from tuijin.kernel.auth import Principal, RegionForbidden, Role, RoleRequired, ensure_region
from tuijin.kernel.errors import raises

# Roles that read every record of their region (and the regions below it): the office, the supervision office
# (督查室), scorers and leadership viewers. Admins and service tokens pass every check.
REGION_WIDE_ROLES: tuple[Role, ...] = (Role.office, Role.supervisor, Role.scorer, Role.viewer)
# The office and the supervision office (督查室): they supervise, interview and issue letters.
SUPERVISION_ROLES: tuple[Role, ...] = (Role.office, Role.supervisor)

__all__ = ["REGION_WIDE_ROLES", "SUPERVISION_ROLES", "RoleRequired", "ensure_office_of", "ensure_roles_of",
           "is_office_of", "is_region_wide"]


def is_office_of(principal: Principal, region_code: str) -> bool:
    """The key-project office of ``region_code`` (or of a region above it), or an admin."""
    return principal.has_any(Role.office) and principal.can_see_region(region_code)


@raises(RoleRequired, RegionForbidden)
def ensure_office_of(principal: Principal, region_code: str, detail: str | None = None) -> None:
    """Only the key-project office (重点办) of that region, or an admin: else 403 ``role_required`` (wrong role)
    or ``region_forbidden`` (another region's office)."""
    if not principal.has_any(Role.office):
        raise RoleRequired(detail or "Only the key-project office (重点办) does this.")
    ensure_region(principal, region_code)


@raises(RoleRequired, RegionForbidden)
def ensure_roles_of(principal: Principal, region_code: str, roles: tuple[Role, ...], detail: str) -> None:
    """One of ``roles`` in that region (admins and services pass): else 403 ``role_required`` or
    ``region_forbidden``."""
    if not principal.has_any(*roles):
        raise RoleRequired(detail)
    ensure_region(principal, region_code)


def is_region_wide(principal: Principal, roles: tuple[Role, ...] = REGION_WIDE_ROLES) -> bool:
    """The caller reads the whole of their region (admins and services too)."""
    return principal.has_any(*roles)
