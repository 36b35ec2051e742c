"""Telegram: the Bot API (``api.telegram.org/bot<token>/<method>``, JSON bodies).

Every answer is ``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code",
"description", "parameters"?}``. Webhook requests carry no body signature: Telegram
repeats the ``secret_token`` given to ``setWebhook`` in the
``X-Telegram-Bot-Api-Secret-Token`` header. Recipients are chat ids (the shopper must
have started the bot). Reply buttons and lists become inline keyboards whose
``callback_data`` is the option id; a tap arrives as a ``callback_query``. There are no
delivery or read receipts for bots.
"""

from __future__ import annotations

import json
import re
import secrets
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from saleor_conversational.channels.base import (
    Capabilities,
    ChannelAdapter,
    ConfigField,
    SendResult,
    constant_time_equals,
    retry_after_seconds,
)
from saleor_conversational.channels.degrade import numbered_options
from saleor_conversational.channels.errors import (
    ConfigurationError,
    MalformedRequest,
    PermanentSendError,
    RetryableSendError,
    SendError,
    UnsupportedMessage,
    VerificationFailed,
)
from saleor_conversational.channels.events import (
    HttpReply,
    InboundEvent,
    InboundKind,
    InboundMessage,
    InboundRequest,
    Media,
)
from saleor_conversational.channels.http import (
    json_object_body,
    response_json,
    truncate,
    typed_field,
)
from saleor_conversational.channels.messages import (
    Image,
    LinkButton,
    ListMessage,
    OutboundMessage,
    Product,
    ProductCards,
    ReplyButtons,
    Text,
)

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER = 200
SECRET_HEADER = "x-telegram-bot-api-secret-token"
SECRET_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
BOT_TOKEN_RE = re.compile(r"\d+:[A-Za-z0-9_-]+")
WEBHOOK_PORTS = (443, 80, 88, 8443)
ALLOWED_UPDATES = ("message", "callback_query")

# Substrings of Telegram's error descriptions -> what happened, for a merchant.
KNOWN_ERRORS = (
    ("bot was blocked by the user", "the shopper blocked the bot"),
    ("user is deactivated", "the shopper's Telegram account was deleted"),
    ("bot was kicked", "the bot was removed from this chat"),
    ("bot is not a member", "the bot is no longer a member of this chat"),
    (
        "bot can't initiate conversation",
        "the shopper has not started a chat with the bot",
    ),
    (
        "chat not found",
        "Telegram does not know this chat: the shopper never started the "
        "bot, or the chat id is wrong",
    ),
    ("message is too long", "the message is longer than Telegram allows"),
    ("wrong file identifier/http url", "Telegram could not fetch the image URL"),
    ("failed to get http url content", "Telegram could not fetch the image URL"),
    ("button_url_invalid", "a button links to a URL Telegram does not accept"),
)
STATUS_REASONS = {
    401: "Telegram rejected the bot token; copy it again from @BotFather",
    404: "Telegram did not recognize the bot token",
    409: "another program is receiving this bot's updates",
}

# Inbound media fields -> normalized media type (``photo`` is handled separately).
MEDIA_FIELDS = (
    ("document", "document"),
    ("video", "video"),
    ("animation", "video"),
    ("video_note", "video"),
    ("audio", "audio"),
    ("voice", "audio"),
    ("sticker", "sticker"),
)


