"""Production wiring: the compose file's services and Django's deployment checks."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
# What the README says check --deploy reports, and nothing else (HSTS preload is a per-domain decision).
DOCUMENTED_WARNINGS = {"security.W021"}


def test_compose_file_defines_the_five_services_from_one_image():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())

    services = compose["services"]
    assert set(services) == {"postgres", "redis", "web", "worker", "beat"}
    app_services = [services[name] for name in ("web", "worker", "beat")]
    assert len({s.get("image") for s in app_services}) == 1
    assert "gunicorn" in " ".join(services["web"]["command"])


@pytest.mark.parametrize(("variables", "expected"), [
    ({}, DOCUMENTED_WARNINGS),
    # The README: with the proxy doing the redirect, W008 shows too, as expected.
    ({"SECURE_SSL_REDIRECT": "false"}, DOCUMENTED_WARNINGS | {"security.W008"}),
    ({"SECURE_HSTS_PRELOAD": "true"}, set()),
])
def test_check_deploy_in_production_reports_exactly_what_the_readme_says(tmp_path, variables, expected):
    env = {
        **os.environ,
        "PITLANE_PRODUCTION": "true",
        "PITLANE_TRUSTED_PROXIES": "1",
        "PITLANE_MANIFEST_STATIC": "true",
        "DEBUG": "false",
        "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "pitlane.example",
        "PITLANE_VAR_DIR": str(tmp_path),
        **variables,
    }
    env.pop("DATABASE_URL", None)

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )

    reported = set(re.findall(r"\(([a-z_]+\.[EWCI]\d{3})\)", result.stdout + result.stderr))
    assert reported == expected, result.stdout + result.stderr
    assert result.returncode == (1 if expected else 0), result.stderr
