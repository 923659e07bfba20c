"""The Word layer of the kernel's document package (GB/T 9704-2012, 党政机关公文格式) and the per-kind document
numbering: a document written with it is read back with python-docx and checked against the standard; the
counter never hands out one number twice, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from docx.oxml.ns import qn
from sqlalchemy import MetaData

from tests.fixtures import official_docx as official
from tuijin.kernel.db import create_engine, make_sessionmaker
from tuijin.kernel.documents import numbering
from tuijin.kernel.documents.word import (
    CHAR_SPACE,
    LINE_PITCH_TWIPS,
    DocumentFormat,
    DocumentKind,
    OfficialDocument,
    cn_date,
    cn_numeral,
    cn_period,
    cn_range,
    cn_when,
    document_number,
)

FMT = DocumentFormat().resolved("栾川县")
DAY = date(2026, 12, 5)


def sample(**kw) -> bytes:
    doc = OfficialDocument()
    doc.header(FMT.issuer, number=FMT.number(DocumentKind.meeting_notice, 2026, 3), **kw)
    doc.title("关于召开全县重点项目推进会的通知")
    doc.recipients(["各乡（镇）人民政府", "县直各有关单位"])
    doc.paragraph("经研究，定于2026年12月8日召开全县重点项目推进会。\n\n现将有关事项通知如下：")
    doc.heading("一、会议时间")
    doc.heading("（一）报到", level=2)
    doc.table(["序号", "单位"], [["1", "栾川县交通运输局"]])
    doc.signature(FMT.seal_authority, DAY)
    doc.imprint(FMT.printer, DAY, FMT.copy_to)
    return doc.save()


# ---------------------------------------------------------------- words and numbers


def test_dates_are_written_in_chinese_without_leading_zeros():
    assert cn_date(date(2026, 1, 5)) == "2026年1月5日"
    assert cn_date(DAY) == "2026年12月5日"


def test_periods_are_written_in_words_never_as_codes():
    assert [cn_period(p) for p in ("2026-11", "2026-Q3", "2026-H1", "2026")] == [
        "2026年11月", "2026年第三季度", "2026年上半年", "2026年"]
    assert cn_range(date(2026, 2, 1), date(2026, 2, 28)) == "2026年2月"
    assert cn_range(date(2026, 2, 3), date(2026, 2, 28)) == "2026年2月3日至2026年2月28日"
    assert cn_when(date(2026, 12, 8), None) == "2026年12月8日（星期二）"


def test_level_numbers_are_chinese_numerals():
    assert [cn_numeral(n) for n in (1, 9, 10, 11, 20, 23)] == ["一", "九", "十", "十一", "二十", "二十三"]


def test_the_document_number_has_the_prefix_the_year_in_hexagonal_brackets_and_no_leading_zero():
    assert document_number("栾重项办", 2026, 3) == "栾重项办〔2026〕3号"


def test_the_region_format_derives_every_blank_from_the_region_name():
    assert FMT.issuer == "栾川县重点项目建设领导小组办公室"
    assert FMT.code == "栾重项办"
    assert [FMT.prefix(k) for k in DocumentKind] == [
        "栾重项办提", "栾重项办推", "栾重项办督", "栾重项办", "栾重项办纪", "栾重项办勤", "栾重项办评",
        "栾重项办督查", "栾重项办督通"]
    assert len({FMT.prefix(k) for k in DocumentKind}) == len(DocumentKind), "each kind its own 字号"
    assert FMT.copy_to == ["栾川县委办公室", "栾川县人民政府办公室"]
    assert (FMT.printer, FMT.seal_authority) == (FMT.issuer, FMT.issuer)


def test_what_the_office_sets_wins_over_the_derived_default():
    own = DocumentFormat(issuer="嵩县人民政府办公室", letter_push_prefix="嵩政督", copy_to=["县委办"]).resolved("嵩县")
    assert (own.issuer, own.code, own.prefix("letter_push"), own.prefix("letter_reminder")) == (
        "嵩县人民政府办公室", "嵩重项办", "嵩政督", "嵩重项办提")
    assert own.copy_to == ["县委办"] and own.seal_authority == "嵩县人民政府办公室"


# ---------------------------------------------------------------- the layout


def test_a_document_is_a4_with_the_standard_margins_grid_fonts_and_page_numbers():
    doc = official.assert_official_format(sample())
    assert doc.sections[0].even_page_footer.paragraphs[0].paragraph_format.left_indent.pt == 14  # one character
    assert (LINE_PITCH_TWIPS, CHAR_SPACE) == (579, -849)  # 225 mm / 22 lines; 156 mm / 28 characters at 16 pt


def test_the_header_is_the_authority_in_red_with_wenjian_over_a_red_rule_with_the_number():
    doc = official.read(sample())
    official.assert_red_header(doc, "栾川县重点项目建设领导小组办公室文件", "栾重项办〔2026〕3号")
    header = official.red_runs(doc)[0]
    assert header.font.size.pt <= 24  # 19 characters fit the 156 mm line
    rule = official.borders(official.paragraph(doc, "栾重项办〔2026〕3号"))
    assert rule["bottom"]["color"] == "FF0000"


def test_the_header_number_line_and_title_keep_off_the_body_grid_and_the_body_keeps_to_it():
    """The 28-character grid is the body's (GB/T 9704 7.1); the 版头 (26 pt here), the 字号 line and the 二号 title
    are larger than a cell, and snapped to the grid a strict renderer spreads each character over two cells and
    breaks the 版头 over two lines. They opt out (w:snapToGrid 0); body paragraphs do not."""
    doc = official.read(sample(with_wenjian=False))

    def off_grid(text: str) -> bool:
        snap = official.paragraph(doc, text)._p.pPr.find(qn("w:snapToGrid"))
        return snap is not None and snap.get(qn("w:val")) == "0"

    assert off_grid("栾川县重点项目建设领导小组办公室")
    assert off_grid("栾重项办〔2026〕3号")
    assert off_grid("关于召开全县重点项目推进会的通知")
    assert not off_grid("经研究，定于2026年12月8日召开全县重点项目推进会。")


def test_a_letter_header_has_no_wenjian():
    doc = official.read(sample(with_wenjian=False))
    official.assert_red_header(doc, "栾川县重点项目建设领导小组办公室", "栾重项办〔2026〕3号")


def test_title_body_and_headings_use_the_standard_faces_and_sizes():
    doc = official.read(sample())
    official.assert_title(doc, "关于召开全县重点项目推进会的通知")
    body = official.paragraph(doc, "经研究，定于2026年12月8日召开全县重点项目推进会。")
    assert official.fonts_of(body) == {("仿宋_GB2312", 16.0)}
    assert official.latin(body.runs[0]) == "Times New Roman"
    assert body.paragraph_format.first_line_indent.pt == 32  # two characters
    assert official.fonts_of(official.paragraph(doc, "一、会议时间")) == {("黑体", 16.0)}
    assert official.fonts_of(official.paragraph(doc, "（一）报到")) == {("楷体_GB2312", 16.0)}
    assert "" not in [p.text for p in official.body_paragraphs(doc)]  # the blank line of the text is dropped
    cell = doc.tables[0].rows[1].cells[1].paragraphs[0].runs[0]
    assert official.east_asia(cell) == "仿宋_GB2312"
    assert doc.tables[0].rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on each page


def test_the_signature_sits_over_the_chinese_date_with_room_for_the_seal():
    official.assert_signed(official.read(sample()), FMT.issuer, "2026年12月5日")


def test_the_imprint_has_copy_to_printer_and_printing_date_between_rules():
    doc = official.read(sample())
    official.assert_imprint(doc, FMT.issuer, "2026年12月5日", FMT.copy_to)
    last = [p for p in doc.paragraphs if p.text.strip()]
    assert int(official.borders(last[-2])["top"]["sz"]) > int(official.borders(last[-2])["bottom"]["sz"])
    assert official.fonts_of(last[-1]) == {("仿宋_GB2312", 14.0)}  # 四号


def test_the_format_check_fails_on_a_default_python_docx_document():
    """The shared check is not vacuous: python-docx's default (US Letter, no grid, no page numbers) fails."""
    import io

    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    with pytest.raises(AssertionError):
        official.assert_official_format(buffer.getvalue())


