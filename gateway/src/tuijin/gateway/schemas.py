"""Request and response bodies of the gateway's own routes."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tuijin.kernel.auth import Role

USERNAME_PATTERN = r"^[A-Za-z0-9_.@-]{3,64}$"
UNIT_ID = "673112ec-556e-4501-9330-c3f1e83a3b54"  # 栾川县交通运输局, in the examples below
USER_EXAMPLE = {
    "id": "0b6f1c1e-8f2a-4d3b-9c47-2f1e5a7d9b10", "username": "lc.jtj", "display_name": "栾川县交通运输局 联络员",
    "roles": ["unit"], "unit_id": UNIT_ID, "person_id": None, "region_code": "410324", "is_active": True,
    "version": 1, "created_at": "2026-10-12T01:00:00Z", "updated_at": "2026-10-12T01:00:00Z",
}


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
    created_at: datetime
    updated_at: datetime


class UserCreate(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "username": "lc.jtj", "display_name": "栾川县交通运输局 联络员", "password": "Jtj-2026-tuijin",
        "roles": ["unit"], "unit_id": UNIT_ID, "region_code": "410324"}]})

    username: str = Field(pattern=USERNAME_PATTERN, examples=["lc.fgw"])
    display_name: str = Field("", max_length=100, examples=["栾川县发改委 联络员"])
    password: str = Field(min_length=10, max_length=128)
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
    model_config = ConfigDict(json_schema_extra={"examples": [{"password": "Lc-jtj-2026-new"}]})

    password: str = Field(min_length=10, max_length=128)


class PasswordChange(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"current_password": "Jtj-2026-tuijin", "new_password": "Jtj-2026-autumn"}]})

    current_password: str
    new_password: str = Field(min_length=10, max_length=128)


class TokenPair(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "access_token": "eyJhbGciOiJFZERTQSIsImtpZCI6ImdhdGV3YXkifQ.eyJzdWIiOiJsYy5qdGoifQ.c2lnbmF0dXJl",
        "token_type": "bearer", "expires_in": 900, "refresh_token": "r1Xq7mV0c9yZ2kLwQe5tB8nH3jF6dS4a",
        "refresh_expires_in": 1209600, "user": USER_EXAMPLE}]})

    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="seconds the access token lives")
    refresh_token: str
    refresh_expires_in: int
    user: UserOut


class RefreshRequest(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"refresh_token": "r1Xq7mV0c9yZ2kLwQe5tB8nH3jF6dS4a"}]})

    refresh_token: str = Field(min_length=10)
