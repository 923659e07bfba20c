"""``GET /api/v1/enums`` on the gateway: every service's labelled enums, the roles and the outbox statuses in one
answer, under unique ``<app>.<Enum>`` names, every value with a zh-CN label; a service that is down is listed in
``missing`` and the rest is still answered."""

from __future__ import annotations

import json
import re

from tuijin.kernel.auth import ROLE_LABELS, Role
from tuijin.kernel.outbox import OUTBOX_STATUS_LABELS, OutboxStatus
from tuijin.kernel.settings import SERVICES

CJK = re.compile(r"[\u4e00-\u9fff]")


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    keys = [k for k, _ in pairs]
    assert len(keys) == len(set(keys)), f"duplicate keys: {sorted(k for k in keys if keys.count(k) > 1)}"
    return dict(pairs)


async def test_merged_enums_hold_every_services_enums_under_app_qualified_names(gw):
    """Each service's ``GET /api/v1/enums/<app>`` is in the merged answer, value for value, as ``<app>.<Enum>``;
    nothing of one service overwrites another's (ProblemLevel and PeriodKind exist twice with other values)."""
    resp = await gw.client.get("/api/v1/enums")
    assert resp.status_code == 200, resp.text
    body = json.loads(resp.text, object_pairs_hook=_no_duplicate_keys)
    assert body["complete"] is True and body["missing"] == []
    merged = body["enums"]
    expected_count = 0
    for app in [*SERVICES, "gateway"]:
        own = (await gw.client.get(f"/api/v1/enums/{app}")).json()
        assert own, f"{app} has no enums"
        expected_count += len(own)
        for name, values in own.items():
            assert merged[f"{app}.{name}"] == values, f"{app}.{name}"
    assert len(merged) == expected_count, "an enum was dropped or overwritten"
    assert merged["issues.ProblemLevel"] != merged["meetings.ProblemLevel"]
    assert merged["registry.PeriodKind"] != merged["scoring.PeriodKind"]


async def test_merged_enums_include_roles_and_outbox_statuses_with_chinese_labels(gw):
    merged = (await gw.client.get("/api/v1/enums")).json()["enums"]

    roles = {o["value"]: o["label"] for o in merged["gateway.Role"]}
    assert roles == {r.value: ROLE_LABELS[r] for r in Role if r is not Role.service}
    assert roles["admin"] == "系统管理员"
    statuses = {o["value"]: o["label"] for o in merged["gateway.OutboxStatus"]}
    assert statuses == {s.value: OUTBOX_STATUS_LABELS[s.value] for s in OutboxStatus}
    assert statuses["dead"] == "投递失败（死信）"


async def test_every_merged_enum_value_has_a_zh_cn_label(gw):
    """A front end shows ``label`` to a person: every value of every enum has a Chinese one."""
    merged = (await gw.client.get("/api/v1/enums")).json()["enums"]
    unlabelled = [f"{name}.{o['value']}" for name, values in merged.items() for o in values
                  if not CJK.search(o["label"])]
    assert not unlabelled, unlabelled
    for name, values in merged.items():
        assert len({o["value"] for o in values}) == len(values), f"{name} repeats a value"


async def test_merged_enums_answer_without_a_service_that_is_down_and_name_it(gw):
    """A service down: 200 with every other app's enums, the missing one listed in ``missing``, not complete."""
    gw.stack.transports["scoring"].down = True

    resp = await gw.client.get("/api/v1/enums")

    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["complete"] is False
    assert [(m["app"], m["reason"]) for m in body["missing"]] == [("scoring", "unavailable")]
    apps = {name.split(".", 1)[0] for name in body["enums"]}
    assert apps == {"gateway", *SERVICES} - {"scoring"}
    assert "gateway.Role" in body["enums"]


async def test_merged_enums_are_documented_with_a_typed_answer(gw, fresh_openapi):
    """The merged spec types the answer (no free-form object) and says how names are made."""
    doc = (await gw.client.get("/openapi.json")).json()
    op = doc["paths"]["/api/v1/enums"]["get"]
    assert "<app>.<Enum>" in op["description"]
    ref = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    schema = doc["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    assert set(schema["required"]) >= {"enums", "missing", "complete"}
    values = schema["properties"]["enums"]["additionalProperties"]
    assert values["type"] == "array" and "$ref" in values["items"]
