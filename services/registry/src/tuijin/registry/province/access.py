"""Who may touch the adapter's records: the key-project office (重点办) of the record's region."""

from __future__ import annotations

from typing import Protocol

from tuijin.kernel.access import ensure_office_of
from tuijin.kernel.auth import Principal


class RegionRecord(Protocol):
    region_code: str


def office_sees(principal: Principal, record: RegionRecord | None) -> bool:
    """False when there is no such record or it is in a region the caller does not see (the route answers
    404, as for a missing one); for a record the caller sees, refuse anyone but the region's office (403)."""
    if record is None or not principal.can_see_region(record.region_code):
        return False
    ensure_office_of(principal, record.region_code)
    return True
