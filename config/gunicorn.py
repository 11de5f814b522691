"""gunicorn in production (Dockerfile, docker-compose): `gunicorn -c config/gunicorn.py config.wsgi`.

gthread workers: a request waiting on PostgreSQL, Redis or another request's scoring batch leaves its
process free for the others, and the synchronous doors (Akismet, Coral) score the checks that arrive
together in one batch (moderation.worker.score_now). Two processes for two cores; more threads than
processes because most of a request's time is spent waiting. GUNICORN_WORKERS and GUNICORN_THREADS
override both (bench/akismet.py measures them).
"""
import os
import shutil
from pathlib import Path

from prometheus_client import multiprocess

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "10"))
worker_class = "gthread"
preload_app = True
accesslog = "-"


# /metrics adds up every process's counters from files in this directory (api.metrics); each start
# begins with none. Read before the app is loaded (--preload), so the directory exists when it is.
METRICS_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if METRICS_DIR:
    shutil.rmtree(METRICS_DIR, ignore_errors=True)
    Path(METRICS_DIR).mkdir(parents=True)


def child_exit(server, worker) -> None:
    if METRICS_DIR:
        multiprocess.mark_process_dead(worker.pid)
