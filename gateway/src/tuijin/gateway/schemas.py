"""Request and response bodies of the gateway's own routes."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tuijin.gateway.enums import AccountAction
from tuijin.gateway.passwords import MAX_LENGTH, POLICY_TEXT
from tuijin.kernel.auth import Role

USERNAME_PATTERN = r"^[A-Za-z0-9_.@-]{3,64}$"
UNIT_ID = "673112ec-556e-4501-9330-c3f1e83a3b54"  # 栾川县交通运输局, in the examples below
USER_EXAMPLE = {
    "id": "0b6f1c1e-8f2a-4d3b-9c47-2f1e5a7d9b10", "username": "lc.jtj", "display_name": "栾川县交通运输局 联络员",
    "roles": ["unit"], "unit_id": UNIT_ID, "person_id": None, "region_code": "410324", "is_active": True,
    "version": 1, "must_change_password": False, "last_login_at": "2026-10-13T00:42:10Z",
    "created_at": "2026-10-12T01:00:00Z", "updated_at": "2026-10-12T01:00:00Z",
}
ONE_TIME_PASSWORD = "Kp7m-Xq2r-T9zw"
PASSWORD_FIELD = f"the password: {POLICY_TEXT}"


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [USER_EXAMPLE]})

    id: uuid.UUID
    username: str
    display_name: str
    roles: list[Role]
    unit_id: uuid.UUID | None
    person_id: uuid.UUID | None
    region_code: str | None
    is_active: bool
    version: int
    must_change_password: bool = Field(
        description="the password was set by someone else (a reset, a one-time password): the next login may "
                    "only change it")
    last_login_at: datetime | None = Field(description="the last successful login (null: never logged in)")
    created_at: datetime
    updated_at: datetime


class UserCreated(UserOut):
    """The new account, with its one-time password when the server chose it (shown once, never stored)."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [
        {**USER_EXAMPLE, "must_change_password": True, "last_login_at": None, "one_time_password": ONE_TIME_PASSWORD}]})

    one_time_password: str | None = Field(
        None, description="the password the server chose, when the request gave none: hand it to the person; it is "
                          "shown only in this answer and must be changed at the first login")


class UserCreate(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"username": "lc.jtj", "display_name": "栾川县交通运输局 联络员", "roles": ["unit"], "unit_id": UNIT_ID,
         "region_code": "410324"},
        {"username": "lc.fgw", "display_name": "栾川县发改委 联络员", "password": "Fgw-luanchuan-2026",
         "roles": ["unit"], "unit_id": UNIT_ID, "region_code": "410324", "must_change_password": True}]})

    username: str = Field(pattern=USERNAME_PATTERN, examples=["lc.fgw"])
    display_name: str = Field("", max_length=100, examples=["栾川县发改委 联络员"])
    password: str | None = Field(
        None, max_length=MAX_LENGTH,
        description=f"{PASSWORD_FIELD}. Omitted: the server chooses a one-time password, answers it once in "
                    "one_time_password, and the person must change it at the first login")
    must_change_password: bool | None = Field(
        None, description="whether the first login must change the password; default: yes for a one-time "
                          "password, no for a password given here")
    roles: list[Role] = Field(min_length=1, examples=[["unit"]])
    unit_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None
    region_code: str | None = Field(None, pattern=r"^\d{6}$", examples=["410324"])

    @field_validator("roles")
    @classmethod
    def _no_service_role(cls, roles: list[Role]) -> list[Role]:
        if Role.service in roles:
            raise ValueError("the service role is for services, not accounts")
        return sorted(set(roles))


class UserPatch(BaseModel):
    """Fields to change; omitted fields stay as they are."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"display_name": "栾川县交通运输局 项目联络员", "roles": ["unit", "viewer"]}, {"is_active": False}]})

    display_name: str | None = Field(None, max_length=100)
    roles: list[Role] | None = Field(None, min_length=1)
    unit_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None
    region_code: str | None = Field(None, pattern=r"^\d{6}$")
    is_active: bool | None = None

    @field_validator("display_name", "roles", "is_active")
    @classmethod
    def _not_null(cls, value: object) -> object:
        # runs only for fields the client sent: omitting one keeps it, null would break the account
        if value is None:
            raise ValueError("may be omitted but not null")
        return value

    @field_validator("roles")
    @classmethod
    def _no_service_role(cls, roles: list[Role] | None) -> list[Role] | None:
        if roles is not None and Role.service in roles:
            raise ValueError("the service role is for services, not accounts")
        return sorted(set(roles)) if roles is not None else None


class PasswordReset(BaseModel):
    """A reset: with no password the server chooses a one-time password (the usual way)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{}, {"password": "Luanchuan-jiaotong-1203"}]})

    password: str | None = Field(None, max_length=MAX_LENGTH,
                                 description=f"{PASSWORD_FIELD}; omitted: a one-time password the server chooses")


