"""Drive a running `make run` through the gateway: wait until every upstream is ready, log in with
the credentials from var/.env, make a proxied call and fetch the merged docs. Exits non-zero on any
failure. Loopback only, bounded waits."""

from __future__ import annotations

import os
import sys
import time

import httpx
from openapi_spec_validator import validate

BASE = f"http://127.0.0.1:{os.environ.get('TUIJIN_GATEWAY_PORT', '8000')}"


def load_env(path: str = "var/.env") -> dict[str, str]:
    out = {}
    for line in open(path, encoding="utf-8"):
        if "=" in line and not line.startswith("#"):
            k, v = line.strip().split("=", 1)
            out[k] = v
    return out


def main() -> int:
    deadline = time.monotonic() + float(os.environ.get("SMOKE_WAIT_SECONDS", "120"))
    with httpx.Client(base_url=BASE, timeout=10) as client:
        while True:
            try:
                ready = client.get("/readyz")
                if ready.status_code == 200 and ready.json().get("status") == "ready":
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                print("gateway or an upstream never became ready", file=sys.stderr)
                return 1
            time.sleep(1)
        print("ready:", ready.json()["upstreams"])
        env = load_env()
        login = client.post("/api/v1/auth/token",
                            data={"username": "lc.office", "password": env["TUIJIN_DEMO_PASSWORD"]})
        login.raise_for_status()
        token = login.json()["access_token"]
        print("login: lc.office ok, roles", login.json()["user"]["roles"])
        days = client.get("/api/v1/calendar/days", params={"from": "2026-10-01", "to": "2026-10-10"},
                          headers={"Authorization": f"Bearer {token}"})
        days.raise_for_status()
        by_day = {d["day"]: d["is_working_day"] for d in days.json()}
        assert by_day["2026-10-01"] is False and by_day["2026-10-10"] is True, by_day
        print("proxied call: calendar via registry ok")
        doc = client.get("/openapi.json")
        doc.raise_for_status()
        validate(doc.json())
        assert "/api/v1/auth/token" in doc.json()["paths"] and "/api/v1/calendar/days" in doc.json()["paths"]
        assert not doc.json()["info"].get("x-tuijin-missing")
        print(f"merged docs: {len(doc.json()['paths'])} paths, valid OpenAPI")
        assert client.get("/docs").status_code == 200
        console = client.get("/projects")  # make run built the console: a page path answers its index.html
        assert console.status_code == 200 and '<div id="app">' in console.text, console.text[:300]
        print("web console: served at /")
    return 0


if __name__ == "__main__":
    sys.exit(main())
