"""Instagram Messaging: the Messenger Send API shape, for an Instagram professional account.

The default host is ``graph.facebook.com`` (Messenger API for Instagram, with the
linked Page's token); accounts using Instagram Login set ``base_url`` to
``https://graph.instagram.com`` and an Instagram user token. Both take
``POST /{version}/{ig_id}/messages`` with the same body as Messenger (see
``meta.send_api``).

Differences from Messenger: text is kept to 1000 characters, the button template is
not documented for Instagram (a link button is a generic-template card with one
``web_url`` button), webhooks have ``object: "instagram"``, there are no delivery
receipts, and a read receipt (``messaging_seen``) names the message ``mid``.
Webhook subscriptions for Instagram are made in the Meta app dashboard.
"""

from __future__ import annotations

from typing import Any

from saleor_conversational.channels.base import Capabilities, ConfigField
from saleor_conversational.channels.http import truncate
from saleor_conversational.channels.messages import LinkButton
from saleor_conversational.channels.meta import send_api_payloads as payloads
from saleor_conversational.channels.meta.send_api import SendApiAdapter

MAX_TEXT = 1000  # (unconfirmed) Instagram's text limit, per one integration's docs


class InstagramAdapter(SendApiAdapter):
    name = "instagram"
    label = "Instagram"
    capabilities = Capabilities(
        kinds=frozenset({"text", "image", "buttons", "list", "link", "products"}),
        max_text_length=MAX_TEXT,
        max_buttons=payloads.MAX_QUICK_REPLIES,
        max_button_title=payloads.MAX_TITLE,
        max_list_rows=payloads.MAX_ELEMENTS,
        service_window_hours=24,
        typing_indicator=True,
        read_receipts=True,
        messages_per_second=300.0,  # Send API: 300 calls/s per account for text
    )
    config_fields = (
        ConfigField(
            "page_id",
            "Instagram account ID",
            help_text="The Instagram professional account's ID (IG ID).",
        ),
        ConfigField(
            "page_access_token",
            "Access token",
            secret=True,
            help_text="The linked Page's token with instagram_manage_messages, or an "
            "Instagram Login token (then set the base URL to "
            "https://graph.instagram.com).",
        ),
        ConfigField(
            "app_secret",
            "App secret",
            secret=True,
            help_text="The Meta app's secret; it signs webhooks.",
        ),
        ConfigField(
            "verify_token",
            "Webhook verify token",
            secret=True,
            help_text="Any secret string; enter the same one in the Meta app's "
            "webhook settings.",
        ),
        ConfigField("api_version", "Graph API version", default="v23.0"),
    )
    webhook_object = "instagram"
    account_noun = "Instagram account"
    read_names_message = True

    def _link(self, message: LinkButton) -> dict[str, Any]:
        text = message.text or message.label
        if len(text) > 2 * payloads.MAX_ELEMENT_TEXT - 1:
            return {
                "text": truncate(f"{text}\n{message.label}: {message.url}", MAX_TEXT)
            }
        button = {
            "type": "web_url",
            "url": message.url,
            "title": truncate(message.label, payloads.MAX_TITLE),
        }
        return payloads.generic_template(
            [{**payloads.card_text(text), "buttons": [button]}]
        )

    def _lookup(self) -> dict[str, Any]:
        # /me would be the Page (Facebook Login) or an app-scoped id (Instagram Login).
        return self._call(
            "GET", f"/{self.config['page_id']}", params={"fields": "id,username"}
        )
