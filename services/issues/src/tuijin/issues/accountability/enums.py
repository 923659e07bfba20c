"""Enums of accountability (问责), each member with its zh-CN label."""

from __future__ import annotations

from tuijin.kernel.enums import LabeledEnum


class SanctionKind(LabeledEnum):
    """The sanctions the seeds name: 通报批评 (栾川, 惠济), 约谈 (栾川, 清水), 诫勉谈话 and 组织处理 (郸城:
    按照县干部作风大整顿要求进行问责), referral to the discipline commission (清水: 县纪委监委 in the special
    inspections), and the loss of preferential policy (郸城: 取消享受优惠政策资格)."""

    circulated_criticism = ("circulated_criticism", "通报批评")
    interview = ("interview", "约谈")
    admonishment = ("admonishment", "诫勉谈话")
    organisational_measure = ("organisational_measure", "组织处理")
    discipline_referral = ("discipline_referral", "移交纪委监委")
    preferential_policy_loss = ("preferential_policy_loss", "取消优惠政策")


class AccountabilityTarget(LabeledEnum):
    """Who is held to account: a unit (责任单位, 乡镇) or a post (the duty belongs to the post, 职务)."""

    unit = ("unit", "单位")
    post = ("post", "职务")


class GroundKind(LabeledEnum):
    """What led to the sanction (问责依据)."""

    letter = ("letter", "督查督办函件")
    interview = ("interview", "约谈")
    inspection = ("inspection", "督查检查")
    absence = ("absence", "会议缺席")
    ranking = ("ranking", "考核排名")
