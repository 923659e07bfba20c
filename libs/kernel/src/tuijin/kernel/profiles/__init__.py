"""Region profiles (区域配置模板): a named, versioned bundle of one county's rules for a year, shipped as data in
this package (docs/profiles.md).

A profile is a directory ``<code>/`` holding ``profile.yaml`` (its code, name, seed document, year, version and
summary), one file per policy of a service, ``<service>/<policy>.yaml`` (service: registry, issues, meetings), and
optionally ``scoring/schemes.yaml``. A policy file holds the whole value of the policy (every field of its model),
the fields taken from the seed document with the seed's own words (``seed``), and why the others have the value
they have (``choice``)::

    value:  {period_kind: weekly, due_day: 5, ...}
    seed:   {period_kind: "(十五)每周五18:00前……报送项目进展报表", ...}
    choice: "our choice: ..."

Each service reads its own part (:func:`load_part`, :func:`load_schemes`) and applies it in its own transaction
(:func:`apply_part` for the policies: only what differs from the value in effect is written). Every loader takes
an optional ``root`` (another directory of profiles, e.g. a test's temporary folder); without it, :data:`ROOT`
at the time of the call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.errors import NotFound
from tuijin.kernel.policies import InvalidPolicyValue, PolicyStore, validate_value

ROOT = Path(__file__).parent
"""The shipped profiles: the directories of this package that hold a ``profile.yaml``."""

POLICY_SERVICES = ("registry", "issues", "meetings")
"""The services whose policies a profile sets, one file per policy under ``<profile>/<service>/``."""

EXCLUDED_POLICIES = frozenset({"documents"})
"""Policies no profile sets: ``documents`` (the region's letterhead and document numbers) is derived from the
region's own name, not from a county's mechanism."""

CODE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
BY_PREFIX = "profile:"
"""``updated_by`` of a value a profile wrote: ``profile:<code>``."""


class ProfileNotFound(NotFound):
    """No shipped profile of that code."""

    code = "profile_not_found"


class ProfileMeta(BaseModel):
    """``profile.yaml``: what the profile is."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "code": "huiji-2022", "name": "惠济区2022年重点项目推进机制", "seed": "004_bcea49f00b4f7b89.txt",
        "year": 2022, "version": 1, "summary": "周报(每周五18:00前)、三个工作日答复、每周联席会议……",
    }]})

    code: str = Field(pattern=CODE.pattern, max_length=40, examples=["huiji-2022"])
    name: str = Field(min_length=1, max_length=100, examples=["惠济区2022年重点项目推进机制"])
    seed: str = Field(min_length=1, max_length=100, description="the seed document the profile reads")
    year: int = Field(ge=2000, le=2100, description="the year of the seed document")
    version: int = Field(ge=1, description="raised whenever a value of the profile changes")
    summary: str = Field(min_length=1, max_length=500)


class PolicyFile(BaseModel):
    """One policy of a profile: the whole value, the fields taken from the seed (with its words) and why the
    others have their value."""

    model_config = ConfigDict(extra="forbid")

    value: dict[str, Any]
    seed: dict[str, str] = Field(default_factory=dict)
    choice: str | None = None


class SchemesFile(BaseModel):
    """``scoring/schemes.yaml``: scheme specs as the scoring service's defaults write them, with their sources."""

    model_config = ConfigDict(extra="forbid")

    schemes: list[dict[str, Any]] = Field(default_factory=list)
    seed: dict[str, str] = Field(default_factory=dict)
    choice: str | None = None


@dataclass
class Applied:
    """What applying a service's part did: the policies written, those already so."""

    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def _root(root: Path | str | None) -> Path:
    return Path(root) if root is not None else ROOT


