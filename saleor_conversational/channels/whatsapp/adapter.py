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

import httpx

from saleor_conversational.channels.base import (
    Capabilities,
    ChannelAdapter,
    ConfigField,
    SendResult,
    constant_time_equals,
    hmac_hex,
    retry_after_seconds,
)
from saleor_conversational.channels.errors import (
    ConfigurationError,
    OutsideServiceWindow,
    PermanentSendError,
    RetryableSendError,
    SendError,
    VerificationFailed,
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
from saleor_conversational.channels.whatsapp import inbound, payloads

SIGNATURE_HEADER = "x-hub-signature-256"
VERSION = re.compile(r"^v\d+\.\d+$")

# Graph error code -> seconds to wait (None: the pipeline's own backoff).
RETRYABLE: dict[int, float | None] = {
    1: None,
    2: None,  # temporary API errors
    4: None,
    613: None,
    80007: None,  # app / call / WhatsApp Business account rate limits
    130429: None,  # throughput limit of the number
    131000: None,
    131016: None,  # unknown error, service unavailable
    131056: 6.0,  # pair rate: about one message per 6 seconds to the same customer
    133016: None,
    131048: 3600.0,
    131064: 3600.0,  # spam rate limit, messaging limit: slow down hard
    131049: 86400.0,  # per-customer marketing limit: not before tomorrow
}
OUTSIDE_WINDOW = 131047
REASONS: dict[int, str] = {
    1: "WhatsApp had a temporary problem",
    2: "WhatsApp had a temporary problem",
    4: "the Meta app's API rate limit was reached",
    613: "the Meta API call rate limit was reached",
    80007: "the WhatsApp Business account's API rate limit was reached",
    130429: "the number's message throughput limit was reached",
    131000: "WhatsApp failed for an unknown reason",
    131016: "WhatsApp is temporarily unavailable",
    131048: "WhatsApp's spam rate limit was reached: too many messages were blocked or reported",
    131049: "WhatsApp limits how many marketing messages this customer gets",
    131056: "too many messages to this customer in a short time",
    131064: "the account's messaging limit was reached",
    133016: "too many registration attempts for this number",
    10: "the access token lacks the WhatsApp permissions",
    100: "WhatsApp refused a parameter of the message",
    190: "the access token has expired or was revoked",
    368: "the WhatsApp account is temporarily blocked for policy violations",
    130472: "the customer is part of a Meta experiment and did not get this marketing message",
    131008: "a required parameter is missing",
    131009: "a parameter value is not valid",
    131026: "undeliverable: the number is not on WhatsApp, has an old app or has not "
    "accepted WhatsApp's terms",
    131030: "the number is not in the test number's list of allowed recipients",
    131031: "the WhatsApp Business account is restricted or disabled",
    131037: "the display name of this number is not approved yet",
    131042: "the WhatsApp Business account has a payment problem",
    131047: "more than 24 hours since the customer's last message: only a template can be sent",
    131050: "the customer stopped marketing messages from this business",
    131051: "WhatsApp does not support this message type",
    131052: "WhatsApp could not download the media file",
    131053: "WhatsApp could not upload the media file",
    131062: "this kind of recipient id cannot receive this message",
    132000: "the number of template parameters does not match the approved template",
    132001: "the template does not exist in this language or is not approved",
    132005: "the template text is too long once its parameters are filled in",
    132007: "the template content breaks a WhatsApp policy",
    132012: "a template parameter has the wrong format",
    132015: "the template is paused because of low quality",
    132016: "the template is disabled because of low quality",
    137000: "the customer's identity key changed",
}


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
    default_base_url = "https://graph.facebook.com"

    def __init__(self, config: Mapping[str, str], **kwargs: Any) -> None:
        super().__init__(config, **kwargs)
        if not VERSION.match(self.config["api_version"]):
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
        if request.method.upper() != "GET" or "hub.mode" not in request.query:
            return None
        token = request.query.get("hub.verify_token", "")
        challenge = request.query.get("hub.challenge", "")
        if request.query.get("hub.mode") != "subscribe" or not constant_time_equals(
            token, self.config["verify_token"]
        ):
            return HttpReply(status=403, body=b"verify token does not match")
        if not challenge:
            return HttpReply(status=400, body=b"missing hub.challenge")
        return HttpReply(status=200, body=challenge.encode(), content_type="text/plain")

    def verify(self, request: InboundRequest) -> None:
        header = request.header(SIGNATURE_HEADER).strip()
        if not header:
            raise VerificationFailed("missing X-Hub-Signature-256 header")
        scheme, _, received = header.partition("=")
        if scheme.lower() != "sha256" or not received:
            raise VerificationFailed(
                "X-Hub-Signature-256 is not of the form sha256=<hex>"
            )
        expected = hmac_hex(self.config["app_secret"], request.body)
        if not constant_time_equals(received.lower(), expected):
            raise VerificationFailed(
                "X-Hub-Signature-256 does not match the body and app secret"
            )

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
        if response.status_code == 200:
            return response_json(response)
        raise classify_error(response)


def classify_error(response: httpx.Response) -> SendError:
    """A Graph error ``{"error": {code, message, error_data: {details}}}`` as a SendError."""
    error = response_json(response).get("error")
    if not isinstance(error, dict) or not isinstance(error.get("code"), int):
        return ChannelAdapter.http_status_error(
            response, f"WhatsApp answered HTTP {response.status_code}"
        )
    code = error["code"]
    error_data = error.get("error_data")
    details = error_data.get("details") if isinstance(error_data, dict) else None
    provider_text = str(details or error.get("message") or "")
    reason = REASONS.get(code, "")
    if provider_text and provider_text != reason:
        reason = f"{reason} ({provider_text})" if reason else provider_text
    reason = reason or f"WhatsApp error {code}"
    if code in RETRYABLE:
        return RetryableSendError(
            reason,
            code=str(code),
            retry_after=retry_after_seconds(response) or RETRYABLE[code],
        )
    if code == OUTSIDE_WINDOW:
        return OutsideServiceWindow(reason, code=str(code))
    if code not in REASONS and (
        error.get("is_transient") is True or response.status_code >= 500
    ):
        return RetryableSendError(
            reason, code=str(code), retry_after=retry_after_seconds(response)
        )
    return PermanentSendError(reason, code=str(code))
