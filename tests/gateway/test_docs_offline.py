"""Docs that work offline: Swagger UI and ReDoc of the gateway and of every service name nothing outside the app
(no CDN, no web fonts, no validator badge, no favicon from the internet), and every asset they name is served by
the app itself with its content type."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import httpx
import pytest

from tuijin.kernel.settings import SERVICES

ORIGIN = "http://testserver"
CONTENT_TYPES = {".js": ("text/javascript", "application/javascript"), ".css": ("text/css",),
                 ".png": ("image/png",), ".json": ("application/json",)}


class _Links(HTMLParser):
    """Every URL an HTML page makes a browser load: ``src``/``href`` of any tag and ReDoc's ``spec-url``."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href", "spec-url") and value:
                self.urls.append((tag, value))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)
            # Swagger UI's spec: ``SwaggerUIBundle({url: '/openapi.json', ...})``
            self.urls += [("script", u) for u in re.findall(r"\burl: '([^']*)'", data)]


def _links(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def _same_origin(url: str) -> bool:
    parts = urlsplit(urljoin(f"{ORIGIN}/docs", url))
    return (parts.scheme, parts.netloc) == ("http", "testserver")


async def _assert_offline_page(client: httpx.AsyncClient, page: str, wanted: set[str]) -> None:
    resp = await client.get(page)
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].startswith("text/html")
    links = _links(resp.text)
    urls = [u for _, u in links.urls]
    assert urls, f"{page} names no asset"
    outside = [u for u in urls if not _same_origin(u)]
    assert not outside, f"{page} loads from outside the app: {outside}"
    # inline script too: no URL of another host (e.g. Swagger UI's validator badge) is handed to the UI
    for script in links.scripts:
        assert "http://" not in script and "https://" not in script, f"{page} script names a host: {script}"
    names = {urlsplit(u).path.rsplit("/", 1)[-1] for u in urls}
    assert wanted <= names, f"{page} lacks {wanted - names}: {urls}"
    assert any(tag == "link" and "favicon" in u for tag, u in links.urls), f"{page} has no favicon of its own"
    for url in urls:
        path = urlsplit(urljoin(f"{ORIGIN}{page}", url)).path
        asset = await client.get(path)
        assert asset.status_code == 200, f"{page} → {path}: {asset.status_code}"
        suffix = "." + path.rsplit(".", 1)[-1]
        kinds = CONTENT_TYPES[suffix]
        assert asset.headers["content-type"].split(";")[0] in kinds, (path, asset.headers["content-type"])
        assert len(asset.content) > 1000, f"{path} is nearly empty"


async def test_gateway_swagger_ui_loads_only_the_gateways_own_assets(gw, fresh_openapi):
    """/docs (Swagger UI of the merged spec) names only same-origin URLs, each answering 200 with its type."""
    await _assert_offline_page(gw.client, "/docs", {"swagger-ui-bundle.js", "swagger-ui.css", "favicon.png",
                                                    "openapi.json"})


async def test_gateway_redoc_loads_only_the_gateways_own_assets(gw, fresh_openapi):
    """/redoc names only same-origin URLs (no Google fonts), each answering 200 with its type."""
    await _assert_offline_page(gw.client, "/redoc", {"redoc.standalone.js", "favicon.png", "openapi.json"})


async def test_swagger_ui_asks_no_validator_on_the_internet(gw):
    """Swagger UI's default validator badge comes from validator.swagger.io: the page turns it off."""
    resp = await gw.client.get("/docs")
    assert '"validatorUrl": null' in resp.text


async def test_swagger_oauth2_redirect_page_is_served(gw):
    resp = await gw.client.get("/docs/oauth2-redirect")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("service", SERVICES)
@pytest.mark.parametrize("page", ["/docs", "/redoc"])
async def test_each_service_serves_its_own_docs_offline(stack, service, page):
    """A service's own /docs and /redoc (reached directly, e.g. by its operators) are offline too."""
    wanted = {"swagger-ui-bundle.js", "swagger-ui.css"} if page == "/docs" else {"redoc.standalone.js"}
    await _assert_offline_page(stack.client(service), page, wanted | {"favicon.png", "openapi.json"})
