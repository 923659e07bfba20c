"""Word documents in the official-document format of GB/T 9704-2012 (党政机关公文格式), defined once for every
service: A4 paper, margins 37/35/28/26 mm (top/bottom/left/right), a grid of 22 lines × 28 characters; the red
header (版头: the issuing authority's full name, with 文件 for a 文件-format document, in red 小标宋) over a red
rule; the document number (发文字号); the title in 方正小标宋简体 二号; the body in 仿宋_GB2312 三号 with first-level
headings in 黑体 and second-level ones in 楷体_GB2312; the 主送 line; the issuer's signature and the date in Chinese
with room for the seal; the 版记 (抄送, 印发机关 and 印发日期 between rules) and page numbers "— 1 —" in 宋体 四号 at
the outside edge (odd pages right, even pages left).

What a region's office may change (the issuing authority's name, the 字号 prefix of each kind of document, the
default 主送 and 抄送 lists, the 印发机关 and the seal's authority) is a :class:`DocumentFormat`, kept as the
registry's ``documents`` policy (docs/documents.md)."""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from datetime import date, time
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Mm, Pt, RGBColor
from pydantic import BaseModel, ConfigDict, Field

from tuijin.kernel.enums import LabeledEnum
from tuijin.kernel.validation import xml_safe

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# ---------------------------------------------------------------- the format's constants (GB/T 9704-2012)

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28

TITLE_FONT = "方正小标宋简体"  # 小标宋
BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"  # digits and Latin letters
# the standard's faces and what a machine without them shows instead (font table w:altName; docs/documents.md)
FONT_FALLBACKS: dict[str, tuple[str, ...]] = {
    BODY_FONT: ("仿宋", "FangSong"),
    "仿宋": ("FangSong",),
    HEADING2_FONT: ("楷体", "KaiTi"),
    "楷体": ("KaiTi",),
    TITLE_FONT: ("华文中宋", "宋体", "SimSun"),
    HEADING1_FONT: ("SimHei",),
    PAGE_NUMBER_FONT: ("SimSun",),
}

TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
PAGE_NUMBER_SIZE = Pt(14)  # 四号
IMPRINT_SIZE = Pt(14)  # 版记: 四号
TABLE_SIZE = Pt(12)  # 小四, so that a ranking's columns fit the type area
RED = RGBColor(0xFF, 0x00, 0x00)
RED_HEX = "FF0000"

TYPE_WIDTH_TWIPS = round((210 - 28 - 26) / 25.4 * 1440)  # 156 mm
TYPE_HEIGHT_TWIPS = round((297 - 37 - 35) / 25.4 * 1440)  # 225 mm
LINE_PITCH_TWIPS = TYPE_HEIGHT_TWIPS // LINES_PER_PAGE  # 579: 22 lines
# w:charSpace: the extra pitch per character over the body size, in 1/4096 pt: 28 characters a line
CHAR_SPACE = math.floor((TYPE_WIDTH_TWIPS / CHARS_PER_LINE - BODY_SIZE.pt * 20) / 20 * 4096)


def cn_date(day: date) -> str:
    """A date as official documents write it: 2026年12月5日 (Arabic digits, no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_when(day: date, at: time | None = None) -> str:
    """A meeting's day and hour as a notice writes them: 2026年12月8日（星期二）上午9:00."""
    text = f"{cn_date(day)}（星期{'一二三四五六日'[day.weekday()]}）"
    if at is not None:
        half = "上午" if at.hour < 12 else "下午"
        hour = at.hour if at.hour <= 12 else at.hour - 12
        text += f"{half}{hour}:{at.minute:02d}"
    return text


def cn_range(start: date, end: date) -> str:
    """A period in words: a whole calendar month as 2026年11月, else 2026年11月3日至2026年11月28日."""
    following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    if start.day == 1 and (following - end).days == 1:
        return cn_month(start.year, start.month)
    return f"{cn_date(start)}至{cn_date(end)}"


def cn_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (1–99), as level headings number themselves (一、 and （一）)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def cn_month(year: int, month: int) -> str:
    """2026年11月."""
    return f"{year}年{month}月"


