"""Input checked at the edge (no value a client sends makes a 5xx later) and an OpenAPI document that says
every status an operation answers: control characters refused with a 422 naming the field, business dates
and months within 2000–2100, exports that never fail on stored text, LIKE patterns taken literally, and
every problem documented as the one ``Problem`` schema."""

from __future__ import annotations

import io
import uuid
from datetime import date

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook
from pydantic import TypeAdapter, ValidationError

from tuijin.kernel.errors import PROBLEM_JSON
from tuijin.kernel.openapi import WALL_TIME_PATTERN, document_problems, operations
from tuijin.kernel.validation import (
    BusinessDate,
    Month,
    find_control_character,
    like_contains,
    xml_safe,
    xml_safe_row,
)

# ---------------------------------------------------------------- control characters at the edge


async def test_a_control_character_in_a_body_field_is_refused_with_422_naming_the_field(kernel_app):
    resp = await kernel_app.client.post("/api/v1/test/widgets", json={"name": "路基\x0b施工", "quantity": 1},
                                        headers=kernel_app.auth("office"))
    assert resp.status_code == 422, resp.text
    assert resp.headers["content-type"].startswith(PROBLEM_JSON)
    body = resp.json()
    assert body["code"] == "control_character"
    assert [e["field"] for e in body["errors"]] == ["body.name"]
    assert "控制字符" in body["detail"]
    assert await kernel_app.widgets() == []


async def test_tabs_and_line_breaks_are_free_text_and_accepted(kernel_app):
    resp = await kernel_app.client.post("/api/v1/test/widgets", json={"name": "第一行\r\n第二行\t完", "quantity": 1},
                                        headers=kernel_app.auth("office"))
    assert resp.status_code == 201, resp.text
    assert resp.json()["name"] == "第一行\r\n第二行\t完"


@pytest.mark.parametrize("text", ["\x00", "\x1f", "\x7f", "\x85", "\ud800", "\uffff"])
async def test_nul_c1_controls_lone_surrogates_and_non_characters_are_refused(kernel_app, text):
    # sent as JSON escapes: a lone surrogate can only arrive that way, and then breaks UTF-8 encoders
    raw = '{"name": "a' + "".join(f"\\u{ord(c):04x}" for c in text) + '", "quantity": 1}'
    resp = await kernel_app.client.post("/api/v1/test/widgets", content=raw.encode(),
                                        headers={**kernel_app.auth("office"), "content-type": "application/json"})
    assert resp.status_code == 422, resp.text
    assert resp.json()["errors"][0]["field"] == "body.name"


async def test_a_control_character_in_a_query_parameter_is_refused_naming_it(kernel_app):
    resp = await kernel_app.client.get("/api/v1/test/widgets", params={"cursor": "abc\x01"})
    assert resp.status_code == 422, resp.text
    assert resp.json()["errors"][0]["field"] == "query.cursor"


async def test_an_event_between_services_carrying_stored_text_is_not_refused(kernel_app):
    """Events carry text stored before the edge refused control characters: a refusal would be retried and
    hold back the events behind it, so the internal route is not checked."""
    event = {"id": str(uuid.uuid4()), "type": "test.unhandled", "source": "registry",
             "occurred_at": "2026-10-09T01:00:00Z", "payload": {"name": "旧数据\x0b项目"}}
    token = kernel_app.codec.service_token("registry")
    resp = await kernel_app.client.post("/api/v1/internal/events", json=event,
                                        headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 200, resp.text


def test_the_first_refused_character_is_found_with_its_dotted_path():
    assert find_control_character({"items": [{"title": "ok"}, {"title": "bad\x0c"}]}, ("body",)) == (
        "body.items.1.title", "\x0c")
    assert find_control_character({"note": "a\tb\nc\rd"}) is None


# ---------------------------------------------------------------- dates and months


@pytest.mark.parametrize("day", ["1970-01-01", "1999-12-31", "2101-01-01", "9999-12-31"])
def test_a_business_date_outside_2000_to_2100_is_refused(day):
    with pytest.raises(ValidationError, match="2000-01-01"):
        TypeAdapter(BusinessDate).validate_python(day)


def test_a_business_date_inside_the_range_is_accepted():
    assert TypeAdapter(BusinessDate).validate_python("2026-10-09") == date(2026, 10, 9)
    assert TypeAdapter(BusinessDate).validate_python("2100-12-31") == date(2100, 12, 31)


@pytest.mark.parametrize("month", ["0000-01", "1999-12", "2101-01", "2026-13", "2026-00", "2026-1", "abc"])
def test_a_month_is_yyyy_mm_within_2000_to_2100(month):
    with pytest.raises(ValidationError, match="YYYY-MM"):
        TypeAdapter(Month).validate_python(month)
    assert TypeAdapter(Month).validate_python("2026-10") == "2026-10"


# ---------------------------------------------------------------- exports and searches


def test_stored_text_with_control_characters_still_writes_a_docx_and_an_xlsx():
    text = "会议\x0b纪要\x00\x1b（第一次）\n第二行"
    doc = Document()
    with pytest.raises(ValueError):  # what the exports did before: python-docx refuses the text
        doc.add_paragraph(text)
    doc = Document()
    doc.add_paragraph(xml_safe(text))
    buffer = io.BytesIO()
    doc.save(buffer)
    assert Document(io.BytesIO(buffer.getvalue())).paragraphs[0].text == "会议纪要（第一次）\n第二行"

    wb = Workbook()
    wb.active.append(xml_safe_row([text, 3]))
    buffer = io.BytesIO()
    wb.save(buffer)
    row = next(load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows(values_only=True))
    assert row == ("会议纪要（第一次）\n第二行", 3)


def test_a_like_pattern_takes_percent_underscore_and_the_escape_literally():
    assert like_contains("50%") == "%50\\%%"
    assert like_contains("a_b") == "%a\\_b%"
    assert like_contains("c\\d") == "%c\\\\d%"


# ---------------------------------------------------------------- the OpenAPI document


async def test_every_operation_documents_its_problems_as_problem_json(kernel_app):
    doc = kernel_app.app.openapi()
    assert "HTTPValidationError" not in doc["components"]["schemas"]
    problem = doc["components"]["schemas"]["Problem"]
    assert {"code", "title", "detail", "status", "errors"} <= set(problem["properties"])
    for path, method, op in operations(doc):
        responses = op["responses"]
        expected = {"400", "422"}
        if op.get("security"):
            expected |= {"401", "403"}
        if "{" in path:
            expected.add("404")
        if "requestBody" in op:
            expected.add("413")
        assert expected <= set(responses), (method, path, sorted(responses))
        for status, entry in responses.items():
            if status.startswith(("4", "5")):
                assert list(entry["content"]) == [PROBLEM_JSON], (method, path, status)
                schema = entry["content"][PROBLEM_JSON]["schema"]
                assert schema.get("$ref") == "#/components/schemas/Problem" or \
                    schema["allOf"][0] == {"$ref": "#/components/schemas/Problem"}, (method, path, status)
    widget = doc["paths"]["/api/v1/test/widgets/{widget_id}"]["patch"]["responses"]
    assert {"400", "401", "403", "404", "413", "422"} <= set(widget)


def test_a_time_of_day_is_documented_as_the_wall_time_served():
    doc = {"paths": {}, "components": {"schemas": {"Meeting": {"type": "object", "properties": {
        "start_time": {"type": "string", "format": "time", "title": "Start Time"}}}}}}
    document_problems(doc)
    start = doc["components"]["schemas"]["Meeting"]["properties"]["start_time"]
    assert "format" not in start
    assert start["pattern"] == WALL_TIME_PATTERN
