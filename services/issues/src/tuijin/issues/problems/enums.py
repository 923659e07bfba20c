"""Enums of the problem ledger, each member with its zh-CN label."""

from __future__ import annotations

from tuijin.kernel.enums import LabeledEnum


class ProblemLevel(LabeledEnum):
    """The levels of escalation, lowest first: a problem climbs until someone with enough authority solves it. A
    region's ladder takes some of them, in this order, always team first and leadership last."""

    team = ("team", "服务团队")
    system_meeting = ("system_meeting", "体系例会")
    county_meeting = ("county_meeting", "县委县政府项目例会")
    leadership = ("leadership", "主要领导")


# every level the platform knows, lowest first; a region's ladder (policy ``ladder``) is an ordered subsequence of
# it from team to leadership, each level under the region's own name (policies/values.py ``LadderPolicy``)
LADDER: tuple[ProblemLevel, ...] = tuple(ProblemLevel)


def level_rank(level: ProblemLevel | str) -> int:
    return LADDER.index(ProblemLevel(level))


class ProblemCategory(LabeledEnum):
    procedures = ("procedures", "手续办理")
    land = ("land", "用地保障")
    funds = ("funds", "资金筹措")
    demolition = ("demolition", "征地拆迁")
    construction_environment = ("construction_environment", "施工环境")
    utilities = ("utilities", "水电路讯等配套")
    other = ("other", "其他")


class ProblemStatus(LabeledEnum):
    awaiting_answer = ("awaiting_answer", "待答复")
    awaiting_documents = ("awaiting_documents", "待补正材料")
    answered = ("answered", "已答复")
    resolved = ("resolved", "已解决（待核销）")
    closed = ("closed", "已销号")


OPEN_STATUSES: frozenset[str] = frozenset(
    {ProblemStatus.awaiting_answer, ProblemStatus.awaiting_documents, ProblemStatus.answered}
)


class ProblemAction(LabeledEnum):
    """A step on a problem's timeline."""

    raise_ = ("raise", "提出问题")
    assign = ("assign", "交办")
    answer = ("answer", "答复")
    request_documents = ("request_documents", "一次性告知补正材料")
    supply_documents = ("supply_documents", "补齐材料")
    resolve = ("resolve", "解决")
    close = ("close", "核实销号")
    reopen = ("reopen", "重新打开")
    escalate = ("escalate", "提交上一级")
    auto_escalate = ("auto_escalate", "逾期自动上报")
    send_down = ("send_down", "交回下一级限期解决")
    answer_overdue = ("answer_overdue", "答复逾期")
    deadline_overdue = ("deadline_overdue", "解决期限已过")
    letter_issued = ("letter_issued", "发出督办函件")


class ActionSource(LabeledEnum):
    """Who took a step: a person, a background job, a meeting's minutes, an inspection's recording (督查发现)."""

    user = ("user", "人工操作")
    job = ("job", "系统定时任务")
    meeting = ("meeting", "会议纪要")
    inspection = ("inspection", "督查发现")
