"""The demo county and the stand-in platform `make run` starts agree: the linked demo projects are the
ones the stand-in knows approval items for, so a pull fills their procedures and nothing fails."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from standins.province.app import create_app, demo_store
from tuijin.registry.demo import seed_registry_demo
from tuijin.registry.procedures.models import ProjectProcedure
from tuijin.registry.province.demo import DEMO_LINKED, seed_province_demo
from tuijin.registry.province.models import ProjectLink
from tuijin.registry.province.settings import province_settings


async def test_the_demo_links_are_the_stand_ins_projects_and_a_pull_fills_their_procedures(
    stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUIJIN_PROVINCE_410324_TOKEN", "demo-token")
    monkeypatch.setenv("TUIJIN_PROVINCE_410324_WEBHOOK_SECRET", "demo-secret")
    # make_env.py allows the stand-in's address in var/.env; the seeded configuration calls it
    monkeypatch.setattr(province_settings(), "allowed_hosts", "127.0.0.1:8009")
    registry = stack.apps["registry"]
    sessionmaker = registry.state.sessionmaker
    async with sessionmaker() as session, session.begin():
        await seed_registry_demo(session)
        assert await seed_province_demo(session) is True
    async with sessionmaker() as session, session.begin():
        assert await seed_province_demo(session) is False  # a second run changes nothing
    store = demo_store("demo-token", "", "")
    registry.state.province_transport = httpx.ASGITransport(app=create_app(store))
    registry.state.__dict__.pop("_province_buckets", None)
    try:
        office = stack.auth("office", region="410324")
        resp = await stack.client("registry").post("/api/v1/province/regions/410324/pull", headers=office)
        assert resp.status_code == 200, resp.text
        result = resp.json()
        assert result["received"] == len(store.items) and result["failed"] == 0 and result["applied"] > 0
    finally:
        registry.state.province_transport = None
    async with sessionmaker() as session:
        links = (await session.scalars(select(ProjectLink))).all()
        assert len(links) == len(DEMO_LINKED)
        assert {link.national_code for link in links} == {item.project_code for item in store.items.values()}
        from_platform = (
            await session.scalars(select(ProjectProcedure).where(ProjectProcedure.source == "provincial_platform"))
        ).all()
        assert len(from_platform) == len(store.items)
