"""Events go only to the services that act on them (issue 15): meetings takes up a problem escalated to its
level and drops one resolved or closed before it, so ``problem.escalated``, ``problem.resolved`` and
``problem.closed`` reach meetings; scoring handles no problem or letter event and receives none; an event no
service handles yet leaves no outbox row."""

from __future__ import annotations

from tuijin.issues.events import DESTINATIONS


async def test_the_ladder_events_reach_meetings_and_nothing_reaches_scoring(desk):
    problem = await desk.raise_problem()
    pid = problem["id"]
    assert (await desk.step(pid, "escalate", {"reason": "服务团队协调未果"})).status_code == 200
    assert (await desk.step(pid, "resolve", {"resolution": "体系例会已研究解决"})).status_code == 200
    assert (await desk.step(pid, "close", {"note": "核实无误"})).status_code == 200
    for event_type in ("problem.escalated", "problem.resolved", "problem.closed"):
        assert await desk.outbox(event_type) == ["meetings"], event_type
    assert await desk.outbox("problem.raised") == []
    assert [p["problem_id"] for p in await desk.published("problem.raised")] == [pid]


def test_no_problem_or_letter_event_is_sent_to_scoring():
    assert all("scoring" not in to for to in DESTINATIONS.values())
    assert {t for t, to in DESTINATIONS.items() if to} == {"problem.escalated", "problem.resolved", "problem.closed"}
