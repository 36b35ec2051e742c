"""Viber: the Viber Bot REST API (``chatapi.viber.com/pa``).

Every call carries the ``X-Viber-Auth-Token`` header and answers HTTP 200 with a
JSON ``status`` (0 = ok). The same token signs webhooks: ``X-Viber-Content-Signature``
is the hex HMAC-SHA256 of the raw body. Recipients are Viber user ids, not phone
numbers. Message bodies are built in ``payloads``, callbacks parsed in ``inbound``.
"""

from __future__ import annotations

from typing import Any

from saleor_conversational.channels.base import (
    Capabilities,
    ChannelAdapter,
    ConfigField,
    SendResult,
    constant_time_equals,
    hmac_hex,
)
from saleor_conversational.channels.errors import (
    ConfigurationError,
    MalformedRequest,
    PermanentSendError,
    RetryableSendError,
    VerificationFailed,
)
from saleor_conversational.channels.events import (
    InboundEvent,
    InboundRequest,
)
from saleor_conversational.channels.http import json_body
from saleor_conversational.channels.messages import OutboundMessage
from saleor_conversational.channels.viber import error_codes, inbound, payloads

MAX_SENDER_NAME = 28
SIGNATURE_HEADER = "x-viber-content-signature"
WEBHOOK_EVENT_TYPES = (
    "delivered",
    "seen",
    "failed",
    "subscribed",
    "unsubscribed",
    "conversation_started",
)


class ViberAdapter(ChannelAdapter):
    name = "viber"
    label = "Viber"
    capabilities = Capabilities(
        kinds=frozenset({"text", "image", "buttons", "list", "link", "products"}),
        max_text_length=payloads.MAX_TEXT,
        max_buttons=payloads.MAX_KEYBOARD_BUTTONS,
        # Viber takes 250 characters per button, but longer titles wrap badly and
        # every title also travels in the 4096-character tracking_data.
        max_button_title=40,
        max_list_rows=payloads.MAX_KEYBOARD_BUTTONS,
        service_window_hours=24,  # a subscriber's message opens a free 24 h session
        # Viber publishes no per-bot send rate (throttling shows as status 12/18).
        messages_per_second=10.0,
    )
    config_fields = (
        ConfigField(
            "auth_token",
            "Auth token",
            secret=True,
            help_text="From the Viber Admin Panel; it also signs webhooks.",
        ),
        ConfigField(
            "sender_name",
            "Sender name",
            help_text=f"Shown as the sender; at most {MAX_SENDER_NAME} characters.",
        ),
        ConfigField("sender_avatar", "Sender avatar URL", required=False),
    )
    default_base_url = "https://chatapi.viber.com"

    def __init__(self, config, *, base_url=None, client=None) -> None:
        super().__init__(config, base_url=base_url, client=client)
        if len(self.config["sender_name"]) > MAX_SENDER_NAME:
            raise ConfigurationError(
                f"the Viber sender name must be at most {MAX_SENDER_NAME} characters"
            )

    # -- outbound ---------------------------------------------------------------
    def send(self, recipient: str, message: OutboundMessage) -> SendResult:
        body = {"receiver": recipient, "min_api_version": 1, "sender": self._sender()}
        body.update(payloads.message_content(message))
        data = self._call("/pa/send_message", body)
        token = data.get("message_token")
        if isinstance(token, bool) or not isinstance(token, (int, str)) or token == "":
            raise PermanentSendError(
                "Viber accepted the message but returned no message_token",
                code="no_message_token",
            )
        return SendResult(provider_message_id=str(token))

    def _sender(self) -> dict[str, str]:
        sender = {"name": self.config["sender_name"]}
        if self.config.get("sender_avatar"):
            sender["avatar"] = self.config["sender_avatar"]
        return sender

    # -- provider calls -----------------------------------------------------------
    def _call(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self.request(
            "POST",
            path,
            json=body,
            headers={"X-Viber-Auth-Token": self.config["auth_token"]},
        )
        if response.status_code != 200:
            raise self.http_status_error(
                response, f"Viber answered HTTP {response.status_code}"
            )
        try:
            data = response.json()
        except ValueError:
            data = None
        if not isinstance(data, dict) or not isinstance(data.get("status"), int):
            # The request may have gone through; retrying could send it twice.
            raise PermanentSendError(
                "Viber's answer could not be read", code="bad_response"
            )
        if data["status"] != 0:
            raise error_codes.classify_status(data, response)
        return data

    def check_credentials(self) -> list[str]:
        try:
            data = self._call("/pa/get_account_info", {})
        except RetryableSendError as exc:
            return [f"Viber could not be reached to check the account ({exc.reason})."]
        except PermanentSendError as exc:
            if exc.code == "2":
                return [
                    "The Viber auth token is not valid: copy it again from the "
                    "Viber Admin Panel."
                ]
            return [
                f"Viber refused the account check: {exc.reason} (status {exc.code})."
            ]
        if not data.get("webhook"):
            return [
                "No webhook is registered for this Viber bot yet: save the channel "
                "settings to register it."
            ]
        return []

    def register_webhook(self, url: str) -> None:
        body = {
            "url": url,
            "event_types": list(WEBHOOK_EVENT_TYPES),
            "send_name": True,
            "send_photo": False,
        }
        try:
            self._call("/pa/set_webhook", body)
        except PermanentSendError as exc:
            raise ConfigurationError(
                f"Viber refused the webhook {url}: {exc.reason} (status {exc.code}); "
                "it must be reachable over HTTPS with a valid certificate"
            ) from exc

    # -- inbound ----------------------------------------------------------------
    def verify(self, request: InboundRequest) -> None:
        signature = request.header(SIGNATURE_HEADER).strip().lower()
        if not signature:
            raise VerificationFailed("missing X-Viber-Content-Signature header")
        if not constant_time_equals(
            signature, hmac_hex(self.config["auth_token"], request.body)
        ):
            raise VerificationFailed(
                "X-Viber-Content-Signature does not match the body signed with this "
                "bot's auth token"
            )

    def parse(self, request: InboundRequest) -> list[InboundEvent]:
        data = json_body(request.body)
        if not isinstance(data, dict) or not isinstance(data.get("event"), str):
            raise MalformedRequest("body is not a Viber callback: no 'event'")
        event = data["event"]
        if event == "message":
            return [inbound.message_event(data)]
        if event in inbound.STATUS_EVENTS:
            return [inbound.status_event(data, inbound.STATUS_EVENTS[event])]
        # webhook (the set_webhook check), subscribed, unsubscribed,
        # conversation_started, client_status…: acknowledged, nothing to store.
        return []