def cn_period(period: str) -> str:
    """A period code in words: 2026-11 → 2026年11月, 2026-B2 (双月) → 2026年3—4月, 2026-Q3 → 2026年第三季度,
    2026-H1 → 2026年上半年, 2026 → 2026年; anything else as it is."""
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", period):
        return cn_month(int(m[1]), int(m[2]))
    if m := re.fullmatch(r"(\d{4})-?B([1-6])", period):
        return f"{m[1]}年{2 * int(m[2]) - 1}—{2 * int(m[2])}月"
    if m := re.fullmatch(r"(\d{4})-?Q([1-4])", period):
        return f"{m[1]}年第{'一二三四'[int(m[2]) - 1]}季度"
    if m := re.fullmatch(r"(\d{4})-?H([12])", period):
        return f"{m[1]}年{'上下'[int(m[2]) - 1]}半年"
    if re.fullmatch(r"\d{4}", period):
        return f"{period}年"
    return period


def document_number(prefix: str, year: int, serial: int) -> str:
    """发文字号: 机关代字 + 〔年份〕 + 序号 (no leading zeros, no 第): 栾重项办〔2026〕3号."""
    return f"{prefix}〔{year}〕{serial}号"


# ---------------------------------------------------------------- kinds and the region's settings


class DocumentKind(LabeledEnum):
    """The kinds of official document the platform issues, each numbered in its own yearly sequence."""

    letter_reminder = ("letter_reminder", "工作提醒函")
    letter_push = ("letter_push", "工作推进函")
    letter_supervision = ("letter_supervision", "工作督办函")
    meeting_notice = ("meeting_notice", "会议通知")
    minutes = ("minutes", "会议纪要")
    attendance_bulletin = ("attendance_bulletin", "会议出勤情况通报")
    ranking_notice = ("ranking_notice", "综合排名情况通报")
    inspection_report = ("inspection_report", "项目督查专报")
    inspection_notice = ("inspection_notice", "督查通报")


# the 字号 prefix of each kind after the region's 机关代字 (e.g. 栾重项办 + 督 → 栾重项办督〔2026〕1号)
PREFIX_SUFFIXES: dict[DocumentKind, str] = {
    DocumentKind.letter_reminder: "提",
    DocumentKind.letter_push: "推",
    DocumentKind.letter_supervision: "督",
    DocumentKind.meeting_notice: "",
    DocumentKind.minutes: "纪",
    DocumentKind.attendance_bulletin: "勤",
    DocumentKind.ranking_notice: "评",
    DocumentKind.inspection_report: "督查",
    DocumentKind.inspection_notice: "督通",
}


def region_short(region_name: str) -> str:
    """The one-character short name of a county, city or district (栾川县 → 栾), the usual 机关代字's head."""
    return region_name[:1] or "县"


