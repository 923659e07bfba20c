"""Which service answers which path. The gateway owns this table: front ends see one API.

A path ``/api/v1/<segment>/...`` goes to the owner of ``<segment>`` (a region's sub-resource owned elsewhere, such
as ``/api/v1/regions/{code}/duty-shortfalls``, by :data:`SUBRESOURCE_OWNERS`); ``admin`` and ``enums`` name
the service in the next segment (``/api/v1/admin/issues/jobs``). ``/api/v1/internal`` is never routed:
it is for services only.
"""

from __future__ import annotations

from tuijin.kernel.settings import SERVICES

# first path segment after /api/v1/ → service; the domain issues add their resources here
RESOURCE_OWNERS: dict[str, str] = {
    "calendar": "registry",
    "regions": "registry",
    "units": "registry",
    "people": "registry",
    "posts": "registry",
    "systems": "registry",
    "projects": "registry",
    "milestones": "registry",
    "procedures": "registry",
    "procedure-types": "registry",
    "reserve-entries": "registry",
    "list-cycles": "registry",
    "land-demands": "registry",
    "financing-needs": "registry",
    "quarterly-reports": "registry",
    "dispatches": "registry",
    "project-swaps": "registry",
    "project-lists": "registry",
    "statistics": "registry",
    "public": "registry",
    "policies": "registry",
    "profiles": "registry",
    "progress-reports": "registry",
    "warning-lights": "registry",
    "province": "registry",
    "problems": "issues",
    "letters": "issues",
    "interviews": "issues",
    "rectifications": "issues",
    "accountability-records": "issues",
    "complaints": "issues",
    "inspections": "issues",
    "issue-policies": "issues",
    "meetings": "meetings",
    "meeting-series": "meetings",
    "attendance": "meetings",
    "decided-items": "meetings",
    "site-visits": "meetings",
    "meeting-policies": "meetings",
    "scoring-schemes": "scoring",
    "scoring-runs": "scoring",
    "scoring-rounds": "scoring",
    "score-sheets": "scoring",
}

# the services' routes taking a file upload, whose body may be TUIJIN_MAX_UPLOAD_BYTES (regular expressions)
UPLOAD_PATHS = (
    r"/api/v1/project-lists/[^/]+/[^/]+/imports",  # the registry's 一览表 import
    r"/api/v1/regions/[^/]+/organisation/imports",  # the registry's organisation workbook
    r"/api/v1/problems/[^/]+/attachments",  # photos and documents on a problem (issues)
    r"/api/v1/inspections/[^/]+/attachments",  # evidence of an inspection's findings (issues)
    r"/api/v1/progress-reports/[^/]+/attachments",  # 形象进度照片 on a progress report (registry)
    r"/api/v1/site-visits/[^/]+/attachments",  # photos and documents of a site visit (meetings)
)

# a region's sub-resources that another service than the registry answers: (first segment, third segment) →
# service, e.g. /api/v1/regions/{region_code}/duty-shortfalls (meetings: who is behind on a duty)
SUBRESOURCE_OWNERS: dict[tuple[str, str], str] = {
    ("regions", "duty-shortfalls"): "meetings",
}

GATEWAY_SEGMENTS = {"auth", "users", "dossiers", "dashboard", "todos"}  # and /api/v1/public/overview
SERVICE_NAMED_SEGMENTS = {"admin", "enums"}


def route_for(path: str) -> str | None:
    """The service that answers ``path``, or None (gateway's own, internal, or unknown)."""
    parts = path.split("/")
    # ["", "api", "v1", segment, ...]
    if len(parts) < 4 or parts[1] != "api" or parts[2] != "v1":
        return None
    if "." in parts or ".." in parts:  # the upstream client would resolve them to another path
        return None
    segment = parts[3]
    if segment in SERVICE_NAMED_SEGMENTS:
        return parts[4] if len(parts) > 4 and parts[4] in SERVICES else None
    if len(parts) > 5 and (segment, parts[5]) in SUBRESOURCE_OWNERS:
        return SUBRESOURCE_OWNERS[(segment, parts[5])]
    return RESOURCE_OWNERS.get(segment)
