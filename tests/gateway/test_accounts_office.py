"""Accounts the office runs (issue 17): an office creates, edits, disables, re-enables and resets the accounts of its
own region with the roles it may grant (unit, leader, supervisor, scorer, viewer); a reset gives a one-time password
the person must change before anything else; the password policy; sessions and revoking them; and the audit record
of every account change."""

from __future__ import annotations

import json
import uuid
from typing import Any

USERS = "/api/v1/users"
AUDIT = "/api/v1/users/audit-records"
REGION = "410324"
OTHER_REGION = "410325"
PASSWORD = "Luanchuan-xiangmu-2026"


def _name(prefix: str) -> str:
    return f"{prefix}.{uuid.uuid4().hex[:8]}"


async def _office(gw: Any, region: str = REGION) -> tuple[dict[str, Any], dict[str, str]]:
    """A real office account of ``region`` (made by the admin) and the header of its login."""
    office = await gw.create_user(_name("office"), roles=["office"], region_code=region, password=PASSWORD)
    pair = await gw.login(office["username"], PASSWORD)
    return office, gw.bearer(pair["access_token"])


async def _create(gw: Any, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    body = {"username": _name("lc"), "display_name": "栾川县交通运输局 联络员", "roles": ["unit"], **body}
    resp = await gw.client.post(USERS, json=body, headers=headers)
    assert resp.status_code == 201, resp.text
    return resp.json()


async def _patch(gw: Any, headers: dict[str, str], user_id: str, body: dict[str, Any]) -> Any:
    etag = (await gw.client.get(f"{USERS}/{user_id}", headers=headers)).headers["etag"]
    return await gw.client.patch(f"{USERS}/{user_id}", json=body, headers={**headers, "If-Match": etag})


async def test_an_office_resets_a_liaisons_password_and_the_liaison_must_change_it_before_anything_else(gw):
    _, office = await _office(gw)
    liaison = await _create(gw, office, password=PASSWORD)
    old = await gw.login(liaison["username"], PASSWORD)

    reset = await gw.client.post(f"{USERS}/{liaison['id']}/password", headers=office)

    assert reset.status_code == 200, reset.text
    one_time = reset.json()["one_time_password"]
    assert one_time and reset.json()["must_change_password"] is True
    gw.problem(await gw.refresh(old["refresh_token"]), 401, "refresh_token_revoked")
    gw.problem(await gw.login_response(liaison["username"], PASSWORD), 401, "invalid_credentials")
    login = await gw.login_response(liaison["username"], one_time)
    assert login.status_code == 200, login.text
    limited = login.json()
    assert limited["password_change_required"] is True and limited["refresh_token"] is None
    headers = gw.bearer(limited["access_token"])
    # nothing but the change: a service's route, a gateway route, a view
    for method, path in (("GET", "/api/v1/projects"), ("GET", "/api/v1/auth/sessions"),
                         ("DELETE", "/api/v1/auth/sessions"), ("GET", "/api/v1/todos")):
        body = gw.problem(await gw.client.request(method, path, headers=headers), 403, "password_change_required")
        assert body["message"] == "您的密码已被重置，请先修改密码。"
    me = await gw.client.get("/api/v1/auth/me", headers=headers)
    assert me.status_code == 200 and me.json()["must_change_password"] is True
    same = await gw.client.post("/api/v1/auth/password", headers=headers,
                                json={"current_password": one_time, "new_password": one_time})
    assert gw.problem(same, 422, "password_unchanged")["errors"][0]["field"] == "body.new_password"

    changed = await gw.client.post("/api/v1/auth/password", headers=headers,
                                   json={"current_password": one_time, "new_password": "Jiaotong-luanchuan-1205"})

    assert changed.status_code == 204, changed.text
    gw.problem(await gw.login_response(liaison["username"], one_time), 401, "invalid_credentials")
    full = await gw.login(liaison["username"], "Jiaotong-luanchuan-1205")
    assert full["password_change_required"] is False and full["refresh_token"]
    after = gw.bearer(full["access_token"])
    assert (await gw.client.get("/api/v1/auth/sessions", headers=after)).status_code == 200
    assert (await gw.client.get("/api/v1/auth/me", headers=after)).json()["must_change_password"] is False
    assert (await gw.refresh(full["refresh_token"])).status_code == 200


async def test_an_account_created_without_a_password_gets_a_one_time_password_it_must_change(gw):
    _, office = await _office(gw)

    user = await _create(gw, office)

    assert user["one_time_password"] and user["must_change_password"] is True
    login = await gw.login_response(user["username"], user["one_time_password"])
    assert login.json()["password_change_required"] is True
    read = await gw.client.get(f"{USERS}/{user['id']}", headers=office)
    assert "one_time_password" not in read.json()


async def test_an_office_cannot_create_an_admin_nor_grant_office(gw):
    _, office = await _office(gw)
    liaison = await _create(gw, office, password=PASSWORD)

    admin = await gw.client.post(USERS, headers=office, json={
        "username": _name("boss"), "password": PASSWORD, "roles": ["admin"]})
    another_office = await gw.client.post(USERS, headers=office, json={
        "username": _name("office2"), "password": PASSWORD, "roles": ["unit", "office"]})
    promoted = await _patch(gw, office, liaison["id"], {"roles": ["unit", "office"]})

    body = gw.problem(admin, 403, "role_not_grantable")
    assert body["role"] == "admin" and "系统管理员" in body["message"]
    for resp in (another_office, promoted):
        body = gw.problem(resp, 403, "role_not_grantable")
        assert body["role"] == "office" and "重点项目办公室" in body["message"]
    assert (await gw.client.get(f"{USERS}/{liaison['id']}", headers=office)).json()["roles"] == ["unit"]
    every = (await gw.client.get(USERS, headers=gw.admin, params={"limit": 200})).json()["items"]
    names = {u["username"] for u in every}
    assert not any(n.startswith(("boss.", "office2.")) for n in names)


async def test_an_office_does_not_manage_another_office_account_of_its_region(gw):
    _, office = await _office(gw)
    colleague, _ = await _office(gw)

    reset = await gw.client.post(f"{USERS}/{colleague['id']}/password", headers=office)
    disabled = await _patch(gw, office, colleague["id"], {"is_active": False})

    for resp in (reset, disabled):
        assert gw.problem(resp, 403, "role_not_grantable")["role"] == "office"


async def test_an_office_of_region_a_gets_404_for_region_b_accounts_and_cannot_list_them(gw):
    _, office_a = await _office(gw, REGION)
    _, office_b = await _office(gw, OTHER_REGION)
    theirs = await _create(gw, office_b, password=PASSWORD)
    url = f"{USERS}/{theirs['id']}"
    etag = (await gw.client.get(url, headers=office_b)).headers["etag"]

    answers = [
        await gw.client.get(url, headers=office_a),
        await gw.client.patch(url, json={"is_active": False}, headers={**office_a, "If-Match": etag}),
        await gw.client.post(f"{url}/password", headers=office_a),
        await gw.client.get(f"{url}/sessions", headers=office_a),
        await gw.client.delete(f"{url}/sessions", headers=office_a),
        await gw.client.delete(f"{url}/sessions/{uuid.uuid4()}", headers=office_a),
    ]

    for resp in answers:
        gw.problem(resp, 404, "user_not_found")
    listed = await gw.client.get(USERS, headers=office_a, params={"limit": 200})
    asked = await gw.client.get(USERS, headers=office_a, params={"region_code": OTHER_REGION})
    assert theirs["id"] not in [u["id"] for u in listed.json()["items"]]
    assert {u["region_code"] for u in listed.json()["items"]} == {REGION}
    assert asked.json()["items"] == []
    audit = await gw.client.get(AUDIT, headers=office_a, params={"user_id": theirs["id"]})
    assert audit.status_code == 200 and audit.json()["items"] == []
    created_there = await gw.client.post(USERS, headers=office_a, json={
        "username": _name("lc"), "password": PASSWORD, "roles": ["unit"], "region_code": OTHER_REGION})
    gw.problem(created_there, 403, "region_forbidden")
    assert (await gw.client.get(url, headers=office_b)).json()["is_active"] is True


async def test_an_office_creates_edits_disables_and_re_enables_its_regions_accounts(gw):
    _, office = await _office(gw)
    leader = await _create(gw, office, password=PASSWORD, roles=["leader"])
    assert leader["region_code"] == REGION  # omitted: the office's region
    assert leader["last_login_at"] is None

    await gw.login(leader["username"], PASSWORD)
    renamed = await _patch(gw, office, leader["id"],
                           {"display_name": "县级责任领导 王某", "roles": ["leader", "viewer"]})
    disabled = await _patch(gw, office, leader["id"], {"is_active": False})
    refused = await gw.login_response(leader["username"], PASSWORD)
    enabled = await _patch(gw, office, leader["id"], {"is_active": True})

    assert renamed.status_code == 200 and renamed.json()["roles"] == ["leader", "viewer"]
    assert disabled.status_code == 200 and disabled.json()["is_active"] is False
    gw.problem(refused, 401, "invalid_credentials")
    assert enabled.status_code == 200 and enabled.json()["is_active"] is True
    assert (await gw.login_response(leader["username"], PASSWORD)).status_code == 200
    listed = await gw.client.get(USERS, headers=office, params={"limit": 200})
    row = next(u for u in listed.json()["items"] if u["id"] == leader["id"])
    assert row["last_login_at"] is not None
    leaders = (await gw.client.get(USERS, headers=office, params={"role": "leader", "limit": 200})).json()["items"]
    assert leader["id"] in [u["id"] for u in leaders] and all("leader" in u["roles"] for u in leaders)


async def test_the_password_policy_refuses_short_passwords_the_username_and_breached_ones(gw):
    """At least 10 characters, not containing the username, not a common breached password: on creation, on a
    reset with a chosen password and on a change, each a 422 naming the field with a Chinese message."""
    _, office = await _office(gw)
    username = _name("lc")
    cases = {"password_too_short": "Ab3-xyz", "password_contains_username": f"X{username.upper()}-2026",
             "password_breached": "password123"}
    for code, password in cases.items():
        resp = await gw.client.post(USERS, headers=office, json={
            "username": username, "password": password, "roles": ["unit"]})
        error = gw.problem(resp, 422, code)["errors"][0]
        assert error["field"] == "body.password" and error["label"] == "密码" and "密码" in error["message"]

    user = await _create(gw, office, password=PASSWORD)
    reset = await gw.client.post(f"{USERS}/{user['id']}/password", headers=office,
                                 json={"password": f"{user['username']}-2026"})
    gw.problem(reset, 422, "password_contains_username")
    pair = await gw.login(user["username"], PASSWORD)
    change = await gw.client.post("/api/v1/auth/password", headers=gw.bearer(pair["access_token"]),
                                  json={"current_password": PASSWORD, "new_password": "qwertyuiop"})
    error = gw.problem(change, 422, "password_breached")["errors"][0]
    assert error["field"] == "body.new_password" and error["label"] == "新密码"
    assert (await gw.login_response(user["username"], PASSWORD)).status_code == 200


async def test_revoking_all_my_sessions_makes_every_old_refresh_token_fail(gw):
    user = await gw.create_user(_name("lc"), password=PASSWORD)
    first = await gw.login(user["username"], PASSWORD)
    second = await gw.login(user["username"], PASSWORD)
    headers = gw.bearer(second["access_token"])
    sessions = (await gw.client.get("/api/v1/auth/sessions", headers=headers)).json()
    assert len(sessions) == 2 and all(s["client_ip"] for s in sessions)

    resp = await gw.client.delete("/api/v1/auth/sessions", headers=headers)

    assert resp.status_code == 204
    for pair in (first, second):
        gw.problem(await gw.refresh(pair["refresh_token"]), 401, "refresh_token_revoked")
    assert (await gw.client.get("/api/v1/auth/sessions", headers=headers)).json() == []


async def test_an_office_lists_a_liaisons_sessions_and_revokes_one_of_them(gw):
    _, office = await _office(gw)
    liaison = await _create(gw, office, password=PASSWORD)
    kept = await gw.login(liaison["username"], PASSWORD)
    ended = await gw.login(liaison["username"], PASSWORD)
    listed = (await gw.client.get(f"{USERS}/{liaison['id']}/sessions", headers=office)).json()
    assert len(listed) == 2
    assert {"logged_in_at", "last_used_at", "expires_at", "client_ip"} <= set(listed[0])
    # the most recently used first: the second login
    target = listed[0]["id"]

    resp = await gw.client.delete(f"{USERS}/{liaison['id']}/sessions/{target}", headers=office)
    again = await gw.client.delete(f"{USERS}/{liaison['id']}/sessions/{target}", headers=office)

    assert resp.status_code == 204
    gw.problem(again, 404, "session_not_found")
    gw.problem(await gw.refresh(ended["refresh_token"]), 401, "refresh_token_revoked")
    assert (await gw.refresh(kept["refresh_token"])).status_code == 200


async def test_every_account_change_is_on_the_audit_record_with_who_when_and_what(gw):
    office_user, office = await _office(gw)
    user = await _create(gw, office, password=PASSWORD)
    uid = user["id"]
    await _patch(gw, office, uid, {"display_name": "交通运输局 新联络员"})
    await _patch(gw, office, uid, {"roles": ["unit", "viewer"]})
    await _patch(gw, office, uid, {"is_active": False})
    await _patch(gw, office, uid, {"is_active": True})
    one_time = (await gw.client.post(f"{USERS}/{uid}/password", headers=office)).json()["one_time_password"]
    limited = (await gw.login(user["username"], one_time))["access_token"]
    await gw.client.post("/api/v1/auth/password", headers=gw.bearer(limited),
                         json={"current_password": one_time, "new_password": "Jiaotong-luanchuan-1205"})
    await gw.login(user["username"], "Jiaotong-luanchuan-1205")
    await gw.client.delete(f"{USERS}/{uid}/sessions", headers=office)

    resp = await gw.client.get(AUDIT, headers=office, params={"user_id": uid})

    assert resp.status_code == 200, resp.text
    records = resp.json()["items"]
    assert [r["action"] for r in records] == [
        "sessions_revoked", "password_changed", "password_reset", "enabled", "disabled", "roles_changed",
        "updated", "created"]
    by_action = {r["action"]: r for r in records}
    assert by_action["updated"]["changes"] == {
        "display_name": {"before": "栾川县交通运输局 联络员", "after": "交通运输局 新联络员"}}
    assert by_action["roles_changed"]["changes"]["roles"] == {"before": ["unit"], "after": ["unit", "viewer"]}
    assert by_action["disabled"]["changes"]["is_active"] == {"before": True, "after": False}
    assert by_action["sessions_revoked"]["changes"]["sessions"] == {"before": 1, "after": 0}
    assert by_action["password_changed"]["actor_name"] == user["username"]
    for action in ("created", "updated", "password_reset", "sessions_revoked"):
        assert by_action[action]["actor_name"] == office_user["username"]
        assert by_action[action]["actor_id"] == office_user["id"]
        assert by_action[action]["target_username"] == user["username"]
    text = json.dumps(records, ensure_ascii=False)
    assert one_time not in text and PASSWORD not in text and "argon2" not in text
    # keyset pages: three at a time, the same records in the same order
    seen, cursor = [], None
    while True:
        page = (await gw.client.get(AUDIT, headers=office, params={
            "user_id": uid, "limit": 3, **({"cursor": cursor} if cursor else {})})).json()
        seen += [r["id"] for r in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [r["id"] for r in records]
    every = await gw.client.get(AUDIT, headers=gw.admin, params={"user_id": uid})
    assert [r["id"] for r in every.json()["items"]] == seen
