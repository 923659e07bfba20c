"""Chinese for people, as a front end meets it through the gateway: every problem carries ``message``, a zh-CN
sentence to show as it is (a service's problem passes the proxy with its own), and a validation problem names
each field by its Chinese label."""

from __future__ import annotations

import uuid

from tuijin.gateway.messages import MESSAGES as GATEWAY
from tuijin.kernel.messages import CJK, KERNEL_MESSAGES
from tuijin.registry.messages import MESSAGES as REGISTRY

REGION = "410324"


async def test_a_services_404_reaches_the_front_end_with_the_services_chinese_message(gw):
    resp = await gw.client.get(f"/api/v1/projects/{uuid.uuid4()}", headers=gw.stack.auth("office"))
    body = gw.problem(resp, 404, "project_not_found")
    assert body["message"] == REGISTRY["project_not_found"]
    assert body["title"] == "Not Found"  # title and detail stay what they were, for operators


async def test_a_validation_problem_names_each_field_by_its_chinese_label(gw):
    """422 ``validation_failed``: ``errors[].label`` is the field's Chinese label (the import template's column
    name for a project's field), the field's message is Chinese, and ``message`` lists the labels."""
    resp = await gw.client.post("/api/v1/projects", headers=gw.stack.auth("office"), json={
        "region_code": REGION, "code": "LC-001", "total_investment": "很多", "responsible_unit_id": str(uuid.uuid4())})
    body = gw.problem(resp, 422, "validation_failed")
    by_field = {e["field"]: e for e in body["errors"]}
    assert by_field["body.total_investment"]["label"] == "总投资(万元)"
    assert by_field["body.name"]["label"] == "名称"  # a unit and a system have a name too: the generic word
    assert by_field["body.name"]["message"] == "必填"
    assert all(CJK.search(e["message"]) for e in body["errors"])
    assert body["message"].startswith("提交的内容有误")
    assert "总投资(万元)" in body["message"] and "名称" in body["message"]


async def test_a_rule_broken_on_a_field_names_its_label_too(gw):
    """A problem raised by a rule with ``errors`` (not by Pydantic) carries the label of the field it names."""
    resp = await gw.client.get("/api/v1/calendar/days", params={"from": "2026-10-07", "to": "2026-10-01"},
                               headers=gw.stack.auth("office"))
    body = gw.problem(resp, 400, "invalid_range")
    assert body["message"] == KERNEL_MESSAGES["invalid_range"]
    assert [(e["field"], e["label"]) for e in body["errors"]] == [("query.to", "结束日期")]
    assert CJK.search(body["errors"][0]["message"])


async def test_the_gateways_401_carries_a_chinese_message(gw):
    body = gw.problem(await gw.client.get("/api/v1/projects"), 401, "not_authenticated")
    assert body["message"] == KERNEL_MESSAGES["not_authenticated"]
    body = gw.problem(await gw.login_response("nobody", "wrong-password-1"), 401, "invalid_credentials")
    assert body["message"] == GATEWAY["invalid_credentials"]


async def test_a_service_that_is_down_is_a_503_with_a_chinese_message(gw):
    gw.stack.transports["registry"].down = True
    body = gw.problem(await gw.client.get("/api/v1/projects", headers=gw.stack.auth("office")), 503,
                      "upstream_unavailable")
    assert body["message"] == GATEWAY["upstream_unavailable"]


async def test_a_throttled_login_is_a_429_with_a_chinese_message(gw):
    settings = gw.stack.apps["gateway"].state.settings
    user = await gw.create_user()
    for _ in range(settings.login_max_failures):
        gw.problem(await gw.login_response(user["username"], "not-the-password"), 401, "invalid_credentials")
    body = gw.problem(await gw.login_response(user["username"], "not-the-password"), 429, "login_rate_limited")
    assert body["message"] == GATEWAY["login_rate_limited"]


async def test_the_merged_spec_documents_message_as_always_present(gw, fresh_openapi):
    spec = (await gw.client.get("/openapi.json")).json()
    problem = spec["components"]["schemas"]["Problem"]
    assert "message" in problem["required"]
    assert "label" in spec["components"]["schemas"]["FieldError"]["properties"]
