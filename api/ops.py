"""/healthz for load balancers and compose; /metrics for Prometheus (token or address list in production)."""
from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from api import health, metrics
from blog.client_address import client_address


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    report = health.report()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)


@never_cache
@require_GET
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not may_scrape(request):
        return HttpResponse("Forbidden: set PITLANE_METRICS_TOKEN or PITLANE_METRICS_ALLOW.\n", status=403,
                            content_type="text/plain")
    return HttpResponse(metrics.exposition(), content_type=CONTENT_TYPE_LATEST)


def may_scrape(request: HttpRequest) -> bool:
    """A matching bearer token or an allowed address; open only outside production when neither is set."""
    token, allowed = settings.PITLANE_METRICS_TOKEN, settings.PITLANE_METRICS_ALLOW
    if not token and not allowed:
        return not settings.PITLANE_PRODUCTION
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if token and header[:7].lower() == "bearer " and hmac.compare_digest(header[7:].strip(), token):
        return True
    address = ipaddress.ip_address(client_address(request))
    return any(address in ipaddress.ip_network(network, strict=False) for network in allowed)
