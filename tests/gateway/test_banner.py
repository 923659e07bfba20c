"""The `make run` banner says where the passwords are (var/.env and the variable names), never the
passwords themselves: the terminal log of a run is often shared or kept."""

from __future__ import annotations

import subprocess
from pathlib import Path

BANNER = Path(__file__).resolve().parents[2] / "scripts" / "banner.sh"


def test_the_banner_names_the_password_variables_and_prints_no_password(tmp_path):
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / ".env").write_text(
        "TUIJIN_GATEWAY_ADMIN_USERNAME=admin\n"
        "TUIJIN_GATEWAY_ADMIN_PASSWORD=AdminSecret123xyz\n"
        "TUIJIN_DEMO_PASSWORD=DemoSecret456abc\n"
        "TUIJIN_JWT_SECRET=jwt-secret-not-to-be-shown\n"
    )

    out = subprocess.run(["bash", str(BANNER)], cwd=tmp_path, capture_output=True, text=True, check=True).stdout

    assert "AdminSecret123xyz" not in out and "DemoSecret456abc" not in out and "jwt-secret" not in out
    assert "var/.env" in out
    assert "TUIJIN_GATEWAY_ADMIN_PASSWORD" in out and "TUIJIN_DEMO_PASSWORD" in out
    assert "lc.office" in out and "admin" in out
