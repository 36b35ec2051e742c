"""Facebook Messenger: the Messenger Platform Send API for a Facebook Page.

Everything but the settings, limits and the account lookup is the Send API family
code in ``meta.send_api``. Webhooks have ``object: "page"``; a read receipt
(``read.watermark``) names no message ids, only a time, so it yields no
StatusUpdate; deliveries list their ``mids``.
"""

from __future__ import annotations

from typing import Any

from saleor_conversational.channels.base import Capabilities, ConfigField
from saleor_conversational.channels.errors import ConfigurationError, SendError
from saleor_conversational.channels.meta import send_api_payloads as payloads
from saleor_conversational.channels.meta.send_api import SendApiAdapter

WEBHOOK_FIELDS = "messages,messaging_postbacks,message_deliveries,message_reads"


class MessengerAdapter(SendApiAdapter):
    name = "messenger"
    label = "Facebook Messenger"
    capabilities = Capabilities(
        kinds=frozenset({"text", "image", "buttons", "list", "link", "products"}),
        max_text_length=2000,
        max_buttons=payloads.MAX_QUICK_REPLIES,
        max_button_title=payloads.MAX_TITLE,
        max_list_rows=payloads.MAX_ELEMENTS,
        service_window_hours=24,
        typing_indicator=True,
        read_receipts=True,
        messages_per_second=300.0,  # Send API: 300 calls/s per Page for text
    )
    config_fields = (
        ConfigField("page_id", "Facebook Page ID"),
        ConfigField(
            "page_access_token",
            "Page access token",
            secret=True,
            help_text="A Page token with the pages_messaging permission.",
        ),
        ConfigField(
            "app_secret",
            "App secret",
            secret=True,
            help_text="From the Meta app's Basic settings; it signs webhooks.",
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
    webhook_object = "page"
    account_noun = "Page"

    def _lookup(self) -> dict[str, Any]:
        """With a Page token ``/me`` is the Page."""
        return self._call("GET", "/me", params={"fields": "id,name"})

    def register_webhook(self, url: str) -> None:
        """Subscribe the Page to the app's webhook events.

        The callback ``url`` and verify token themselves are entered in the Meta app
        dashboard (setting them needs an app token this account does not hold); Meta
        then calls ``handshake``. Without this subscription no Page events arrive.
        """
        try:
            data = self._call(
                "POST",
                f"/{self.config['page_id']}/subscribed_apps",
                params={"subscribed_fields": WEBHOOK_FIELDS},
            )
        except SendError as exc:
            raise ConfigurationError(
                f"{self.label} refused to subscribe Page {self.config['page_id']} to the "
                f"app's webhooks: {exc.reason} (code {exc.code})"
            ) from exc
        if data.get("success") is not True:
            raise ConfigurationError(
                f"{self.label} did not confirm the webhook subscription"
            )
