"""Every shipped profile's scoring schemes (``profiles/<profile>/scoring/schemes.yaml``) are scheme inputs the
scoring service accepts (its own validation), cite the seed for each scheme, say what is our choice, and run on a
small county: 清水's five dimensions monthly and its quarterly ranking with 3 praised and 3 criticised, 郸城's
two-month review deducting attendance by proxy (替会, seed 002 "不得缺席，不得替会")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import tuijin.kernel
from tests.scoring.conftest import REGION
from tests.scoring.test_proxy_attendance import _meeting_with_a_proxy_and_an_absence
from tuijin.scoring.schemes.schemas import SchemeIn
from tuijin.scoring.schemes.service import validate_version

PROFILES = Path(tuijin.kernel.__file__).parent / "profiles"
SHIPPED = ("luanchuan-2018", "chuxiong-2015", "dancheng-2021", "qingshui-2021", "huiji-2022")
# a period of each kind, inside the desk's year (its clock stands on 2026-10-10)
PERIODS = {"month": "2026-09", "bimonth": "2026-B5", "quarter": "2026-Q3", "half_year": "2026-H1", "year": "2026"}


def _file(profile: str) -> dict[str, Any]:
    return yaml.safe_load((PROFILES / profile / "scoring" / "schemes.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("profile", SHIPPED)
def test_each_profiles_schemes_validate_as_the_services_scheme_input(profile):
    data = _file(profile)
    codes = [spec["code"] for spec in data["schemes"]]
    assert len(codes) == len(set(codes)) and codes
    for spec in data["schemes"]:
        body = SchemeIn(region_code=REGION, **spec)  # the route's own body model
        validate_version(body.version, body.subject_kind, "schemes")  # and the route's rules
        for dim in body.version.dimensions:  # a roll-up reads schemes of the same profile
            if dim.kind == "rollup":
                assert {s.scheme_code for s in dim.sources} <= set(codes)
    assert set(data["seed"]) == set(codes)  # every scheme cites its seed
    assert all(words.strip() for words in data["seed"].values())
    assert "our choice" in data["choice"].lower()  # points and weights are ours, and said so


def test_qingshui_profile_scores_the_five_dimensions_the_default_schemes_score():
    """The profile's five dimensions are the shipped defaults' (one rule, not two)."""
    from tuijin.scoring.schemes.defaults import DEFAULT_SCHEMES

    shipped = {s["code"]: s for s in DEFAULT_SCHEMES}
    for spec in _file("qingshui-2021")["schemes"]:
        assert spec["version"]["dimensions"] == shipped[spec["code"]]["version"]["dimensions"], spec["code"]


async def _install(desk, profile: str) -> dict[str, dict[str, Any]]:
    installed = {}
    for spec in _file(profile)["schemes"]:
        resp = await desk.client.post("/api/v1/scoring-schemes", json={"region_code": REGION, **spec},
                                      headers=desk.office)
        assert resp.status_code == 201, resp.text
        installed[spec["code"]] = resp.json()
    return installed


async def _run_all(desk, schemes: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each scheme run (and published) once for a period of its kind, roll-ups after the schemes they read."""
    runs = {}
    order = sorted(schemes.values(), key=lambda s: any(d["kind"] == "rollup" for d in s["current"]["dimensions"]))
    for scheme in order:
        run = await desk.run(scheme, PERIODS[scheme["period_kind"]])
        assert (await desk.publish(run)).status_code == 200
        runs[scheme["code"]] = run
    return runs


async def _six_projects(desk) -> list[str]:
    desk.at("2026-07-05")
    ids = []
    for i, done in enumerate(("900", "800", "700", "300", "200", "100")):
        pid = await desk.project(f"P{i}")
        await desk.report(pid, "2026-07", done)
        ids.append(pid)
    desk.at("2026-10-10")
    return ids


async def test_qingshui_runs_monthly_and_ranks_the_quarter_praising_three_and_criticising_three(desk):
    await _six_projects(desk)
    schemes = await _install(desk, "qingshui-2021")
    runs = await _run_all(desk, schemes)
    monthly = await desk.results(runs["qingshui-monthly"])
    five = ["谋划储备", "资金争取", "实施进度", "制度履行", "投资完成率"]
    assert [d["name"] for d in monthly[0]["dimensions"]] == five
    lists = (await desk.client.get(f"/api/v1/scoring-runs/{runs['qingshui-monthly']['id']}/lists",
                                   headers=desk.office)).json()
    assert lists["praise"] == lists["criticism"] == []  # the month is notified, not ranked (seed 003 §17)
    lists = (await desk.client.get(f"/api/v1/scoring-runs/{runs['qingshui-quarterly']['id']}/lists",
                                   headers=desk.office)).json()
    assert [e["subject_code"] for e in lists["praise"]] == ["P0", "P1", "P2"]  # 前三名 通报表扬
    assert [e["subject_code"] for e in lists["criticism"]] == ["P5", "P4", "P3"]  # 后三名 通报批评
    departments = await desk.results(runs["qingshui-departments-yearly"])
    assert {r["subject_name"] for r in departments} == {"栾川县交通运输局", "栾川县发展和改革委员会"}
    yearly = await desk.results(runs["qingshui-yearly"])
    assert len(yearly) == 6 and yearly[0]["subject_code"] == "P0"


async def test_dancheng_two_month_review_deducts_attendance_by_proxy(desk):
    """The default 郸城 scheme reviews every two months (2026-B5 = September–October) and deducts the proxy the
    responsible unit sent to the dispatch meeting (替会) from its projects."""
    await _meeting_with_a_proxy_and_an_absence(desk)  # 交通局 sent a deputy on 09-03, 发改委 stayed away
    desk.at("2026-07-05")
    road = await desk.project("ROAD")
    plan = await desk.project("PLAN", responsible_unit_id=desk.units["发改委"])
    desk.at("2026-10-10")
    schemes = await _install(desk, "dancheng-2021")
    runs = await _run_all(desk, schemes)
    results = {r["subject_id"]: {d["code"]: d for d in r["dimensions"]}
               for r in await desk.results(runs["dancheng-bimonthly"])}
    assert results[road]["attendance"]["score"] == "15.00"  # 20 − one proxy × 5
    assert "会议替会 1 次 × 5" in results[road]["attendance"]["explanation"]
    assert results[plan]["attendance"]["score"] == "15.00"  # 20 − one unexcused absence × 5
    assert "无故缺席会议 1 次 × 5" in results[plan]["attendance"]["explanation"]
    assert runs["dancheng-bimonthly"]["period"] == "2026-B5"


@pytest.mark.parametrize("profile", ["luanchuan-2018", "chuxiong-2015", "huiji-2022"])
async def test_the_other_profiles_schemes_run_on_a_small_county(desk, profile):
    ids = await _six_projects(desk)
    schemes = await _install(desk, profile)
    runs = await _run_all(desk, schemes)
    for code, run in runs.items():
        results = await desk.results(run)
        subjects = {r["subject_id"] for r in results}
        if schemes[code]["subject_kind"] == "project":
            assert subjects == set(ids), code
        else:
            assert results, code
