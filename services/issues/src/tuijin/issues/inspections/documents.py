"""Word documents of inspections (督查), in the official-document format (GB/T 9704, the kernel's
:mod:`~tuijin.kernel.documents.word`):

- the report of one inspection (督查报告; a periodic inspection's is the 《项目督查专报》), to the county party
  committee and government (a routine inspection's to the government's leader in charge, 清水 seed 003): what was
  inspected and checked, the findings, and the problem list (问题清单) with each rectification deadline;
- the month's supervision notice (督查通报) to every unit: the inspections held, what they found, and what was
  rectified in the month (findings closed on the spot, and findings whose problem was resolved), with the findings
  past their deadline and still open named."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tuijin.issues.inspections.enums import FindingDisposition, FindingState, InspectionKind
from tuijin.issues.inspections.schemas import InspectionFindingOut, InspectionOut
from tuijin.issues.problems.enums import ProblemCategory
from tuijin.kernel.documents.word import DocumentFormat, OfficialDocument, cn_date, cn_month
from tuijin.kernel.numbers import money_text, percent_text

REPORT_TITLES = {
    InspectionKind.routine: "督查报告",
    InspectionKind.periodic: "专报",
    InspectionKind.special: "报告",
}


def report_title(out: InspectionOut) -> str:
    """关于进度滞后项目定期督查情况的专报 (the 《项目督查专报》 of a periodic inspection)."""
    return f"关于{out.theme}情况的{REPORT_TITLES[out.kind]}"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in "。；！？.;" else f"{text}。"


def _opening(out: InspectionOut) -> str:
    """2026年9月28日，由王副县长带队，王副县长、赵敏等2人组成督查组，采取“四不两直”方式，对A、B等3个项目开展了定期督查。"""
    led = f"由{out.lead}带队，" if out.lead else ""
    team = f"{'、'.join(m.name for m in out.team[:5])}等{len(out.team)}人组成督查组，" if out.team else "督查组"
    way = "采取“四不两直”方式，" if out.kind == InspectionKind.special else ""
    names = [p.project_name for p in out.projects]
    visited = names[0] if len(names) == 1 else f"{'、'.join(names[:3])}等{len(names)}个项目"
    return (f"{cn_date(out.inspected_on)}，{led}{team}{way}对{visited}开展了{InspectionKind(out.kind).label}，"
            f"督查主题为“{out.theme}”。现将有关情况报告如下：")


def report_recipients(kind: InspectionKind, region: str) -> list[str]:
    """日常督查 reports to the government's leader in charge; 定期 and 专项 to the party committee and government."""
    if kind == InspectionKind.routine:
        return [f"{region}人民政府分管领导"]
    return [f"{region}委", f"{region}人民政府"]


def _progress(text: str, percent: Decimal | None) -> str:
    parts = [text] if text else []
    if percent is not None:
        parts.append(f"{percent_text(percent)}%")
    return "；".join(parts) or "—"


def _money(value: Decimal | None) -> str:
    return "—" if value is None else money_text(value)


def _checks_table(doc: OfficialDocument, out: InspectionOut) -> None:
    rows = [[p.project_name, _progress(p.reported_progress, p.reported_percent),
             _progress(p.observed_progress, p.observed_percent),
             f"{_money(p.funds_reported)} / {_money(p.funds_disbursed)}", p.note or "—"]
            for p in out.projects if p.checked]
    if rows:
        doc.table(["项目", "形象进度（月报）", "形象进度（核查）", "资金拨付（报送/核实，万元）", "备注"], rows,
                  widths=[3, 3, 3, 2.5, 2])


def _deadline(f: InspectionFindingOut) -> str:
    if f.disposition == FindingDisposition.on_the_spot:
        return "已当场整改"
    return cn_date(f.rectification_due_on) if f.rectification_due_on else "—"


def problem_list_rows(findings: list[InspectionFindingOut]) -> list[list[str]]:
    return [[str(i), f.project_name, f.description, ProblemCategory(f.category).label, f.responsible_unit_name or "—",
             _deadline(f), FindingState(f.state).label] for i, f in enumerate(findings, 1)]


