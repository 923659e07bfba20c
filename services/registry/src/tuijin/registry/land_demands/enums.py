"""Enums of the land demand list, each member with its zh-CN label."""

from __future__ import annotations

from tuijin.kernel.enums import LabeledEnum


class LandKind(LabeledEnum):
    """The kind of land a project needs (用地类型), as a 用地需求清单 lists it for the natural resources bureau."""

    new_construction = ("new_construction", "新增建设用地")
    stock_construction = ("stock_construction", "存量建设用地")
    farmland_conversion = ("farmland_conversion", "农用地转用")
    forest = ("forest", "林地")
    unused = ("unused", "未利用地")
