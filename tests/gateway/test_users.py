"""User management: creation, ETag / If-Match on edits, region scope of an office, and the rules on roles and
on an admin's own account (what an office may do to its region's accounts: test_accounts_office.py)."""

from __future__ import annotations

import uuid

USERS = "/api/v1/users"
REGION = "410324"
OTHER_REGION = "410325"


def _new_user(username: str = "lc.fgw", **over):
    return {"username": username, "display_name": "栾川县发改委 联络员", "password": "user-password-123",
            "roles": ["unit"], "region_code": REGION, **over}


async def test_admin_creates_a_user_with_location_and_etag(gw):
    resp = await gw.client.post(USERS, json=_new_user(), headers=gw.admin)

    assert resp.status_code == 201, resp.text
    user = resp.json()
    assert user["username"] == "lc.fgw" and user["roles"] == ["unit"] and user["region_code"] == REGION
    assert "password" not in user and "password_hash" not in user
    assert resp.headers["location"] == f"{USERS}/{user['id']}"
    assert resp.headers["etag"] == f'"{user["version"]}"'
    read = await gw.client.get(resp.headers["location"], headers=gw.admin)
    assert read.status_code == 200 and read.json()["id"] == user["id"]
    assert read.headers["etag"] == resp.headers["etag"]


async def test_a_taken_username_is_refused_with_409(gw):
    await gw.create_user("lc.fgw")

    resp = await gw.client.post(USERS, json=_new_user("lc.fgw", roles=["office"]), headers=gw.admin)

    gw.problem(resp, 409, "username_taken")


async def test_a_unit_account_cannot_create_a_user(gw):
    resp = await gw.client.post(USERS, json=_new_user(), headers=gw.stack.auth("unit", region=REGION))

    gw.problem(resp, 403, "role_required")
    listed = await gw.client.get(USERS, headers=gw.admin)
    assert "lc.fgw" not in [u["username"] for u in listed.json()["items"]]


async def test_patch_without_if_match_is_refused_with_428(gw):
    user = await gw.create_user()

    resp = await gw.client.patch(f"{USERS}/{user['id']}", json={"display_name": "新名字"}, headers=gw.admin)

    gw.problem(resp, 428, "if_match_required")


async def test_patch_with_a_stale_etag_is_refused_with_412_and_changes_nothing(gw):
    user = await gw.create_user()
    url = f"{USERS}/{user['id']}"
    stale = (await gw.client.get(url, headers=gw.admin)).headers["etag"]
    first = await gw.client.patch(url, json={"display_name": "第一次"}, headers={**gw.admin, "If-Match": stale})
    assert first.status_code == 200, first.text

    resp = await gw.client.patch(url, json={"display_name": "第二次"}, headers={**gw.admin, "If-Match": stale})

    body = gw.problem(resp, 412, "stale_etag")
    assert body["current_etag"] == first.headers["etag"]
    assert (await gw.client.get(url, headers=gw.admin)).json()["display_name"] == "第一次"


async def test_patch_with_the_current_etag_applies_and_returns_a_new_etag(gw):
    user = await gw.create_user()
    url = f"{USERS}/{user['id']}"
    etag = (await gw.client.get(url, headers=gw.admin)).headers["etag"]

    resp = await gw.client.patch(url, json={"display_name": "新名字", "roles": ["office"]},
                                 headers={**gw.admin, "If-Match": etag})

    assert resp.status_code == 200, resp.text
    assert resp.json()["display_name"] == "新名字" and resp.json()["roles"] == ["office"]
    assert resp.headers["etag"] != etag
    assert resp.headers["etag"] == f'"{resp.json()["version"]}"'
    assert (await gw.client.get(url, headers=gw.admin)).headers["etag"] == resp.headers["etag"]


async def test_patch_with_null_for_a_field_that_cannot_be_empty_is_a_validation_error(gw):
    user = await gw.create_user()
    url = f"{USERS}/{user['id']}"
    etag = (await gw.client.get(url, headers=gw.admin)).headers["etag"]

    for field in ("roles", "is_active", "display_name"):
        resp = await gw.client.patch(url, json={field: None}, headers={**gw.admin, "If-Match": etag})
        body = gw.problem(resp, 422, "validation_failed")
        assert f"body.{field}" in [e["field"] for e in body["errors"]]


async def test_an_office_lists_only_the_users_of_its_own_region(gw):
    mine = await gw.create_user("mine.a", region_code=REGION)
    mine_too = await gw.create_user("mine.b", roles=["leader"], region_code=REGION)
    await gw.create_user("theirs", region_code=OTHER_REGION)
    await gw.create_user("nowhere", region_code=None)

    resp = await gw.client.get(USERS, headers=gw.stack.auth("office", region=REGION))
    asked_for_other = await gw.client.get(USERS, params={"region_code": OTHER_REGION},
                                          headers=gw.stack.auth("office", region=REGION))

    assert resp.status_code == 200, resp.text
    assert [u["id"] for u in resp.json()["items"]] == [mine["id"], mine_too["id"]]
    assert asked_for_other.status_code == 200 and asked_for_other.json()["items"] == []
    every = await gw.client.get(USERS, headers=gw.admin)
    assert {"mine.a", "mine.b", "theirs", "nowhere", "admin"} <= {u["username"] for u in every.json()["items"]}


