"""Request limits at the public endpoints: who the client is, and the 429."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest, JsonResponse

from saleor_conversational.core import throttle
from saleor_conversational.saleor_data.http import client_ip


def client_key(request: HttpRequest) -> str:
    """The client as a key for limits: a keyed hash of its IP, never the IP itself."""
    return "ip:" + throttle.anonymous_key(client_ip(request) or "unknown")


def too_many(refusal: throttle.Refusal) -> JsonResponse:
    response = JsonResponse(
        {"error": refusal.reason, "retryAfter": refusal.retry_after}, status=429
    )
    response["Retry-After"] = str(refusal.retry_after)
    return response


def refused(checks: Iterable[tuple[throttle.Limit, str]]) -> JsonResponse | None:
    """Count this request against ``checks``: the 429 to answer, else None."""
    refusal = throttle.hit(checks)
    return too_many(refusal) if refusal else None
