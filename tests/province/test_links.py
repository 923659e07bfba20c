"""Linking a project to the provincial platform by its national code (项目代码): the code is checked
against both forms and verified with the platform before the link holds."""

from __future__ import annotations

from tests.province.conftest import REGION, Province


async def test_a_valid_code_the_platform_knows_is_linked(province: Province) -> None:
    """A well-formed code the platform verifies makes a link, with the time it was verified."""
    code = province.code(1)
    province.known(code, "伊河栾川段生态治理")
    project = await province.county.project("LC-001")
    resp = await province.client.post(
        "/api/v1/province/links", json={"project_id": project["id"], "national_code": code}, headers=province.office
    )
    assert resp.status_code == 201, resp.text
    link = resp.json()
    assert link["status"] == "linked" and link["national_code"] == code and link["verified_at"]
    assert link["platform_name"] == "伊河栾川段生态治理"
    resp = await province.client.get(f"/api/v1/projects/{project['id']}", headers=province.office)
    assert resp.json()["national_code"] == code  # the project without a code takes the verified one


async def test_the_older_code_form_with_a_four_digit_year_is_accepted(province: Province) -> None:
    """Older codes start with a 4-digit year; both forms are accepted."""
    code = "2018-410324-48-01-000123"
    province.known(code)
    project = await province.county.project("LC-002")
    resp = await province.client.post(
        "/api/v1/province/links", json={"project_id": project["id"], "national_code": code}, headers=province.office
    )
    assert resp.status_code == 201, resp.text


async def test_a_malformed_code_is_refused_naming_the_field(province: Province) -> None:
    """A code that has neither form is refused with problem+json naming body.national_code."""
    project = await province.county.project("LC-003")
    resp = await province.client.post(
        "/api/v1/province/links",
        json={"project_id": project["id"], "national_code": "2411-41032-48-01-637015"},
        headers=province.office,
    )
    assert resp.status_code == 422
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert any(e["field"] == "body.national_code" for e in resp.json()["errors"])
    links = await province.client.get("/api/v1/province/links", params={"region_code": REGION}, headers=province.office)
    assert links.json()["items"] == []


async def test_a_code_the_platform_does_not_know_is_refused_and_no_link_holds(province: Province) -> None:
    """The platform answers unknown: 422 naming body.national_code, and nothing is linked."""
    project = await province.county.project("LC-004")
    resp = await province.client.post(
        "/api/v1/province/links",
        json={"project_id": project["id"], "national_code": province.code(99)},
        headers=province.office,
    )
    assert resp.status_code == 422, resp.text
    assert resp.json()["code"] == "unknown_on_platform"
    assert resp.json()["errors"][0]["field"] == "body.national_code"
    links = await province.client.get("/api/v1/province/links", params={"region_code": REGION}, headers=province.office)
    assert links.json()["items"] == []
    resp = await province.client.get(f"/api/v1/projects/{project['id']}", headers=province.office)
    assert resp.json()["national_code"] is None


async def test_linking_while_the_platform_is_down_is_refused_with_503(province: Province) -> None:
    """No verification, no link: a platform that does not answer gives 503 and nothing changes."""
    code = province.code(5)
    province.known(code)
    project = await province.county.project("LC-005")
    province.platform.down = True
    resp = await province.client.post(
        "/api/v1/province/links", json={"project_id": project["id"], "national_code": code}, headers=province.office
    )
    assert resp.status_code == 503, resp.text
    province.platform.down = False
    links = await province.client.get("/api/v1/province/links", params={"region_code": REGION}, headers=province.office)
    assert links.json()["items"] == []


async def test_a_code_registered_for_the_project_must_match(province: Province) -> None:
    """A project registered with one national code cannot be linked under another."""
    province.known(province.code(7))
    project = await province.county.project("LC-007", national_code=province.code(6))
    resp = await province.client.post(
        "/api/v1/province/links",
        json={"project_id": project["id"], "national_code": province.code(7)},
        headers=province.office,
    )
    assert resp.status_code == 422
    assert resp.json()["code"] == "national_code_mismatch"


async def test_only_the_office_links_and_configures(province: Province) -> None:
    """A unit or another region's office may not link, configure or read the configuration."""
    province.known(province.code(8))
    project = await province.county.project("LC-008", national_code=province.code(8))
    unit = province.stack.auth("unit", region=REGION, unit=province.county.units["交通局"])
    other = province.stack.auth("office", region="410325")
    resp = await province.client.post(
        "/api/v1/province/links", json={"project_id": project["id"], "national_code": province.code(8)}, headers=unit
    )
    assert resp.status_code == 403
    for headers in (unit, other):
        resp = await province.client.get(f"/api/v1/province/regions/{REGION}/config", headers=headers)
        assert resp.status_code == 403
        resp = await province.client.post(f"/api/v1/province/regions/{REGION}/pull", headers=headers)
        assert resp.status_code == 403
