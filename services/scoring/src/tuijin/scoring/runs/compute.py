"""The arithmetic of a run, over the snapshot: each dimension's score with an explanation a person can check,
the total and the rank (ties share a rank: 1, 2, 2, 4). Pure functions, no I/O."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from tuijin.scoring.schemes.enums import (
    FundingChannel,
    RatioInput,
    ReserveLevel,
    ScoredEvent,
    sanction_label,
    stage_label,
)

CENT = Decimal("0.01")
ZERO = Decimal(0)


def q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def fmt(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _amount(subject: dict[str, Any], name: str) -> Decimal:
    return Decimal(subject["amounts"].get(name, "0"))


def score_ratio(dim: dict[str, Any], subject: dict[str, Any]) -> tuple[Decimal, str]:
    weight = Decimal(dim["weight"])
    num, den = _amount(subject, dim["numerator"]), _amount(subject, dim["denominator"])
    n_label, d_label = RatioInput(dim["numerator"]).label, RatioInput(dim["denominator"]).label
    if den <= 0:
        return ZERO, f"{d_label}为 0，得 0 分"
    raw = weight * num / den
    score = q(min(weight, max(ZERO, raw)))
    capped = f"，封顶 {fmt(weight)}" if raw > weight else ""
    return score, f"{fmt(weight)} × {n_label} {fmt(num)} ÷ {d_label} {fmt(den)} = {fmt(score)}{capped}"


def score_bands(dim: dict[str, Any], subject: dict[str, Any]) -> tuple[Decimal, str]:
    value = _amount(subject, dim["input"])
    label = RatioInput(dim["input"]).label
    for band in sorted(dim["bands"], key=lambda b: Decimal(b["min"]), reverse=True):
        if value >= Decimal(band["min"]):
            points = q(Decimal(band["points"]))
            return points, f"{label} {fmt(value)} ≥ {fmt(Decimal(band['min']))}，得 {fmt(points)} 分"
    return ZERO, f"{label} {fmt(value)} 未达任何档次，得 0 分"


def score_category(dim: dict[str, Any], subject: dict[str, Any]) -> tuple[Decimal, str]:
    stage = subject.get("stage")
    if stage in dim["points"]:
        points = q(Decimal(dim["points"][stage]))
        return points, f"阶段 {stage_label(stage)}，得 {fmt(points)} 分"
    points = q(Decimal(dim.get("default", "0")))
    return points, f"阶段 {stage_label(stage)} 不在分类中，得 {fmt(points)} 分"


def _accountability_part(dim: dict[str, Any], subject: dict[str, Any]) -> tuple[Decimal, str | None]:
    """The points the subject's accountability records take (each at its sanction's points) and the part of the
    explanation listing them: id, sanction and decision date of each record used."""
    records = subject.get("accountability") or []
    if not records:
        return ZERO, None
    default = Decimal(dim["per_event"]["accountability"])
    per_sanction = dim.get("per_sanction") or {}
    total, listed = ZERO, []
    for rec in records:
        each = Decimal(per_sanction.get(rec["sanction"], default))
        total += each
        listed.append(f"{rec['decided_on']} {sanction_label(rec['sanction'])} −{fmt(each)}（{rec['id']}）")
    return total, f"{ScoredEvent.accountability.label} {len(records)} 次共 {fmt(total)} 分：{'；'.join(listed)}"


def score_deductions(dim: dict[str, Any], subject: dict[str, Any]) -> tuple[Decimal, str]:
    weight = Decimal(dim["weight"])
    parts, total = [], ZERO
    for event, each in dim["per_event"].items():
        if event == ScoredEvent.accountability.value:
            points, part = _accountability_part(dim, subject)
            if part:
                total += points
                parts.append(part)
            continue
        count = int(subject["events"].get(event, 0))
        if count:
            total += Decimal(each) * count
            parts.append(f"{ScoredEvent(event).label} {count} 次 × {fmt(Decimal(each))}")
    score = q(max(ZERO, weight - total))
    counted = "、".join(ScoredEvent(e).label for e in dim["per_event"])
    if not parts:
        return score, f"无扣分事项（计入：{counted}），得 {fmt(weight)} 分"
    return score, f"{fmt(weight)} − ({' + '.join(parts)}) = {fmt(score)}（不低于 0；计入：{counted}）"


def score_scaled(dim: dict[str, Any], figure: tuple[Decimal, Decimal, str] | None, what: str) -> tuple[Decimal, str]:
    """A figure out of a maximum (observation score, rolled-up total) scaled to the dimension's weight."""
    weight = Decimal(dim["weight"])
    if figure is None:
        return ZERO, f"无{what}，得 0 分"
    value, out_of, detail = figure
    if out_of <= 0:
        return ZERO, f"{detail}；满分为 0，得 0 分"
    score = q(min(weight, weight * value / out_of))
    return score, f"{detail}；{fmt(q(value))} ÷ {fmt(out_of)} × {fmt(weight)} = {fmt(score)}"


def _capped(weight: Decimal, raw: Decimal) -> tuple[Decimal, str]:
    score = q(min(weight, max(ZERO, raw)))
    return score, (f"，封顶 {fmt(weight)}" if raw > weight else "")


