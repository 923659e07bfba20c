"""Enums of the financing needs list, each member with its zh-CN label."""

from __future__ import annotations

from tuijin.kernel.enums import LabeledEnum


class FinancingChannel(LabeledEnum):
    """Where the financing is sought (清水, seed 003: 中央预算内资金、政府债券资金、省级财政补助资金、行业专项资金…,
    and the banks the office recommends projects to through 甘肃信易贷)."""

    central_budget = ("central_budget", "中央预算内投资")
    special_bonds = ("special_bonds", "地方政府专项债券")
    provincial_subsidy = ("provincial_subsidy", "省级财政补助资金")
    industry_funds = ("industry_funds", "行业专项资金")
    policy_bank_loan = ("policy_bank_loan", "政策性银行贷款")
    commercial_bank_loan = ("commercial_bank_loan", "商业银行贷款")
    social_capital = ("social_capital", "社会资本")
    other = ("other", "其他")


class FinancingStatus(LabeledEnum):
    """Where a financing need stands."""

    proposed = ("proposed", "待推介")
    recommended = ("recommended", "已推介")
    in_talks = ("in_talks", "对接中")
    secured = ("secured", "已落实")
    dropped = ("dropped", "已放弃")
