"""An interview record (约谈记录) as a Word document (.docx)."""

from __future__ import annotations

import io

from tuijin.issues.interviews.enums import IntervieweeKind, InterviewReason
from tuijin.issues.interviews.models import Interview
from tuijin.issues.letters.documents import DOCX, body_paragraphs, centred, cn_date, new_document
from tuijin.kernel.validation import xml_safe


def interview_docx(interview: Interview) -> bytes:
    doc = new_document()
    centred(doc, "约谈记录", size=22, bold=True)
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
    ]
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for i, (label, value) in enumerate(rows):
        table.cell(i, 0).text = xml_safe(label)
        table.cell(i, 1).text = xml_safe(value or "")
    doc.add_paragraph()
    doc.add_paragraph("约谈内容：")
    body_paragraphs(doc, interview.summary)
    if interview.commitments:
        doc.add_paragraph("整改承诺：")
        body_paragraphs(doc, interview.commitments)
    doc.add_paragraph()
    doc.add_paragraph(xml_safe(f"记录人：{interview.recorded_by}"))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


__all__ = ["DOCX", "interview_docx"]