class DocumentFormat(BaseModel):
    """Official documents (公文格式, GB/T 9704): the issuing authority's full name printed red in the header
    (版头), the short code heading every 字号 (机关代字), the 字号 prefix of each kind of document, the default
    主送 and 抄送 lists, the 印发机关 of the 版记 and the authority whose seal signs. A blank value takes the
    default derived from the region's name (栾川县 → 栾川县重点项目建设领导小组办公室, 栾重项办, 栾重项办督 …)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "issuer": "栾川县重点项目建设领导小组办公室", "code": "栾重项办", "letter_supervision_prefix": "栾重项办督",
        "main_recipients": ["各乡（镇）人民政府", "县直各有关单位"], "copy_to": ["县委办公室", "县政府办公室"],
    }]})

    issuer: str = Field("", max_length=40, description="发文机关全称, printed red in the header; blank: "
                        "{region}重点项目建设领导小组办公室")
    code: str = Field("", max_length=12, description="机关代字 heading every 字号; blank: {first character}重项办")
    letter_reminder_prefix: str = Field("", max_length=16, description="字号 of a 工作提醒函; blank: {code}提")
    letter_push_prefix: str = Field("", max_length=16, description="字号 of a 工作推进函; blank: {code}推")
    letter_supervision_prefix: str = Field("", max_length=16, description="字号 of a 工作督办函; blank: {code}督")
    meeting_notice_prefix: str = Field("", max_length=16, description="字号 of a meeting notice; blank: {code}")
    minutes_prefix: str = Field("", max_length=16, description="字号 of minutes (纪要); blank: {code}纪")
    attendance_bulletin_prefix: str = Field("", max_length=16,
                                            description="字号 of an attendance bulletin; blank: {code}勤")
    ranking_notice_prefix: str = Field("", max_length=16, description="字号 of a ranking notice; blank: {code}评")
    inspection_report_prefix: str = Field("", max_length=16,
                                          description="字号 of a 项目督查专报; blank: {code}督查")
    inspection_notice_prefix: str = Field("", max_length=16,
                                          description="字号 of a monthly 督查通报; blank: {code}督通")
    main_recipients: list[str] = Field(
        default_factory=list, max_length=30,
        description="主送 of documents to every unit (ranking and attendance bulletins); empty: 各乡（镇）人民政府, "
        "县直各有关单位",
    )
    copy_to: list[str] = Field(default_factory=list, max_length=30,
                               description="抄送 in the 版记; empty: {region}委办公室, {region}人民政府办公室")
    printer: str = Field("", max_length=40, description="印发机关 in the 版记; blank: the issuer")
    seal_authority: str = Field("", max_length=40, description="the authority that signs and seals; blank: the "
                                "issuer")

    def resolved(self, region_name: str) -> DocumentFormat:
        """Every blank filled with its default derived from ``region_name``."""
        issuer = self.issuer or f"{region_name}重点项目建设领导小组办公室"
        code = self.code or f"{region_short(region_name)}重项办"
        values = self.model_dump()
        values.update(issuer=issuer, code=code, printer=self.printer or issuer,
                      seal_authority=self.seal_authority or issuer,
                      main_recipients=self.main_recipients or ["各乡（镇）人民政府", "县直各有关单位"],
                      copy_to=self.copy_to or [f"{region_name}委办公室", f"{region_name}人民政府办公室"])
        for kind, suffix in PREFIX_SUFFIXES.items():
            values[f"{kind.value}_prefix"] = getattr(self, f"{kind.value}_prefix") or f"{code}{suffix}"
        return DocumentFormat.model_validate(values)

    def prefix(self, kind: DocumentKind | str) -> str:
        """The 字号 prefix of ``kind`` (of a resolved format)."""
        return getattr(self, f"{DocumentKind(kind).value}_prefix")

    def number(self, kind: DocumentKind | str, year: int, serial: int) -> str:
        return document_number(self.prefix(kind), year, serial)


# the Chinese name of each field, the label a settings form shows
FORMAT_FIELD_TITLES: dict[str, str] = {
    "issuer": "发文机关全称",
    "code": "机关代字",
    "letter_reminder_prefix": "提醒函发文字号",
    "letter_push_prefix": "推进函发文字号",
    "letter_supervision_prefix": "督办函发文字号",
    "meeting_notice_prefix": "会议通知发文字号",
    "minutes_prefix": "会议纪要发文字号",
    "attendance_bulletin_prefix": "出勤通报发文字号",
    "ranking_notice_prefix": "排名通报发文字号",
    "inspection_report_prefix": "督查专报发文字号",
    "inspection_notice_prefix": "督查通报发文字号",
    "main_recipients": "主送机关",
    "copy_to": "抄送机关",
    "printer": "印发机关",
    "seal_authority": "署名和用印机关",
}


# ---------------------------------------------------------------- low-level helpers


def set_fonts(run_or_style: Any, east_asian: str, size: Any | None = None, *, latin: str = LATIN_FONT) -> None:
    """The run's (or style's) faces: ``east_asian`` for Chinese (w:eastAsia), ``latin`` for digits and letters."""
    font = run_or_style.font
    font.name = latin
    if size is not None:
        font.size = size
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.attrib[qn(attr)] = latin
    fonts.attrib[qn("w:eastAsia")] = east_asian
    # a theme font would override the named face in Word
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def _border(paragraph: Any, edge: str, *, colour: str = "000000", size: int = 8, space: int = 1) -> None:
    """A rule as the paragraph's border on ``edge`` (top/bottom); ``size`` in eighths of a point."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        # w:pBdr comes before w:shd, w:tabs, w:spacing, w:ind, w:jc … in CT_PPr
        anchor = next((ppr.find(qn(t)) for t in ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind",
                                                  "w:jc") if ppr.find(qn(t)) is not None), None)
        if anchor is not None:
            anchor.addprevious(borders)
        else:
            ppr.append(borders)
    element = OxmlElement(f"w:{edge}")
    for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", str(space)), ("w:color", colour)):
        element.attrib[qn(key)] = value
    order = ["top", "left", "bottom", "right", "between", "bar"]
    after = [borders.find(qn(f"w:{e}")) for e in order[order.index(edge) + 1:]]
    following = next((e for e in after if e is not None), None)
    if following is not None:
        following.addprevious(element)
    else:
        borders.append(element)


