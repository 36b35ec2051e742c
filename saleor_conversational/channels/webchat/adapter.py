"""Web chat: the built-in channel served by the plugin itself to a storefront widget.

There is no provider: "sending" leaves the stored message for the widget to fetch
(the pipeline marks it delivered when the widget receives it). A session token is
``<session id>.<HMAC-SHA256(session secret, session id)>``: unguessable, bound to one
session id (the contact's web chat address), and checked without a database read.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import uuid

from saleor_conversational.channels.base import (
    Capabilities,
    ChannelAdapter,
    ConfigField,
    SendResult,
    constant_time_equals,
)
from saleor_conversational.channels.errors import MalformedRequest, VerificationFailed
from saleor_conversational.channels.events import (
    InboundEvent,
    InboundKind,
    InboundMessage,
    InboundRequest,
)
from saleor_conversational.channels.http import json_object_body
from saleor_conversational.channels.messages import OutboundMessage

MAX_TEXT = 4096
# Per-minute request limits a merchant can change (account settings): name -> (label,
# default). A client is a browser's IP address as Saleor sees it; a session one chat.
LIMITS = {
    "sessions_per_client_per_minute": ("New sessions per client per minute", 20),
    "messages_per_session_per_minute": ("Messages per session per minute", 20),
    "messages_per_client_per_minute": ("Messages per client per minute", 60),
    "links_per_session_per_minute": (
        "Checkout and customer links per session per minute",
        10,
    ),
    "links_per_client_per_minute": (
        "Checkout and customer links per client per minute",
        30,
    ),
    "polls_per_session_per_minute": ("Polls per session per minute", 60),
    "polls_per_client_per_minute": ("Polls per client per minute", 240),
}
MAX_LIMIT = 100_000


class WebChatAdapter(ChannelAdapter):
    name = "webchat"
    label = "Web chat"
    capabilities = Capabilities(
        kinds=frozenset({"text", "image", "buttons", "list", "link", "products"}),
        max_text_length=MAX_TEXT,
        max_buttons=10,
        max_button_title=60,
        max_list_rows=30,
        messages_per_second=1000.0,
    )
    config_fields = (
        ConfigField(
            "session_secret",
            "Session signing secret",
            secret=True,
            help_text="Generated automatically; changing it ends every open session.",
        ),
        *(
            ConfigField(
                name,
                label,
                required=False,
                default=str(default),
                help_text="Requests per minute; beyond it a 429. 0: no limit.",
            )
            for name, (label, default) in LIMITS.items()
        ),
    )

    receives_webhooks = False  # served by the plugin's webchat/ views
    wakes_after_send = True  # the widget's long poll is waiting for the reply

    @staticmethod
    def generate_secret() -> str:
        return secrets.token_urlsafe(32)

    @classmethod
    def initial_config(cls) -> dict[str, str]:
        return {"session_secret": cls.generate_secret()}

    @classmethod
    def config_problems(cls, values) -> list[str]:
        return [
            f"{name} must be a whole number from 0 to {MAX_LIMIT}"
            for name in LIMITS
            if values.get(name) not in (None, "") and _limit(values[name]) is None
        ]

    def limit(self, name: str) -> int:
        """The per-minute limit ``name`` of LIMITS (0: none)."""
        value = _limit(self.config.get(name) or "")
        return LIMITS[name][1] if value is None else value

    def _signature(self, session_id: str) -> str:
        digest = hmac.new(
            self.config["session_secret"].encode(),
            f"webchat:{session_id}".encode(),
            hashlib.sha256,
        ).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    def new_session(self) -> tuple[str, str]:
        """A fresh (session id, session token) pair."""
        session_id = secrets.token_urlsafe(18)
        return session_id, f"{session_id}.{self._signature(session_id)}"

    def session_from_token(self, token: str) -> str:
        session_id, _, signature = token.partition(".")
        if (
            not session_id
            or not signature
            or not constant_time_equals(signature, self._signature(session_id))
        ):
            raise VerificationFailed("invalid or missing web chat session token")
        return session_id

    def session_from_request(self, request: InboundRequest) -> str:
        scheme, _, token = request.header("authorization").partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise VerificationFailed(
                "missing web chat session token (Authorization: Bearer)"
            )
        return self.session_from_token(token.strip())

    def send(self, recipient: str, message: OutboundMessage) -> SendResult:
        return SendResult(provider_message_id=f"webchat-{uuid.uuid4()}", status="sent")

    def verify(self, request: InboundRequest) -> None:
        self.session_from_request(request)

    def parse(self, request: InboundRequest) -> list[InboundEvent]:
        session_id = self.session_from_request(request)
        data = json_object_body(request.body)
        client_id, text, reply_id = (
            data.get("id"),
            data.get("text", ""),
            data.get("reply_id", ""),
        )
        if not isinstance(client_id, str) or not 1 <= len(client_id) <= 64:
            raise MalformedRequest("'id' must be a string of 1 to 64 characters")
        if (
            not isinstance(text, str)
            or not isinstance(reply_id, str)
            or len(reply_id) > 200
        ):
            raise MalformedRequest("'text' and 'reply_id' must be strings")
        if not text.strip() and not reply_id:
            raise MalformedRequest("'text' must not be empty")
        if len(text) > MAX_TEXT:
            raise MalformedRequest(f"'text' is longer than {MAX_TEXT} characters")
        return [
            InboundMessage(
                # Client ids are only unique per session; the session makes them global.
                provider_message_id=f"{session_id}:{client_id}",
                sender=session_id,
                kind=InboundKind.BUTTON_REPLY if reply_id else InboundKind.TEXT,
                text=text.strip(),
                reply_id=reply_id,
            )
        ]


def _limit(value) -> int | None:
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or int(text) > MAX_LIMIT:
        return None
    return int(text)
