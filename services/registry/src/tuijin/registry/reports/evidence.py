"""Photos of the works (形象进度照片) and documents on a progress report: who may add them and while the report
takes them."""

from __future__ import annotations

from fastapi import APIRouter

from tuijin.kernel.attachments.routes import add_attachment_routes
from tuijin.kernel.attachments.service import AttachmentTarget
from tuijin.kernel.auth import CurrentPrincipal
from tuijin.registry.attachments.models import Attachment
from tuijin.registry.reports import errors, service
from tuijin.registry.reports.endpoints import VisibleReport
from tuijin.registry.reports.enums import EDITABLE_STATUSES, ReportStatus

RECORD_KIND = "progress_report"


async def report_target(found: VisibleReport, principal: CurrentPrincipal) -> AttachmentTarget:
    """The report as an attachment target. Whoever may see the project sees the report's photos (another
    region's is a 404 ``report_not_found``). Photos are added by the report's writers (the project's responsible or
    owner unit, the office) while it is a draft or returned: once submitted they are part of what the unit stated,
    until the office returns it."""
    report, project = found
    may_add = service.may_write(principal, project)
    status = ReportStatus(report.status)
    editable = status in EDITABLE_STATUSES
    return AttachmentTarget(
        kind=RECORD_KIND, id=report.id, region_code=project.region_code,
        url=f"/api/v1/progress-reports/{report.id}", may_add=may_add, open=editable,
        closed_reason="" if editable else f"The report is {status.value} ({status.label}): its photos no longer "
        "change until it is returned.",
    )


router = APIRouter(prefix="/api/v1", tags=["progress reports"])
add_attachment_routes(router, record_path="/progress-reports/{report_id}", target=report_target,
                      model=Attachment, record_errors=(errors.ReportNotFound,), record_label="progress report")