def _label(enum: type, code: str) -> str:
    try:
        return enum(code).label
    except ValueError:
        return code


def score_reserve(dim: dict[str, Any], subject: dict[str, Any]) -> tuple[Decimal, str]:
    """谋划储备: points per reserve entry by its library, and per entry promoted into a list, capped at the weight."""
    weight = Decimal(dim["weight"])
    library = subject.get("reserve") or {"by_level": {}, "promoted": 0}
    whose = "项目单位" if subject.get("stage") is not None else "本单位"
    parts, raw = [], ZERO
    for level, each in dim["per_entry"].items():
        count = int(library["by_level"].get(level, 0))
        if count:
            raw += Decimal(each) * count
            parts.append(f"{_label(ReserveLevel, level)}入库 {count} 个 × {fmt(Decimal(each))}")
    promoted = int(library.get("promoted", 0))
    if promoted and Decimal(dim.get("per_promotion", "0")):
        raw += Decimal(dim["per_promotion"]) * promoted
        parts.append(f"纳入年度清单 {promoted} 个 × {fmt(Decimal(dim['per_promotion']))}")
    if not parts:
        return ZERO, f"{whose}储备库无入库项目（依据：储备库入库与纳入清单），得 0 分"
    score, capped = _capped(weight, raw)
    return score, (f"{whose}储备库：{' + '.join(parts)} = {fmt(q(raw))}{capped}，得 {fmt(score)} 分"
                   "（依据：储备库入库与纳入清单）")


def score_funds(dim: dict[str, Any], subject: dict[str, Any]) -> tuple[Decimal, str]:
    """资金争取: the funds-in-place rate's points plus the band of money won, capped at the weight."""
    weight = Decimal(dim["weight"])
    in_place, plan = _amount(subject, "funds_in_place"), _amount(subject, "annual_plan")
    rate_points = Decimal(dim["in_place_points"])
    if plan > 0:
        first = rate_points * min(Decimal(1), in_place / plan)
        part = (f"到位资金 {fmt(in_place)} ÷ 年度计划投资 {fmt(plan)} × {fmt(rate_points)} = {fmt(q(first))}"
                f"{'（到位率封顶 100%）' if in_place > plan else ''}")
    else:
        first, part = ZERO, f"年度计划投资为 0，到位资金 {fmt(in_place)} 计 0 分"
    secured = subject.get("secured") or {}
    channels = list(dict.fromkeys(dim.get("won_channels") or []))  # a channel named twice counts once
    won = sum((Decimal(secured.get(c, "0")) for c in channels), ZERO)
    names = "、".join(_label(FundingChannel, c) for c in channels) or "无"
    second = ZERO
    band_part = f"争取资金（{names}，已落实）{fmt(won)}"
    for band in sorted(dim.get("won_bands") or [], key=lambda b: Decimal(b["min"]), reverse=True):
        if won >= Decimal(band["min"]) and won > 0:
            second = Decimal(band["points"])
            band_part += f" ≥ {fmt(Decimal(band['min']))}，得 {fmt(second)} 分"
            break
    else:
        band_part += "，未达争取资金档次" if dim.get("won_bands") else "，不另计分"
    score, capped = _capped(weight, first + second)
    return score, (f"{part}；{band_part}；合计 {fmt(score)}{capped}"
                   f"（依据：进度报告到位资金、融资需求清单已落实资金）")


def physical_attainment(percent: str | None, expected: str | None) -> Decimal | None:
    """How far the reported 形象进度 % reaches the % the plan expects (0–1): 1 when nothing is expected yet; the
    reported % itself (÷ 100) when the plan has no start and completion nodes; None when no % is reported."""
    if percent is None:
        return None
    value = Decimal(percent)
    if expected is None:
        return min(Decimal(1), value / 100)
    if Decimal(expected) <= 0:
        return Decimal(1)
    return min(Decimal(1), value / Decimal(expected))


def _nodes_part(points: Decimal, plan: dict[str, Any]) -> tuple[Decimal, str]:
    if not plan["nodes"]:
        return ZERO, "未制定节点计划，节点得 0 分"
    if not plan["due"]:
        return points, f"节点计划 {plan['nodes']} 个，考核期末前无到期节点，节点得 {fmt(points)} 分"
    value = points * plan["on_time"] / plan["due"]
    text = (f"到期节点 {plan['due']} 个，按期完成 {plan['on_time']} 个、逾期完成 {plan['late']} 个、逾期未完成 "
            f"{plan['open']} 个：{fmt(points)} × {plan['on_time']} ÷ {plan['due']} = {fmt(q(value))}")
    if plan.get("late_nodes"):
        text += f"（{'；'.join(plan['late_nodes'][:5])}{'…' if len(plan['late_nodes']) > 5 else ''}）"
    return value, text


