"""ETag / If-Match for edits of shared records: a stale edit is refused (412), not lost.

Records carry an integer ``version`` that every update increments; its ETag is ``"<version>"``. A record
without a version column has the hash of its answer as version (:func:`content_version`).
"""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import Depends, Header, Request, Response
from pydantic import BaseModel

from tuijin.kernel.errors import PreconditionFailed, PreconditionRequired, StaleData, raises


class IfMatchMissing(PreconditionRequired):
    """An edit that needs ``If-Match`` came without it (428)."""

    code = "if_match_required"


class StaleETag(PreconditionFailed):
    """``If-Match`` names a version that is no longer the record's (412); ``current_etag`` says the current one."""

    code = "stale_etag"


def content_version(answer: BaseModel) -> str:
    """A version derived from the stored content: a stable hash of the serialised answer (16 hex digits).
    Any change of the answer moves it; the same content always gives the same one."""
    return hashlib.sha256(answer.model_dump_json().encode()).hexdigest()[:16]


def etag_of(version: int | str) -> str:
    return f'"{version}"'


def set_etag(response: Response, version: int | str) -> None:
    response.headers["ETag"] = etag_of(version)


def check_if_match(request: Request, version: int | str, *, required: bool = True) -> None:
    """Refuse the edit unless ``If-Match`` names the current version (or is ``*``)."""
    _check(request.headers.get("if-match"), version, required)


def _check(header: str | None, version: int | str, required: bool) -> None:
    if header is None:
        if required:
            raise IfMatchMissing(
                "Send If-Match with the ETag you read, so that a concurrent edit is not overwritten.")
        return
    candidates = [c.strip().removeprefix("W/") for c in header.split(",")]
    if "*" in candidates or etag_of(version) in candidates:
        return
    raise StaleETag("The record changed since you read it; reload and apply your edit again.",
                    current_etag=etag_of(version))


# ---------------------------------------------------------------- as dependencies (documented in OpenAPI)
#
# A route reads If-Match and sends ETag only through these dependencies, so that its operation documents the
# header (:func:`tuijin.kernel.openapi_headers.document_headers` finds them in the route's dependencies).

IF_MATCH_DESCRIPTION = (
    "The `ETag` of the record as last read (e.g. `\"3\"`), or `*`: the edit is refused with 412 `stale_etag` "
    "when the record changed since (重新读取后再改)."
)


class IfMatch:
    """The request's ``If-Match`` header, read by :data:`IfMatchRequired` or :data:`IfMatchOptional`."""

    __slots__ = ("required", "value")

    def __init__(self, value: str | None, required: bool) -> None:
        self.value = value
        self.required = required

    def check(self, version: int | str, *, required: bool | None = None) -> None:
        """Refuse the edit unless the header names ``version`` (or is ``*``); without the header, 428 when
        required (the dependency's choice unless ``required`` says otherwise for this edit)."""
        _check(self.value, version, self.required if required is None else required)


@raises(IfMatchMissing, StaleETag, StaleData)
async def if_match_required(
    if_match: Annotated[str | None, Header(alias="If-Match", description=IF_MATCH_DESCRIPTION)] = None,
) -> IfMatch:
    """If-Match that the edit needs: without it, 428 ``if_match_required`` (documented as required)."""
    return IfMatch(if_match, True)


@raises(IfMatchMissing, StaleETag, StaleData)
async def if_match_optional(
    if_match: Annotated[str | None, Header(alias="If-Match", description=IF_MATCH_DESCRIPTION)] = None,
) -> IfMatch:
    """If-Match checked when sent (or required by the route for some edits only, e.g. replacing a draft)."""
    return IfMatch(if_match, False)


IfMatchRequired = Annotated[IfMatch, Depends(if_match_required)]
IfMatchOptional = Annotated[IfMatch, Depends(if_match_optional)]


class ETagSender:
    """Sets the answer's ``ETag``: ``etag(record.version)``."""

    __slots__ = ("response",)

    def __init__(self, response: Response) -> None:
        self.response = response

    def __call__(self, version: int | str) -> None:
        set_etag(self.response, version)


async def sends_etag(response: Response) -> ETagSender:
    return ETagSender(response)


SendsETag = Annotated[ETagSender, Depends(sends_etag)]
