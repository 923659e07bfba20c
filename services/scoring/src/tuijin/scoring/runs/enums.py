"""Enums of scoring runs, each member with its zh-CN label."""

from tuijin.kernel.enums import LabeledEnum


class RunStatus(LabeledEnum):
    """A run's results: draft until the office publishes them, then never changed."""

    draft = ("draft", "草稿")
    published = ("published", "已发布")
