"""The meetings service's policies per region and year (the duty rules): the kernel's
:class:`~tuijin.kernel.policies.PolicyStore` over the ``meeting_policies`` table, and its routes."""

from __future__ import annotations

from tuijin.kernel.policies import PolicyStore, policy_router
from tuijin.meetings.duties.models import MeetingPolicy
from tuijin.meetings.duties.values import POLICIES

# each field's Chinese name, the label a settings form shows
FIELD_TITLES: dict[str, str] = {
    "leader_visits_per_project_month": "领导每月到每个项目现场调研督导次数",
    "leader_push_meetings_month": "领导每月主持召开项目推进会次数",
    "leader_visits_per_project_week": "领导每周到每个项目现场次数",
    "unit_visits_per_project_week": "责任单位每周到每个项目现场次数",
    "unit_visits_per_project_month": "责任单位每月到每个项目现场调研次数",
    "counted_kinds": "计入的调研方式",
    "templates": "例会模板（种类、名称、周期、召集人、议程所对应的问题层级）",
}
STORE = PolicyStore(MeetingPolicy, POLICIES, FIELD_TITLES)

router = policy_router(
    STORE,
    prefix="/api/v1/meeting-policies",
    tags=["meetings: policies"],
    catalogue_summary="Policies of the meetings service",
    catalogue_description="Bounded: the catalogue of the meetings service's policies (two). ``duties``: the duty "
    "rules (履职规则) — site visits per leader per project per month and per week, push meetings chaired per "
    "leader per month, visits by the responsible unit per week and per month; ``meeting_series``: the region's "
    "recurring meetings as templates (kind, name, recurrence, who convenes, the ladder's level its agenda takes "
    "up) — each with its JSON schema and shipped default.",
    example_name="duties",
    example_value={"leader_visits_per_project_month": 2, "leader_push_meetings_month": 1},
)
