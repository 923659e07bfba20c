"""What a configuration of the provincial platform can reach: only an admin changes it; it names only the
region's own secrets (never the token keys, a database URL or any other variable or file); the registry
calls only hosts an admin allowed, checked again at every connection; and nothing the platform answers on
a failure is repeated to a caller, in the sync log or in a report's last error."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import update

from tests.province.conftest import REGION, TOKEN, Province
from tests.province.test_reports import outbound, provincial, unit_report
from tuijin.registry.province.client import ClientConfig, PlatformClient, PlatformRefused, TokenBucket
from tuijin.registry.province.egress import check_url, is_public, parse_rules
from tuijin.registry.province.models import ProvinceConfig
from tuijin.registry.province.settings import province_settings

PATH = f"/api/v1/province/regions/{REGION}/config"
MARKER = "REMOTE-BODY-MARKER-7f3a"


async def _put(province: Province, body: dict[str, Any], headers: dict[str, str] | None = None) -> httpx.Response:
    read = await province.client.get(PATH, headers=province.office)
    current = {k: read.json()[k] for k in ("base_url", "credential_ref", "webhook_secret_ref")}
    return await province.client.put(
        PATH, json={**current, **body}, headers={**(headers or province.admin), "If-Match": read.headers["etag"]}
    )


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


class Recorder(httpx.AsyncBaseTransport):
    """Keeps every request that reached the platform's side of the connection."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner, self.requests = inner, []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return await self.inner.handle_async_request(request)


@pytest.fixture
def recorder(province: Province) -> Recorder:
    rec = Recorder(province.platform.inner)
    province.platform.inner = rec
    return rec


# ---------------------------------------------------------------- who configures


async def test_an_office_cannot_change_its_regions_platform_link(province: Province) -> None:
    """Changing the link is admin-only: the region's own office gets 403 role_required with a Chinese
    detail and the configuration stays as it was; it still reads it."""
    before = (await province.client.get(PATH, headers=province.office)).json()
    resp = await _put(province, {"base_url": "http://province.test", "enabled": False}, headers=province.office)
    assert resp.status_code == 403, resp.text
    assert resp.json()["code"] == "role_required" and _has_chinese(resp.json()["detail"])
    after = await province.client.get(PATH, headers=province.office)
    assert after.status_code == 200 and after.json() == before


async def test_the_office_keeps_pull_replay_and_the_sync_log(province: Province) -> None:
    """What is safe stays the office's: pulling now, reading the sync log, replaying a failed entry."""
    await province.linked_project(40)
    province.store.advance("x-40", province.code(40), "HN-XX-40")  # an unmapped item: fails
    assert (await province.pull())["failed"] == 1
    [failed] = await province.log(outcome="failed")
    resp = await province.client.post(f"/api/v1/province/sync-log/{failed['id']}/replay", headers=province.office)
    assert resp.status_code == 200, resp.text


# ---------------------------------------------------------------- which secrets


