"""Enums of dynamic management (动态管理), each member with its zh-CN label."""

from __future__ import annotations

from tuijin.kernel.enums import LabeledEnum


class SwapStep(LabeledEnum):
    """The approval chain of a swap, in order (栾川 2018 (八))."""

    unit = ("unit", "责任单位（业主单位）提出")
    leader = ("leader", "县级责任领导（分包领导）同意")
    office_filing = ("office_filing", "县发改委（重点办）备案")
    county_committee = ("county_committee", "县委、县政府同意")
    congress = ("congress", "县人大常委会审议通过")


# the chain, in order; the last step's approval applies the swap
SWAP_CHAIN: list[SwapStep] = list(SwapStep)
# steps the office records on behalf of a body, with the body's document number
BODY_STEPS = {SwapStep.county_committee, SwapStep.congress}


class SwapStatus(LabeledEnum):
    pending = ("pending", "审批中")
    approved = ("approved", "已调整")
    refused = ("refused", "未通过")
    withdrawn = ("withdrawn", "已撤回")


class SwapAction(LabeledEnum):
    """What a line of a swap's history records."""

    submitted = ("submitted", "提出申请")
    approved = ("approved", "同意")
    refused = ("refused", "不同意")
    withdrawn = ("withdrawn", "撤回")


class SwapDecision(LabeledEnum):
    approve = ("approve", "同意")
    refuse = ("refuse", "不同意")


class ComparisonRule(LabeledEnum):
    """What must be comparable between the project moved out and its replacement (投资额相当)."""

    total_investment = ("total_investment", "总投资")
    year_plan_investment = ("year_plan_investment", "年度计划投资")