def test_a_uuid_in_a_document_fails_the_format_check():
    doc = OfficialDocument()
    doc.paragraph("记录人：2b1f0c56-7d3e-4a8e-9c1f-0d2e3f4a5b6c")
    with pytest.raises(AssertionError, match="UUID"):
        official.assert_official_format(doc.save())


# ---------------------------------------------------------------- numbering

METADATA = MetaData()
TABLES = numbering.document_tables(METADATA)


@pytest.fixture
async def sessionmaker(fresh_databases):
    engine = create_engine(await fresh_databases.new("docnumbers"))
    async with engine.begin() as conn:
        await conn.run_sync(METADATA.create_all)
    yield make_sessionmaker(engine)
    await engine.dispose()


async def test_numbers_run_per_region_kind_and_year_and_never_repeat_under_concurrency(sessionmaker):
    async def take(region: str, kind: str, year: int) -> int:
        async with sessionmaker() as session, session.begin():
            return await numbering.next_serial(session, TABLES, region, kind, year)

    serials = await asyncio.gather(*[take("410324", "minutes", 2026) for _ in range(10)])
    assert sorted(serials) == list(range(1, 11))
    assert await take("410324", "meeting_notice", 2026) == 1  # another kind: its own sequence
    assert await take("410324", "minutes", 2027) == 1  # another year starts again
    assert await take("410325", "minutes", 2026) == 1  # another region


async def test_a_subject_keeps_its_number_and_date(sessionmaker):
    async def number(key: str, on: date | None = None) -> numbering.Numbered:
        async with sessionmaker() as session, session.begin():
            return await numbering.number_for(session, TABLES, "410324", "ranking_notice", key, on)

    first = await number("ranking_notice:a", date(2026, 10, 10))
    again = await number("ranking_notice:a", date(2026, 11, 1))
    second = await number("ranking_notice:b", date(2026, 11, 1))
    assert (first.serial, first.on) == (1, date(2026, 10, 10))
    assert again == first
    assert (second.year, second.serial) == (2026, 2)
    both = await asyncio.gather(*[number("ranking_notice:c", date(2026, 12, 1)) for _ in range(4)])
    assert len(set(both)) == 1  # concurrent first downloads read one number
