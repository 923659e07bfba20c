"""The web console in a real browser (issue 16): Debian's Chromium driven by Playwright against the five apps
started as processes (``tests/processes/cluster.py``) on the demo county, with the demo activity of ``make run``
(problems, letters, a meeting, a published ranking) loaded through the gateway.

Skipped, saying so, when ``/usr/bin/chromium`` is absent (``apt-get install -y chromium``; CI installs it).
The console is built first when ``web/dist`` has no build (``scripts/web_build.py``, as ``make web``)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.demo_cluster import OFFICE, Console, demo_console

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
DIST = ROOT / "web" / "dist"
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
BUILD_TIMEOUT = 900


@pytest.fixture(scope="session")
def console_build() -> Path:
    if not CHROMIUM.exists():
        pytest.skip("browser tests of the web console skipped: /usr/bin/chromium is absent "
                    "(apt-get install -y chromium)")
    if not (DIST / "index.html").exists() or not AXE.exists():
        proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "web_build.py")], cwd=ROOT,
                              capture_output=True, text=True, timeout=BUILD_TIMEOUT)
        assert proc.returncode == 0, f"the console does not build:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return DIST


@pytest.fixture(scope="session")
async def console(console_build: Path, fresh_databases: Any,
                  tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Console]:
    async with demo_console(tmp_path_factory.mktemp("web"), fresh_databases.new, console_build) as c:
        yield c


@pytest.fixture(scope="session")
async def browser(console_build: Path) -> AsyncIterator[Any]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        # --no-sandbox: CI and this machine run the tests as root, where Chromium's sandbox cannot start
        chromium = await pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        await chromium.close()


async def log_in(page: Any, username: str, password: str) -> None:
    await page.goto("/login")
    await page.get_by_label("用户名").fill(username)
    await page.get_by_label("密码").fill(password)
    await page.get_by_role("button", name="登录").click()


@pytest.fixture
async def office(browser: Any, console: Console) -> AsyncIterator[Any]:
    """A page logged in as the demo county's office (重点办), on the dashboard."""
    context = await browser.new_context(base_url=console.url, locale="zh-CN", viewport={"width": 1400, "height": 900})
    page = await context.new_page()
    await log_in(page, OFFICE, console.password)
    await page.wait_for_url(f"{console.url}/")
    yield page
    await context.close()


async def serious_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core (from node_modules, no CDN) on the page as it is: the serious and critical violations."""
    # a dialog fading in or out is half transparent: measure once every CSS transition and animation has ended
    await page.wait_for_function(
        "() => document.getAnimations().every((a) => a.playState !== 'running')", timeout=5000)
    await page.add_script_tag(path=str(AXE))
    result = await page.evaluate("async () => (await axe.run(document)).violations")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"][:5]]}
            for v in result if v["impact"] in ("serious", "critical")]
