"""Chinese for people: every problem code raised anywhere in the sources has a zh-CN message in its app's table
(or the kernel's), and every problem the kernel renders carries it as ``message``, pure-ASGI ones included.

The codes are collected from the sources by their syntax tree, not listed by hand: a ``code = "…"`` of an error
class (a subclass of ``ProblemError``), a ``code=``/``invalid_code=`` literal passed to an error class or to a
function that takes a code, and the literal at a code parameter's position (``invalid_field(f, m, "code")``,
``ensure_visible(p, r, d, "code")``). A new ``raise Conflict(..., code="new_code")`` without a message fails here.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import json
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.raw_asgi import call
from tuijin.kernel.clock import utcnow
from tuijin.kernel.errors import _STATUS_CODES, ProblemError
from tuijin.kernel.idempotency import scope_key_of
from tuijin.kernel.messages import CJK, KERNEL_MESSAGES, STATUS_MESSAGES, label_for
from tuijin.kernel.settings import CommonSettings
from tuijin.kernel.upstream import Upstreams

ROOT = Path(__file__).resolve().parents[2]
AREAS = {
    "kernel": ("libs/kernel/src", None),
    "gateway": ("gateway/src", "tuijin.gateway.messages"),
    "registry": ("services/registry/src", "tuijin.registry.messages"),
    "issues": ("services/issues/src", "tuijin.issues.messages"),
    "meetings": ("services/meetings/src", "tuijin.meetings.messages"),
    "scoring": ("services/scoring/src", "tuijin.scoring.messages"),
}
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
"""A problem code; region codes ("410324") and project codes ("LC-001") passed as ``code=`` are not."""
CODE_PARAMS = ("code", "invalid_code")


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _strings(node: ast.AST | None) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):  # code=a if … else "status_change_invalid"
        return _strings(node.body) + _strings(node.orelse)
    return []


def _trees() -> dict[str, list[tuple[Path, ast.Module]]]:
    return {area: [(p, ast.parse(p.read_text(encoding="utf-8"), str(p)))
                   for p in sorted((ROOT / src).rglob("*.py"))] for area, (src, _) in AREAS.items()}


TREES = _trees()
ALL_NODES = [node for trees in TREES.values() for _, tree in trees for node in ast.walk(tree)]


def _error_classes() -> set[str]:
    """``ProblemError`` and every class deriving from it, across all the sources."""
    bases = {n.name: {_name(b) for b in n.bases} for n in ALL_NODES if isinstance(n, ast.ClassDef)}
    errors = {"ProblemError"}
    while more := {c for c, b in bases.items() if c not in errors and b & errors}:
        errors |= more
    return errors


def _code_positions() -> dict[str, int]:
    """Functions taking a code parameter → its position among the positional parameters."""
    out = {}
    for n in ALL_NODES:
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.name != "__init__":
            params = [a.arg for a in n.args.posonlyargs + n.args.args]
            for name in CODE_PARAMS:
                if name in params:
                    out[n.name] = params.index(name)
    return out


ERROR_CLASSES = _error_classes()
CODE_POSITIONS = _code_positions()


def _class_codes(node: ast.ClassDef) -> Iterator[str]:
    for stmt in node.body:
        if not isinstance(stmt, ast.Assign):
            continue
        for target in stmt.targets:
            if isinstance(target, ast.Name) and target.id == "code":
                yield from _strings(stmt.value)
            elif isinstance(target, ast.Tuple) and isinstance(stmt.value, ast.Tuple):  # status, code = 404, "x"
                for el, value in zip(target.elts, stmt.value.elts, strict=False):
                    if isinstance(el, ast.Name) and el.id == "code":
                        yield from _strings(value)


def _call_codes(node: ast.Call) -> Iterator[str]:
    fname = _name(node.func)
    if fname in ERROR_CLASSES or fname in CODE_POSITIONS:
        for kw in node.keywords:
            if kw.arg in CODE_PARAMS:
                yield from _strings(kw.value)
    if fname in CODE_POSITIONS and len(node.args) > CODE_POSITIONS[fname]:
        yield from _strings(node.args[CODE_POSITIONS[fname]])


def raised_codes(area: str) -> dict[str, str]:
    """Every problem code raised in ``area``'s sources → the first file raising it."""
    found: dict[str, str] = {}
    for path, tree in TREES[area]:
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name in ERROR_CLASSES:
                codes = list(_class_codes(node))
            elif isinstance(node, ast.Call):
                codes = list(_call_codes(node))
            else:
                continue
            for code in codes:
                if SNAKE.match(code):
                    found.setdefault(code, str(path.relative_to(ROOT)))
    return found


