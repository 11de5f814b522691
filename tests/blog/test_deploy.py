"""Production wiring: the compose file's services and Django's deployment checks."""
import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
# HTTPS-only warnings the README documents (HSTS preload is an opt-in decision per domain).
DOCUMENTED_WARNINGS = {"security.W021"}


def test_compose_file_defines_the_five_services_from_one_image():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())

    services = compose["services"]
    assert set(services) == {"postgres", "redis", "web", "worker", "beat"}
    app_services = [services[name] for name in ("web", "worker", "beat")]
    assert len({s.get("image") for s in app_services}) == 1
    assert "gunicorn" in " ".join(services["web"]["command"])


def test_check_deploy_with_production_settings_reports_only_documented_warnings(tmp_path):
    env = {
        **os.environ,
        "PITLANE_PRODUCTION": "true",
        "PITLANE_TRUSTED_PROXIES": "1",
        "PITLANE_MANIFEST_STATIC": "true",
        "DEBUG": "false",
        "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "pitlane.example",
        "PITLANE_VAR_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )

    words = (word.strip("():") for word in result.stderr.split())
    reported = {word for word in words if word.startswith("security.")}
    assert reported <= DOCUMENTED_WARNINGS, result.stderr
    assert result.returncode == (1 if reported else 0), result.stderr
