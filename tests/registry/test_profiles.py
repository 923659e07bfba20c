"""Region profiles (issue 19): a profile is applied to a region and year in one transaction per service — the
registry's policies at once (only where the value in effect differs, announced as ``policy.changed``), the other
services' parts through the outbox (``region.profile_applied``) —, re-applying changes nothing, and each value stays
editable afterwards through the policy routes. The profile here is the test's own (:mod:`tests.fixtures.profiles`)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from tests.fixtures.profiles import CODE, LETTERS_REPLY_DAYS, profile_root  # noqa: F401 (a fixture)
from tuijin.kernel import profiles
from tuijin.registry.profiles import service as profile_service

REGION = "410329"  # 伊川县: a county none of the other fixtures create
OTHER = "410325"


class County:
    def __init__(self, stack: Any) -> None:
        self.stack = stack
        self.registry = stack.client("registry")
        self.admin = stack.auth("admin", region=None)
        self.office = stack.auth("office", region=REGION)

    async def create(self, code: str = REGION, name: str = "伊川县", **extra: Any) -> Any:
        return await self.registry.post("/api/v1/regions", headers=self.admin, json={
            "code": code, "name": name, "level": "county", "parent_code": None, **extra})

    async def dispatch(self) -> None:
        resp = await self.registry.post("/api/v1/admin/registry/jobs/outbox-dispatch/run", headers=self.admin)
        assert resp.status_code == 200, resp.text

    async def apply(self, headers: dict[str, str] | None = None, **body: Any) -> Any:
        return await self.registry.post(f"/api/v1/regions/{REGION}/profile", headers=headers or self.office,
                                        json={"profile": CODE, "year": 2026, **body})

    async def rows(self, app: str, table: str) -> list[tuple[Any, ...]]:
        """Every row of ``table`` of ``app`` as stored (a written row shows as a new or changed tuple)."""
        state = self.stack.apps[app].state
        meta = __import__(f"tuijin.{app}.models", fromlist=["Base"]).Base.metadata
        t = meta.tables[table]
        async with state.sessionmaker() as session:
            return sorted(tuple(str(v) for v in r) for r in (await session.execute(select(t))).all())

    async def outbox(self, event_type: str) -> list[dict[str, Any]]:
        state = self.stack.apps["registry"].state
        t = state.kernel_tables.outbox
        async with state.sessionmaker() as session:
            rows = await session.execute(select(t).where(t.c.event_type == event_type))
            return [dict(r) for r in rows.mappings().all()]

    async def everything(self) -> dict[str, Any]:
        return {(app, table): await self.rows(app, table) for app, table in (
            ("registry", "policies"), ("issues", "issue_policies"), ("meetings", "meeting_policies"),
            ("scoring", "scoring_schemes"), ("scoring", "scoring_scheme_versions"))}


@pytest.fixture
async def county(stack: Any, profile_root: Any) -> County:  # noqa: F811
    c = County(stack)
    assert (await c.create()).status_code == 201
    await c.dispatch()
    return c


@pytest.fixture
def announced(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """The policy.changed announcements of the registry's profile applications (policy name, year)."""
    calls: list[tuple[str, int]] = []
    real = profile_service.announce

    async def spy(session: Any, region_code: str, name: str, year: int, value: Any, principal: Any) -> None:
        calls.append((name, year))
        await real(session, region_code, name, year, value, principal)

    monkeypatch.setattr(profile_service, "announce", spy)
    return calls


async def test_applying_sets_what_differs_here_and_asks_the_others_for_their_parts(county: County, announced):
    """The registry writes the profile's weekly report rule (its starting value differs) for the year, leaves the
    node-plan rule (already so), records the application, and sends region.profile_applied to issues, meetings and
    scoring; once delivered, each has applied its part."""
    resp = await county.apply()
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert (body["changed"], body["unchanged"]) == (["report_due"], ["node_plan"])
    assert (body["profile"], body["version"], body["year"], body["event"]) == (CODE, 1, 2026, "region.profile_applied")
    assert body["requested_from"] == ["issues", "meetings", "scoring"]
    assert announced == [("report_due", 2026)]
    rows = await county.outbox("region.profile_applied")
    assert sorted(r["destination"] for r in rows) == ["issues", "meetings", "scoring"]
    assert rows[0]["payload"] == {"region_code": REGION, "year": 2026, "profile": CODE, "version": 1}

    due = (await county.registry.get(f"/api/v1/policies/{REGION}/report_due?year=2026", headers=county.office)).json()
    assert (due["value"]["period_kind"], due["value"]["due_day"], due["value"]["due_time"]) == ("weekly", 5, "18:00:00")
    assert (due["source_year"], due["updated_by"], due["is_default"]) == (2026, f"profile:{CODE}", False)
    other_year = await county.registry.get(f"/api/v1/policies/{REGION}/report_due?year=2025", headers=county.office)
    assert other_year.json()["value"]["period_kind"] == "monthly"  # only the year applied for

    await county.dispatch()
    letters = await county.stack.client("issues").get(f"/api/v1/issue-policies/{REGION}/letters?year=2026",
                                                       headers=county.office)
    assert letters.json()["value"]["reply_working_days"] == LETTERS_REPLY_DAYS
    assert letters.json()["updated_by"] == f"profile:{CODE}"
    duties = await county.stack.client("meetings").get(f"/api/v1/meeting-policies/{REGION}/duties?year=2026",
                                                        headers=county.office)
    assert (duties.json()["value"]["leader_visits_per_project_month"],
            duties.json()["value"]["leader_push_meetings_month"]) == (2, 1)
    schemes = await county.stack.client("scoring").get(
        "/api/v1/scoring-schemes", params={"region_code": REGION, "limit": 100}, headers=county.office)
    by_code = {s["code"]: s for s in schemes.json()["items"]}
    assert by_code["testshire-monthly"]["latest_version"] == 1
    observation = by_code["luanchuan-observation"]
    assert (observation["latest_version"], observation["current"]["praise_size"]) == (2, 5)
    assert by_code["qingshui-monthly"]["latest_version"] == 1  # not in the profile: left as it was