class TelegramAdapter(ChannelAdapter):
    name = "telegram"
    label = "Telegram"
    capabilities = Capabilities(
        kinds=frozenset({"text", "image", "buttons", "list", "link", "products"}),
        max_text_length=MAX_TEXT,
        max_buttons=10,
        max_button_title=64,
        max_list_rows=20,
        typing_indicator=True,
        read_receipts=False,
        messages_per_second=30.0,  # ~30 msg/s across chats, ~1 msg/s per chat
    )
    config_fields = (
        ConfigField(
            "bot_token",
            "Bot token",
            secret=True,
            help_text="From @BotFather, e.g. 123456789:AAHdqTcv…",
        ),
        ConfigField(
            "secret_token",
            "Webhook secret token",
            secret=True,
            help_text="1-256 characters: letters, digits, _ and -. Telegram sends "
            "it with every update.",
        ),
    )
    default_base_url = "https://api.telegram.org"

    def __init__(
        self, config, *, base_url: str | None = None, client: httpx.Client | None = None
    ) -> None:
        super().__init__(config, base_url=base_url, client=client)
        if not BOT_TOKEN_RE.fullmatch(self.config["bot_token"]):
            raise ConfigurationError(
                "the bot token should look like 123456789:AAHdqTcv… (copy it from @BotFather)"
            )
        if not SECRET_TOKEN_RE.fullmatch(self.config["secret_token"]):
            raise ConfigurationError(
                "the webhook secret token must be 1-256 letters, digits, _ or -"
            )

    @staticmethod
    def generate_secret() -> str:
        return secrets.token_urlsafe(32)

    # -- outbound ---------------------------------------------------------------
    def send(self, recipient: str, message: OutboundMessage) -> SendResult:
        chat_id = _chat_id(recipient)
        method, payload = _request_for(message)
        result = self._call(method, {"chat_id": chat_id, **payload})
        message_id = result.get("message_id") if isinstance(result, dict) else None
        if not isinstance(message_id, int) or isinstance(message_id, bool):
            raise PermanentSendError(
                "Telegram accepted the message but did not return its id",
                code="bad_response",
            )
        return SendResult(provider_message_id=f"{chat_id}:{message_id}", status="sent")

    def send_typing(self, recipient: str) -> None:
        self._call(
            "sendChatAction", {"chat_id": _chat_id(recipient), "action": "typing"}
        )

    def answer_callback_query(
        self, callback_query_id: str, text: str = "", show_alert: bool = False
    ) -> None:
        """Stop the spinner on a tapped inline button (``acknowledge`` does it too)."""
        payload: dict[str, Any] = {"callback_query_id": callback_query_id}
        if text:
            payload["text"] = truncate(text, MAX_CALLBACK_ANSWER)
        if show_alert:
            payload["show_alert"] = True
        self._call("answerCallbackQuery", payload)

    # -- inbound ----------------------------------------------------------------
    def verify(self, request: InboundRequest) -> None:
        # Telegram signs nothing: the header repeats the secret given to setWebhook.
        received = request.header(SECRET_HEADER)
        if not received:
            raise VerificationFailed("missing X-Telegram-Bot-Api-Secret-Token header")
        if not constant_time_equals(received, self.config["secret_token"]):
            raise VerificationFailed(
                "X-Telegram-Bot-Api-Secret-Token does not match this bot's secret token"
            )

    def parse(self, request: InboundRequest) -> list[InboundEvent]:
        update = _load_update(request.body)
        message = typed_field(update, "message", dict, None)
        if message is not None:
            event = _parse_message(message, update)
            return [event] if event else []
        query = typed_field(update, "callback_query", dict, None)
        if query is not None:
            event = _parse_callback(query, update)
            return [event] if event else []
        return []  # edited messages, channel posts, payments… are not conversation input

    def acknowledge(self, request: InboundRequest) -> HttpReply:
        # A webhook answer may carry one Bot API call: answering the callback query
        # here stops the button's loading spinner without an extra request.
        try:
            query = typed_field(
                _load_update(request.body), "callback_query", dict, None
            )
            query_id = typed_field(query, "id", str, None) if query else None
        except MalformedRequest:
            query_id = None
        if not query_id:
            return HttpReply()
        body = {"method": "answerCallbackQuery", "callback_query_id": query_id}
        return HttpReply(
            body=json.dumps(body).encode(), content_type="application/json"
        )

    # -- account management -----------------------------------------------------
    def check_credentials(self) -> list[str]:
        try:
            response = self.request("POST", self._path("getMe"))
        except RetryableSendError as exc:
            return [f"Could not reach Telegram to check the bot token ({exc.reason})."]
        data = response_json(response)
        if response.status_code == 200 and data.get("ok") is True:
            return []
        if response.status_code in (401, 404) or data.get("error_code") in (401, 404):
            return [
                "Telegram rejected the bot token. Copy the token again from @BotFather "
                "(it looks like 123456789:AAHdqTcv…)."
            ]
        description = data.get("description") or f"HTTP {response.status_code}"
        return [f"Telegram could not confirm the bot: {description}."]

    def register_webhook(self, url: str) -> None:
        try:
            parts = urlsplit(url)
            port = parts.port or 443
        except ValueError:
            raise ConfigurationError(f"not a valid webhook URL: {url!r}") from None
        if parts.scheme != "https" or not parts.hostname:
            raise ConfigurationError(
                "Telegram only delivers updates to an https:// URL"
            )
        if port not in WEBHOOK_PORTS:
            raise ConfigurationError(
                f"Telegram only delivers updates to ports {', '.join(map(str, WEBHOOK_PORTS))}"
            )
        payload = {
            "url": url,
            "secret_token": self.config["secret_token"],
            "allowed_updates": list(ALLOWED_UPDATES),
        }
        try:
            self._call("setWebhook", payload)
        except PermanentSendError as exc:
            raise ConfigurationError(
                f"Telegram refused the webhook: {exc.reason}"
            ) from exc

    # -- provider calls -----------------------------------------------------------
    def _path(self, method: str) -> str:
        return f"/bot{self.config['bot_token']}/{method}"

    def _call(self, method: str, payload: dict[str, Any]) -> Any:
        response = self.request("POST", self._path(method), json=payload)
        data = response_json(response)
        if response.status_code == 200 and data.get("ok") is True:
            return data.get("result")
        raise self._error(response, data)

    def _error(self, response: httpx.Response, data: dict[str, Any]) -> SendError:
        status = response.status_code
        code = data.get("error_code")
        if not isinstance(code, int) or isinstance(code, bool):
            if status == 200:  # 200 without ok:true is not the Bot API talking
                return RetryableSendError(
                    "Telegram answered without a Bot API body", code="bad_response"
                )
            return self.http_status_error(
                response, f"Telegram answered HTTP {status} without a Bot API body"
            )
        description = str(data.get("description") or f"HTTP {status}")
        parameters = (
            data.get("parameters") if isinstance(data.get("parameters"), dict) else {}
        )
        if code == 429 or status == 429:
            retry_after = parameters.get("retry_after")
            if not isinstance(retry_after, (int, float)) or isinstance(
                retry_after, bool
            ):
                retry_after = retry_after_seconds(response)
            return RetryableSendError(
                f"Telegram rate limit: {description}",
                code="429",
                retry_after=retry_after,
            )
        if code >= 500 or status >= 500:
            return RetryableSendError(
                f"Telegram server error: {description}", code=str(code)
            )
        new_chat = parameters.get("migrate_to_chat_id")
        if new_chat is not None:
            return PermanentSendError(
                f"the group became a supergroup with chat id {new_chat}; send to that id "
                f"(Telegram: {description})",
                code=str(code),
            )
        return PermanentSendError(
            f"{_human(code, description)} (Telegram: {description})", code=str(code)
        )


