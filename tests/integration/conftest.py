"""A real Redis on a private port and a real Celery worker process sharing the test database.

Each module gets its own redis-server, so tests can stop and restart it without disturbing anyone, and
one worker that tests may kill and restart.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection

from tests.moderation.broker import point_app_at

REPO = Path(__file__).resolve().parents[2]
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
pytestmark = pytest.mark.integration


def wait_for(condition: Callable[[], object], timeout: float = 10.0, every: float = 0.05) -> object:
    """Poll until `condition()` is truthy; its value, or AssertionError naming the timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"condition not met within {timeout} s")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    def __init__(self, workdir: Path) -> None:
        self.port, self.workdir, self.process = free_port(), workdir, None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        args = [
            REDIS_SERVER,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.workdir),
        ]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(self._answers, timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


class Worker:
    """`celery worker --beat` as a child process group we can SIGKILL and start again."""

    def __init__(self, env: dict[str, str], workdir: Path) -> None:
        self.env, self.workdir, self.process = env, workdir, None
        self.log = workdir / "worker.log"

    def start(self, timeout: float = 60) -> None:
        offset = self.log.stat().st_size if self.log.exists() else 0
        args = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--beat",
            "--pool=prefork",
            "--concurrency=1",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--schedule",
            str(self.workdir / "beat-schedule"),
        ]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                args, cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        wait_for(lambda: "ready." in self.output(offset) or self.process.poll() is not None, timeout=timeout)
        assert self.process.poll() is None, self.output()

    def kill(self) -> None:
        """SIGKILL the whole worker: no clean shutdown, no acknowledgement of the running task."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def output(self, offset: int = 0) -> str:
        return self.log.read_bytes()[offset:].decode(errors="replace") if self.log.exists() else ""


def _require_redis() -> None:
    if Path(REDIS_SERVER).exists():
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"redis-server not found at {REDIS_SERVER}; CI must provide it")
    pytest.skip("redis-server is not installed; integration tests need a real Redis")


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    _require_redis()
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    previous = point_app_at(server.url)
    yield server
    server.stop()
    point_app_at(previous)


def worker_env(broker_url: str) -> dict[str, str]:
    """The worker's environment: this test database, the private Redis, a fast beat sweeper."""
    return {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker_url,
        "PITLANE_SCORER": "tests.moderation.scorers.load",
        "PITLANE_SWEEP_EVERY": "1",
        "PITLANE_SWEEP_AFTER": "2",
        "PITLANE_VISIBILITY_TIMEOUT": "4",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "DB_CONN_MAX_AGE": "0",
    }


@pytest.fixture(scope="module")
def worker(redis_server, django_db_setup, tmp_path_factory):
    """One worker per module scoring with the tagged stand-in model; sweeps every second."""
    worker = Worker(worker_env(redis_server.url), tmp_path_factory.mktemp("worker"))
    worker.start()
    yield worker
    worker.kill()
