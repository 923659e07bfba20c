"""The arithmetic of a run, over the snapshot: each dimension's score with an explanation a person can check,
the total and the rank (ties share a rank: 1, 2, 2, 4). Pure functions, no I/O."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from tuijin.scoring.schemes.enums import RatioInput, ScoredEvent, sanction_label, stage_label

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


class PeriodNote(NamedTuple):
    """The period a run scores, as its explanations name it: 2026年3—4月, 2026-03-01, 2026-04-30."""

    words: str
    start: str
    end: str

    def note(self, kind: str) -> str:
        """What a dimension of ``kind`` adds to its explanation: a ratio's year-to-date amounts are those at the
        period's end (序时进度); a deduction counts the events inside the period."""
        if kind == "ratio":
            return f"（年度累计截至 {self.end}，考核期 {self.words}）"
        if kind == "deductions":
            return f"（考核期 {self.words}：{self.start} 至 {self.end}）"
        return ""


SIMPLE = {"ratio": score_ratio, "bands": score_bands, "category": score_category, "deductions": score_deductions}


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
