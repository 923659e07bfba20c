"""A published ranking is announced to the issues service (``ranking.published``), which proposes the leaders
of projects on the criticism list for an interview (清水: bottom three criticised, leaders interviewed)."""

from __future__ import annotations

from tests.scoring.conftest import PROGRESS, REGION


async def _deliver(stack) -> None:
    for name in ("registry", "scoring"):
        await stack.apps[name].state.outbox.dispatch()


async def _ranked_last(desk, on: str = "2026-10-12") -> set[str]:
    """Codes of the projects proposed for an interview because they were ranked last (other reasons may join)."""
    resp = await desk.stack.client("issues").get("/api/v1/interviews/candidates",
                                                 params={"region_code": REGION, "on": on}, headers=desk.office)
    assert resp.status_code == 200, resp.text
    return {c["project_code"] for c in resp.json() if "ranked_last" in c["reasons"]}


async def _ranking(desk, completed: dict[str, str]) -> dict[str, str]:
    desk.at("2026-07-05")
    ids = {}
    for code, done in completed.items():
        ids[code] = await desk.project(code, plan="1000")
        await desk.report(ids[code], "2026-07", done)
    desk.at("2026-10-10")
    return ids


async def test_the_criticised_projects_of_a_published_ranking_become_interview_candidates(desk, stack):
    await _ranking(desk, {"A": "900", "B": "500", "C": "100"})
    scheme = await desk.scheme("progress", [{**PROGRESS, "weight": "100"}], praise_size=1, criticism_size=1)
    run = await desk.run(scheme, "2026-Q3")
    await _deliver(stack)
    assert await _ranked_last(desk) == set(), "a draft ranking criticises nobody"
    assert (await desk.publish(run)).status_code == 200
    await _deliver(stack)
    assert await _ranked_last(desk) == {"C"}


async def test_a_newer_publication_of_the_scheme_replaces_the_criticism_list(desk, stack):
    ids = await _ranking(desk, {"A": "900", "B": "500", "C": "100"})
    scheme = await desk.scheme("progress", [{**PROGRESS, "weight": "100"}], praise_size=1, criticism_size=1)
    first = await desk.run(scheme, "2026-Q3")
    assert (await desk.publish(first)).status_code == 200
    await _deliver(stack)
    assert await _ranked_last(desk) == {"C"}
    desk.at("2026-08-20")
    await desk.report(ids["C"], "2026-08", "800")  # C catches up; B is now last
    desk.at("2026-10-11")
    second = await desk.run(scheme, "2026-Q3")
    assert second["version"] == 2
    assert (await desk.publish(second)).status_code == 200
    await _deliver(stack)
    assert await _ranked_last(desk) == {"B"}


async def test_an_old_criticism_is_no_longer_proposed_after_the_policy_window(desk, stack):
    await _ranking(desk, {"A": "900", "C": "100"})
    scheme = await desk.scheme("progress", [{**PROGRESS, "weight": "100"}], praise_size=1, criticism_size=1)
    assert (await desk.publish(await desk.run(scheme, "2026-Q3"))).status_code == 200
    await _deliver(stack)
    assert await _ranked_last(desk, on="2026-10-12") == {"C"}
    assert await _ranked_last(desk, on="2027-03-01") == set(), "the default window is 100 days"