class PasswordResetOut(BaseModel):
    """The outcome of a reset: the one-time password (only here, only once) when the server chose it."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "user_id": USER_EXAMPLE["id"], "username": "lc.jtj", "one_time_password": ONE_TIME_PASSWORD,
        "must_change_password": True}]})

    user_id: uuid.UUID
    username: str
    one_time_password: str | None = Field(description="the password to hand to the person; null when the "
                                                      "request chose the password")
    must_change_password: bool = Field(description="always true: the next login must change the password")


class PasswordChange(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"current_password": "Kp7m-Xq2r-T9zw", "new_password": "Luanchuan-jiaotong-1203"}]})

    current_password: str = Field(max_length=MAX_LENGTH)
    new_password: str = Field(max_length=MAX_LENGTH, description=f"the new password: {POLICY_TEXT}")


class TokenPair(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "access_token": "eyJhbGciOiJFZERTQSIsImtpZCI6ImdhdGV3YXkifQ.eyJzdWIiOiJsYy5qdGoifQ.c2lnbmF0dXJl",
        "token_type": "bearer", "expires_in": 900, "refresh_token": "r1Xq7mV0c9yZ2kLwQe5tB8nH3jF6dS4a",
        "refresh_expires_in": 1209600, "password_change_required": False, "user": USER_EXAMPLE}]})

    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="seconds the access token lives")
    refresh_token: str | None = Field(description="null when password_change_required (no session until then)")
    refresh_expires_in: int = Field(description="seconds the refresh token lives (0: none)")
    password_change_required: bool = Field(
        False, description="true after a reset: access_token may only change the password (POST "
                           "/api/v1/auth/password), read the account and log out; any other call answers 403 "
                           "password_change_required. Log in again with the new password")
    user: UserOut


class RefreshRequest(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"refresh_token": "r1Xq7mV0c9yZ2kLwQe5tB8nH3jF6dS4a"}]})

    refresh_token: str = Field(min_length=10)


class SessionOut(BaseModel):
    """A login (登录会话) that can still be refreshed: the refresh tokens rotated from one login."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "5d0e2f4a-1b3c-4d5e-8f90-a1b2c3d4e5f6", "logged_in_at": "2026-10-13T00:42:10Z",
        "last_used_at": "2026-10-13T03:15:02Z", "expires_at": "2026-10-27T03:15:02Z", "client_ip": "10.12.3.45",
        "user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"}]})

    id: uuid.UUID = Field(description="the session's id (DELETE .../sessions/{session_id} revokes it)")
    logged_in_at: datetime
    last_used_at: datetime = Field(description="the last refresh (or the login)")
    expires_at: datetime = Field(description="when it ends unless refreshed before")
    client_ip: str | None = Field(description="the address of the last login or refresh, when known")
    user_agent: str | None = None


ChangedValue = bool | int | str | list[str] | None


class FieldChange(BaseModel):
    """One field's value before and after a change (a uuid as its text; roles as a list; a count of sessions)."""

    before: ChangedValue = None
    after: ChangedValue = None


class AccountAuditOut(BaseModel):
    """One change of an account: who, when, what (changed fields before and after; never a password)."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "id": "7a1c9e3b-2d4f-4a6b-8c0d-1e2f3a4b5c6d", "at": "2026-10-13T02:05:00Z",
        "actor_id": "3f1e2d4c-5b6a-4789-9abc-def012345678", "actor_name": "lc.office", "action": "roles_changed",
        "target_id": USER_EXAMPLE["id"], "target_username": "lc.jtj", "region_code": "410324",
        "changes": {"roles": {"before": ["unit"], "after": ["unit", "viewer"]}}}]})

    id: uuid.UUID
    at: datetime
    actor_id: uuid.UUID | None = Field(description="the account that made the change")
    actor_name: str = Field(description="its username")
    action: AccountAction
    target_id: uuid.UUID = Field(description="the changed account")
    target_username: str
    region_code: str | None
    changes: dict[str, FieldChange] = Field(
        description="field → {before, after}; ``sessions``: how many were revoked; ``password``: how it was set "
                    "(one-time or chosen), never the password")
