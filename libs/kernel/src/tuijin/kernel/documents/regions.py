"""The region's name for the title of a document (栾川县), read from the registry by the services that keep no
regions of their own, and cached: a name does not change between two downloads."""

from __future__ import annotations

import time
from typing import Any

TTL_SECONDS = 600.0
MAX_PAGES = 50
_names: dict[str, tuple[float, str]] = {}


async def region_name(upstreams: Any, region_code: str) -> str:
    """The name of ``region_code`` (``GET /api/v1/regions`` of the registry, all pages, with the service's
    token), or the code itself when the registry cannot say: a title with the code beats no download."""
    cached = _names.get(region_code)
    if cached is not None and time.monotonic() - cached[0] < TTL_SECONDS:
        return cached[1]
    try:
        rows = await upstreams.pages("registry", "/api/v1/regions", {"limit": 200}, max_pages=MAX_PAGES)
    except Exception:  # any refusal or outage of the registry: the document goes out with the code
        return region_code
    now = time.monotonic()
    for row in rows:
        if row.get("code") and row.get("name"):
            _names[row["code"]] = (now, row["name"])
    return _names[region_code][1] if region_code in _names else region_code
