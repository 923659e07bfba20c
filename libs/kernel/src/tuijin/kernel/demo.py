"""Stable ids for the demo county's records, so that the gateway's demo accounts and the services'
demo data name the same units and people without sharing a table."""

from __future__ import annotations

import uuid
from pathlib import Path

DEMO_NAMESPACE = uuid.UUID("6f1c7a52-2d0e-4d55-9a53-7d1f3c1e0a11")
DEMO_REGION = "410324"  # 栾川县


def demo_id(kind: str, name: str, region: str = DEMO_REGION) -> uuid.UUID:
    """E.g. ``demo_id("unit", "栾川县交通运输局")``."""
    return uuid.uuid5(DEMO_NAMESPACE, f"{kind}:{region}:{name}")

DEMO_WORKBOOK = Path(__file__).with_name("demo_organisation.xlsx")
"""The demo county's organisation workbook (units, people, posts, systems, accounts), loaded by ``make seed``
through the same import as a county's own (written by ``scripts/make_demo_workbook.py``)."""