async def test_an_office_gets_404_for_a_user_of_another_region_or_of_none(gw):
    """Scope is exact: an account the office cannot see answers as a missing one does (404 user_not_found),
    so an id of another region tells nothing."""
    theirs = await gw.create_user("theirs", region_code=OTHER_REGION)
    national = await gw.create_user("national", region_code=None, roles=["viewer"])
    office = gw.stack.auth("office", region=REGION)

    for user in (theirs, national):
        gw.problem(await gw.client.get(f"{USERS}/{user['id']}", headers=office), 404, "user_not_found")
    gw.problem(await gw.client.get(f"{USERS}/{uuid.uuid4()}", headers=office), 404, "user_not_found")


async def test_a_bad_region_code_is_a_validation_error_naming_body_region_code(gw):
    resp = await gw.client.post(USERS, json=_new_user(region_code="41032X"), headers=gw.admin)

    body = gw.problem(resp, 422, "validation_failed")
    assert [e["field"] for e in body["errors"]] == ["body.region_code"]


async def test_the_service_role_cannot_be_given_to_an_account(gw):
    created = await gw.client.post(USERS, json=_new_user(roles=["unit", "service"]), headers=gw.admin)
    user = await gw.create_user()
    url = f"{USERS}/{user['id']}"
    etag = (await gw.client.get(url, headers=gw.admin)).headers["etag"]
    patched = await gw.client.patch(url, json={"roles": ["service"]}, headers={**gw.admin, "If-Match": etag})

    for resp in (created, patched):
        body = gw.problem(resp, 422, "validation_failed")
        assert "body.roles" in [e["field"] for e in body["errors"]]
    assert (await gw.client.get(url, headers=gw.admin)).json()["roles"] == ["unit"]


async def test_an_admin_cannot_disable_their_own_account(gw):
    pair = await gw.login()
    me = pair["user"]
    headers = gw.bearer(pair["access_token"])
    url = f"{USERS}/{me['id']}"
    etag = (await gw.client.get(url, headers=headers)).headers["etag"]

    resp = await gw.client.patch(url, json={"is_active": False}, headers={**headers, "If-Match": etag})

    gw.problem(resp, 403, "self_lockout")
    assert (await gw.client.get(url, headers=headers)).json()["is_active"] is True
    assert (await gw.refresh(pair["refresh_token"])).status_code == 200


async def test_an_admin_cannot_drop_their_own_admin_role(gw):
    pair = await gw.login()
    headers = gw.bearer(pair["access_token"])
    url = f"{USERS}/{pair['user']['id']}"
    etag = (await gw.client.get(url, headers=headers)).headers["etag"]

    resp = await gw.client.patch(url, json={"roles": ["office"]}, headers={**headers, "If-Match": etag})

    gw.problem(resp, 403, "self_lockout")


async def test_an_admin_resets_the_password_of_a_unit_account_and_its_sessions_end(gw):
    user, pair = await gw.user_with_tokens(roles=["unit"])
    admin = gw.bearer((await gw.login())["access_token"])

    resp = await gw.client.post(f"{USERS}/{user['id']}/password", json={"password": "a-new-password-456"},
                                headers=admin)

    assert resp.status_code == 200, resp.text
    assert resp.json()["one_time_password"] is None and resp.json()["must_change_password"] is True
    gw.problem(await gw.refresh(pair["refresh_token"]), 401, "refresh_token_revoked")
    login = await gw.login_response(user["username"], "a-new-password-456")
    assert login.status_code == 200 and login.json()["password_change_required"] is True


async def test_an_admin_cannot_reset_their_own_password_without_the_current_one(gw):
    """An admin changing their own password gives the current one (POST /auth/password), so a stolen
    admin session cannot set a password the owner does not know."""
    pair = await gw.login()
    headers = gw.bearer(pair["access_token"])

    resp = await gw.client.post(f"{USERS}/{pair['user']['id']}/password", json={"password": "taken-over-456"},
                                headers=headers)
    wrong_current = await gw.client.post("/api/v1/auth/password", headers=headers, json={
        "current_password": "not-the-password", "new_password": "taken-over-456"})

    body = gw.problem(resp, 403, "own_password_needs_current")
    assert "当前密码" in body["detail"]
    gw.problem(wrong_current, 401, "invalid_credentials")
    assert (await gw.login_response(gw.admin_username, "taken-over-456")).status_code == 401
    assert (await gw.refresh(pair["refresh_token"])).status_code == 200


async def test_an_admin_cannot_reset_another_admins_password_through_the_api(gw):
    other = await gw.create_user("second.admin", roles=["admin"], region_code=None)
    other_pair = await gw.login("second.admin", "user-password-123")
    admin = gw.bearer((await gw.login())["access_token"])

    resp = await gw.client.post(f"{USERS}/{other['id']}/password", json={"password": "taken-over-456"},
                                headers=admin)

    body = gw.problem(resp, 403, "admin_password_reset_forbidden")
    assert "reset-admin" in body["detail"]
    assert (await gw.login_response("second.admin", "taken-over-456")).status_code == 401
    assert (await gw.refresh(other_pair["refresh_token"])).status_code == 200


async def test_a_unit_account_cannot_reset_a_password(gw):
    user = await gw.create_user(roles=["unit"])

    resp = await gw.client.post(f"{USERS}/{user['id']}/password", json={"password": "a-new-password-456"},
                                headers=gw.stack.auth("unit", region=REGION))

    gw.problem(resp, 403, "role_required")