def table(area: str) -> dict[str, str]:
    module = AREAS[area][1]
    own = importlib.import_module(module).MESSAGES if module else {}
    return {**KERNEL_MESSAGES, **own}


def test_the_collector_sees_the_codes_it_must_see():
    """The collector finds codes of every form (so the next test cannot pass by finding nothing): a class
    default, a ``code=`` keyword, ``invalid_field``'s positional code, a conditional code."""
    assert {"not_found", "payload_too_large", "workbook_too_large"} <= set(raised_codes("kernel"))
    registry = raised_codes("registry")
    assert {"project_not_found", "dates_out_of_order", "status_change_invalid",
            "province_address_not_allowed"} <= set(registry)
    assert "410000" not in registry  # a region's code is not a problem's
    assert len([c for a in AREAS for c in raised_codes(a)]) > 200


@pytest.mark.parametrize("area", list(AREAS))
def test_every_code_raised_has_a_chinese_message(area):
    """Every stable ``code`` an app can answer has a zh-CN message in its table or the kernel's."""
    messages = table(area)
    missing = {code: path for code, path in raised_codes(area).items() if code not in messages}
    assert not missing, f"codes without a Chinese message (add them to {AREAS[area][1] or 'tuijin.kernel.messages'}):" \
                        f" {missing}"


def test_the_kernels_generic_codes_have_a_chinese_message():
    """Starlette's HTTP errors (405, 406, 415…) and every status the kernel falls back on speak Chinese too."""
    for code in [*_STATUS_CODES.values(), "http_error"]:
        assert code in KERNEL_MESSAGES, code
    for status, message in STATUS_MESSAGES.items():
        assert CJK.search(message), status


@pytest.mark.parametrize("area", list(AREAS))
def test_every_message_is_chinese(area):
    """A message is shown as it is: it is written in Chinese, not a code or an English sentence."""
    not_chinese = {code: text for code, text in table(area).items() if not CJK.search(text)}
    assert not not_chinese


# ---------------------------------------------------------------- rendered problems

WIDGETS = "/api/v1/test/widgets"


async def test_a_409_of_the_idempotency_layer_carries_its_chinese_message(kernel_app, monkeypatch):
    """A duplicate of a write still running elsewhere: 409 ``idempotency_in_progress`` with ``message``."""
    monkeypatch.setattr(kernel_app.app.state.settings.common, "idempotency_wait_seconds", 0.1)
    k, body = str(uuid.uuid4()), json.dumps({"name": "slow"}).encode()
    t = kernel_app.kernel_tables.idempotency
    async with kernel_app.sessionmaker() as session, session.begin():
        await session.execute(t.insert().values(
            scope_key=scope_key_of("test:unit", "POST", WIDGETS, "", k), request_hash=hashlib.sha256(body).hexdigest(),
            status_code=0, headers=[], body=b"", created_at=utcnow()))
    resp = await kernel_app.client.post(WIDGETS, content=body, headers={
        **kernel_app.auth("unit"), "Idempotency-Key": k, "Content-Type": "application/json"})
    assert (resp.status_code, resp.json()["code"]) == (409, "idempotency_in_progress")
    assert resp.json()["message"] == KERNEL_MESSAGES["idempotency_in_progress"]