async def test_applying_the_same_profile_again_changes_nothing(county: County, announced):
    """A second application writes no policy row anywhere and announces no policy.changed; it is recorded, and
    its answer says every policy was already so."""
    assert (await county.apply()).status_code == 200
    await county.dispatch()
    before = await county.everything()
    announced.clear()

    again = await county.apply()
    assert again.status_code == 200, again.text
    assert (again.json()["changed"], again.json()["unchanged"]) == ([], ["node_plan", "report_due"])
    await county.dispatch()
    assert announced == []
    assert await county.everything() == before
    listed = (await county.registry.get(f"/api/v1/regions/{REGION}/profile", headers=county.office)).json()
    assert [a["changed"] for a in listed["items"]] == [[], ["report_due"]]  # the latest first
    assert (await county.registry.get(f"/api/v1/regions/{REGION}/profile?year=2025",
                                      headers=county.office)).json()["items"] == []


async def test_a_value_set_by_a_profile_stays_editable_through_the_policy_routes(county: County):
    assert (await county.apply()).status_code == 200
    url = f"/api/v1/policies/{REGION}/report_due?year=2026"
    read = await county.registry.get(url, headers=county.office)
    changed = {**read.json()["value"], "due_day": 4}
    put = await county.registry.put(url, json=changed, headers={**county.office, "If-Match": read.headers["etag"]})
    assert put.status_code == 200, put.text
    assert (put.json()["value"]["due_day"], put.json()["updated_by"]) == (4, "test:office")


async def test_who_may_apply_and_an_unknown_profile(county: County, stack: Any):
    """The office of the region or an admin; another region's office is refused as on every route naming a region
    (403 region_forbidden), a viewer for the role; an unknown profile is a 422 naming body.profile."""
    assert (await county.apply(headers=county.admin)).status_code == 200
    other = await county.apply(headers=stack.auth("office", region=OTHER))
    assert (other.status_code, other.json()["code"]) == (403, "region_forbidden")
    viewer = await county.apply(headers=stack.auth("viewer", region=REGION))
    assert (viewer.status_code, viewer.json()["code"]) == (403, "role_required")
    unknown = await county.apply(profile="nowhere-1999")
    assert (unknown.status_code, unknown.json()["code"]) == (422, "unknown_profile")
    assert [e["field"] for e in unknown.json()["errors"]] == ["body.profile"]
    assert unknown.json()["message"] == "没有该区域配置模板，请从已有的模板中选择。"
    missing = await county.registry.post("/api/v1/regions/419999/profile", headers=county.admin,
                                         json={"profile": CODE})
    assert (missing.status_code, missing.json()["code"]) == (404, "region_not_found")


async def test_the_profiles_are_read_whole(county: County):
    listed = await county.registry.get("/api/v1/profiles", headers=county.office)
    assert [(p["code"], p["version"], p["year"]) for p in listed.json()] == [(CODE, 1, 2024)]
    whole = (await county.registry.get(f"/api/v1/profiles/{CODE}", headers=county.office)).json()
    assert whole["policies"]["registry"]["report_due"]["seed"]["due_day"] == "每周五"
    assert set(whole["policies"]) == {"registry", "issues", "meetings"}
    assert [s["code"] for s in whole["scoring"]["schemes"]] == ["testshire-monthly", "luanchuan-observation"]
    missing = await county.registry.get("/api/v1/profiles/nowhere-1999", headers=county.office)
    assert (missing.status_code, missing.json()["code"]) == (404, "profile_not_found")
    assert missing.json()["message"] == "没有该区域配置模板。"


