"""Viber: the Viber Bot REST API (``chatapi.viber.com/pa``).

Every call carries the ``X-Viber-Auth-Token`` header and answers HTTP 200 with a
JSON ``status`` (0 = ok). The same token signs webhooks: ``X-Viber-Content-Signature``
is the hex HMAC-SHA256 of the raw body. Recipients are Viber user ids, not phone
numbers. Reply buttons and lists become a custom keyboard, link buttons an
``open-url`` keyboard button, product cards a ``rich_media`` carousel.

A ``reply`` keyboard tap arrives as an ordinary text message whose text is the
button's ``ActionBody``. So that the shopper sees their choice (not an internal id)
the ActionBody is the title, and the title -> option id map travels in
``tracking_data``, which Viber echoes back with the shopper's next message.
"""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime
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
    MalformedRequest,
    PermanentSendError,
    RetryableSendError,
    UnsupportedMessage,
    VerificationFailed,
)
from saleor_conversational.channels.events import (
    DeliveryStatus,
    InboundEvent,
    InboundKind,
    InboundMessage,
    InboundRequest,
    Media,
    StatusUpdate,
)
from saleor_conversational.channels.http import json_body, string_or_empty, truncate
from saleor_conversational.channels.messages import (
    Image,
    LinkButton,
    ListMessage,
    OutboundMessage,
    ProductCards,
    ReplyButtons,
    Text,
)

MAX_TEXT = 7000
MAX_SENDER_NAME = 28
MAX_TRACKING_DATA = 4096
MAX_BUTTON_TEXT = 250
MAX_KEYBOARD_BUTTONS = 24  # (unconfirmed) Viber's keyboard limit
MAX_CAROUSEL_ITEMS = 6  # (unconfirmed) rich media carousel limit
MAX_CAPTION = 768  # (unconfirmed) picture description limit
RICH_MEDIA_API_VERSION = 2
SIGNATURE_HEADER = "x-viber-content-signature"
WEBHOOK_EVENT_TYPES = (
    "delivered",
    "seen",
    "failed",
    "subscribed",
    "unsubscribed",
    "conversation_started",
)

# status -> (Viber's name, reason for a merchant, retryable)
STATUS_CODES: dict[int, tuple[str, str, bool]] = {
    1: ("invalidUrl", "Viber rejected a URL in the message (media or link)", False),
    2: ("invalidAuthToken", "the Viber auth token is not valid", False),
    3: ("badData", "Viber rejected the message as malformed", False),
    4: ("missingData", "the message lacks a field Viber requires", False),
    5: ("receiverNotRegistered", "the recipient is not a Viber user", False),
    6: ("receiverNotSubscribed", "the recipient is not subscribed to this bot", False),
    7: ("publicAccountBlocked", "this Viber bot account is blocked", False),
    8: ("publicAccountNotFound", "this Viber bot account does not exist", False),
    9: ("publicAccountSuspended", "this Viber bot account is suspended", False),
    10: ("webhookNotSet", "no webhook is set for this Viber bot", False),
    11: (
        "receiverNoSuitableDevice",
        "the recipient has no device that can show it",
        False,
    ),
    12: ("tooManyRequests", "Viber is throttling this bot", True),
    13: ("apiVersionNotSupported", "the recipient's Viber app is too old", False),
    14: (
        "incompatibleWithVersion",
        "the recipient's Viber app cannot show this",
        False,
    ),
    15: ("publicAccountNotAuthorized", "this Viber bot is not authorized", False),
    16: ("inboxMessageStateMismatch", "Viber inbox state mismatch", False),
    17: ("unsupportedMessageType", "Viber does not support this message type", False),
    18: (
        "messageRateExceeded",
        "this bot sent too many messages to the recipient",
        True,
    ),
    19: ("editMessageFailed", "Viber could not edit the message", False),
    20: ("unsupportedMedia", "Viber does not support this media", False),
}

STATUS_EVENTS = {
    "delivered": DeliveryStatus.DELIVERED,
    "seen": DeliveryStatus.READ,
    "failed": DeliveryStatus.FAILED,
}
MEDIA_TYPES = {
    "picture": "image",
    "video": "video",
    "file": "document",
    "sticker": "sticker",
}


