"""A small county to test the registry's rules against."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

REGION = "410324"


@dataclass
class County:
    client: Any
    office: dict[str, str]
    admin: dict[str, str]
    units: dict[str, str] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)
    posts: dict[str, str] = field(default_factory=dict)
    systems: dict[str, str] = field(default_factory=dict)

    async def project(self, code: str = "LC-001", **overrides: Any) -> dict[str, Any]:
        body = {
            "region_code": REGION,
            "code": code,
            "name": f"测试项目 {code}",
            "stage": "new_start",
            "total_investment": "12000",
            "responsible_unit_id": self.units["交通局"],
            "system_id": self.systems["基础设施"],
            "leader_post_id": self.posts["分管交通"],
        }
        body.update(overrides)
        resp = await self.client.post("/api/v1/projects", json=body, headers=self.office)
        assert resp.status_code == 201, resp.text
        return resp.json()


@pytest.fixture
async def county(stack) -> County:
    client = stack.client("registry")
    admin = stack.auth("admin", region=None)
    office = stack.auth("office", region=REGION)
    for code, name, level, parent in (
        ("410000", "河南省", "province", None),
        ("410300", "洛阳市", "prefecture", "410000"),
        (REGION, "栾川县", "county", "410300"),
        ("410325", "嵩县", "county", "410300"),
    ):
        resp = await client.post(
            "/api/v1/regions", json={"code": code, "name": name, "level": level, "parent_code": parent}, headers=admin
        )
        assert resp.status_code == 201, resp.text
    c = County(client=client, office=office, admin=admin)
    for key, name, kind in (
        ("交通局", "栾川县交通运输局", "department"),
        ("发改委", "栾川县发展和改革委员会", "department"),
        ("城关镇", "城关镇", "township"),
        ("钼业", "洛阳栾川钼业集团", "enterprise"),
    ):
        resp = await client.post(
            "/api/v1/units", json={"region_code": REGION, "name": name, "kind": kind}, headers=office
        )
        assert resp.status_code == 201, resp.text
        c.units[key] = resp.json()["id"]
    for key, name in (("李", "李副县长"), ("王", "王副县长"), ("赵", "赵联络员")):
        resp = await client.post("/api/v1/people", json={"region_code": REGION, "name": name}, headers=office)
        c.people[key] = resp.json()["id"]
    resp = await client.post(
        "/api/v1/posts", json={"region_code": REGION, "title": "副县长（分管交通）"}, headers=office
    )
    c.posts["分管交通"] = resp.json()["id"]
    resp = await client.put(
        f"/api/v1/posts/{c.posts['分管交通']}/holder",
        json={"person_id": c.people["李"], "start_date": "2025-01-01"},
        headers={**office, "If-Match": "*"},
    )
    assert resp.status_code == 200, resp.text
    resp = await client.post(
        "/api/v1/systems",
        json={"region_code": REGION, "name": "现代基础设施体系", "convening_unit_id": c.units["交通局"]},
        headers=office,
    )
    c.systems["基础设施"] = resp.json()["id"]
    return c
