"""Enums of procedures (手续), each member with its zh-CN label."""

from __future__ import annotations

from tuijin.kernel.enums import LabeledEnum


class ProcedureStatus(LabeledEnum):
    """Where a required procedure stands."""

    not_started = ("not_started", "未启动")
    in_progress = ("in_progress", "办理中")
    done = ("done", "已办结")
    not_needed = ("not_needed", "不需办理")


# statuses that still need work: they make a procedure open, and overdue once its deadline passes
OPEN_STATUSES = (ProcedureStatus.not_started, ProcedureStatus.in_progress)
CLOSED_STATUSES = (ProcedureStatus.done, ProcedureStatus.not_needed)


class ProcedureSource(LabeledEnum):
    """Where a procedure record comes from (the provincial platform link comes later)."""

    manual = ("manual", "手工录入")
    provincial_platform = ("provincial_platform", "投资项目在线审批监管平台")


class EnergyReviewLevel(LabeledEnum):
    """Who reviews a project's energy use (节能审查), by its annual energy use in tonnes of standard coal."""

    province = ("province", "省级节能审查")
    city = ("city", "市级节能审查")
    county = ("county", "县级登记备案")


class ApprovalLevel(LabeledEnum):
    """Who approves a kind of procedure (审批层级). 栾川 (seed 000) wants the procedures handled within the county
    (县内手续) done by the end of May, before the rest."""

    county = ("county", "县级")
    city = ("city", "市级")
    province = ("province", "省级")
    national = ("national", "国家级")