# -- outbound helpers ---------------------------------------------------------------
def _chat_id(recipient: str) -> int | str:
    if re.fullmatch(r"-?\d{1,20}", recipient):
        return int(recipient)
    if re.fullmatch(r"@[A-Za-z0-9_]{4,}", recipient):
        return recipient
    raise PermanentSendError(
        f"{recipient!r} is not a Telegram chat id", code="invalid_chat"
    )


def _request_for(message: OutboundMessage) -> tuple[str, dict[str, Any]]:
    if isinstance(message, Text):
        return "sendMessage", {"text": _text(message.text)}
    if isinstance(message, Image):
        return "sendPhoto", _photo(message.url, message.text)
    if isinstance(message, ReplyButtons):
        if not _fits_callback_data(message.buttons):
            return "sendMessage", {
                "text": _text(
                    numbered_options(message.text, [b.title for b in message.buttons])
                )
            }
        per_row = 3 if all(len(b.title) <= 10 for b in message.buttons) else 1
        return "sendMessage", {
            "text": _text(message.text or "Please choose:"),
            "reply_markup": _keyboard(
                [{"text": b.title, "callback_data": b.id} for b in message.buttons],
                per_row,
            ),
        }
    if isinstance(message, ListMessage):
        rows = [row for section in message.sections for row in section.rows]
        if not _fits_callback_data(rows):
            return "sendMessage", {
                "text": _text(
                    numbered_options(message.text, [row.title for row in rows])
                )
            }
        buttons = [
            {
                "text": f"{row.title} – {row.description}"
                if row.description
                else row.title,
                "callback_data": row.id,
            }
            for row in rows
        ]
        return "sendMessage", {
            "text": _text(message.text or message.button_label or "Please choose:"),
            "reply_markup": _keyboard(buttons, 1),
        }
    if isinstance(message, LinkButton):
        return "sendMessage", {
            "text": _text(message.text or message.label),
            "reply_markup": _keyboard([{"text": message.label, "url": message.url}], 1),
        }
    if isinstance(message, ProductCards):
        return _products(message)
    raise UnsupportedMessage(
        f"Telegram cannot send {message.kind!r} messages", code="unsupported"
    )


