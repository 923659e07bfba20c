"""Is a replacement comparable (投资额相当) to the project it replaces? The region's ``swap_tolerance`` policy
sets the bands; a refusal names each failed rule with its numbers."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from tuijin.registry.policies import SwapTolerance
from tuijin.registry.swaps import errors
from tuijin.registry.swaps.enums import ComparisonRule
from tuijin.registry.swaps.schemas import Comparison, ComparisonResult

_CENT = Decimal("0.0001")


def _num(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _band(rule: ComparisonRule, out: Decimal, replacement: Decimal, ratio: Decimal) -> ComparisonResult:
    lower, upper = out * (1 - ratio), out * (1 + ratio)
    return ComparisonResult(
        rule=rule,
        out_value=out,
        replacement_value=replacement,
        # shown to the 万元's fourth place, rounded inwards; the decision uses the exact bounds
        lower=lower.quantize(_CENT, rounding=ROUND_CEILING),
        upper=upper.quantize(_CENT, rounding=ROUND_FLOOR),
        passed=lower <= replacement <= upper,
    )


def compare(
    tolerance: SwapTolerance,
    out_total: Decimal,
    replacement_total: Decimal,
    out_plan: Decimal,
    replacement_plan: Decimal,
) -> Comparison:
    """The replacement's total investment within ± ``total_ratio`` of the project moved out (bounds
    included), and its plan for the year within ± ``year_plan_ratio`` when the policy sets one."""
    rules = [_band(ComparisonRule.total_investment, out_total, replacement_total, tolerance.total_ratio)]
    if tolerance.year_plan_ratio is not None:
        rules.append(_band(ComparisonRule.year_plan_investment, out_plan, replacement_plan, tolerance.year_plan_ratio))
    return Comparison(
        passed=all(r.passed for r in rules),
        total_ratio=tolerance.total_ratio,
        year_plan_ratio=tolerance.year_plan_ratio,
        rules=rules,
    )


def not_comparable(comparison: Comparison) -> errors.ReplacementNotComparable:
    fields = {
        ComparisonRule.total_investment: "body.replacement_project_id",
        ComparisonRule.year_plan_investment: "body.replacement_planned_investment",
    }
    failed = []
    for r in comparison.rules:
        if not r.passed:
            failed.append(
                {
                    "field": fields[r.rule],
                    "message": f"{r.rule.label} {_num(r.replacement_value)} is outside "
                    f"[{_num(r.lower)}, {_num(r.upper)}] (moved out: {_num(r.out_value)})",
                    "type": "replacement_not_comparable",
                }
            )
    return errors.ReplacementNotComparable(
        "The replacement's investment is not comparable to the project moved out: "
        + "; ".join(e["message"] for e in failed),
        errors=failed,
    )
