"""Web chat: the built-in channel served by the plugin itself to a storefront widget.

There is no provider: "sending" leaves the stored message for the widget to fetch
(the pipeline marks it delivered when the widget receives it). A session token is
``<session id>.<issued at>.<HMAC-SHA256(session secret, session id and issued at)>``:
unguessable, bound to one session id (the contact's web chat address), valid for the
account's session lifetime, and checked without a database read (the views refuse
sessions the shopper ended).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
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
DEFAULT_SESSION_HOURS = 24
MAX_SESSION_HOURS = 24 * 90
CLOCK_SKEW_SECONDS = 300
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
        ConfigField(
            "session_lifetime_hours",
            "Session lifetime (hours)",
            required=False,
            default=str(DEFAULT_SESSION_HOURS),
            help_text=(
                "A shopper's chat session ends this long after it started; the widget "
                f"then starts a new one (1 to {MAX_SESSION_HOURS}, default "
                f"{DEFAULT_SESSION_HOURS})."
            ),
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
    def check_config(cls, values: dict[str, str]) -> list[str]:
        problems = [
            f"{name} must be a whole number from 0 to {MAX_LIMIT}"
            for name in LIMITS
            if values.get(name) not in (None, "") and _limit(values[name]) is None
        ]
        hours = values.get("session_lifetime_hours")
        if hours not in (None, "") and _lifetime_hours(hours) is None:
            problems.append(
                "session_lifetime_hours must be a whole number from 1 to "
                f"{MAX_SESSION_HOURS}"
            )
        return problems

    def limit(self, name: str) -> int:
        """The per-minute limit ``name`` of LIMITS (0: none)."""
        value = _limit(self.config.get(name) or "")
        return LIMITS[name][1] if value is None else value

    @property
    def session_lifetime_seconds(self) -> int:
        hours = _lifetime_hours(self.config.get("session_lifetime_hours"))
        return (hours or DEFAULT_SESSION_HOURS) * 3600

    def _signature(self, session_id: str, issued: str) -> str:
        digest = hmac.new(
            self.config["session_secret"].encode(),
            f"webchat:{session_id}:{issued}".encode(),
            hashlib.sha256,
        ).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    def new_session(self, now: float | None = None) -> tuple[str, str]:
        """A fresh (session id, session token) pair."""
        session_id = secrets.token_urlsafe(18)
        issued = str(int(time.time() if now is None else now))
        return (
            session_id,
            f"{session_id}.{issued}.{self._signature(session_id, issued)}",
        )

    def session_expires_at(self, token: str) -> int:
        """When a token (already checked) stops working, in Unix seconds."""
        return int(token.split(".")[1]) + self.session_lifetime_seconds

    def session_from_token(self, token: str, now: float | None = None) -> str:
        parts = token.split(".")
        if len(parts) != 3 or not all(parts) or not parts[1].isdigit():
            raise VerificationFailed("invalid or missing web chat session token")
        session_id, issued, signature = parts
        if not constant_time_equals(signature, self._signature(session_id, issued)):
            raise VerificationFailed("invalid or missing web chat session token")
        age = (time.time() if now is None else now) - int(issued)
        if not -CLOCK_SKEW_SECONDS <= age <= self.session_lifetime_seconds:
            raise VerificationFailed(
                "the web chat session token has expired; start a new session"
            )
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


def _lifetime_hours(value) -> int | None:
    try:
        hours = int(str(value).strip())
    except ValueError:
        return None
    return hours if 1 <= hours <= MAX_SESSION_HOURS else None


def _limit(value) -> int | None:
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or int(text) > MAX_LIMIT:
        return None
    return int(text)
