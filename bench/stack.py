"""A private Pitlane stack for bench/load.py: PostgreSQL, Redis, gunicorn, a Celery worker and beat.

Everything lives in one temp directory and listens on free loopback ports, so the bench can restart or
kill any part without touching the machine's shared PostgreSQL and Redis.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PG_BIN = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1])
GUNICORN_WORKERS = 4


def free_port() -> int:
    return free_ports(1)[0]


def free_ports(count: int) -> list[int]:
    """Distinct free ports: each socket stays bound until all are picked, so none is handed out twice."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def wait_for_port(port: int, timeout: float = 60.0) -> None:
    """Block until something accepts connections on the port; a dead service fails the bench loudly."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listening on port {port} after {timeout:.0f} s")


def tree_cpu_seconds(root: int) -> float:
    """CPU seconds (user + system) a process and its descendants used so far, reaped children included."""
    tick, stats = os.sysconf("SC_CLK_TCK"), {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:  # gone meanwhile
                continue
            # After the name: state ppid ... utime stime cutime cstime are the 12th to 15th fields.
            stats[int(entry.name)] = (int(fields[1]), sum(int(value) for value in fields[11:15]))
    tree = {root}
    while True:
        grown = tree | {pid for pid, (ppid, _) in stats.items() if ppid in tree}
        if grown == tree:
            break
        tree = grown
    return sum(stats[pid][1] for pid in tree if pid in stats) / tick


def redis_server_args(port: int, workdir: Path) -> list[str]:
    """A private redis-server on a loopback port that keeps nothing on disk."""
    server = shutil.which("redis-server") or "/usr/bin/redis-server"
    return [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", str(workdir)]


def as_postgres(*args: str | Path) -> list[str]:
    # initdb and postgres refuse to run as root.
    return ["runuser", "-u", "postgres", "--", *map(str, args)]


class Stack:
    """Start, break and stop the services; each has a log file in the work directory."""

    def __init__(self, extra_env: dict[str, str] | None = None) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="pitlane-load-"))
        os.chmod(self.dir, 0o755)
        self.pg_port, self.redis_port, self.web_port = free_ports(3)
        self.pgdata = self.dir / "pgdata"
        self.processes: dict[str, subprocess.Popen] = {}
        self.env = {
            **os.environ,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.pg_port}/pitlane",
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "CELERY_BROKER_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "CACHE_URL": f"redis://127.0.0.1:{self.redis_port}/0",  # shared, as in production
            "PITLANE_MODEL_DIR": str(self.dir / "models"),
            "PITLANE_VAR_DIR": str(self.dir / "var"),
            "PITLANE_RATELIMIT_ENABLE": "false",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "LOG_LEVEL": "WARNING",
            **(extra_env or {}),
        }

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def log(self, name: str) -> Path:
        return self.dir / f"{name}.log"

    def _spawn(self, name: str, args: list[str], cwd: Path = REPO, env: dict | None = None):
        with self.log(name).open("ab") as out:
            process = subprocess.Popen(
                args, cwd=cwd, env=env or self.env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes[name] = process
        return process

    # PostgreSQL ------------------------------------------------------------------------------------
    def start_postgres(self) -> None:
        shutil.chown(self.dir, "postgres")
        subprocess.run(
            as_postgres(PG_BIN / "initdb", "-D", self.pgdata, "-A", "trust", "-U", "postgres", "--no-sync"),
            check=True, stdout=subprocess.DEVNULL,
        )
        options = f"-p {self.pg_port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._pg_ctl("start", "-o", options)
        for name in ("pitlane",):
            self.psql(f"CREATE DATABASE {name}")

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run(
            as_postgres(PG_BIN / "pg_ctl", "-D", self.pgdata, "-l", self.log("postgres"), "-w", *args),
            check=True, stdout=subprocess.DEVNULL,
        )

    def postgres_pid(self) -> int:
        return int((self.pgdata / "postmaster.pid").read_text().split()[0])

    def restart_postgres(self) -> None:
        self._pg_ctl("restart", "-m", "fast")

    def psql(self, sql: str) -> None:
        subprocess.run(
            [PG_BIN / "psql", "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "postgres", "-qc", sql],
            check=True, stdout=subprocess.DEVNULL,
        )

    # Redis -----------------------------------------------------------------------------------------
    def start_redis(self) -> None:
        self._spawn("redis", redis_server_args(self.redis_port, self.dir))
        wait_for_port(self.redis_port)

    def restart_redis(self) -> None:
        """A clean restart with no persistence: every queued and unacknowledged message is gone."""
        self.stop("redis", signal.SIGTERM)
        self.start_redis()

    # Django, gunicorn, Celery ----------------------------------------------------------------------
    def manage(self, *args: str) -> None:
        subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=self.env, check=True,
                       stdout=subprocess.DEVNULL)

    def start_web(
        self, wsgi: str = "config.wsgi", cwd: Path | None = None, env: dict | None = None, *,
        workers: int = GUNICORN_WORKERS, threads: int = 1,
    ) -> None:
        """gunicorn; `threads` above 1 makes its workers gthread workers."""
        args = [sys.executable, "-m", "gunicorn", wsgi, "--bind", f"127.0.0.1:{self.web_port}",
                "--workers", str(workers), "--threads", str(threads), "--backlog", "2048", "--timeout", "300",
                "--preload",
                # Time inside the server per request, to tell server time from queueing in the report.
                "--access-logfile", str(self.log("access")), "--access-logformat", "%(s)s %(m)s %(L)s %(U)s"]
        if cwd is not None:  # another project (the xtd comparison) in another venv
            args[0] = str(Path(env["VIRTUAL_ENV"]) / "bin" / "python")
        self._spawn("web", args, cwd=cwd or REPO, env=env)
        wait_for_port(self.web_port)

    def start_worker(self) -> None:
        """Prefork with two children, as docker-compose runs it; the bootstrap model trains at start."""
        args = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork",
                "--concurrency=2", "--loglevel=WARNING", "--without-gossip", "--without-mingle"]
        self._spawn("worker", args)

    def start_beat(self) -> None:
        # The sweeper re-enqueues comments whose message the broker lost (Redis restarted).
        args = [sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel=WARNING",
                "--schedule", str(self.dir / "beat-schedule")]
        self._spawn("beat", args)

    def kill_worker(self) -> None:
        """SIGKILL the worker's whole process group: the parent and its prefork children die at once."""
        self.stop("worker", signal.SIGKILL)

    def stop(self, name: str, sig: int = signal.SIGTERM) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def close(self, keep_logs: bool = False) -> None:
        for name in list(self.processes):
            self.stop(name)
        if self.pgdata.exists():
            subprocess.run(as_postgres(PG_BIN / "pg_ctl", "-D", self.pgdata, "-m", "immediate", "stop"),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not keep_logs:
            shutil.rmtree(self.dir, ignore_errors=True)