def _read(path: Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def catalogue(root: Path | str | None = None) -> list[ProfileMeta]:
    """Every profile (a directory holding ``profile.yaml``), by code."""
    base = _root(root)
    return sorted((ProfileMeta.model_validate(_read(p)) for p in base.glob("*/profile.yaml")), key=lambda m: m.code)


def directory(code: str, root: Path | str | None = None) -> Path | None:
    """The profile's directory, or None when there is no profile of that code."""
    path = _root(root) / code
    return path if CODE.match(code) and (path / "profile.yaml").is_file() else None


def exists(code: str, root: Path | str | None = None) -> bool:
    return directory(code, root) is not None


def _directory(code: str, root: Path | str | None) -> Path:
    path = directory(code, root)
    if path is None:
        raise ProfileNotFound(f"No region profile {code!r}.")
    return path


def read_meta(folder: Path) -> ProfileMeta:
    return ProfileMeta.model_validate(_read(folder / "profile.yaml"))


def read_part(folder: Path, service: str) -> dict[str, PolicyFile]:
    """A service's policies in the profile at ``folder``: policy name → its file (none: an empty part)."""
    path = folder / service
    if not path.is_dir():
        return {}
    return {p.stem: PolicyFile.model_validate(_read(p)) for p in sorted(path.glob("*.yaml"))}


def read_schemes(folder: Path) -> SchemesFile | None:
    path = folder / "scoring" / "schemes.yaml"
    return SchemesFile.model_validate(_read(path)) if path.is_file() else None


def load_meta(code: str, root: Path | str | None = None) -> ProfileMeta:
    """The profile's ``profile.yaml``; 404 ``profile_not_found`` when there is none."""
    return read_meta(_directory(code, root))


def load_part(code: str, service: str, root: Path | str | None = None) -> dict[str, PolicyFile]:
    """A service's policies in the profile: policy name → its file (none: an empty part)."""
    return read_part(_directory(code, root), service)


def load_schemes(code: str, root: Path | str | None = None) -> SchemesFile | None:
    """The profile's scoring schemes, or None when it has no ``scoring/schemes.yaml``."""
    return read_schemes(_directory(code, root))


def check_part(store: PolicyStore, part: dict[str, PolicyFile]) -> list[str]:
    """What is wrong with a service's part against its policy models (empty: nothing). Each file must name a
    policy of the store other than the excluded ones; its value must validate with no unknown field and list
    every field of the model; every field is either under ``seed`` (which names only fields of the model) or
    covered by ``choice`` (required as soon as one field is not under ``seed``)."""
    problems: list[str] = []
    for name, file in sorted(part.items()):
        model = store.policies.get(name)
        if model is None or name in EXCLUDED_POLICIES:
            problems.append(f"{name}: not a policy a profile sets")
            continue
        fields = set(model.model_fields)
        try:
            validate_value(model, file.value)
        except InvalidPolicyValue as exc:
            problems += [f"{name}: {e['field']} {e['message']}" for e in exc.extra.get("errors", [])]
        missing = sorted(fields - set(file.value))
        if missing:
            problems.append(f"{name}: value does not list {', '.join(missing)}")
        unknown_seed = sorted(set(file.seed) - fields)
        if unknown_seed:
            problems.append(f"{name}: seed names fields the policy has not: {', '.join(unknown_seed)}")
        empty = sorted(k for k, words in file.seed.items() if not words.strip())
        if empty:
            problems.append(f"{name}: seed gives no words for {', '.join(empty)}")
        if fields - set(file.seed) and not (file.choice or "").strip():
            uncited = ", ".join(sorted(fields - set(file.seed)))
            problems.append(f"{name}: no choice says why {uncited} (not from the seed) have their values")
    return problems


def values_of(store: PolicyStore, part: dict[str, PolicyFile]) -> dict[str, dict[str, Any]]:
    """Each policy's value as its model dumps it (the form a stored value has); a value the model refuses is a
    422 naming its fields. The part's names are the store's (:func:`check_part`, tested for every shipped file)."""
    return {name: validate_value(store.policies[name], file.value).model_dump(mode="json")
            for name, file in sorted(part.items())}


async def apply_part(
    session: AsyncSession, store: PolicyStore, region_code: str, year: int, part: dict[str, PolicyFile], code: str
) -> Applied:
    """Set each policy of the part as the region's value for ``year`` where the value in effect for that year
    differs (written by ``profile:<code>``); a policy already so is left alone, no row written. Returns what
    was written and what was already so."""
    applied = Applied()
    t = store.table
    for name, value in values_of(store, part).items():
        row = await store.effective_row(session, region_code, name, year)
        current = store.policies[name].model_validate(row.value).model_dump(mode="json") if row is not None else (
            store.policies[name]().model_dump(mode="json"))
        if current == value:
            applied.unchanged.append(name)
            continue
        own = row if row is not None and row.year == year else None
        if own is None:
            session.add(t(region_code=region_code, name=name, year=year, value=value, updated_by=f"{BY_PREFIX}{code}"))
        else:
            own.value = value
            own.updated_by = f"{BY_PREFIX}{code}"
        applied.changed.append(name)
    await session.flush()
    return applied


__all__ = [
    "BY_PREFIX",
    "EXCLUDED_POLICIES",
    "POLICY_SERVICES",
    "ROOT",
    "Applied",
    "PolicyFile",
    "ProfileMeta",
    "ProfileNotFound",
    "SchemesFile",
    "apply_part",
    "catalogue",
    "check_part",
    "directory",
    "exists",
    "load_meta",
    "load_part",
    "load_schemes",
    "read_meta",
    "read_part",
    "read_schemes",
    "values_of",
]
