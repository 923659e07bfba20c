"""Who may do what in scoring: the office of a region runs and publishes; the region reads published results."""

from __future__ import annotations

from tuijin.kernel.auth import Principal, Role, ensure_region
from tuijin.kernel.errors import Forbidden


def ensure_office_of(principal: Principal, region_code: str) -> None:
    """The key-project office (重点办) of that region, or an admin."""
    if not principal.has_any(Role.office):
        raise Forbidden("Only the key-project office (重点办) does this.", code="role_required")
    ensure_region(principal, region_code)


def is_office_of(principal: Principal, region_code: str) -> bool:
    return principal.has_any(Role.office) and principal.can_see_region(region_code)