def _products(message: ProductCards) -> tuple[str, dict[str, Any]]:
    products = message.products
    if len(products) == 1 and products[0].image_url:
        product = products[0]
        caption = "\n\n".join(filter(None, [message.text, _product_line(product)]))
        payload = _photo(product.image_url, caption)
        if product.url:
            payload["reply_markup"] = _keyboard(
                [{"text": "View product", "url": product.url}], 1
            )
        return "sendPhoto", payload
    lines = [message.text] if message.text else []
    lines += [_product_line(p) for p in products]
    payload: dict[str, Any] = {"text": _text("\n\n".join(lines))}
    buttons = [
        {"text": f"{p.title} – {p.price}", "url": p.url} for p in products if p.url
    ]
    if buttons:
        payload["reply_markup"] = _keyboard(buttons, 1)
    return "sendMessage", payload


def _product_line(product: Product) -> str:
    return "\n".join(
        filter(None, [f"{product.title} – {product.price}", product.description])
    )


def _photo(url: str, caption: str) -> dict[str, Any]:
    payload: dict[str, Any] = {"photo": url}
    if caption:
        payload["caption"] = truncate(caption, MAX_CAPTION)
    return payload


def _keyboard(buttons: list[dict[str, str]], per_row: int) -> dict[str, Any]:
    rows = [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]
    return {"inline_keyboard": rows}


def _fits_callback_data(options) -> bool:
    return all(1 <= len(o.id.encode()) <= MAX_CALLBACK_DATA_BYTES for o in options)


def _text(text: str) -> str:
    if not text.strip():
        raise PermanentSendError(
            "Telegram cannot send an empty message", code="empty_text"
        )
    return truncate(text, MAX_TEXT)


def _human(code: int, description: str) -> str:
    lowered = description.lower()
    for needle, reason in KNOWN_ERRORS:
        if needle in lowered:
            return reason
    if code in STATUS_REASONS:
        return STATUS_REASONS[code]
    if code == 403:
        return "Telegram does not allow the bot to write to this chat"
    return "Telegram refused the message"


# -- inbound helpers ----------------------------------------------------------------
def _load_update(body: bytes) -> dict[str, Any]:
    update = json_object_body(body, "a Telegram update must be a JSON object")
    typed_field(update, "update_id", int)
    return update


