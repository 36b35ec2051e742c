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
from saleor_conversational.channels.errors import (
    ConfigurationError,
    MalformedRequest,
    PermanentSendError,
    RetryableSendError,
    SendError,
    UncertainSendError,
    VerificationFailed,
)
from saleor_conversational.channels.events import (
    HttpReply,
    InboundEvent,
    InboundRequest,
)
from saleor_conversational.channels.http import (
    response_json,
    typed_field,
)
from saleor_conversational.channels.messages import OutboundMessage
from saleor_conversational.channels.telegram import error_codes, inbound, payloads

MAX_CALLBACK_ANSWER = 200
SECRET_HEADER = "x-telegram-bot-api-secret-token"
SECRET_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
BOT_TOKEN_RE = re.compile(r"\d+:[A-Za-z0-9_-]+")
WEBHOOK_PORTS = (443, 80, 88, 8443)
ALLOWED_UPDATES = ("message", "callback_query")


class TelegramAdapter(ChannelAdapter):
    name = "telegram"
    label = "Telegram"
    capabilities = Capabilities(
        kinds=frozenset({"text", "image", "buttons", "list", "link", "products"}),
        max_text_length=payloads.MAX_TEXT,
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
        chat_id = payloads.chat_id(recipient)
        method, payload = payloads.request_for(message)
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
            "sendChatAction",
            {"chat_id": payloads.chat_id(recipient), "action": "typing"},
        )

    def answer_callback_query(
        self, callback_query_id: str, text: str = "", show_alert: bool = False
    ) -> None:
        """Stop the spinner on a tapped inline button (``acknowledge`` does it too)."""
        payload: dict[str, Any] = {"callback_query_id": callback_query_id}
        if text:
            payload["text"] = payloads.clip(text, MAX_CALLBACK_ANSWER)
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
        update = inbound.load_update(request.body)
        message = typed_field(update, "message", dict, None)
        if message is not None:
            event = inbound.parse_message(message, update)
            return [event] if event else []
        query = typed_field(update, "callback_query", dict, None)
        if query is not None:
            event = inbound.parse_callback(query, update)
            return [event] if event else []
        return []  # edited messages, channel posts, payments… are not conversation input

    def acknowledge(self, request: InboundRequest) -> HttpReply:
        # A webhook answer may carry one Bot API call: answering the callback query
        # here stops the button's loading spinner without an extra request.
        try:
            query = typed_field(
                inbound.load_update(request.body), "callback_query", dict, None
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
            if status == 200:  # not the Bot API talking: it may have sent it
                return UncertainSendError(
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
            return UncertainSendError(
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
            f"{error_codes.describe(code, description)} (Telegram: {description})",
            code=str(code),
        )
