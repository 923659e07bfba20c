"""Who sees which procedures: whoever sees the project, and the procedure's lead unit (手续领办单位) in its
region, which works on procedures of projects it is otherwise not part of."""

from __future__ import annotations

from sqlalchemy import and_, or_
from sqlalchemy.sql.elements import ColumnElement

from tuijin.kernel.auth import Principal, Role, region_clause
from tuijin.registry.procedures.models import ProjectProcedure
from tuijin.registry.projects.access import project_visibility


def is_lead_unit(principal: Principal, procedure: ProjectProcedure) -> bool:
    return (
        Role.unit in principal.roles
        and principal.unit_id is not None
        and principal.unit_id == procedure.lead_unit_id
        and principal.can_see_region(procedure.region_code)
    )


def procedure_visibility(principal: Principal) -> ColumnElement | None:
    """WHERE clause on ProjectProcedure joined with Project (None: everything)."""
    visible = project_visibility(principal)
    if visible is None:
        return None
    if Role.unit in principal.roles and principal.unit_id:
        lead = ProjectProcedure.lead_unit_id == principal.unit_id
        region = region_clause(principal, ProjectProcedure.region_code)
        return or_(visible, and_(region, lead) if region is not None else lead)
    return visible
