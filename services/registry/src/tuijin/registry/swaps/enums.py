"""Enums of dynamic management (动态管理), each member with its zh-CN label."""

from __future__ import annotations

from tuijin.kernel.enums import LabeledEnum


class SwapStep(LabeledEnum):
    """A step of a swap's approval chain. Which steps a region's chain has, in which order, is its ``swap_chain``
    policy (default 栾川 2018 (八): unit, leader, office_filing, county_committee, congress). The unit step is
    decided by the project's responsible (or owner) unit, the leader step by the holder of its leader post, every
    other one by the office: its own filing or decision, and the bodies' decisions on their behalf."""

    unit = ("unit", "责任单位（业主单位）提出")
    leader = ("leader", "县级责任领导（分包领导）同意")
    office_filing = ("office_filing", "县发改委（重点办）备案")
    # the office decides itself (楚雄 (seed 001) 四(一): "州重点项目办对“3个30”重点项目实行动态管理……适时实施重点项目
    # 中期退出和进入调整机制")
    office_decision = ("office_decision", "重点项目办动态管理调整")
    # the leading group decides (惠济 (seed 004) (三): "区重大项目协调推进工作领导小组……负责统筹协调督导项目重大事项")
    leading_group = ("leading_group", "重点项目领导小组研究同意")
    county_committee = ("county_committee", "县委、县政府同意")
    # the government alone approves the list (清水 (seed 003) 4: "编制下年度重点建设项目清单报县政府审定后实施")
    county_government = ("county_government", "县（区）人民政府审定")
    congress = ("congress", "县人大常委会审议通过")


# 栾川's chain (seed 000 (八)), the ``swap_chain`` policy's default and the chain of requests made before the
# chain was stored on each request; the last step's approval applies the swap
SWAP_CHAIN: list[SwapStep] = [SwapStep.unit, SwapStep.leader, SwapStep.office_filing, SwapStep.county_committee,
                              SwapStep.congress]
# steps the office records on behalf of a body, with the body's document number
BODY_STEPS = {SwapStep.leading_group, SwapStep.county_committee, SwapStep.county_government, SwapStep.congress}


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
