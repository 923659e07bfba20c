"""Input checked at the edge, so that no value a client sends can make a 5xx later.

- **Control characters.** :func:`refuse_control_characters` is a dependency of every app: a string in the
  JSON or form body, a query parameter or a path parameter that holds a control character (C0 and C1,
  ``DEL``), a lone surrogate or a non-character (``U+FFFE``, ``U+FFFF``) is refused with a 422 naming the
  field (``body.title``, ``query.q``). Tab, line feed and carriage return are allowed in every string: free
  text keeps its lines. Nothing is stripped: the client learns which field to fix.
- **Business dates** (:data:`BusinessDate`) lie in the years :data:`YEAR_MIN`–:data:`YEAR_MAX`; a
  **month** (:data:`Month`) is ``YYYY-MM`` in the same years.
- **Exports** never fail on text stored before these checks: :func:`xml_safe` drops what XML 1.0 (and so
  .docx and .xlsx) cannot hold.
- **Searches**: :func:`like_contains` escapes ``%``, ``_`` and the escape character itself, so that a search
  for ``50%`` matches the text "50%" and nothing else.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import Request
from pydantic import AfterValidator, Field

from tuijin.kernel.errors import Unprocessable, raises

YEAR_MIN = 2000
YEAR_MAX = 2100
FIRST_DAY = date(YEAR_MIN, 1, 1)
LAST_DAY = date(YEAR_MAX, 12, 31)
MONTH_PATTERN = r"^(20\d{2}|2100)-(0[1-9]|1[0-2])$"

# control characters but \t \n \r; lone surrogates (only reachable through a JSON \ud800 escape); non-characters
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# what XML 1.0 cannot hold (so neither python-docx nor openpyxl can write it); openpyxl's
# ILLEGAL_CHARACTERS_RE is the C0 part of it
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
LIKE_ESCAPE = "\\"
INTERNAL_PREFIX = "/api/v1/internal/"


def _business_date(value: date) -> date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(f"日期须在 {FIRST_DAY} 至 {LAST_DAY} 之间 (a business date lies in {YEAR_MIN}–{YEAR_MAX})")
    return value


BusinessDate = Annotated[date, AfterValidator(_business_date)]
"""A date of the business (a meeting, a deadline, a report period, a calendar day): years 2000–2100."""


def _month(value: str) -> str:
    if not re.fullmatch(MONTH_PATTERN, value):
        raise ValueError(f"月份格式应为 YYYY-MM，且在 {YEAR_MIN}-01 至 {YEAR_MAX}-12 之间 (e.g. 2026-10)")
    return value


Month = Annotated[str, AfterValidator(_month), Field(pattern=MONTH_PATTERN, examples=["2026-10"])]
"""A calendar month ``YYYY-MM`` (years 2000–2100), for query parameters such as ``month=2026-10``."""


def check_month(value: str | None, field: str = "query.month") -> str | None:
    """For code that takes a month as a plain string: the 422 :data:`Month` gives, naming ``field``."""
    if value is None:
        return None
    try:
        return _month(value)
    except ValueError as exc:
        raise invalid_value(field, str(exc), "invalid_month") from None


def invalid_value(field: str, message: str, code: str) -> Unprocessable:
    return Unprocessable(message, code=code, errors=[{"field": field, "message": message, "type": code}])


# ---------------------------------------------------------------- control characters


def find_control_character(value: Any, path: tuple[str | int, ...] = ()) -> tuple[str, str] | None:
    """The first (dotted path, character) of a string in ``value`` (nested lists and dicts, keys too)
    that holds a refused character, or None."""
    for where, text in _strings(value, path):
        found = CONTROL_CHARACTERS.search(text)
        if found:
            return ".".join(str(p) for p in where), found.group()
    return None


def _strings(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield (*path, str(key)), str(key)
            yield from _strings(item, (*path, str(key)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*path, i))


class ControlCharacter(Unprocessable):
    """A string of the request holds a control character (other than tab and line breaks)."""

    code = "control_character"


def refuse_control_character_in(field: str, text: str) -> None:
    """422 ``control_character`` naming ``field`` when ``text`` holds a refused character: for the text fields of a
    multipart form, which the app-wide check does not read (it would have to buffer the file)."""
    found = find_control_character({field.rsplit(".", 1)[-1]: text}, tuple(field.split(".")[:-1]))
    if found is not None:
        raise _refused(*found)


def _refused(field: str, char: str) -> Unprocessable:
    message = (f"字段 {field} 含有不可见的控制字符 (U+{ord(char):04X})，请删除后重试 "
               "(control characters other than tab and line breaks are not accepted)")
    return ControlCharacter(message,
                            errors=[{"field": field, "message": message, "type": "control_character"}])


@raises(ControlCharacter)
async def refuse_control_characters(request: Request) -> None:
    """App-wide dependency: 422 ``control_character`` naming the first field (path, query, JSON or form
    body) whose text holds a refused character. A body that is not JSON is left to the route's own parsing.
    Events between services (``/api/v1/internal/``) are not checked: they carry text already stored, and
    refusing one would hold back the events behind it."""
    if request.url.path.startswith(INTERNAL_PREFIX):
        return
    found = find_control_character(dict(request.path_params), ("path",))
    if found is None:
        for name, value in request.query_params.multi_items():
            found = find_control_character({name: value}, ("query",))
            if found:
                break
    if found is None and request.method in ("POST", "PUT", "PATCH", "DELETE"):
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type == "application/json" or content_type.endswith("+json"):
            body = await request.body()
            if body:
                try:
                    data = json.loads(body)
                except ValueError:  # (UnicodeDecodeError too) malformed: the route's validation says so
                    data = None
                found = find_control_character(data, ("body",))
        elif content_type == "application/x-www-form-urlencoded":
            for name, value in await _form_items(request):
                found = find_control_character({name: value}, ("body",))
                if found:
                    break
    if found is not None:
        raise _refused(*found)


async def _form_items(request: Request) -> list[tuple[str, str]]:
    """The fields of a urlencoded body: the form the route has parsed already (a route with form fields
    does so before its dependencies run), else the body read and parsed here — never ``request.form()``,
    which would consume the stream a proxy route forwards."""
    form = getattr(request, "_form", None)
    if form is not None:
        return [(k, v) for k, v in form.multi_items() if isinstance(v, str)]
    try:
        raw = await request.body()
    except RuntimeError:  # consumed by someone else: nothing left to check here
        return []
    return parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True)


# ---------------------------------------------------------------- exports


def xml_safe(value: Any) -> Any:
    """``value`` without the characters a .docx or .xlsx cannot hold; other types unchanged."""
    if isinstance(value, str):
        return XML_ILLEGAL.sub("", value)
    return value


def xml_safe_row(values: Iterable[Any]) -> list[Any]:
    """A row for ``openpyxl``'s ``Worksheet.append`` with every string made :func:`xml_safe`."""
    return [xml_safe(v) for v in values]


# ---------------------------------------------------------------- searches


def like_contains(text: str) -> str:
    """A ``LIKE`` pattern matching ``text`` anywhere, its ``%`` and ``_`` taken literally; use it with
    ``column.ilike(pattern, escape=LIKE_ESCAPE)``."""
    escaped = text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%").replace("_", LIKE_ESCAPE + "_")
    return f"%{escaped}%"
