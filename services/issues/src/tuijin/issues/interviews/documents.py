"""An interview record (约谈记录) as a Word document (.docx) on the official-document layer (A4, the grid, the
standard's fonts and page numbers): a record is kept, not issued, so it has no red header or 字号. The recorder
is named with their unit and post, as the registry knows them."""

from __future__ import annotations

from tuijin.issues.interviews.enums import IntervieweeKind, InterviewReason
from tuijin.issues.interviews.models import Interview
from tuijin.kernel.documents.word import DOCX, OfficialDocument, cn_date


def recorder_text(interview: Interview) -> str:
    """记录人: the name with the unit and post (赵敏（栾川县重点项目建设领导小组办公室督查科科长）)."""
    if not interview.recorder_name:
        return ""
    return interview.recorder_name + (f"（{interview.recorder_post}）" if interview.recorder_post else "")


def interview_docx(interview: Interview) -> bytes:
    doc = OfficialDocument()
    doc.title("约谈记录")
    title = interview.interviewee_title or IntervieweeKind(interview.interviewee_kind).label
    rows = [
        ("约谈时间", cn_date(interview.held_on)),
        ("约谈地点", interview.location),
        ("约谈人", interview.interviewer),
        ("被约谈人", f"{interview.interviewee_name}（{title}）"),
        ("所在单位", interview.unit_name),
        ("涉及项目", f"{interview.project_name}（{interview.project_code}）" if interview.project_id else ""),
        ("约谈事由", "、".join(InterviewReason(r).label for r in interview.reasons)),
        ("整改期限", cn_date(interview.rectification_due_on) if interview.rectification_due_on else ""),
        ("记录人", recorder_text(interview)),
    ]
    doc.table(["项目", "内容"], [[label, value or "—"] for label, value in rows], widths=[1, 3])
    doc.blank()
    doc.heading("一、约谈内容")
    doc.paragraph(interview.summary)
    if interview.commitments.strip():
        doc.heading("二、整改承诺")
        doc.paragraph(interview.commitments)
    doc.blank()
    doc.paragraph(f"记录人：{recorder_text(interview) or '—'}")
    doc.paragraph("被约谈人签字：")
    return doc.save()


__all__ = ["DOCX", "interview_docx"]
