"""The one builder of the plugin's own URLs under ``/plugins/global/<PLUGIN_ID>/``."""

from __future__ import annotations

from django.conf import settings

from saleor_conversational import PLUGIN_ID


def plugin_url(path: str = "", public_url: str = "") -> str:
    """``<public URL>/plugins/global/saleor.conversational/<path>``.

    ``public_url`` (scheme and host) defaults to Saleor's ``PUBLIC_URL``; without either
    the URL is relative to the host.
    """
    base = (public_url or getattr(settings, "PUBLIC_URL", "") or "").rstrip("/")
    return f"{base}/plugins/global/{PLUGIN_ID}/{path.lstrip('/')}"
