"""What Saleor makes of an HTTP request."""

from __future__ import annotations

import ipaddress
import os

from django.conf import settings
from saleor.core.utils import get_client_ip


def _proxy_hops() -> int | None:
    value = os.environ.get("CONVERSATIONAL_TRUSTED_PROXY_HOPS") or getattr(
        settings, "CONVERSATIONAL_TRUSTED_PROXY_HOPS", None
    )
    if value in (None, ""):
        return None
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return None


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def client_ip(request) -> str:
    """The client's IP address.

    By default Saleor's own rule (the first valid X-Forwarded-For entry), which a client
    can set itself. With ``CONVERSATIONAL_TRUSTED_PROXY_HOPS`` = N (the proxies in front
    of Saleor), the address the outermost trusted proxy saw: the N-th entry from the
    right of X-Forwarded-For, and REMOTE_ADDR for 0, so a forged header changes nothing.
    """
    hops = _proxy_hops()
    if hops is None:
        return get_client_ip(request) or ""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if hops == 0:
        return remote
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    if len(forwarded) < hops:
        return remote  # fewer proxies than configured: the request skipped them
    candidate = forwarded[-hops]
    return candidate if _is_ip(candidate) else remote
