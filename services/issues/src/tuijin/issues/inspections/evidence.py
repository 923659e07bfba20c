"""Photos and documents on an inspection (督查佐证材料): the evidence its findings name."""

from __future__ import annotations

from fastapi import APIRouter

from tuijin.issues.access import ScopeDep
from tuijin.issues.attachments.models import Attachment
from tuijin.issues.deps import VisibleInspection
from tuijin.issues.inspections.enums import InspectionStatus
from tuijin.issues.inspections.errors import InspectionNotFound
from tuijin.issues.inspections.repository import RECORD_KIND
from tuijin.kernel.attachments.routes import add_attachment_routes
from tuijin.kernel.attachments.service import AttachmentTarget


async def inspection_target(inspection: VisibleInspection, scope: ScopeDep) -> AttachmentTarget:
    """The inspection as an attachment target. Whoever may see it sees its files (an unannounced inspection is a
    404 ``inspection_not_found`` to the inspected until it is recorded). The office and supervisors add (and
    remove) files while it is planned; once recorded its findings name them, so they no longer change (409
    ``attachments_locked``): evidence of the rectification goes on the finding's problem."""
    may_add = scope.unrestricted or scope.is_office or scope.is_supervision
    planned = inspection.status == InspectionStatus.planned
    return AttachmentTarget(
        kind=RECORD_KIND, id=inspection.id, region_code=inspection.region_code,
        url=f"/api/v1/inspections/{inspection.id}", may_add=bool(may_add), open=planned,
        closed_reason="" if planned else "The inspection is recorded (已录入): the evidence its findings name no "
        "longer changes; rectification evidence goes on the finding's problem.",
    )


def register_attachments(router: APIRouter) -> None:
    """The attachment routes under ``/api/v1/inspections/{inspection_id}``."""
    add_attachment_routes(router, record_path="/{inspection_id}", target=inspection_target, model=Attachment,
                          record_errors=(InspectionNotFound,), record_label="inspection")
