"""``make bench-web``: how heavy the web console is and how fast the dashboard is usable, on the demo county.

A benchmark, not a test: it prints figures and writes them to ``var/bench-web.json``; nothing fails on a slow
machine. The aim (issue 16): initial JavaScript under 400 KB gzipped, dashboard usable under 1.5 s.

* initial JS: the JavaScript the browser fetches to show the dashboard (entry, its preloads and the dashboard's
  lazy chunks, as Chromium requested them), each gzipped at level 6 as the gateway sends it; also the entry
  alone (``index.html``'s script and preloads), which every page needs.
* time to a usable dashboard: from ``page.goto("/")`` of a logged-in browser (the session restored through the
  refresh cookie, as after a reload) until the figures and every chart are drawn; median of several loads,
  with the browser's cache warm as a clerk's is.

The five apps run as processes on SQLite (``tests/web/demo_cluster.py``), the console from ``web/dist``.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.pop("TUIJIN_TEST_PG_URL", None)  # the cluster helper reads it at import: always SQLite here

from tests.web.conftest import CHROMIUM, log_in  # noqa: E402
from tests.web.demo_cluster import OFFICE, demo_console  # noqa: E402

DIST = ROOT / "web" / "dist"
LOADS = 7
AIM_KB, AIM_SECONDS = 400, 1.5


async def _no_database(label: str) -> str:
    raise AssertionError(f"no database server is used by the benchmark ({label})")


def gz_kb(paths: list[Path]) -> float:
    return sum(len(gzip.compress(p.read_bytes(), compresslevel=6)) for p in paths) / 1024


def entry_scripts() -> list[Path]:
    html = (DIST / "index.html").read_text(encoding="utf-8")
    return [DIST / src.lstrip("/") for src in re.findall(r'(?:src|href)="(/assets/[^"]+\.js)"', html)]


async def measure(url: str, password: str) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        context = await browser.new_context(base_url=url, locale="zh-CN", viewport={"width": 1400, "height": 900})
        page = await context.new_page()
        scripts: set[str] = set()
        page.on("request", lambda r: scripts.add(r.url.split("?")[0]) if r.resource_type == "script" else None)
        await log_in(page, OFFICE, password)
        await page.get_by_test_id("projects-count").wait_for()
        loaded = sorted({DIST / u.split("/", 3)[3] for u in scripts if "/assets/" in u})
        seconds = []
        for _ in range(LOADS):
            await page.goto("/projects")
            await page.get_by_test_id("project-table").wait_for()
            started = time.perf_counter()
            await page.goto("/")
            await page.get_by_test_id("projects-count").wait_for()
            await page.wait_for_function("document.querySelectorAll('canvas').length >= 5")
            seconds.append(time.perf_counter() - started)
        await browser.close()
    return {"scripts": loaded, "seconds": seconds}


async def main() -> int:
    if not CHROMIUM.exists():
        raise SystemExit("bench-web needs Chromium: apt-get install -y chromium")
    if not (DIST / "index.html").exists():
        raise SystemExit("no console build: run make web")
    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        async with demo_console(Path(tmp), _no_database, DIST) as console:
            result = await measure(console.url, console.password)
    entry_kb = gz_kb(entry_scripts())
    dashboard_kb = gz_kb(result["scripts"])
    median = statistics.median(result["seconds"])
    figures = {
        "entry_js_gzip_kb": round(entry_kb, 1),
        "dashboard_js_gzip_kb": round(dashboard_kb, 1),
        "dashboard_js_files": len(result["scripts"]),
        "dashboard_usable_seconds_median": round(median, 3),
        "dashboard_usable_seconds": [round(s, 3) for s in result["seconds"]],
        "aim": {"js_gzip_kb": AIM_KB, "usable_seconds": AIM_SECONDS},
    }
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "bench-web.json").write_text(json.dumps(figures, indent=1), encoding="utf-8")
    print("web console benchmark (demo county, SQLite, this machine)")
    print(f"  entry JavaScript (every page):        {entry_kb:7.1f} KB gzipped")
    print(f"  JavaScript to show the dashboard:     {dashboard_kb:7.1f} KB gzipped in {len(result['scripts'])} files"
          f"  (aim < {AIM_KB} KB)")
    print(f"  navigation to a usable dashboard:     {median:7.3f} s median of {LOADS}"
          f"  (aim < {AIM_SECONDS} s; each: {', '.join(f'{s:.2f}' for s in result['seconds'])})")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