class ViberAdapter(ChannelAdapter):
    name = "viber"
    label = "Viber"
    capabilities = Capabilities(
        kinds=frozenset({"text", "image", "buttons", "list", "link", "products"}),
        max_text_length=MAX_TEXT,
        max_buttons=MAX_KEYBOARD_BUTTONS,
        # Viber takes 250 characters per button, but longer titles wrap badly and
        # every title also travels in the 4096-character tracking_data.
        max_button_title=40,
        max_list_rows=MAX_KEYBOARD_BUTTONS,
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
        body.update(self._content(message))
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

    def _content(self, message: OutboundMessage) -> dict[str, Any]:
        if isinstance(message, Text):
            return {"type": "text", "text": message.text}
        if isinstance(message, Image):
            return {
                "type": "picture",
                "media": message.url,
                "text": truncate(message.text, MAX_CAPTION),
            }
        if isinstance(message, ReplyButtons):
            return _with_reply_keyboard(
                message.text, [(b.id, b.title) for b in message.buttons]
            )
        if isinstance(message, ListMessage):
            options = [
                (
                    row.id,
                    f"{row.title} – {row.description}"
                    if row.description
                    else row.title,
                )
                for section in message.sections
                for row in section.rows
            ]
            return _with_reply_keyboard(message.text, options)
        if isinstance(message, LinkButton):
            button = {
                "ActionType": "open-url",
                "ActionBody": message.url,
                "Text": _escaped(message.label, MAX_BUTTON_TEXT),
                "Columns": 6,
                "Rows": 1,
            }
            return {
                "type": "text",
                "text": message.text or message.label,
                "keyboard": {"Type": "keyboard", "Buttons": [button]},
            }
        if isinstance(message, ProductCards):
            return _carousel(message)
        raise UnsupportedMessage(
            f"Viber cannot send {message.kind!r} messages", code="unsupported_kind"
        )

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
            raise classify_status(data, response)
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
            return [_message(data)]
        if event in STATUS_EVENTS:
            return [_status(data, STATUS_EVENTS[event])]
        # webhook (the set_webhook check), subscribed, unsubscribed,
        # conversation_started, client_status…: acknowledged, nothing to store.
        return []


def classify_status(
    data: dict[str, Any], response: httpx.Response
) -> PermanentSendError | RetryableSendError:
    status = data["status"]
    name, reason, retryable = STATUS_CODES.get(
        status, ("", "Viber refused the message", False)
    )
    message = data.get("status_message")
    if isinstance(message, str) and message and message != name:
        reason = f"{reason} ({message})"
    if retryable:
        return RetryableSendError(
            reason, code=str(status), retry_after=retry_after_seconds(response)
        )
    return PermanentSendError(reason, code=str(status))


def _escaped(text: str, limit: int) -> str:
    """``text`` HTML-escaped (button Text is HTML) and cut to ``limit`` characters."""
    text = truncate(text, limit)
    while len(html.escape(text)) > limit:
        text = truncate(text, len(text) - 1)
    return html.escape(text)


def _with_reply_keyboard(text: str, options: list[tuple[str, str]]) -> dict[str, Any]:
    columns = 6 // len(options) if len(options) in (1, 2, 3) else 6
    buttons, replies = [], {}
    for option_id, title in options:
        title = truncate(title, MAX_BUTTON_TEXT)
        body = title if title not in replies else f"{title} ({len(replies) + 1})"
        replies[body] = option_id
        buttons.append(
            {
                "ActionType": "reply",
                "ActionBody": body,
                "Text": _escaped(title, MAX_BUTTON_TEXT),
                "Columns": columns,
                "Rows": 1,
            }
        )
    content: dict[str, Any] = {
        "type": "text",
        "text": text,
        "keyboard": {"Type": "keyboard", "Buttons": buttons},
    }
    tracking = json.dumps({"replies": replies}, ensure_ascii=False)
    # Without the map a tap still arrives, as the plain title.
    if len(tracking) <= MAX_TRACKING_DATA:
        content["tracking_data"] = tracking
    return content


def _carousel(message: ProductCards) -> dict[str, Any]:
    if not message.products:
        raise UnsupportedMessage("no products to show", code="no_products")
    buttons = []
    for product in message.products[:MAX_CAROUSEL_ITEMS]:
        action = (
            {"ActionType": "open-url", "ActionBody": product.url}
            if product.url
            else {"ActionType": "none", "ActionBody": "none"}
        )
        text_rows = 7
        if product.image_url:
            buttons.append(
                {"Columns": 6, "Rows": 4, "Image": product.image_url, **action}
            )
            text_rows = 3
        text = f"<b>{_escaped(product.title, 100)}</b><br>{_escaped(product.price, 40)}"
        room = MAX_BUTTON_TEXT - len(text) - len("<br>")
        if product.description and room > 20:
            text += "<br>" + _escaped(product.description, room)
        buttons.append({"Columns": 6, "Rows": text_rows, "Text": text, **action})
    alt = [message.text] + [
        f"{p.title} – {p.price} {p.url}".strip() for p in message.products
    ]
    return {
        "type": "rich_media",
        "min_api_version": RICH_MEDIA_API_VERSION,
        "alt_text": truncate("\n".join(line for line in alt if line), MAX_TEXT),
        "rich_media": {
            "Type": "rich_media",
            "ButtonsGroupColumns": 6,
            "ButtonsGroupRows": 7,
            "Buttons": buttons,
        },
    }


def _token(data: dict[str, Any]) -> str:
    token = data.get("message_token")
    if isinstance(token, bool) or not isinstance(token, (int, str)) or token == "":
        raise MalformedRequest("'message_token' is missing or not a number")
    return str(token)


def _timestamp(data: dict[str, Any]) -> datetime | None:
    value = data.get("timestamp")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise MalformedRequest("'timestamp' is out of range") from None


def _status(data: dict[str, Any], status: DeliveryStatus) -> StatusUpdate:
    return StatusUpdate(
        provider_message_id=_token(data),
        status=status,
        timestamp=_timestamp(data),
        recipient=string_or_empty(data.get("user_id")),
        error_reason=string_or_empty(data.get("desc"))
        if status is DeliveryStatus.FAILED
        else "",
    )


def _message(data: dict[str, Any]) -> InboundMessage:
    sender, message = data.get("sender"), data.get("message")
    if not isinstance(sender, dict) or not string_or_empty(sender.get("id")):
        raise MalformedRequest("message event without 'sender.id'")
    if not isinstance(message, dict) or not string_or_empty(message.get("type")):
        raise MalformedRequest("message event without 'message.type'")
    kind, text, media = InboundKind.TEXT, string_or_empty(message.get("text")), ()
    reply_id = ""
    mtype = message["type"]
    if mtype == "text":
        reply_id = _reply_id(text, message.get("tracking_data"))
        if reply_id:
            kind = InboundKind.BUTTON_REPLY
    elif mtype in MEDIA_TYPES:
        kind = InboundKind.MEDIA
        media = (
            Media(
                media_type=MEDIA_TYPES[mtype],
                url=string_or_empty(message.get("media")),
                caption=text or string_or_empty(message.get("file_name")),
            ),
        )
    elif mtype == "url":
        text = string_or_empty(message.get("media")) or text
    elif mtype == "location":
        kind = InboundKind.LOCATION
        location = message.get("location")
        if isinstance(location, dict):
            text = f"{location.get('lat')},{location.get('lon')}"
    else:
        kind = InboundKind.OTHER
    return InboundMessage(
        provider_message_id=_token(data),
        sender=sender["id"],
        kind=kind,
        text=text,
        sender_name=string_or_empty(sender.get("name")),
        timestamp=_timestamp(data),
        reply_id=reply_id,
        media=media,
        raw=data,
    )


def _reply_id(text: str, tracking_data: Any) -> str:
    if not text or not isinstance(tracking_data, str):
        return ""
    try:
        replies = json.loads(tracking_data).get("replies")
    except (ValueError, AttributeError, RecursionError):
        return ""
    if not isinstance(replies, dict):
        return ""
    return string_or_empty(replies.get(text))
