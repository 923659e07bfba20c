"""Photos and documents of a site visit (现场照片, 调研材料): who may add them."""

from __future__ import annotations

from fastapi import APIRouter

from tuijin.kernel.attachments.routes import add_attachment_routes
from tuijin.kernel.attachments.service import AttachmentTarget
from tuijin.kernel.auth import CurrentPrincipal
from tuijin.meetings.attachments.models import Attachment
from tuijin.meetings.deps import VisibleSiteVisit
from tuijin.meetings.site_visits.access import may_change
from tuijin.meetings.site_visits.errors import SiteVisitNotFound

RECORD_KIND = "site_visit"


async def visit_target(visit: VisibleSiteVisit, principal: CurrentPrincipal) -> AttachmentTarget:
    """The visit as an attachment target: whoever sees the visit sees its files (another region's visit is a 404
    ``site_visit_not_found``); the office, the recorder and the leading person add them, at any time (a photo
    taken on the day may be sent later)."""
    return AttachmentTarget(kind=RECORD_KIND, id=visit.id, region_code=visit.region_code,
                            url=f"/api/v1/site-visits/{visit.id}", may_add=may_change(principal, visit), open=True)


def register_attachments(router: APIRouter) -> None:
    """The attachment routes under ``/api/v1/site-visits/{visit_id}``."""
    add_attachment_routes(router, record_path="/{visit_id}", target=visit_target, model=Attachment,
                          record_errors=(SiteVisitNotFound,), record_label="site visit")
