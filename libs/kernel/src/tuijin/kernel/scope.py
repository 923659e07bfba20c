"""Region scope of a record found by its id: a record of a region the caller cannot see answers exactly like
a record that does not exist (404 with the same code), so an id of another region tells nothing about it.

403 ``region_forbidden`` (:func:`tuijin.kernel.auth.ensure_region`) stays for a region the caller names
themselves in a query or a body (a list, a statistic, a creation): there the region is no secret, the caller
is refused an action on it."""

from __future__ import annotations

from tuijin.kernel.auth import Principal
from tuijin.kernel.errors import NotFound


def ensure_visible(principal: Principal, region_code: str | None, detail: str, code: str) -> None:
    """404 ``code`` unless the caller sees ``region_code`` (admins and services see every region); call it
    with the same ``detail`` and ``code`` the endpoint answers for a missing record of that kind. A record of
    no region (a national account) is seen by admins and services only."""
    if not visible(principal, region_code):
        raise NotFound(detail, code=code)


def visible(principal: Principal, region_code: str | None) -> bool:
    if region_code is None:
        return principal.is_admin or principal.is_service
    return principal.can_see_region(region_code)
