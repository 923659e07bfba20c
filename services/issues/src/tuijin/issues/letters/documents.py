"""A supervision letter as a Word document (.docx) in the official-document format (GB/T 9704, the kernel's
:mod:`~tuijin.kernel.documents.word`): the issuing authority's red header and rule, the grade's 字号, the title,
the addressee (主送), the body and the reply date, the signature and the date in Chinese with room for the seal,
and the 版记."""

from __future__ import annotations

from tuijin.issues.letters.models import Letter
from tuijin.kernel.documents.word import DOCX, DocumentFormat, OfficialDocument, cn_date


def letter_docx(letter: Letter, fmt: DocumentFormat) -> bytes:
    """The letter as sent (the addressee's reply is not part of it). ``fmt`` is the region's resolved format; the
    authority the letter names (``letter.issuer``) was fixed when it was issued."""
    doc = OfficialDocument()
    doc.header(letter.issuer or fmt.issuer, number=letter.number, with_wenjian=False)
    doc.title(letter.title)
    doc.recipients([letter.unit_name])
    doc.paragraph(letter.body)
    doc.paragraph(f"请于{cn_date(letter.reply_due_on)}前将办理情况书面反馈{letter.issuer or fmt.issuer}。")
    doc.signature(letter.issuer or fmt.seal_authority, letter.issued_on)
    doc.imprint(fmt.printer, letter.issued_on, fmt.copy_to)
    return doc.save()


__all__ = ["DOCX", "letter_docx"]