async def test_a_domain_409_and_a_500_carry_a_chinese_message(kernel_app):
    headers = kernel_app.auth("unit")
    await kernel_app.client.post(WIDGETS, json={"name": "w"}, headers=headers)
    again = await kernel_app.client.post(WIDGETS, json={"name": "w"}, headers=headers)
    assert again.status_code == 409 and CJK.search(again.json()["message"])
    boom = await kernel_app.client.get("/api/v1/test/boom")
    assert boom.json()["message"] == KERNEL_MESSAGES["internal_error"]


async def test_the_limits_middlewares_raw_problems_carry_a_chinese_message(stack):
    """The 413 and the malformed-path 422 are rendered in pure ASGI, before any route: ``message`` too."""
    app = stack.apps["registry"]
    limit = app.state.settings.common.max_body_bytes
    big = await call(app, "POST", b"/api/v1/projects",
                     headers=[("content-type", "application/json"), ("content-length", str(limit + 1))])
    assert big.status == 413
    assert big.json()["message"] == KERNEL_MESSAGES["payload_too_large"]
    bad = await call(app, "GET", b"/api/v1/projects/%00")
    assert (bad.status, bad.json()["code"]) == (422, "path_invalid")
    assert bad.json()["message"] == KERNEL_MESSAGES["path_invalid"]


async def test_a_problem_relayed_from_another_service_keeps_that_services_message():
    """A service answering with a peer's problem (a code this app's table may not know) shows the peer's
    Chinese message, not a generic one."""
    peer = httpx.MockTransport(lambda request: httpx.Response(409, json={
        "type": "about:blank", "title": "Conflict", "status": 409, "code": "report_exists",
        "message": "该项目该期的进度报告已存在。"}))
    upstreams = Upstreams(CommonSettings(), ["registry"], tokens=None, caller="meetings")  # type: ignore[arg-type]
    upstreams.start({"registry": peer})
    try:
        with pytest.raises(ProblemError) as refused:
            await upstreams.get_json("registry", "/api/v1/progress-reports", token="t", retries=0)
    finally:
        await upstreams.close()
    body = refused.value.to_problem()
    assert (body["status"], body["code"]) == (409, "report_exists")
    assert body["message"] == "该项目该期的进度报告已存在。"


async def test_pydantics_failures_are_given_in_chinese_with_the_kernels_labels(stack):
    """A field too long and a value of the wrong type: each field error in Chinese, named by its label."""
    resp = await stack.client("registry").put("/api/v1/calendar/overrides/2026-10-02",
                                              json={"is_working_day": "perhaps", "note": "x" * 201},
                                              headers=stack.auth("office"))
    body = resp.json()
    assert (resp.status_code, body["code"]) == (422, "validation_failed")
    by_field = {e["field"]: e for e in body["errors"]}
    assert by_field["body.note"]["label"] == "备注"
    assert by_field["body.note"]["message"] == "最多 200 个字符"
    assert by_field["body.is_working_day"]["message"] == "应为是或否"
    assert body["message"] == "提交的内容有误，请按提示修改：是否工作日、备注。"
    assert "invalid fields" in body["detail"]  # the operator's detail is unchanged


def test_a_label_is_found_by_the_fields_own_name_not_its_location():
    """``body.team.0.person_id`` is labelled by ``person_id``; a letter's text ``body.body`` by ``body``; a
    field without a label has none (it is not named by an English guess)."""
    from tuijin.issues.messages import LABELS as ISSUES
    from tuijin.registry.messages import LABELS as REGISTRY

    assert label_for("body.team.0.person_id", REGISTRY) == "人员"
    assert label_for("body.body", ISSUES) == "正文"
    assert label_for("query.to", None) == "结束日期"
    assert label_for("body.no_such_field", REGISTRY) is None
