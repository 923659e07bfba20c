"""The issues service's policies per region and year (the ladder, letters, interviews): the kernel's
:class:`~tuijin.kernel.policies.PolicyStore` over the ``issue_policies`` table."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.issues.policies.models import IssuePolicy
from tuijin.issues.policies.values import POLICIES
from tuijin.kernel.auth import Principal
from tuijin.kernel.policies import PolicyInfo, PolicyOut, PolicyStore

# each field's Chinese name, the label a settings form shows
FIELD_TITLES: dict[str, str] = {
    "levels": "协调层级",
    "answer_working_days": "答复时限(工作日)",
    "documents_working_days": "补充材料时限(工作日)",
    "reply_working_days": "回复时限(工作日)",
    "answer_overdue_steps": "答复超期发函等级",
    "decided_item_grade": "议定事项超期发函等级",
    "start_light_grade": "未按期开工发函等级",
    "progress_light_grade": "进度滞后发函等级",
    "light_colours": "触发发函的灯色",
    "report_overdue_grade": "月报逾期发函等级",
    "repeats_escalate": "重复发函升级",
    "not_moving_progress_colours": "停滞项目约谈灯色",
    "slow_progress_colours": "进度滞后约谈灯色",
    "slow_start_colours": "开工滞后约谈灯色",
    "unsolved_working_days": "问题未解决约谈时限(工作日)",
    "leadership_level_counts": "上升至领导层级次数",
    "ranked_last_within_days": "排名靠后约谈期限(天)",
    "reasons": "约谈事由",
}
STORE = PolicyStore(IssuePolicy, POLICIES, FIELD_TITLES)
load_policy = STORE.load


def catalogue() -> list[PolicyInfo]:
    return STORE.catalogue()


async def effective(session: AsyncSession, region_code: str, name: str, year: int) -> PolicyOut:
    return await STORE.effective(session, region_code, name, year)


async def set_policy(
    session: AsyncSession, region_code: str, name: str, year: int, body: dict[str, Any], principal: Principal
) -> PolicyOut:
    """Store the region's value for ``year`` (0: every year without its own)."""
    await STORE.set(session, region_code, name, year, body, principal.sub)
    return await effective(session, region_code, name, year)


async def reset_policy(session: AsyncSession, region_code: str, name: str, year: int) -> None:
    """Remove the region's value for ``year``: its all-years value or the default applies again."""
    await STORE.reset(session, region_code, name, year)
