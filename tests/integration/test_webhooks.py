"""Signed webhooks end to end: a real worker on a real Redis POSTs to a real HTTP receiver here."""
from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from api import checking, webhooks
from api.models import WebhookDelivery, WebhookSubscription
from api.tasks import deliver_webhook
from blog.models import Article
from moderation import services
from tests.api.builders import make_site
from tests.integration.conftest import Worker, wait_for, worker_env
from tests.moderation.builders import make_moderator

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


class Receiver(ThreadingHTTPServer):
    """Checks every signature the way a site would; answers 500 to the first try of `fail_first` events."""

    def __init__(self, secret: str, fail_first: set[str], fail_always: set[str] = frozenset()) -> None:
        super().__init__(("127.0.0.1", 0), ReceiverHandler)
        self.secret, self.fail_first, self.fail_always, self.received = secret, fail_first, fail_always, []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hooks"

    def events(self, name: str) -> list[dict]:
        return [hit for hit in self.received if hit["event"] == name]


class ReceiverHandler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        timestamp = self.headers["X-Pitlane-Timestamp"]
        expected = hmac.new(self.server.secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
        valid = hmac.compare_digest(self.headers["X-Pitlane-Signature"], f"sha256={expected.hexdigest()}")
        payload = json.loads(body)
        tries = [hit for hit in self.server.received if hit["id"] == payload["id"]]
        failing = payload["event"] in self.server.fail_always or (
            payload["event"] in self.server.fail_first and not tries
        )
        self.server.received.append({**payload, "valid": valid, "answered": 500 if failing else 200})
        self.send_response(500 if failing else 200)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def fast_retry_worker(redis_server, django_db_setup, tmp_path_factory):
    env = {**worker_env(redis_server.url), "PITLANE_WEBHOOK_BACKOFF": "0.2",
           "PITLANE_WEBHOOK_MAX_ATTEMPTS": "3"}
    worker = Worker(env, tmp_path_factory.mktemp("webhook-worker"))
    worker.start()
    yield worker
    worker.kill()


@pytest.fixture
def site_and_hook():
    site = make_site()
    subscription = WebhookSubscription.objects.create(site=site, url="http://127.0.0.1:9/", events=[
        "comment.created", "comment.held", "comment.decided"])
    return site, subscription


@pytest.fixture
def receiver(site_and_hook):
    _, subscription = site_and_hook
    server = Receiver(subscription.secret, fail_first={"comment.held"}, fail_always={"comment.decided"})
    subscription.url = server.url
    subscription.save()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


def test_signed_events_arrive_and_a_500_is_retried(fast_retry_worker, site_and_hook, receiver):
    site, subscription = site_and_hook
    article = Article.objects.create(site=site, url="https://hothatch.example/a/", slug="a", title="GTI",
                                     standfirst="", body="The GTI on track.", byline="")
    incoming = checking.Incoming(body="Buy followers [spam 0.7]", author_name="Kim")
    comment = checking.submit(site, incoming, article)

    wait_for(lambda: len(receiver.events("comment.held")) == 2, timeout=30)
    assert receiver.events("comment.created")[0]["data"]["comment"]["id"] == comment.pk
    first, retry = receiver.events("comment.held")
    assert first["id"] == retry["id"]  # the same delivery, retried after the 500
    assert (first["answered"], retry["answered"]) == (500, 200)
    assert retry["data"]["comment"]["reason_codes"] == ["spam"]
    assert all(hit["valid"] for hit in receiver.received)
    held = WebhookDelivery.objects.get(pk=first["id"])
    wait_for(lambda: WebhookDelivery.objects.get(pk=held.pk).status == "delivered", timeout=10)
    held.refresh_from_db()
    assert [entry["status"] for entry in held.log] == [500, 200] and held.attempts == 2

    services.approve(comment.pk, make_moderator("mona"))
    decided = wait_for(lambda: receiver.events("comment.decided"), timeout=30)[0]
    assert decided["data"]["outcome"] == "published"
    assert decided["data"]["decided_by"] == {"moderator": "mona"}
    # This receiver always fails decisions: three tries (the cap in this worker), then given up.
    given_up = lambda: WebhookDelivery.objects.get(pk=decided["id"]).status == "failed"  # noqa: E731
    wait_for(given_up, timeout=30)
    assert len(receiver.events("comment.decided")) == 3


def test_a_delivered_event_is_never_sent_twice(fast_retry_worker, site_and_hook, receiver):
    _, subscription = site_and_hook
    subscription.events = ["model.promoted"]
    subscription.save()
    [delivery] = webhooks.model_promoted("v2", "v1")
    wait_for(lambda: WebhookDelivery.objects.get(pk=delivery.pk).status == "delivered", timeout=30)

    deliver_webhook.apply_async((str(delivery.pk),))  # the broker delivers the same task again
    assert webhooks.attempt(str(delivery.pk)) is None
    redelivered = re.compile(r"deliver_webhook\[[^\]]+\] succeeded in [\d.]+s: None")
    wait_for(lambda: redelivered.search(fast_retry_worker.output()), timeout=10)
    [hit] = receiver.events("model.promoted")
    assert hit["data"] == {"model": {"version": "v2"}, "previous": {"version": "v1"}}
    assert WebhookDelivery.objects.get(pk=delivery.pk).attempts == 1
