"""WhatsApp Business Cloud API (Meta Graph API, v23.0 by default).

Outbound: ``POST /{version}/{phone_number_id}/messages`` with a bearer token (see
``payloads``). Inbound: Meta first verifies the callback with a GET handshake
(``hub.verify_token``), then POSTs JSON signed with ``X-Hub-Signature-256: sha256=<hex
HMAC-SHA256(app secret, raw body)>`` (see ``inbound``). Meta's 24-hour customer-service
window applies: outside it only approved templates go out (error 131047).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any

from saleor_conversational.channels.base import (
    Capabilities,
    ChannelAdapter,
    ConfigField,
    SendResult,
)
from saleor_conversational.channels.errors import (
    ConfigurationError,
    PermanentSendError,
    RetryableSendError,
    SendError,
)
from saleor_conversational.channels.events import (
    HttpReply,
    InboundEvent,
    InboundRequest,
)
from saleor_conversational.channels.http import json_object_body, response_json
from saleor_conversational.channels.messages import (
    OutboundMessage,
    ProductCards,
    Template,
)
from saleor_conversational.channels.meta import graph
from saleor_conversational.channels.whatsapp import inbound, payloads
from saleor_conversational.channels.whatsapp.error_codes import ERRORS


class WhatsAppAdapter(ChannelAdapter):
    name = "whatsapp"
    label = "WhatsApp"
    capabilities = Capabilities(
        kinds=frozenset(
            {"text", "image", "buttons", "list", "link", "products", "template"}
        ),
        max_text_length=payloads.MAX_TEXT,
        max_buttons=payloads.MAX_BUTTONS,
        max_button_title=payloads.MAX_BUTTON_TITLE,
        max_list_rows=payloads.MAX_LIST_ROWS,
        max_products=payloads.MAX_PRODUCTS,
        products_need_catalog=True,
        service_window_hours=24,
        typing_indicator=True,
        read_receipts=True,
        messages_per_second=80.0,  # Meta's default per registered number
    )
    config_fields = (
        ConfigField(
            "phone_number_id",
            "Phone number ID",
            help_text="WhatsApp > API Setup in the Meta app; not the phone number.",
        ),
        ConfigField(
            "access_token",
            "Access token",
            secret=True,
            help_text="A permanent System User token with whatsapp_business_messaging.",
        ),
        ConfigField(
            "app_secret",
            "App secret",
            secret=True,
            help_text="App settings > Basic; signs the webhooks.",
        ),
        ConfigField(
            "verify_token",
            "Webhook verify token",
            secret=True,
            help_text="Any string; enter the same one in the Meta webhook settings.",
        ),
        ConfigField(
            "catalog_id",
            "Catalog ID",
            required=False,
            help_text="The Meta Commerce catalog linked to the account, for product messages.",
        ),
        ConfigField(
            "api_version", "Graph API version", required=False, default="v23.0"
        ),
    )
    default_base_url = graph.DEFAULT_BASE_URL

    def __init__(self, config: Mapping[str, str], **kwargs: Any) -> None:
        super().__init__(config, **kwargs)
        if not graph.API_VERSION.match(self.config["api_version"]):
            raise ConfigurationError("the Graph API version must look like v23.0")
        if not re.fullmatch(r"[0-9]+", self.config["phone_number_id"]):
            raise ConfigurationError(
                "the phone number ID is the number Meta shows under WhatsApp > API Setup "
                "(digits only), not the phone number itself"
            )

    @property
    def _number_path(self) -> str:
        return f"/{self.config['api_version']}/{self.config['phone_number_id']}"

    # -- outbound ---------------------------------------------------------------
    def prepare(self, message: OutboundMessage) -> OutboundMessage:
        """Product messages use the account's catalog unless the message names one."""
        if (
            isinstance(message, ProductCards)
            and not message.catalog_id
            and self.config.get("catalog_id")
        ):
            return dataclasses.replace(message, catalog_id=self.config["catalog_id"])
        return message

    def send(self, recipient: str, message: OutboundMessage) -> SendResult:
        to = payloads.recipient_number(recipient)
        body = payloads.message_body(to, message, self.config.get("catalog_id", ""))
        data = self._post(f"{self._number_path}/messages", body)
        messages = data.get("messages")
        first = messages[0] if isinstance(messages, list) and messages else None
        message_id = first.get("id") if isinstance(first, dict) else None
        if not isinstance(message_id, str) or not message_id:
            raise PermanentSendError(
                "WhatsApp accepted the message but returned no id", code="bad_response"
            )
        return SendResult(provider_message_id=message_id, status="sent")

    def mark_read(self, provider_message_id: str, recipient: str = "") -> None:
        self._post(
            f"{self._number_path}/messages", payloads.read_receipt(provider_message_id)
        )

    def send_typing(self, recipient: str, message_id: str = "") -> None:
        """WhatsApp shows typing only in reply to an inbound message (and marks it read)."""
        if message_id:
            self._post(
                f"{self._number_path}/messages",
                payloads.read_receipt(message_id, typing=True),
            )

    def validate_template(
        self, template: Template, declared: Mapping[str, int]
    ) -> None:
        """``declared``: how many header, body and buttons parameters the template has."""
        given = {
            "header": len(template.header_params),
            "body": len(template.body_params),
            "buttons": len(template.button_params),
        }
        wrong = [
            f"{part} needs {declared.get(part, 0)}, got {count}"
            for part, count in given.items()
            if declared.get(part, 0) != count
        ]
        if wrong:
            raise PermanentSendError(
                f"template {template.name} parameters do not match: "
                + "; ".join(wrong),
                code="template_parameters",
            )
        payloads.template_object(template)

    # -- inbound ----------------------------------------------------------------
    def handshake(self, request: InboundRequest) -> HttpReply | None:
        return graph.handshake_reply(request, self.config["verify_token"])

    def verify(self, request: InboundRequest) -> None:
        graph.verify_signature(request, self.config["app_secret"])

    def parse(self, request: InboundRequest) -> list[InboundEvent]:
        return inbound.parse_payload(
            json_object_body(request.body), self.config["phone_number_id"]
        )

    # -- account management -----------------------------------------------------
    def check_credentials(self) -> list[str]:
        problems = []
        if not re.fullmatch(r"[0-9a-fA-F]{32}", self.config["app_secret"]):
            problems.append(
                "The app secret does not look like a Meta app secret (32 letters "
                "and digits from App settings > Basic); webhooks will be refused."
            )
        try:
            response = self.request("GET", self._number_path, headers=self._headers())
        except RetryableSendError as exc:
            return problems + [
                f"Could not reach WhatsApp to check the account ({exc.reason})."
            ]
        data = response_json(response)
        if (
            response.status_code == 200
            and data.get("id") == self.config["phone_number_id"]
        ):
            if data.get("quality_rating") == "RED":
                problems.append(
                    "WhatsApp rates this number's quality as low (RED): customers "
                    "block or report its messages, and sending may be limited."
                )
            return problems
        error = data.get("error") if isinstance(data.get("error"), dict) else {}
        code = error.get("code")
        if code == 190 or response.status_code == 401:
            problems.append(
                "WhatsApp rejected the access token: it has expired or was revoked. "
                "Create a permanent token for a System User in Meta Business "
                "Settings and paste it here."
            )
        elif code == 10 or (isinstance(code, int) and 200 <= code <= 299):
            problems.append(
                "The access token is not allowed to use this WhatsApp number: give "
                "the System User the whatsapp_business_messaging and "
                "whatsapp_business_management permissions."
            )
        elif code in (100, 803) or response.status_code == 404:
            problems.append(
                f"WhatsApp does not know the phone number ID "
                f"{self.config['phone_number_id']}, or this token cannot see it. Copy "
                "it from WhatsApp > API Setup in the Meta app dashboard."
            )
        else:
            message = error.get("message") or f"HTTP {response.status_code}"
            problems.append(f"WhatsApp could not confirm the number: {message}.")
        return problems

    def register_webhook(self, url: str) -> None:
        """Point this number's webhooks at ``url`` (the app must be subscribed to the
        WhatsApp Business account; Meta verifies the URL with the handshake first)."""
        if not url.startswith("https://"):
            raise ConfigurationError(
                "WhatsApp only delivers webhooks to an https:// URL"
            )
        body = {
            "webhook_configuration": {
                "override_callback_uri": url,
                "verify_token": self.config["verify_token"],
            }
        }
        try:
            self._post(self._number_path, body)
        except SendError as exc:
            raise ConfigurationError(
                f"WhatsApp refused the webhook URL: {exc.reason}"
            ) from exc

    # -- provider calls -----------------------------------------------------------
    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.config['access_token']}"}

    def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self.request("POST", path, json=body, headers=self._headers())
        data = response_json(response)
        if response.status_code == 200:
            return data
        raise ERRORS.send_error(response, data, self.label)