async def test_a_region_created_with_a_profile_starts_with_it(stack: Any, profile_root: Any):  # noqa: F811
    """The registry applies its part right after the starting set, region.created carries the profile, and each
    service applies its part after installing its defaults; an unknown profile creates no region."""
    c = County(stack)
    refused = await c.create(profile="nowhere-1999")
    assert (refused.status_code, [e["field"] for e in refused.json()["errors"]]) == (422, ["body.profile"])
    assert (await c.registry.get(f"/api/v1/policies/{REGION}/report_due", headers=c.office)).json()["is_default"]

    assert (await c.create(profile=CODE)).status_code == 201
    rows = await c.outbox("region.created")
    assert {r["payload"]["profile"] for r in rows} == {CODE}
    assert await c.outbox("region.profile_applied") == []
    year = rows[0]["payload"]["year"]
    due = (await c.registry.get(f"/api/v1/policies/{REGION}/report_due?year={year}", headers=c.office)).json()
    assert (due["value"]["period_kind"], due["source_year"]) == ("weekly", year)
    applications = (await c.registry.get(f"/api/v1/regions/{REGION}/profile", headers=c.office)).json()["items"]
    assert [(a["profile"], a["event"]) for a in applications] == [(CODE, "region.created")]
    await c.dispatch()
    letters = await stack.client("issues").get(f"/api/v1/issue-policies/{REGION}/letters?year={year}",
                                               headers=c.office)
    assert letters.json()["value"]["reply_working_days"] == LETTERS_REPLY_DAYS
    ladder = await stack.client("issues").get(f"/api/v1/issue-policies/{REGION}/ladder", headers=c.office)
    assert ladder.json()["source_year"] == 0  # its defaults installed as well


async def test_each_shipped_profile_applies_and_applies_again_to_nothing(stack: Any):
    """The five seed counties' profiles as shipped: each sets the registry's policies (惠济's weekly report due
    Friday 18:00, 楚雄's quarterly written reports), a second application changes nothing, and the region's
    ``documents`` policy (its letterhead, from its own name) is never touched."""
    c = County(stack)
    assert (await c.create()).status_code == 201
    fmt = (await c.registry.get(f"/api/v1/policies/{REGION}/documents?year=2026", headers=c.office)).json()
    listed = (await c.registry.get("/api/v1/profiles", headers=c.office)).json()
    assert [p["code"] for p in listed] == [
        "chuxiong-2015", "dancheng-2021", "huiji-2022", "luanchuan-2018", "qingshui-2021"]
    for code in [p["code"] for p in listed]:
        first = await c.registry.post(f"/api/v1/regions/{REGION}/profile", headers=c.office,
                                      json={"profile": code, "year": 2026})
        assert first.status_code == 200, first.text
        assert "documents" not in first.json()["changed"] + first.json()["unchanged"]
        again = await c.registry.post(f"/api/v1/regions/{REGION}/profile", headers=c.office,
                                      json={"profile": code, "year": 2026})
        assert again.json()["changed"] == [], (code, again.json())
        if code == "huiji-2022":
            due = (await c.registry.get(f"/api/v1/policies/{REGION}/report_due?year=2026", headers=c.office)).json()
            assert (due["value"]["period_kind"], due["value"]["due_day"], due["value"]["due_time"]) == (
                "weekly", 5, "18:00:00")
        if code == "chuxiong-2015":
            rule = (await c.registry.get(f"/api/v1/policies/{REGION}/quarterly_reports?year=2026",
                                         headers=c.office)).json()["value"]
            assert (rule["required"], rule["q1_due"], rule["q4_due"]) == (
                True, {"month": 4, "day": 15}, {"month": 1, "day": 10})
    assert (await c.registry.get(f"/api/v1/policies/{REGION}/documents?year=2026", headers=c.office)).json() == fmt
    await c.dispatch()  # delivered in order (one region): 清水's, applied last, is what issues and meetings have
    interviews = await stack.client("issues").get(f"/api/v1/issue-policies/{REGION}/interviews?year=2026",
                                                  headers=c.office)
    assert interviews.json()["value"]["reasons"] == ["ranked_last"]
    duties = await stack.client("meetings").get(f"/api/v1/meeting-policies/{REGION}/duties?year=2026",
                                                headers=c.office)
    assert (duties.json()["value"]["leader_visits_per_project_month"],
            duties.json()["value"]["leader_push_meetings_month"]) == (2, 1)
    schemes = await stack.client("scoring").get(
        "/api/v1/scoring-schemes", params={"region_code": REGION, "limit": 100}, headers=c.office)
    files = [profiles.load_schemes(p["code"]) for p in listed]
    shipped = {s["code"] for f in files if f is not None for s in f.schemes}
    assert shipped and shipped <= {s["code"] for s in schemes.json()["items"]}


async def test_a_retried_application_with_its_idempotency_key_is_answered_once(county: County):
    """A retry after a lost answer (same Idempotency-Key) replays the first answer: one application recorded."""
    headers = {**county.office, "Idempotency-Key": "apply-profile-1"}
    first = await county.apply(headers=headers)
    again = await county.apply(headers=headers)
    assert first.status_code == 200 and again.headers.get("idempotent-replayed") == "true"
    assert again.json() == first.json()
    listed = (await county.registry.get(f"/api/v1/regions/{REGION}/profile", headers=county.office)).json()
    assert [a["id"] for a in listed["items"]] == [first.json()["id"]]
