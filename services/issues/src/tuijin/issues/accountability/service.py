"""Rules of accountability (问责): a record names its target as the registry knows it (a unit or a post of the
region), and its grounds as typed references. Letters and interviews are this service's own records and must be
the region's; inspections, absences (the meetings service) and rankings (the scoring service) are kept as the
references given, with their note."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.issues.accountability import repository as repo
from tuijin.issues.accountability.enums import AccountabilityTarget, GroundKind
from tuijin.issues.accountability.errors import GroundNotFound, PostNotFound, TargetMismatch
from tuijin.issues.accountability.models import AccountabilityRecord
from tuijin.issues.accountability.schemas import AccountabilityCreate
from tuijin.issues.errors import Required
from tuijin.issues.upstream import require_unit
from tuijin.kernel.clock import utcnow


async def require_post(state: Any, region_code: str, post_id: Any, field: str) -> dict[str, Any]:
    """A post of the region (from the registry), else a 422 ``post_not_found`` naming ``field``."""
    posts = await state.upstreams.pages("registry", "/api/v1/posts", {"region_code": region_code}, max_pages=50)
    found = next((p for p in posts if p.get("id") == str(post_id) and p.get("region_code") == region_code), None)
    if found is None:
        raise PostNotFound(f"No post {post_id} in region {region_code}.", field=field)
    return found


async def target_name(state: Any, body: AccountabilityCreate) -> str:
    """The target checked against the registry: its name (unit) or title (post)."""
    if body.target_kind == AccountabilityTarget.unit:
        if body.unit_id is None:
            raise Required("A record against a unit names the unit.", field="body.unit_id")
        if body.post_id is not None:
            raise TargetMismatch("A record against a unit names no post.", field="body.post_id")
        return str((await require_unit(state, body.region_code, body.unit_id, "body.unit_id"))["name"])
    if body.post_id is None:
        raise Required("A record against a post names the post.", field="body.post_id")
    if body.unit_id is not None:
        raise TargetMismatch("A record against a post names no unit.", field="body.unit_id")
    return str((await require_post(state, body.region_code, body.post_id, "body.post_id")).get("title", ""))


async def check_grounds(session: AsyncSession, body: AccountabilityCreate) -> None:
    """Each letter or interview named as a ground is one of the region's (else 422 ``ground_not_found`` on
    ``body.grounds.<i>.id``)."""
    for i, ground in enumerate(body.grounds):
        if ground.kind == GroundKind.letter:
            region = await repo.letter_region(session, ground.id)
        elif ground.kind == GroundKind.interview:
            region = await repo.interview_region(session, ground.id)
        else:
            continue
        if region != body.region_code:
            raise GroundNotFound(f"No {ground.kind.value} {ground.id} in the region.", field=f"body.grounds.{i}.id")


async def record(session: AsyncSession, body: AccountabilityCreate, name: str, by: str) -> AccountabilityRecord:
    rec = AccountabilityRecord(
        region_code=body.region_code, sanction=body.sanction.value, target_kind=body.target_kind.value,
        unit_id=body.unit_id, post_id=body.post_id, target_name=name[:200], project_id=body.project_id,
        summary=body.summary, grounds=[g.model_dump(mode="json") for g in body.grounds], decided_by=body.decided_by,
        decided_on=body.decided_on, recorded_by=by, recorded_at=utcnow(),
    )
    session.add(rec)
    await session.flush()
    return rec
