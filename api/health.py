"""What /healthz reports: the database, the broker, the worker's last heartbeat, the live model."""
from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from kombu import Connection

from api.models import Heartbeat
from moderation import worker
from scoring import registry

log = logging.getLogger(__name__)
WORKER = "worker"


def report() -> dict[str, Any]:
    """{"status": "ok" | "degraded" | "down", "checks": {name: {"ok": bool, ...}}}.

    Down when the database is: nothing works without it. Degraded when anything else fails: comments
    are still saved and the sweeper scores them once the broker and worker are back.
    """
    checks = {"database": database()}
    if checks["database"]["ok"]:
        checks.update(broker=broker(), worker=worker_heartbeat(), model=live_model())
    else:
        checks.update(broker=broker())
    if not checks["database"]["ok"]:
        status = "down"
    else:
        status = "ok" if all(check["ok"] for check in checks.values()) else "degraded"
    return {"status": status, "checks": checks}


def database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True}


def broker() -> dict[str, Any]:
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=1,
                        transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=1)
    except Exception as error:  # any transport's failure means the same thing here
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True}


def worker_heartbeat() -> dict[str, Any]:
    beat = Heartbeat.objects.filter(name=WORKER).values_list("beat_at", flat=True).first()
    if beat is None:
        return {"ok": False, "error": "no heartbeat from a worker yet"}
    age = (timezone.now() - beat).total_seconds()
    stale = age > settings.PITLANE_HEARTBEAT_STALE
    problem = {"error": "heartbeat is stale"} if stale else {}
    return {"ok": not stale, "age_seconds": round(age, 1), **problem}


def record_heartbeat() -> None:
    Heartbeat.objects.update_or_create(name=WORKER, defaults={"beat_at": timezone.now()})


def live_model() -> dict[str, Any]:
    """The registry's live version, loaded (and hash-verified on load) by the one model adapter."""
    row = registry.live_version()
    if row is None:
        return {"ok": False, "error": "no live model in the registry"}
    try:
        loaded = worker.active_model().version
    except Exception as error:  # refused, missing or unreadable: a person must look
        log.exception("live model check failed")
        return {"ok": False, "version": row.version, "error": type(error).__name__}
    ok = loaded == row.version
    return {"ok": ok, "version": row.version, **({} if ok else {"error": f"serving {loaded} instead"})}

