"""Instagram Messaging: the Messenger Send API shape, for an Instagram professional account.

The default host is ``graph.facebook.com`` (Messenger API for Instagram, with the
linked Page's token); accounts using Instagram Login set ``base_url`` to
``https://graph.instagram.com`` and an Instagram user token. Both take
``POST /{version}/{ig_id}/messages`` with the same body as Messenger.

Differences from Messenger: text is kept to 1000 characters, the button template is
not documented for Instagram (a link button is a generic-template card with one
``web_url`` button), webhooks have ``object: "instagram"``, there are no delivery
receipts, and a read receipt (``messaging_seen``) names the message ``mid``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from saleor_conversational.channels.base import (
    Capabilities,
    ChannelAdapter,
    ConfigField,
)
from saleor_conversational.channels.errors import MalformedRequest
from saleor_conversational.channels.events import (
    DeliveryStatus,
    InboundEvent,
    StatusUpdate,
)
from saleor_conversational.channels.http import string_or_empty, truncate
from saleor_conversational.channels.messages import LinkButton
from saleor_conversational.channels.messenger.adapter import (
    MAX_ELEMENT_TEXT,
    MAX_ELEMENTS,
    MAX_QUICK_REPLIES,
    MAX_TITLE,
    MessengerAdapter,
    _generic,
    card_text,
)

MAX_TEXT = 1000  # (unconfirmed) Instagram's text limit, per one integration's docs


class InstagramAdapter(MessengerAdapter):
    name = "instagram"
    label = "Instagram"
    capabilities = Capabilities(
        kinds=frozenset({"text", "image", "buttons", "list", "link", "products"}),
        max_text_length=MAX_TEXT,
        max_buttons=MAX_QUICK_REPLIES,
        max_button_title=MAX_TITLE,
        max_list_rows=MAX_ELEMENTS,
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

    def _link(self, message: LinkButton) -> dict[str, Any]:
        text = message.text or message.label
        if len(text) > 2 * MAX_ELEMENT_TEXT - 1:
            return {
                "text": truncate(f"{text}\n{message.label}: {message.url}", MAX_TEXT)
            }
        button = {
            "type": "web_url",
            "url": message.url,
            "title": truncate(message.label, MAX_TITLE),
        }
        return _generic([{**card_text(text), "buttons": [button]}])

    def _lookup(self) -> dict[str, Any]:
        # /me would be the Page (Facebook Login) or an app-scoped id (Instagram Login).
        return self._call(
            "GET", f"/{self.config['page_id']}", params={"fields": "id,username"}
        )

    # Webhook subscriptions for Instagram are made in the Meta app dashboard.
    register_webhook = ChannelAdapter.register_webhook

    def _read(
        self, read: Any, sender: str, timestamp: datetime | None
    ) -> list[InboundEvent]:
        if not isinstance(read, dict):
            raise MalformedRequest("'read' must be an object")
        mid = string_or_empty(read.get("mid"))
        if not mid:
            return []
        return [
            StatusUpdate(
                provider_message_id=mid,
                status=DeliveryStatus.READ,
                timestamp=timestamp,
                recipient=sender,
            )
        ]