@pytest.mark.parametrize(
    ("field", "ref"),
    [
        ("credential_ref", "env:TUIJIN_JWT_SECRET"),
        ("credential_ref", "env:PATH"),
        ("credential_ref", "env:TUIJIN_REGISTRY_DATABASE_URL"),
        ("credential_ref", "env:TUIJIN_PROVINCE_410325_TOKEN"),  # another region's credential
        ("credential_ref", f"env:TUIJIN_PROVINCE_{REGION}_WEBHOOK_SECRET"),  # the other secret of the region
        ("credential_ref", "file:/etc/passwd"),
        ("credential_ref", "file:../x"),
        ("webhook_secret_ref", "env:TUIJIN_JWT_SECRET"),
        ("webhook_secret_ref", "file:/proc/self/environ"),
    ],
)
async def test_a_reference_outside_the_regions_own_secrets_is_refused(
    province: Province, field: str, ref: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even an admin names only the region's own variables or a file in the region's secrets folder: any
    other variable or file is 422 naming the field, with a Chinese detail, and nothing changes."""
    monkeypatch.setattr(province_settings(), "secrets_dir", str(tmp_path))
    monkeypatch.setenv("TUIJIN_JWT_SECRET", "jwt-secret-value")
    before = (await province.client.get(PATH, headers=province.office)).json()
    resp = await _put(province, {field: ref})
    assert resp.status_code == 422, resp.text
    problem = resp.json()
    assert problem["errors"][0]["field"] == f"body.{field}" and _has_chinese(problem["detail"])
    assert "jwt-secret-value" not in resp.text
    assert (await province.client.get(PATH, headers=province.office)).json() == before


async def test_a_file_is_read_only_inside_the_regions_secrets_folder(
    province: Province, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """file: works only under <TUIJIN_PROVINCE_SECRETS_DIR>/<region>/: a link out of it is refused when
    configured, and a file replaced by such a link later is not read at the call (409, no request)."""
    outside = tmp_path / "outside"
    outside.write_text("not-the-regions-secret")
    folder = tmp_path / "secrets" / REGION
    folder.mkdir(parents=True)
    monkeypatch.setattr(province_settings(), "secrets_dir", str(tmp_path / "secrets"))
    (folder / "escape").symlink_to(outside)
    resp = await _put(province, {"credential_ref": f"file:{folder / 'escape'}"})
    assert resp.status_code == 422 and resp.json()["errors"][0]["field"] == "body.credential_ref"
    assert (await _put(province, {"credential_ref": "file:../410325/token"})).status_code == 422

    (folder / "token").write_text(TOKEN)
    resp = await _put(province, {"credential_ref": "file:token"})  # a name in the region's folder
    assert resp.status_code == 200 and resp.json()["credential_available"] is True
    (folder / "token").unlink()
    (folder / "token").symlink_to(outside)
    resp = await province.client.post(f"/api/v1/province/regions/{REGION}/pull", headers=province.office)
    assert resp.status_code == 409 and resp.json()["code"] == "province_secret_missing"
    assert "not-the-regions-secret" not in resp.text


async def test_a_reference_stored_before_the_rules_is_never_read(
    province: Province, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A configuration written when any variable could be named: the variable is not read, the config
    shows it unavailable, and a pull is refused before anything is sent."""
    monkeypatch.setenv("TUIJIN_JWT_SECRET", "jwt-secret-value")
    async with province.stack.apps["registry"].state.sessionmaker() as session, session.begin():
        await session.execute(
            update(ProvinceConfig)
            .where(ProvinceConfig.region_code == REGION)
            .values(credential_ref="env:TUIJIN_JWT_SECRET", webhook_secret_ref="env:TUIJIN_JWT_SECRET")
        )
    config = (await province.client.get(PATH, headers=province.office)).json()
    assert config["credential_available"] is False and config["webhook_secret_available"] is False
    resp = await province.client.post(f"/api/v1/province/regions/{REGION}/pull", headers=province.office)
    assert resp.status_code == 409 and resp.json()["code"] == "province_secret_missing"
    assert recorder.requests == []
    event = province.event(province.code(41), "HN-HB-01", "accepted", 1)
    pushed = await province.push([event], secret="jwt-secret-value")
    assert pushed.status_code == 401


# ---------------------------------------------------------------- which addresses


@pytest.mark.parametrize(
    "base_url",
    [
        "http://127.0.0.1:8101",  # a service of Tuijin itself
        "http://localhost:8009",
        "http://169.254.169.254/latest/meta-data",  # cloud metadata
        "http://10.0.0.1",
        "http://[::1]:8009",
        "http://province.test:8443",  # the allowed host, on another port
        "http://user:password@province.test",
        "http://province.test.evil.example",
    ],
)
async def test_a_base_url_an_admin_did_not_allow_is_refused(province: Province, base_url: str) -> None:
    """Only hosts in TUIJIN_PROVINCE_ALLOWED_HOSTS (here province.test): anything else is 422 naming
    body.base_url with a Chinese detail."""
    resp = await _put(province, {"base_url": base_url})
    assert resp.status_code == 422, resp.text
    assert resp.json()["errors"][0]["field"] == "body.base_url" and _has_chinese(resp.json()["detail"])


async def test_an_explicitly_allowed_local_address_is_reachable(
    province: Province, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A loopback address is refused until that exact host:port is allowed (the demo's stand-in)."""
    assert (await _put(province, {"base_url": "http://127.0.0.1:8009"})).status_code == 422
    monkeypatch.setattr(province_settings(), "allowed_hosts", "province.test, 127.0.0.1:8009")
    assert (await _put(province, {"base_url": "http://127.0.0.1:8009"})).status_code == 200
    await province.pull()
    assert recorder.requests and recorder.requests[0].url.host == "127.0.0.1"


async def test_an_address_no_longer_allowed_is_refused_at_the_call(
    province: Province, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The allow-list is checked again for every request: an address taken off it, or one stored before
    the rules, is not called (409 province_address_not_allowed), and nothing is sent."""
    monkeypatch.setattr(province_settings(), "allowed_hosts", "")
    resp = await province.client.post(f"/api/v1/province/regions/{REGION}/pull", headers=province.office)
    assert resp.status_code == 409 and resp.json()["code"] == "province_address_not_allowed"
    monkeypatch.setattr(province_settings(), "allowed_hosts", "province.test")
    async with province.stack.apps["registry"].state.sessionmaker() as session, session.begin():
        await session.execute(
            update(ProvinceConfig)
            .where(ProvinceConfig.region_code == REGION)
            .values(base_url="http://169.254.169.254/latest")
        )
    resp = await province.client.post(f"/api/v1/province/regions/{REGION}/pull", headers=province.office)
    assert resp.status_code == 409 and resp.json()["code"] == "province_address_not_allowed"
    assert recorder.requests == []


async def test_a_name_resolving_to_loopback_is_refused_at_every_connection(
    province: Province, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A host allowed by a *.domain entry must resolve to global addresses only, checked at each
    connection: while it does, the request goes to the checked address (Host and TLS name stay the name);
    once it resolves to loopback (DNS rebinding), the call is refused and nothing is sent."""
    answers = {"platform.gov.example": ["93.184.216.34"]}

    async def resolve(host: str, port: int) -> list[str]:
        return answers[host]

    monkeypatch.setattr(province_settings(), "allowed_hosts", "*.gov.example")
    monkeypatch.setattr(province.stack.apps["registry"].state, "province_resolver", resolve, raising=False)
    assert (await _put(province, {"base_url": "https://platform.gov.example"})).status_code == 200
    await province.pull()
    [sent] = recorder.requests
    assert sent.url.host == "93.184.216.34" and sent.headers["host"] == "platform.gov.example"
    assert sent.extensions["sni_hostname"] == "platform.gov.example"

    for bad in (["127.0.0.1"], ["93.184.216.34", "10.0.0.7"], ["::ffff:127.0.0.1"], ["169.254.169.254"]):
        answers["platform.gov.example"] = bad
        resp = await province.client.post(f"/api/v1/province/regions/{REGION}/pull", headers=province.office)
        assert resp.status_code == 409 and resp.json()["code"] == "province_address_not_allowed", bad
        assert _has_chinese(resp.json()["detail"])
    assert len(recorder.requests) == 1


def test_only_global_unicast_addresses_are_public() -> None:
    """Loopback, private, link-local, shared, multicast, unspecified and IPv4 inside IPv6 are not public."""
    for address in (
        "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
        "224.0.0.1", "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a00:1", "::",
    ):
        assert not is_public(address), address
    for address in ("93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"):
        assert is_public(address), address


def test_the_allow_list_matches_host_and_port_exactly() -> None:
    """A host without a port allows the scheme's default port; *.domain allows names under it, not the
    domain's look-alikes; user information in the URL is refused."""
    rules = parse_rules("tzxm.example.gov.cn, 127.0.0.1:8009 *.hn.example")
    assert check_url("https://tzxm.example.gov.cn/api", rules).exact
    assert check_url("https://TZXM.example.gov.cn./api", rules).host == "tzxm.example.gov.cn"
    assert not check_url("https://a.hn.example", rules).exact
    assert check_url("http://127.0.0.1:8009/x", rules).port == 8009
    for url in (
        "https://tzxm.example.gov.cn:8443",
        "http://127.0.0.1:8010",
        "http://127.0.0.1",
        "https://hn.example",
        "https://evilhn.example",
        "https://x@tzxm.example.gov.cn",
        "https://tzxm.example.gov.cn\\@evil.example",  # read as httpx connects: user information, then evil
        "https://a.test\\@tzxm.example.gov.cn",
        "file:///etc/passwd",
    ):
        with pytest.raises(ValueError):
            check_url(url, rules)


async def test_a_redirect_is_not_followed() -> None:
    """A platform answering with a redirect (say, to the metadata address) is refused; only one request."""
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(302, headers={"location": "http://169.254.169.254/latest/meta-data"})

    rules = parse_rules("p.test")
    cfg = ClientConfig("410324", "http://p.test", "t", 1, 0, 0)
    client = PlatformClient(cfg, TokenBucket(1000, 1000), httpx.MockTransport(handler), rules=lambda: rules)
    with pytest.raises(PlatformRefused):
        await client.changes("", 10)
    assert [str(c.url.host) for c in calls] == ["p.test"]


# ---------------------------------------------------------------- what comes back


async def test_the_platforms_answer_is_never_repeated(province: Province, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 500, a 403 and a 200 that is not JSON, each with a marker in the body: the pull's problem, the
    pull job's result, the configuration's last error, the sync log and an outgoing report's last error
    carry the status and a fixed reason, never the marker."""
    monkeypatch.setattr(province_settings(), "deliver_max_attempts", 1)
    project = await provincial(province, 42)
    assert (await unit_report(province, project["id"], "suspension")).status_code == 201
    texts: list[str] = []
    answers = ((500, MARKER), (403, f'{{"detail": "{MARKER}"}}'), (200, f"<html>{MARKER}</html>"))
    for status, body in answers:
        province.platform.inner = httpx.MockTransport(lambda request, s=status, b=body: httpx.Response(s, text=b))
        resp = await province.client.post(f"/api/v1/province/regions/{REGION}/pull", headers=province.office)
        assert resp.status_code in (422, 502, 503), resp.text
        assert f"HTTP {status}" in resp.json()["detail"]
        texts.append(resp.text)
        texts.append(str(await province.run_job(f"province-pull-{REGION}")))
        config = await province.client.get(PATH, headers=province.office)
        assert f"HTTP {status}" in config.json()["last_error"]
        texts.append(config.text)
    province.platform.inner = httpx.MockTransport(lambda request: httpx.Response(500, text=MARKER))
    await province.run_job("province-deliver")
    [report] = await outbound(province)
    assert report["status"] == "dead" and "HTTP 500" in report["last_error"]
    texts.append(str(report))
    log = await province.client.get(f"/api/v1/province/regions/{REGION}/sync-log", headers=province.office)
    texts.append(log.text)
    assert all(MARKER not in t for t in texts)
