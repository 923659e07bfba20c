"""Enums of the yearly list cycle, each member with its zh-CN label."""

from __future__ import annotations

from tuijin.kernel.enums import LabeledEnum


class CycleStep(LabeledEnum):
    """A step of the cycle that builds next year's list (清水, seed 003), in the order the seed gives them."""

    guide_list = ("guide_list", "编制印发项目谋划储备指导目录")
    reserve_libraries = ("reserve_libraries", "部门、乡镇储备库汇总")
    joint_review = ("joint_review", "储备项目联审")
    county_approval = ("county_approval", "县政府审定")
    next_year_list = ("next_year_list", "编制下年度重点项目清单")
    land_demand_list = ("land_demand_list", "报送下年度用地需求清单")


class StepStatus(LabeledEnum):
    pending = ("pending", "待完成")
    done = ("done", "已完成")


# step → the steps that must be done before it (清水, seed 003): the guide list leads the reserve libraries,
# which the office reviews jointly with finance, natural resources, housing and environment; the county
# government approves the reviewed reserve; next year's list is compiled from it. The land demand list is sent
# by the units to natural resources from the same reserve (and approved by the county government on its own
# later), so it needs the reserve libraries only.
PREREQUISITES: dict[CycleStep, tuple[CycleStep, ...]] = {
    CycleStep.guide_list: (),
    CycleStep.reserve_libraries: (CycleStep.guide_list,),
    CycleStep.joint_review: (CycleStep.reserve_libraries,),
    CycleStep.county_approval: (CycleStep.joint_review,),
    CycleStep.next_year_list: (CycleStep.county_approval,),
    CycleStep.land_demand_list: (CycleStep.reserve_libraries,),
}