def score_schedule(dim: dict[str, Any], subject: dict[str, Any]) -> tuple[Decimal, str]:
    """实施进度: node plan kept on time and physical progress against the plan, never investment."""
    node_points, physical_points = Decimal(dim["nodes_points"]), Decimal(dim["physical_points"])
    weight = Decimal(dim["weight"])
    if "schedule" in subject:  # a project
        plan = subject["schedule"]
        nodes, node_text = _nodes_part(node_points, plan)
        reach = physical_attainment(plan["physical_percent"], plan["expected_percent"])
        if reach is None:
            physical, phys_text = ZERO, "未报形象进度 %，形象进度得 0 分"
        else:
            physical = physical_points * reach
            against = (f"计划应达 {fmt(Decimal(plan['expected_percent']))}%" if plan["expected_percent"] is not None
                       else "无开工、竣工节点，按形象进度本身")
            phys_text = (f"形象进度 {fmt(Decimal(plan['physical_percent']))}%，{against}：{fmt(physical_points)} × "
                         f"{fmt(q(reach * 100))}% = {fmt(q(physical))}")
    else:  # a unit: its projects' nodes together, the mean of their physical attainment
        plans = subject.get("project_schedules") or []
        total = {k: sum(p[k] for p in plans) for k in ("nodes", "due", "on_time", "late", "open")}
        nodes, node_text = _nodes_part(node_points, {**total, "late_nodes": []})
        node_text = f"所属 {len(plans)} 个项目{node_text}"
        reaches = [physical_attainment(p["physical_percent"], p["expected_percent"]) for p in plans]
        reaches = [r if r is not None else ZERO for r in reaches]
        if not reaches:
            physical, phys_text = ZERO, "无项目，形象进度得 0 分"
        else:
            mean = sum(reaches, ZERO) / len(reaches)
            physical = physical_points * mean
            phys_text = (f"{len(reaches)} 个项目形象进度达计划程度平均 {fmt(q(mean * 100))}%（未报计 0）："
                         f"{fmt(physical_points)} × {fmt(q(mean * 100))}% = {fmt(q(physical))}")
    score, capped = _capped(weight, nodes + physical)
    return score, f"{node_text}；{phys_text}；合计 {fmt(score)}{capped}（依据：节点计划、进度报告形象进度）"


class PeriodNote(NamedTuple):
    """The period a run scores, as its explanations name it: 2026年3—4月, 2026-03-01, 2026-04-30."""

    words: str
    start: str
    end: str

    def note(self, kind: str) -> str:
        """What a dimension of ``kind`` adds to its explanation: a ratio's year-to-date amounts are those at the
        period's end (序时进度); a deduction counts the events inside the period."""
        if kind in ("ratio", "funds"):
            return f"（年度累计截至 {self.end}，考核期 {self.words}）"
        if kind in ("reserve", "schedule"):
            return f"（截至 {self.end}，考核期 {self.words}）"
        if kind == "deductions":
            return f"（考核期 {self.words}：{self.start} 至 {self.end}）"
        return ""


SIMPLE = {"ratio": score_ratio, "bands": score_bands, "category": score_category, "deductions": score_deductions,
          "reserve": score_reserve, "funds": score_funds, "schedule": score_schedule}


def score_subject(dimensions: list[dict[str, Any]], subject_id: str, subject: dict[str, Any],
                  figures: dict[str, dict[str, tuple[Decimal, Decimal, str]]],
                  period: PeriodNote | None = None) -> tuple[list[dict[str, Any]], Decimal]:
    """Each dimension's score and explanation, and the total. ``figures`` holds, per dimension code, the
    subject's figures from this service's own data (observation rounds, earlier results); ``period``, when given,
    is named by the explanations of the dimensions that read the period's inputs."""
    rows, total = [], ZERO
    for dim in dimensions:
        kind = dim["kind"]
        if kind in SIMPLE:
            score, why = SIMPLE[kind](dim, subject)
            why += period.note(kind) if period else ""
        else:
            what = "观摩打分" if kind == "sheets" else "可汇总的已发布结果"
            score, why = score_scaled(dim, figures.get(dim["code"], {}).get(subject_id), what)
        score = q(score)
        rows.append({"code": dim["code"], "name": dim["name"], "kind": kind, "weight": dim["weight"],
                     "score": str(score), "explanation": why})
        total += score
    return rows, q(total)


def competition_ranks(totals: list[Decimal]) -> list[int]:
    """Ranks of totals (any order), highest first; equal totals share a rank and the next rank skips: 1, 2, 2, 4."""
    order = sorted(totals, reverse=True)
    first: dict[Decimal, int] = {}
    for i, t in enumerate(order):
        first.setdefault(t, i + 1)
    return [first[t] for t in totals]


def trimmed_mean(scores: list[Decimal], *, trim_each_end: int, min_scorers_to_trim: int) -> tuple[Decimal, int]:
    """The mean after dropping ``trim_each_end`` highest and lowest scores, when at least ``min_scorers_to_trim``
    scored (and something would be left); else the plain mean. Returns the mean and how many were dropped each end."""
    values = sorted(scores)
    dropped = 0
    if trim_each_end > 0 and len(values) >= max(min_scorers_to_trim, 2 * trim_each_end + 1):
        values = values[trim_each_end:-trim_each_end]
        dropped = trim_each_end
    if not values:
        return ZERO, 0
    return sum(values, ZERO) / len(values), dropped
