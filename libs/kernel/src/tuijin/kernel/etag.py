"""ETag / If-Match for edits of shared records: a stale edit is refused (412), not lost.

Records carry an integer ``version`` that every update increments; its ETag is ``"<version>"``.
"""

from __future__ import annotations

from fastapi import Request, Response

from tuijin.kernel.errors import PreconditionFailed, PreconditionRequired


def etag_of(version: int | str) -> str:
    return f'"{version}"'


def set_etag(response: Response, version: int | str) -> None:
    response.headers["ETag"] = etag_of(version)


def check_if_match(request: Request, version: int | str, *, required: bool = True) -> None:
    """Refuse the edit unless ``If-Match`` names the current version (or is ``*``)."""
    header = request.headers.get("if-match")
    if header is None:
        if required:
            raise PreconditionRequired(
                "Send If-Match with the ETag you read, so that a concurrent edit is not overwritten.",
                code="if_match_required",
            )
        return
    candidates = [c.strip().removeprefix("W/") for c in header.split(",")]
    if "*" in candidates or etag_of(version) in candidates:
        return
    raise PreconditionFailed(
        "The record changed since you read it; reload and apply your edit again.",
        code="stale_etag", current_etag=etag_of(version),
    )
