"""Rules of scoring schemes: weights add up, points stay within each weight, versions are immutable."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel import profiles
from tuijin.kernel.auth import Principal, Role
from tuijin.kernel.scope import visible
from tuijin.scoring.schemes import repository as repo
from tuijin.scoring.schemes.defaults import DEFAULT_SCHEMES
from tuijin.scoring.schemes.enums import SubjectKind
from tuijin.scoring.schemes.errors import (
    DimensionNotApplicable,
    DuplicateDimension,
    InvalidRatio,
    PointsAboveWeight,
    SchemeCodeTaken,
    SchemeNotFound,
    VersionNotFound,
    WeightsDoNotAddUp,
)
from tuijin.scoring.schemes.models import Scheme, SchemeVersion
from tuijin.scoring.schemes.schemas import SchemeIn, SchemeOut, VersionIn, VersionOut


def _points(d: Any) -> list[Decimal]:
    """The points a dimension may give besides its weight (bands, categories, deductions)."""
    if d.kind == "bands":
        return [b.points for b in d.bands]
    if d.kind == "category":
        return [*d.points.values(), d.default]
    if d.kind == "deductions":
        return list(d.per_event.values())
    if d.kind == "reserve":
        return [*d.per_entry.values(), d.per_promotion]
    if d.kind == "funds":  # the most both parts give together
        return [d.in_place_points + max((b.points for b in d.won_bands), default=Decimal(0))]
    if d.kind == "schedule":
        return [d.nodes_points + d.physical_points]
    return []


def validate_version(body: VersionIn, subject_kind: SubjectKind, prefix: str = "body") -> None:
    """Refuse weights that do not add up to the total, points beyond a dimension's weight, repeated codes, and
    dimensions that cannot score the subject kind."""
    total = sum((d.weight for d in body.dimensions), Decimal(0))
    if total != body.total_points:
        raise WeightsDoNotAddUp(
            f"The weights add up to {total.normalize():f}, not {body.total_points.normalize():f}.",
            field=f"{prefix}.dimensions", message=f"weights sum to {total:f}")
    seen: set[str] = set()
    for i, d in enumerate(body.dimensions):
        where = f"{prefix}.dimensions.{i}"
        if d.code in seen:
            raise DuplicateDimension(f"Dimension code {d.code!r} is used twice.", field=f"{where}.code",
                                     message="used twice")
        seen.add(d.code)
        if any(p > d.weight for p in _points(d)):
            raise PointsAboveWeight(f"Dimension {d.code!r} gives more points than its weight {d.weight:f}.",
                                    field=where, message="points above the weight")
        if d.kind == "sheets" and subject_kind != SubjectKind.project:
            raise DimensionNotApplicable("Observation sheets score projects only.", field=f"{where}.kind",
                                         message="projects only")
        if d.kind == "schedule" and d.nodes_points + d.physical_points != d.weight:
            raise WeightsDoNotAddUp(
                f"Dimension {d.code!r}: nodes_points and physical_points add up to "
                f"{(d.nodes_points + d.physical_points).normalize():f}, not its weight {d.weight.normalize():f}.",
                field=f"{where}.physical_points", message="parts do not add up to the weight")
        if d.kind == "ratio" and d.denominator == d.numerator:
            raise InvalidRatio("A ratio needs two different amounts.", field=f"{where}.denominator",
                               message="same as numerator")


def _version_row(scheme: Scheme, number: int, body: VersionIn, principal: Principal) -> SchemeVersion:
    return SchemeVersion(
        id=uuid.uuid4(), scheme_id=scheme.id, version=number, total_points=body.total_points,
        dimensions=[d.model_dump(mode="json") for d in body.dimensions], praise_size=body.praise_size,
        criticism_size=body.criticism_size, note=body.note, published_by=principal.sub)


async def create_scheme(session: AsyncSession, body: SchemeIn, principal: Principal) -> Scheme:
    """A new scheme and its version 1."""
    validate_version(body.version, body.subject_kind, "body.version")
    if await repo.by_code(session, body.region_code, body.code):
        raise SchemeCodeTaken(f"The region already has a scheme {body.code!r}.")
    scheme = Scheme(id=uuid.uuid4(), region_code=body.region_code, code=body.code, name=body.name,
                    subject_kind=body.subject_kind.value, period_kind=body.period_kind.value, latest_version=1,
                    created_by=principal.sub)
    await repo.add(session, scheme)
    await repo.add(session, _version_row(scheme, 1, body.version, principal))
    return scheme


async def publish_version(
    session: AsyncSession, scheme: Scheme, body: VersionIn, principal: Principal
) -> SchemeVersion:
    """A new version; earlier versions, and results computed with them, stay as they were."""
    validate_version(body, SubjectKind(scheme.subject_kind))
    scheme.latest_version += 1
    row = _version_row(scheme, scheme.latest_version, body, principal)
    await repo.add(session, row)
    return row


async def install_defaults(session: AsyncSession, region_code: str, principal: Principal) -> list[Scheme]:
    """Create the shipped default schemes the region does not have yet (by code)."""
    have = await repo.codes(session, region_code)
    created = []
    for spec in DEFAULT_SCHEMES:
        if spec["code"] not in have:
            created.append(await create_scheme(session, SchemeIn(region_code=region_code, **spec), principal))
    return created


def _content(total_points: Decimal, dimensions: list[Any], praise_size: int, criticism_size: int) -> tuple[Any, ...]:
    """What makes two versions the same rules (the note and who published aside)."""
    return (Decimal(total_points).normalize(), dimensions, praise_size, criticism_size)


async def apply_profile(session: AsyncSession, region_code: str, code: str) -> dict[str, list[str]]:
    """A region profile's schemes (``scoring/schemes.yaml``; none: nothing to do) for the region: a scheme it lacks
    (by code) is created with the profile's version as version 1; a scheme whose latest version's rules differ
    from the profile's gets the profile's as a new version (earlier versions and their results stay); a scheme
    already so is left alone. The scheme's name, subject and period are kept as they are (a version does not
    carry them). Published by ``profile:<code>``. Returns the codes created, published and unchanged."""
    done: dict[str, list[str]] = {"created": [], "published": [], "unchanged": []}
    file = profiles.load_schemes(code)
    if file is None:
        return done
    by = Principal(sub=f"{profiles.BY_PREFIX}{code}", roles=frozenset({Role.service.value}))
    for spec in file.schemes:
        scheme = await repo.by_code(session, region_code, spec["code"])
        if scheme is None:
            await create_scheme(session, SchemeIn(region_code=region_code, **spec), by)
            done["created"].append(spec["code"])
            continue
        body = VersionIn.model_validate(spec["version"])
        latest = await repo.version(session, scheme.id, scheme.latest_version)
        wanted = _content(body.total_points, [d.model_dump(mode="json") for d in body.dimensions], body.praise_size,
                          body.criticism_size)
        if latest is not None and _content(latest.total_points, latest.dimensions, latest.praise_size,
                                           latest.criticism_size) == wanted:
            done["unchanged"].append(spec["code"])
            continue
        await publish_version(session, scheme, body, by)
        done["published"].append(spec["code"])
    return done


async def get_scheme(session: AsyncSession, scheme_id: uuid.UUID, principal: Principal | None = None) -> Scheme:
    """The scheme; with ``principal``, 404 as well when it belongs to a region the caller cannot see."""
    scheme = await repo.get(session, scheme_id)
    if scheme is None or (principal is not None and not visible(principal, scheme.region_code)):
        raise SchemeNotFound("No such scoring scheme.")
    return scheme


async def get_version(session: AsyncSession, scheme: Scheme, number: int) -> SchemeVersion:
    row = await repo.version(session, scheme.id, number)
    if row is None:
        raise VersionNotFound("The scheme has no such version.")
    return row


def etag(scheme: Scheme) -> str:
    """A scheme's ETag: its latest version number (publishing a version moves it)."""
    return str(scheme.latest_version)


async def to_out(session: AsyncSession, schemes: list[Scheme]) -> list[SchemeOut]:
    versions = await repo.versions_of(session, [s.id for s in schemes]) if schemes else {}
    out = []
    for s in schemes:
        v = versions.get((s.id, s.latest_version))
        view = SchemeOut.model_validate(s)
        view.current = VersionOut.model_validate(v) if v else None
        out.append(view)
    return out
