"""Enums of the organisation, each member with its zh-CN label."""

from __future__ import annotations

from tuijin.kernel.enums import LabeledEnum


class RegionLevel(LabeledEnum):
    province = ("province", "省")
    prefecture = ("prefecture", "市（州）")
    county = ("county", "县（市、区）")


class UnitKind(LabeledEnum):
    office = ("office", "牵头办公室（重点项目办）")
    leading_body = ("leading_body", "四大班子 / 领导机关")
    department = ("department", "县直部门")
    township = ("township", "乡镇 / 街道")
    park = ("park", "产业集聚区 / 管委会")
    enterprise = ("enterprise", "企业 / 项目法人")
    other = ("other", "其他")
