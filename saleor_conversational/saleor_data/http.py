"""What Saleor makes of an HTTP request."""

from __future__ import annotations

from saleor.core.utils import get_client_ip


def client_ip(request) -> str:
    """The client's IP address as Saleor sees it (Saleor's own X-Forwarded-For rule)."""
    return get_client_ip(request) or ""