def report_docx(out: InspectionOut, fmt: DocumentFormat, number: str, on: date, region: str) -> bytes:
    """The report of one recorded inspection."""
    doc = OfficialDocument()
    doc.header(fmt.issuer, number=number, with_wenjian=False)
    doc.title(report_title(out))
    doc.recipients(report_recipients(out.kind, region))
    doc.paragraph(_opening(out))
    doc.heading("一、督查基本情况")
    doc.paragraph(out.summary or "督查组深入项目现场，对照项目推进计划和月报，核查实物工程量和资金拨付情况。")
    _checks_table(doc, out)
    spot = [f for f in out.findings if f.disposition == FindingDisposition.on_the_spot]
    listed = [f for f in out.findings if f.disposition == FindingDisposition.problem]
    doc.heading("二、发现的主要问题")
    if out.findings:
        doc.paragraph(f"本次督查共发现问题{len(out.findings)}个，其中当场整改{len(spot)}个，"
                      f"限期整改{len(listed)}个。")
        for i, f in enumerate(out.findings, 1):
            label = "整改情况" if f.disposition == FindingDisposition.on_the_spot else "整改意见"
            measures = f"{label}：{_sentence(f.measures)}" if f.measures else ""
            doc.paragraph(f"{i}. {f.project_name}：{_sentence(f.description)}{measures}")
    else:
        doc.paragraph("本次督查未发现问题。")
    doc.heading("三、问题清单及整改要求")
    if out.findings:
        doc.table(["序号", "项目", "问题", "类别", "责任单位", "整改期限", "整改情况"], problem_list_rows(out.findings),
                  widths=[1, 3, 5, 2, 3, 2.5, 2])
        if listed:
            doc.paragraph("限期整改的问题已纳入重点项目问题台账，由责任单位在整改期限内整改到位并书面反馈；"
                          "督查室跟踪督办，逾期未整改的按程序提级督办。")
    else:
        doc.paragraph("无。")
    doc.signature(fmt.seal_authority, on)
    doc.imprint(fmt.printer, on, fmt.copy_to)
    return doc.save()


def notice_title(year: int, month: int) -> str:
    return f"关于{cn_month(year, month)}重点项目督查情况的通报"


def notice_docx(
    inspections: list[InspectionOut], rectified: list[tuple[InspectionFindingOut, date]],
    overdue: list[InspectionFindingOut], year: int, month: int, fmt: DocumentFormat, number: str, on: date,
) -> bytes:
    """The month's 督查通报: the inspections held in the month and their findings, what was rectified in the month
    (closed on the spot, or its problem resolved that month, ``rectified`` with the day), and the findings of any
    month past their deadline and still open (``overdue``)."""
    doc = OfficialDocument()
    doc.header(fmt.issuer, number=number)
    doc.title(notice_title(year, month))
    doc.recipients(fmt.main_recipients)
    found = [f for i in inspections for f in i.findings]
    spot = [f for f in found if f.disposition == FindingDisposition.on_the_spot]
    doc.paragraph(f"{cn_month(year, month)}，共开展重点项目督查{len(inspections)}次，督查项目"
                  f"{sum(len(i.projects) for i in inspections)}个（次），发现问题{len(found)}个，其中当场整改"
                  f"{len(spot)}个；本月完成整改{len(rectified)}个，逾期未整改{len(overdue)}个。现将有关情况通报如下：")
    doc.heading("一、督查开展情况")
    if inspections:
        doc.table(["督查日期", "督查类型", "督查主题", "带队领导", "督查项目数", "发现问题数"], [
            [cn_date(i.inspected_on), InspectionKind(i.kind).label, i.theme, i.lead or "—", str(len(i.projects)),
             str(len(i.findings))] for i in inspections], widths=[2.5, 2, 5, 2, 1.5, 1.5])
    else:
        doc.paragraph("本月未开展督查。")
    doc.heading("二、发现的问题")
    if found:
        doc.table(["序号", "项目", "问题", "责任单位", "整改期限", "整改情况"], [
            [str(n), f.project_name, f.description, f.responsible_unit_name or "—", _deadline(f),
             FindingState(f.state).label] for n, f in enumerate(found, 1)], widths=[1, 3, 5, 3, 2.5, 2])
    else:
        doc.paragraph("本月督查未发现问题。")
    doc.heading("三、整改完成情况")
    if rectified:
        doc.table(["序号", "项目", "问题", "责任单位", "完成整改日期"], [
            [str(n), f.project_name, f.description, f.responsible_unit_name or "—", cn_date(day)]
            for n, (f, day) in enumerate(rectified, 1)], widths=[1, 3, 6, 3, 2.5])
    else:
        doc.paragraph("本月无完成整改的问题。")
    doc.heading("四、逾期未整改情况")
    if overdue:
        doc.table(["序号", "项目", "问题", "责任单位", "整改期限"], [
            [str(n), f.project_name, f.description, f.responsible_unit_name or "—", _deadline(f)]
            for n, f in enumerate(overdue, 1)], widths=[1, 3, 6, 3, 2.5])
        doc.paragraph("请逾期未整改的责任单位认真反思，立即整改到位，并将整改情况书面报送督查室。")
    else:
        doc.paragraph("无。")
    doc.signature(fmt.seal_authority, on)
    doc.imprint(fmt.printer, on, fmt.copy_to)
    return doc.save()
