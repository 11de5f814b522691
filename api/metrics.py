"""/metrics in Prometheus's text format.

Counts that live in the database (comments by outcome and site, the queue, webhook deliveries, the
live model) are read at scrape time, so every web process reports the same truth. What happens in a
process (API calls, synchronous scoring time) is counted there; with PROMETHEUS_MULTIPROC_DIR set,
prometheus_client adds up all of gunicorn's processes.
"""
from __future__ import annotations

import os
from collections.abc import Iterator

from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from api.models import WebhookDelivery
from blog.models import Comment
from scoring import registry

# In multi-process mode every process that imports this module (gunicorn's workers, but also a
# manage.py command run in the web container) writes its counters to files there.
if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)

API_CALLS = Counter("pitlane_api_calls", "Calls with an API key, by door and scope.", ["door", "scope"])
SCORING_SECONDS = Histogram(
    "pitlane_scoring_seconds", "Scoring one comment on a synchronous door (Akismet, Coral).",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5),
)


class DatabaseCollector:
    """Gauges read from the database at scrape time."""

    def collect(self) -> Iterator:
        comments = GaugeMetricFamily(
            "pitlane_comments", "Comments by status and site.", labels=["status", "site"]
        )
        rows = Comment.objects.values("status", "article__site__name").annotate(n=Count("pk"))
        for row in rows:
            comments.add_metric([row["status"], row["article__site__name"]], row["n"])
        yield comments
        waiting = Comment.objects.filter(status__in=(Comment.Status.PENDING, Comment.Status.HELD))
        depth = GaugeMetricFamily("pitlane_queue_depth", "Comments waiting, by status.", labels=["status"])
        oldest = GaugeMetricFamily("pitlane_queue_oldest_seconds", "Age of the oldest waiting comment.",
                                   labels=["status"])
        for row in waiting.values("status").annotate(n=Count("pk"), since=Min("status_changed_at")):
            depth.add_metric([row["status"]], row["n"])
            oldest.add_metric([row["status"]], (timezone.now() - row["since"]).total_seconds())
        yield depth
        yield oldest
        deliveries = GaugeMetricFamily("pitlane_webhook_deliveries", "Webhook deliveries by status.",
                                       labels=["status"])
        for row in WebhookDelivery.objects.values("status").annotate(n=Count("pk")):
            deliveries.add_metric([row["status"]], row["n"])
        yield deliveries
        live = registry.live_version()
        info = InfoMetricFamily("pitlane_live_model", "The model version scoring comments.")
        info.add_metric([], {"version": live.version if live else ""})
        yield info


def exposition() -> bytes:
    metrics = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(metrics)
    else:
        metrics.register(_ProcessMetrics())
    metrics.register(DatabaseCollector())
    return generate_latest(metrics)


class _ProcessMetrics:
    """This process's own counters (API calls, scoring time), when not adding up many processes."""

    def collect(self) -> Iterator:
        yield from API_CALLS.collect()
        yield from SCORING_SECONDS.collect()
