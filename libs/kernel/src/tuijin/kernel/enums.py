"""Enums with zh-CN labels that front ends fetch from ``GET /api/v1/enums/<service>``."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel


class LabeledEnum(StrEnum):
    """A string enum whose members carry a zh-CN label: ``Stage.reserve.label == "储备"``.

    Declare members as ``name = ("value", "标签")``."""

    def __new__(cls, value: str, label: str = "") -> LabeledEnum:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj._label = label or value
        return obj

    @property
    def label(self) -> str:
        return self._label

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        """OpenAPI carries the labels too: ``x-enum-labels: {value: 标签}``."""
        schema = handler(core_schema)
        schema = handler.resolve_ref_schema(schema)
        schema["x-enum-labels"] = {m.value: m.label for m in cls}
        return schema


class EnumOption(BaseModel):
    value: str
    label: str


def enum_catalog(enums: list[type[StrEnum]], extra: dict[str, dict[str, str]] | None = None) -> dict[str, Any]:
    """``{EnumName: [{value, label}]}`` for the given enums (plus plain value→label maps)."""
    out: dict[str, list[dict[str, str]]] = {}
    for enum in enums:
        out[enum.__name__] = [
            {"value": m.value, "label": getattr(m, "label", m.value)} for m in enum  # type: ignore[attr-defined]
        ]
    for name, labels in (extra or {}).items():
        out[name] = [{"value": k, "label": v} for k, v in labels.items()]
    return out