def _timestamp(value: int) -> datetime:
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        raise MalformedRequest(f"'date' is not a valid Unix time: {value}") from None


def _display_name(user: dict[str, Any]) -> str:
    first = typed_field(user, "first_name", str, None) or ""
    last = typed_field(user, "last_name", str, None) or ""
    return f"{first} {last}".strip() or typed_field(user, "username", str, None) or ""


def _parse_message(
    message: dict[str, Any], update: dict[str, Any]
) -> InboundMessage | None:
    message_id = typed_field(message, "message_id", int)
    chat = typed_field(message, "chat", dict)
    chat_id = typed_field(chat, "id", int)
    date = _timestamp(typed_field(message, "date", int))
    user = typed_field(message, "from", dict, None) or chat
    text = (
        typed_field(message, "text", str, None)
        or typed_field(message, "caption", str, None)
        or ""
    )
    media = _media(message, text)
    kind = InboundKind.MEDIA if media else InboundKind.TEXT
    if not media and not text:
        location = typed_field(message, "location", dict, None)
        contact = typed_field(message, "contact", dict, None)
        if location is not None:
            kind = InboundKind.LOCATION
            lat = typed_field(location, "latitude", (int, float))
            lon = typed_field(location, "longitude", (int, float))
            text = f"{lat},{lon}"
        elif contact is not None:
            kind = InboundKind.OTHER
            text = typed_field(contact, "phone_number", str)
        else:
            return None  # service messages: members joining, pinned messages…
    return InboundMessage(
        # message_id is unique within a chat; the chat id makes it unique for the bot.
        provider_message_id=f"{chat_id}:{message_id}",
        sender=str(chat_id),
        kind=kind,
        text=text,
        sender_name=_display_name(user),
        timestamp=date,
        media=media,
        raw=update,
    )


def _media(message: dict[str, Any], caption: str) -> tuple[Media, ...]:
    photo = typed_field(message, "photo", list, None)
    if photo:
        sizes = [size for size in photo if isinstance(size, dict)]
        if len(sizes) != len(photo):
            raise MalformedRequest("'photo' must be a list of PhotoSize objects")
        largest = sizes[-1]  # Telegram lists sizes from smallest to largest
        return (
            Media(
                "image",
                provider_media_id=typed_field(largest, "file_id", str),
                mime_type="image/jpeg",
                caption=caption,
            ),
        )
    for field, media_type in MEDIA_FIELDS:
        item = typed_field(message, field, dict, None)
        if item is not None:
            return (
                Media(
                    media_type,
                    provider_media_id=typed_field(item, "file_id", str),
                    mime_type=typed_field(item, "mime_type", str, None) or "",
                    caption=caption,
                ),
            )
    return ()


def _parse_callback(
    query: dict[str, Any], update: dict[str, Any]
) -> InboundMessage | None:
    query_id = typed_field(query, "id", str)
    user = typed_field(query, "from", dict)
    chat_id = typed_field(user, "id", int)
    data = typed_field(query, "data", str, None)
    if not data:
        return None  # game buttons carry no data
    title = ""
    message = typed_field(query, "message", dict, None)
    if message is not None:
        chat = typed_field(message, "chat", dict)
        chat_id = typed_field(chat, "id", int)
        title = _button_title(message, data)
    return InboundMessage(
        provider_message_id=f"callback:{query_id}",
        sender=str(chat_id),
        kind=InboundKind.BUTTON_REPLY,
        text=title,
        sender_name=_display_name(user),
        reply_id=data,
        raw=update,
    )


def _button_title(message: dict[str, Any], data: str) -> str:
    """The label of the tapped button, read from the keyboard the message carried."""
    markup = message.get("reply_markup")
    rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
    for row in rows if isinstance(rows, list) else ():
        for button in row if isinstance(row, list) else ():
            if isinstance(button, dict) and button.get("callback_data") == data:
                text = button.get("text")
                return text if isinstance(text, str) else ""
    return ""
