"""Request and response bodies of the gateway's own routes."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tuijin.kernel.auth import Role

USERNAME_PATTERN = r"^[A-Za-z0-9_.@-]{3,64}$"


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

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
    password: str = Field(min_length=10, max_length=128)


class PasswordChange(BaseModel):
    current_password: str
    new_password: str = Field(min_length=10, max_length=128)


class TokenPair(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="seconds the access token lives")
    refresh_token: str
    refresh_expires_in: int
    user: UserOut


class RefreshRequest(BaseModel):
    refresh_token: str = Field(min_length=10)
