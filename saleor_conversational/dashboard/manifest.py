"""The Saleor App manifest of the team inbox, served by the plugin.

A plugin gets no Dashboard pages; a Saleor App does. The plugin serves this App itself,
under ``/plugins/global/saleor.conversational/dashboard/``: the manifest, the token target
and the built pages (``static/saleor_conversational/dashboard/``).

Extension URLs are relative to ``appUrl`` (Saleor stitches POPUP urls onto it; the
Dashboard joins APP_PAGE paths onto it). Any path under ``dashboard/`` that is not a built
asset answers with the single page app, which picks the page from the path.
"""

from __future__ import annotations

from saleor_conversational import __version__
from saleor_conversational.core.urls import plugin_url

APP_IDENTIFIER = "saleor.conversational.inbox"
APP_NAME = "Conversations"

# Exactly what the inbox needs: conversations, messages, notes and chat checkouts are
# MANAGE_ORDERS in the plugin's GraphQL API; contacts and customer links are MANAGE_USERS;
# the assistant settings are MANAGE_PLUGINS. A staff member's token carries only those of
# these they hold themselves, so support staff without MANAGE_PLUGINS still get the inbox.
APP_PERMISSIONS = ["MANAGE_ORDERS", "MANAGE_USERS", "MANAGE_PLUGINS"]

EXTENSIONS = [
    {
        "identifier": "inbox",
        "label": "Inbox",
        "mount": "NAVIGATION_ORDERS",
        "target": "APP_PAGE",
        "url": "/inbox",
        "permissions": ["MANAGE_ORDERS"],
    },
    {
        "identifier": "order-message-customer",
        "label": "Message the customer",
        "mount": "ORDER_DETAILS_MORE_ACTIONS",
        "target": "POPUP",
        "url": "/order/message",
        "permissions": ["MANAGE_ORDERS"],
    },
    {
        "identifier": "order-payment-link-again",
        "label": "Send payment link again",
        "mount": "ORDER_DETAILS_MORE_ACTIONS",
        "target": "POPUP",
        "url": "/order/payment-link",
        "permissions": ["MANAGE_ORDERS"],
    },
    {
        "identifier": "customer-conversations",
        "label": "Conversations",
        "mount": "CUSTOMER_DETAILS_MORE_ACTIONS",
        "target": "POPUP",
        "url": "/customer/conversations",
        "permissions": ["MANAGE_ORDERS", "MANAGE_USERS"],
    },
]


def dashboard_root(base_url: str) -> str:
    """``https://shop.example/plugins/global/saleor.conversational/dashboard/``."""
    return plugin_url("dashboard/", base_url)


def manifest_url(base_url: str) -> str:
    return dashboard_root(base_url) + "manifest.json"


def build_manifest(base_url: str) -> dict:
    """The manifest for a Saleor reachable at ``base_url`` (scheme and host, no path)."""
    root = dashboard_root(base_url)
    return {
        "id": APP_IDENTIFIER,
        "name": APP_NAME,
        "version": __version__,
        "about": (
            "The team inbox of saleor-conversational: WhatsApp, Messenger, Instagram, "
            "Telegram, SMS, Viber and web chat in one place, beside the shopper's orders."
        ),
        "author": "saleor-conversational",
        "permissions": list(APP_PERMISSIONS),
        "appUrl": root,
        "tokenTargetUrl": root + "token/",
        "requiredSaleorVersion": ">=3.23",
        "extensions": [dict(extension) for extension in EXTENSIONS],
        "webhooks": [],
    }
