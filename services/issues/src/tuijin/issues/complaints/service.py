"""Rules of efficiency complaints (行政效能投诉, 惠济 seed 004: 实行行政效能投诉制度 — where a unit passes the buck
(推諉扯皮), the office promptly has it sorted and reports complaints and their handling to the district leaders).

The finding is due :data:`FINDING_WORKING_DAYS` working days after the complaint is received (on the region's
working calendar). The seed sets no time limit and the issues policies have no rule for complaints, so the number
is our choice, stated here: ten working days, twice the reply timer of a letter and in line with the seed's 3
working days for a hard question to be answered plus time to hear both sides."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from tuijin.issues.complaints.enums import ComplaintStatus
from tuijin.issues.complaints.errors import (
    ComplaintChanged,
    ComplaintDateInFuture,
    ComplaintStepNotAllowed,
    DecidedBeforeReceived,
)
from tuijin.issues.complaints.models import Complaint
from tuijin.issues.complaints.schemas import ComplaintCreate, ComplaintOut, ConclusionIn
from tuijin.issues.directory.models import ProjectRef
from tuijin.kernel.calendar import WorkingCalendar
from tuijin.kernel.clock import today, utcnow

FINDING_WORKING_DAYS = 10


async def receive(
    session: AsyncSession, body: ComplaintCreate, ref: ProjectRef, unit_name: str, cal: WorkingCalendar, by: str
) -> Complaint:
    """The office receives (受理) the complaint; the finding is due ten working days later."""
    if body.received_on > today():
        raise ComplaintDateInFuture("A complaint is received today or earlier.", field="body.received_on")
    complaint = Complaint(
        region_code=body.region_code, complainant=body.complainant, complainant_contact=body.complainant_contact,
        project_id=ref.id, project_code=ref.code, project_name=ref.name, unit_id=body.unit_id, unit_name=unit_name,
        content=body.content, received_on=body.received_on,
        finding_due_on=cal.add_working_days(body.received_on, FINDING_WORKING_DAYS),
        status=ComplaintStatus.received.value, recorded_by=by, recorded_at=utcnow(),
    )
    session.add(complaint)
    await session.flush()
    return complaint


def _allowed(complaint: Complaint, status: ComplaintStatus) -> None:
    if complaint.status != status.value:
        label = ComplaintStatus(complaint.status).label
        raise ComplaintStepNotAllowed(f"Not allowed while the complaint is {label}.", field="status")


async def _flush(session: AsyncSession) -> None:
    try:
        await session.flush()
    except StaleDataError as exc:
        raise ComplaintChanged("The complaint changed meanwhile; reload it.") from exc


async def investigate(session: AsyncSession, complaint: Complaint) -> Complaint:
    """received → investigating."""
    _allowed(complaint, ComplaintStatus.received)
    complaint.status = ComplaintStatus.investigating.value
    complaint.investigation_started_on = today()
    await _flush(session)
    return complaint


async def conclude(session: AsyncSession, complaint: Complaint, body: ConclusionIn) -> Complaint:
    """investigating → concluded, with the finding (属实 / 部分属实 / 不属实), its text and the day decided."""
    _allowed(complaint, ComplaintStatus.investigating)
    if body.decided_on > today():
        raise ComplaintDateInFuture("A finding is decided today or earlier.", field="body.decided_on")
    if body.decided_on < complaint.received_on:
        raise DecidedBeforeReceived("The finding cannot precede the complaint.", field="body.decided_on")
    complaint.status = ComplaintStatus.concluded.value
    complaint.finding = body.finding.value
    complaint.finding_text = body.finding_text
    complaint.decided_on = body.decided_on
    await _flush(session)
    return complaint


def to_out(complaint: Complaint, on: date | None = None) -> ComplaintOut:
    out = ComplaintOut.model_validate(complaint)
    out.overdue = complaint.status != ComplaintStatus.concluded.value and complaint.finding_due_on < (on or today())
    return out
