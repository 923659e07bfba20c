"""Routes of a region's issues policies (the ladder, letters, interview thresholds per region and year): the
kernel's policy router over the issues service's store."""

from __future__ import annotations

from tuijin.issues.policies.service import STORE
from tuijin.kernel.policies import policy_router

router = policy_router(
    STORE,
    prefix="/api/v1/issue-policies",
    tags=["issues: policies"],
    catalogue_summary="Policies of the issues service",
    catalogue_description="Bounded: the catalogue of the issues service's policies (three). Every configurable "
    "policy (``ladder``: level rules and answer timers; ``letters``: letter grades, reply timer and triggers; "
    "``interviews``: interview thresholds) with its JSON schema and shipped default.",
    example_name="ladder",
    example_value={"answer_working_days": 3, "documents_working_days": 1},
)
