"""Where an account's provider calls may go: they carry its credentials, so a base URL
override must be HTTPS on a public address (M2), unless the Django setting
``CONVERSATIONAL_ALLOW_PRIVATE_BASE_URLS`` allows plain HTTP and private, loopback or
link-local hosts (local fakes, an internal proxy)."""

from __future__ import annotations

import ipaddress
import os
import socket
from urllib.parse import urlsplit

from django.conf import settings


def private_base_urls_allowed() -> bool:
    """The Django setting, else the environment variable of the same name ("1")."""
    value = getattr(settings, "CONVERSATIONAL_ALLOW_PRIVATE_BASE_URLS", None)
    if value is None:
        value = os.environ.get("CONVERSATIONAL_ALLOW_PRIVATE_BASE_URLS", "") in {
            "1",
            "true",
            "True",
        }
    return bool(value)


def base_url_problem(url: str) -> str:
    """Why ``url`` may not receive an account's calls ("" when it may)."""
    if not url or private_base_urls_allowed():
        return ""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        return "The base URL must be an https:// URL."
    try:
        addresses = {
            info[4][0]
            for info in socket.getaddrinfo(
                parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP
            )
        }
    except (OSError, UnicodeError, ValueError):
        return f"The base URL's host {parts.hostname} cannot be resolved."
    for address in addresses:
        if not ipaddress.ip_address(address.split("%")[0]).is_global:
            return (
                "The base URL points to a private, loopback or link-local address "
                f"({address})."
            )
    return ""