def _field(paragraph: Any, instruction: str, font: str, size: Any) -> None:
    """A field (e.g. ``PAGE``) as begin / instruction / separate / result / end runs."""
    def run(child: Any) -> None:
        r = paragraph.add_run()
        set_fonts(r, font, size, latin=font)
        r._r.append(child)

    begin = OxmlElement("w:fldChar")
    begin.attrib[qn("w:fldCharType")] = "begin"
    run(begin)
    instr = OxmlElement("w:instrText")
    instr.attrib[qn("xml:space")] = "preserve"
    instr.text = f" {instruction} "
    run(instr)
    separate = OxmlElement("w:fldChar")
    separate.attrib[qn("w:fldCharType")] = "separate"
    run(separate)
    result = paragraph.add_run("1")
    set_fonts(result, font, size, latin=font)
    end = OxmlElement("w:fldChar")
    end.attrib[qn("w:fldCharType")] = "end"
    run(end)


def _declare_fonts(doc: Any) -> None:
    """Font table entries for the standard's faces, each naming its fallback (w:altName) and the GB2312
    character set, so that a machine without the face substitutes the named one."""
    part = next(p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    root = parse_xml(part.blob)
    known = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for name, fallbacks in FONT_FALLBACKS.items():
        if name in known:
            continue
        font = parse_xml(f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{fallbacks[0]}"/>'
                         '<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>')
        root.append(font)
    from lxml import etree  # python-docx's own XML library

    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_setup(doc: Any) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance, section.footer_distance = Mm(15), Mm(21)  # the page number 7 mm below the type area
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    grid.attrib[qn("w:type")] = "linesAndChars"
    grid.attrib[qn("w:linePitch")] = str(LINE_PITCH_TWIPS)
    grid.attrib[qn("w:charSpace")] = str(CHAR_SPACE)


def _styles(doc: Any) -> None:
    normal = doc.styles["Normal"]
    set_fonts(normal, BODY_FONT, BODY_SIZE)
    pf = normal.paragraph_format
    pf.space_before = pf.space_after = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Emu(LINE_PITCH_TWIPS * 635)  # one grid line (twips → EMU)
    pf.widow_control = False
    # the document defaults too, so that table cells and footers use the standard faces
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
        if fonts is not None:
            for attr in list(fonts.attrib):
                del fonts.attrib[attr]
            for attr in ("w:ascii", "w:hAnsi", "w:cs"):
                fonts.attrib[qn(attr)] = LATIN_FONT
            fonts.attrib[qn("w:eastAsia")] = BODY_FONT


def _page_numbers(doc: Any) -> None:
    """"— 1 —" in 宋体 四号: odd pages at the right edge, even pages at the left, a character in from the edge."""
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer,
                                                                         WD_ALIGN_PARAGRAPH.LEFT)):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.alignment = align
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            p.paragraph_format.right_indent = PAGE_NUMBER_SIZE
        else:
            p.paragraph_format.left_indent = PAGE_NUMBER_SIZE
        for text in ("— ",):
            set_fonts(p.add_run(text), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE, latin=PAGE_NUMBER_FONT)
        _field(p, "PAGE", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
        set_fonts(p.add_run(" —"), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE, latin=PAGE_NUMBER_FONT)


# ---------------------------------------------------------------- the document


def _off_grid(paragraph: Any) -> None:
    """Lay the paragraph out by its own font, not the body's 28-character grid: the 版头, the 字号 line and the
    title are larger than a grid cell, and snapped to it they would spread over two cells a character (and the
    版头 wrap) in a renderer that follows the grid strictly."""
    pPr = paragraph._p.get_or_add_pPr()
    snap = OxmlElement("w:snapToGrid", attrs={qn("w:val"): "0"})
    pPr.insert_element_before(snap, "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                              "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
                              "w:sectPr", "w:pPrChange")


class OfficialDocument:
    """One official document, written top to bottom: :meth:`header`, :meth:`title`, :meth:`recipients`,
    :meth:`paragraph` / :meth:`heading` / :meth:`table`, :meth:`signature`, :meth:`imprint`, then
    :meth:`save`."""

    def __init__(self) -> None:
        self.doc = Document()
        _page_setup(self.doc)
        _styles(self.doc)
        _page_numbers(self.doc)
        _declare_fonts(self.doc)
        core = self.doc.core_properties
        core.author = core.last_modified_by = ""
        core.comments = ""

    # ------------------------------------------------------------ blocks

    def _paragraph(self, text: str = "", *, font: str = BODY_FONT, size: Any = BODY_SIZE,
                   align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = False, colour: RGBColor | None = None,
                   bold: bool = False) -> Any:
        p = self.doc.add_paragraph()
        p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Pt(size.pt * 2)
        if text:
            run = p.add_run(xml_safe(text))
            set_fonts(run, font, size)
            run.bold = bold
            if colour is not None:
                run.font.color.rgb = colour
        return p

    def blank(self, lines: int = 1) -> None:
        for _ in range(lines):
            self._paragraph()

    def header(self, authority: str, *, number: str = "", with_wenjian: bool = True, signer: str = "") -> None:
        """版头: the authority's full name (with 文件 for a 文件-format document) in red 小标宋, centred and
        sized to fit one line; two blank lines; the 字号 centred (with the signer 签发人 at the right for an
        upward document); the red rule."""
        text = f"{authority}文件" if with_wenjian else authority
        self.blank(1)
        width_pt = TYPE_WIDTH_TWIPS / 20
        size = Pt(max(min(36, math.floor(width_pt / max(len(text), 1) * 0.95)), 16))
        p = self._paragraph(text, font=TITLE_FONT, size=size, align=WD_ALIGN_PARAGRAPH.CENTER, colour=RED)
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        _off_grid(p)
        self.blank(2 if number else 1)
        rule = self._paragraph(number, align=WD_ALIGN_PARAGRAPH.CENTER)
        _off_grid(rule)
        _border(rule, "bottom", colour=RED_HEX, size=12, space=14)
        self.blank(1)

    def title(self, text: str) -> None:
        """The title (标题): 方正小标宋简体 二号, centred, a blank line below."""
        _off_grid(self._paragraph(text, font=TITLE_FONT, size=TITLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER))
        self.blank(1)

    def recipients(self, names: Sequence[str]) -> None:
        """主送机关: flush left, names separated by 、, a full-width colon at the end."""
        if names:
            self._paragraph("、".join(n for n in names if n) + "：")

    def paragraph(self, text: str) -> None:
        """A body paragraph per line of ``text`` (仿宋_GB2312 三号, first line indented two characters); blank
        lines dropped; characters XML cannot carry (control characters stored before they were refused) left
        out."""
        for line in (seg.strip() for seg in xml_safe(text).replace("\r", "\n").split("\n")):
            if line:
                self._paragraph(line, indent=True)

    def heading(self, text: str, level: int = 1) -> None:
        """A level heading: 一、 in 黑体 (level 1), （一） in 楷体_GB2312 (level 2), indented two characters."""
        self._paragraph(text, font=HEADING1_FONT if level == 1 else HEADING2_FONT, indent=True)

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str]], *,
              widths: Sequence[float] | None = None) -> None:
        """A bordered table, centred, its header row bold and repeated on each page, text in 仿宋_GB2312 小四."""
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        header = table.rows[0]
        trpr = header._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.attrib[qn("w:val")] = "true"
        trpr.append(repeat)
        for cell, text in zip(header.cells, headers, strict=True):
            self._cell(cell, text, bold=True, centre=True)
        for row in rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                self._cell(cell, text)
        if widths:
            total = sum(widths)
            for row in table.rows:
                for cell, w in zip(row.cells, widths, strict=True):
                    cell.width = Emu(int(TYPE_WIDTH_TWIPS * 635 * w / total))

    @staticmethod
    def _cell(cell: Any, text: str, *, bold: bool = False, centre: bool = False) -> None:
        p = cell.paragraphs[0]
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        p.paragraph_format.first_line_indent = Pt(0)
        if centre:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(xml_safe(text or ""))
        set_fonts(run, BODY_FONT, TABLE_SIZE)
        run.bold = bold

    def signature(self, authority: str, day: date) -> None:
        """The signature (发文机关署名) centred over the date, the date (成文日期) in Chinese four characters in from
        the right; three blank lines above for the seal to press on both."""
        self.blank(3)
        when = cn_date(day)
        date_chars = sum(0.5 if c.isascii() else 1 for c in when)
        date_indent = 4
        name_indent = max(0.0, date_indent + (date_chars - len(authority)) / 2)
        p = self._paragraph(authority, align=WD_ALIGN_PARAGRAPH.RIGHT)
        p.paragraph_format.right_indent = Pt(BODY_SIZE.pt * name_indent)
        p = self._paragraph(when, align=WD_ALIGN_PARAGRAPH.RIGHT)
        p.paragraph_format.right_indent = Pt(BODY_SIZE.pt * date_indent)

    def attachment_note(self, text: str) -> None:
        """附注 (e.g. 联系人及电话), in brackets, indented two characters, below the date."""
        self._paragraph(f"（{text}）", indent=True)

    def imprint(self, printer: str, day: date, copy_to: Sequence[str] = (), *, copy_label: str = "抄送") -> None:
        """版记: 抄送 (or 分送 for minutes; 四号, indented one character) and 印发机关 / 印发日期 on one line,
        between rules (the first and the last thick, the one between thin)."""
        self.blank(2)
        names = [n for n in copy_to if n]
        if names:
            p = self._paragraph(f"{copy_label}：{'，'.join(names)}。", size=IMPRINT_SIZE, align=WD_ALIGN_PARAGRAPH.LEFT)
            p.paragraph_format.left_indent = p.paragraph_format.right_indent = IMPRINT_SIZE
            _border(p, "top", size=8, space=4)
            _border(p, "bottom", size=4, space=4)
        p = self._paragraph(align=WD_ALIGN_PARAGRAPH.LEFT)
        p.paragraph_format.left_indent = p.paragraph_format.right_indent = IMPRINT_SIZE
        # a right tab at the paragraph's right edge (tab positions count from the left margin)
        p.paragraph_format.tab_stops.add_tab_stop(Emu(TYPE_WIDTH_TWIPS * 635 - IMPRINT_SIZE), WD_TAB_ALIGNMENT.RIGHT)
        set_fonts(p.add_run(xml_safe(f"{printer}\t{cn_date(day)}印发")), BODY_FONT, IMPRINT_SIZE)
        if not names:
            _border(p, "top", size=8, space=4)
        _border(p, "bottom", size=8, space=4)

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def official_document() -> OfficialDocument:
    return OfficialDocument()


async def fetch_format(upstreams: Any, region_code: str, year: int) -> DocumentFormat:
    """The region's document format in effect for ``year``, as the registry resolves it (its ``documents``
    policy, blanks derived from the region's name): ``GET /api/v1/regions/{code}/document-format``. A refusal
    is the kernel's 502 ``upstream_failed`` naming the registry; an outage stays 503/504."""
    from tuijin.kernel.errors import ProblemError
    from tuijin.kernel.upstream import raise_refusal

    try:
        body = await upstreams.get_json("registry", f"/api/v1/regions/{region_code}/document-format",
                                        params={"year": year})
    except ProblemError as exc:
        raise_refusal(exc, "registry")
    return DocumentFormat.model_validate(body)


__all__ = [
    "CHAR_SPACE",
    "DOCX",
    "FONT_FALLBACKS",
    "FORMAT_FIELD_TITLES",
    "LINE_PITCH_TWIPS",
    "DocumentFormat",
    "DocumentKind",
    "OfficialDocument",
    "cn_date",
    "cn_month",
    "cn_numeral",
    "cn_period",
    "cn_range",
    "cn_when",
    "document_number",
    "fetch_format",
    "official_document",
]
