"""Who sees and does what in the issues service: a user never sees another region; the office and
supervisors see their region; a unit sees the problems of its projects and those it is asked to solve,
and the letters and interviews addressed to it; a leader sees what concerns the projects of the posts
they hold today (the registry says which)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import Select, false, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from tuijin.issues.directory import repository as directory_repo
from tuijin.kernel.access import REGION_WIDE_ROLES, SUPERVISION_ROLES, ensure_office_of, ensure_roles_of
from tuijin.kernel.auth import CurrentPrincipal, Principal, Role, region_clause


def ensure_supervision_of(principal: Principal, region_code: str) -> None:
    """The office or the supervision office (督查室) of that region, or an admin."""
    ensure_roles_of(principal, region_code, SUPERVISION_ROLES,
                    "Only the office or the supervision office (督查室) does this.")


def ensure_region_reader(principal: Principal, region_code: str) -> None:
    """Region-wide figures: the office, supervisors, scorers, viewers (and services) of the region."""
    ensure_roles_of(principal, region_code, REGION_WIDE_ROLES,
                    "Region-wide figures are for the office and supervisors.")


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    return header.split(" ", 1)[1] if header.lower().startswith("bearer ") else None


@dataclass
class Scope:
    """The caller and what they may see; ``leader_projects`` are the projects of the posts they hold today."""

    principal: Principal
    leader_projects: frozenset[uuid.UUID] = field(default_factory=frozenset)

    @property
    def unrestricted(self) -> bool:
        return self.principal.is_admin or self.principal.is_service

    @property
    def region_wide(self) -> bool:
        return self.unrestricted or self.principal.has_any(*REGION_WIDE_ROLES)

    @property
    def is_office(self) -> bool:
        return self.principal.has_any(Role.office)

    @property
    def is_supervision(self) -> bool:
        return self.principal.has_any(*SUPERVISION_ROLES)

    @property
    def unit_id(self) -> uuid.UUID | None:
        p = self.principal
        return p.unit_id if Role.unit in p.roles else None

    def region(self, column: ColumnElement) -> ColumnElement | None:
        return region_clause(self.principal, column)

    def clause(
        self,
        region_column: ColumnElement,
        *,
        unit_clause: ColumnElement | None,
        project_column: ColumnElement | None,
    ) -> ColumnElement | None:
        """WHERE clause of what the caller may see: the region for region-wide roles, else rows matching the
        caller's unit (``unit_clause``) or a leader's projects."""
        region = self.region(region_column)
        if self.region_wide:
            return region
        own: list[ColumnElement] = []
        if unit_clause is not None and self.unit_id is not None:
            own.append(unit_clause)
        if project_column is not None and self.leader_projects:
            own.append(project_column.in_(self.leader_projects))
        if not own:
            return false()
        return or_(*own) if region is None else (region & or_(*own))

    async def is_project_unit(self, session: AsyncSession, project_id: uuid.UUID) -> bool:
        """The caller's unit is the project's responsible, owner or co-organising unit."""
        if self.unit_id is None:
            return False
        return await directory_repo.is_project_unit(session, project_id, self.unit_id)

    def is_project_leader(self, project_id: uuid.UUID) -> bool:
        return project_id in self.leader_projects


def restrict(stmt: Select, clause: ColumnElement | None, *equal: tuple[ColumnElement, Any]) -> Select:
    """``stmt`` limited to what the caller may see (``clause``, None: everything) and to each ``column == value``
    whose value is given (not None): the shape of every list and every read of one record."""
    if clause is not None:
        stmt = stmt.where(clause)
    for column, value in equal:
        if value is not None:
            stmt = stmt.where(column == value)
    return stmt


async def get_scope(request: Request, principal: CurrentPrincipal) -> Scope:
    """Dependency: the caller's scope (a leader's projects are read from the registry with their token)."""
    leader_projects: frozenset[uuid.UUID] = frozenset()
    if Role.leader in principal.roles and not principal.has_any(*REGION_WIDE_ROLES):
        leader_projects = await request.app.state.directory.leader_projects(
            request.app.state.upstreams, principal, bearer_token(request)
        )
    return Scope(principal=principal, leader_projects=leader_projects)


ScopeDep = Annotated[Scope, Depends(get_scope)]


__all__ = [
    "REGION_WIDE_ROLES",
    "SUPERVISION_ROLES",
    "Scope",
    "ScopeDep",
    "ensure_office_of",
    "ensure_region_reader",
    "ensure_supervision_of",
    "get_scope",
    "restrict",
]
