"""A letter as a Word document (.docx), laid out as a government letter: issuer, grade, number, addressee,
body, reply date, signature and date."""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from tuijin.issues.letters.enums import LetterGrade
from tuijin.issues.letters.models import Letter
from tuijin.kernel.validation import xml_safe

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def new_document() -> Document:
    """A document whose default font is 仿宋 (FangSong), as official documents use."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "FangSong"
    style.font.size = Pt(16)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    return doc


def centred(doc: Document, text: str, *, size: int, bold: bool = False, red: bool = False) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(xml_safe(text))
    run.bold = bold
    run.font.size = Pt(size)
    if red:
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)


def body_paragraphs(doc: Document, text: str) -> None:
    for line in [seg.strip() for seg in text.splitlines() if seg.strip()]:
        paragraph = doc.add_paragraph(xml_safe(line))
        paragraph.paragraph_format.first_line_indent = Pt(32)


def right(doc: Document, text: str) -> None:
    paragraph = doc.add_paragraph(xml_safe(text))
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def letter_docx(letter: Letter) -> bytes:
    doc = new_document()
    centred(doc, letter.issuer, size=22, bold=True, red=True)
    centred(doc, LetterGrade(letter.grade).label, size=26, bold=True, red=True)
    centred(doc, letter.number, size=16)
    centred(doc, letter.title, size=18, bold=True)
    doc.add_paragraph(xml_safe(f"{letter.unit_name or letter.unit_id}："))
    body_paragraphs(doc, letter.body)
    body_paragraphs(doc, f"请于{cn_date(letter.reply_due_on)}前将办理情况书面反馈{letter.issuer}。")
    if letter.reply:
        doc.add_paragraph()
        doc.add_paragraph(xml_safe(f"回复情况（{cn_date(letter.replied_on) if letter.replied_on else ''}）："))
        body_paragraphs(doc, letter.reply)
    doc.add_paragraph()
    right(doc, letter.issuer)
    right(doc, cn_date(letter.issued_on))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
