"""The one shape every messaging channel adapter follows.

An adapter is a folder ``channels/<name>/`` whose ``adapter.py`` defines a subclass of
``ChannelAdapter`` with a unique ``name``; defining the class registers it. Adapters
import nothing from Django or Saleor: they turn normalized messages into provider
requests, and provider requests into normalized events. Storage, retries, windows
and consent belong to the pipeline.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import os
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import httpx

from saleor_conversational.channels.errors import (
    ConfigurationError,
    PermanentSendError,
    RetryableSendError,
    SendError,
    UncertainSendError,
)
from saleor_conversational.channels.events import (
    HttpReply,
    InboundEvent,
    InboundRequest,
)
from saleor_conversational.channels.messages import OutboundMessage, Template

DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)

# Failures raised before any byte of the request left: resending cannot duplicate.
NOT_SENT = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.ProxyError,
    httpx.UnsupportedProtocol,
)


@dataclasses.dataclass(frozen=True)
class ConfigField:
    name: str
    label: str
    secret: bool = False
    required: bool = True
    default: str = ""
    help_text: str = ""


@dataclasses.dataclass(frozen=True)
class Capabilities:
    """What a channel can show; the pipeline degrades anything beyond it."""

    kinds: frozenset[str]  # message kinds sent natively (see messages.MESSAGE_KINDS)
    max_text_length: int = 4096
    max_buttons: int = 3
    max_button_title: int = 20
    max_list_rows: int = 10
    max_products: int = 10  # product cards in one message
    products_need_catalog: bool = False  # WhatsApp product messages need a catalog id
    service_window_hours: int | None = None  # None: no customer-service window
    opt_out_keywords: bool = False  # STOP/START/HELP are handled on this channel
    typing_indicator: bool = False
    read_receipts: bool = False
    messages_per_second: float = 10.0  # the provider's published per-account throughput


@dataclasses.dataclass(frozen=True)
class SendResult:
    provider_message_id: str
    # Channels without delivery receipts (web chat, Telegram) report what they know.
    status: str = "sent"


_REGISTRY: dict[str, type["ChannelAdapter"]] = {}


class ChannelAdapter:
    name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    capabilities: ClassVar[Capabilities]
    config_fields: ClassVar[tuple[ConfigField, ...]] = ()
    default_base_url: ClassVar[str] = ""
    #: Providers deliver to the plugin's ``webhooks/<account>/`` URL; False for a
    #: channel the plugin serves through its own views (web chat).
    receives_webhooks: ClassVar[bool] = True
    #: A sent message waits for the recipient to fetch it, so whoever is waiting
    #: (web chat's long poll) must be woken after a send.
    wakes_after_send: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.name:
            if cls.name in _REGISTRY and _REGISTRY[cls.name] is not cls:
                raise TypeError(
                    f"two messaging channel adapters are named {cls.name!r}"
                )
            _REGISTRY[cls.name] = cls

    def __init__(
        self,
        config: Mapping[str, str],
        *,
        base_url: str | None = None,
        client: httpx.Client | None = None,
    ) -> None:
        missing = [
            f.label
            for f in self.config_fields
            if f.required and not (config.get(f.name) or f.default)
        ]
        if missing:
            raise ConfigurationError("missing: " + ", ".join(missing))
        self.config = {
            f.name: config.get(f.name) or f.default for f in self.config_fields
        } | {
            k: v
            for k, v in config.items()
            if k not in {f.name for f in self.config_fields}
        }
        self.base_url = (
            base_url or config.get("base_url") or self.default_base_url
        ).rstrip("/")
        self._client = client

    @classmethod
    def initial_config(cls) -> dict[str, str]:
        """The config a newly created account of this kind starts with (generated
        secrets); values given when creating the account win."""
        return {}

    # -- outbound ---------------------------------------------------------------
    def prepare(self, message: OutboundMessage) -> OutboundMessage:
        """Fill in what the account knows (a catalog id…) before degradation."""
        return message

    def send(self, recipient: str, message: OutboundMessage) -> SendResult:
        """Send one message (already degraded to ``capabilities``) or raise SendError."""
        raise NotImplementedError

    def send_typing(self, recipient: str) -> None:  # noqa: B027 - optional
        """Show a typing indicator where the channel has one."""

    def mark_read(self, provider_message_id: str, recipient: str = "") -> None:  # noqa: B027
        """Send a read receipt for an inbound message where the channel has one."""

    def validate_template(
        self, template: Template, declared: Mapping[str, int]
    ) -> None:
        """Check parameter counts against the template's declaration (WhatsApp)."""

    # -- inbound ----------------------------------------------------------------
    def handshake(self, request: InboundRequest) -> HttpReply | None:
        """Answer a provider's webhook verification request, or None if it is not one."""
        return None

    def verify(self, request: InboundRequest) -> None:
        """Raise VerificationFailed unless the provider signed these exact bytes."""
        raise NotImplementedError

    def parse(self, request: InboundRequest) -> list[InboundEvent]:
        """Normalized events of a verified request; MalformedRequest if unreadable."""
        raise NotImplementedError

    def acknowledge(self, request: InboundRequest) -> HttpReply:
        """The 2xx returned once the request is verified and stored."""
        return HttpReply()

    # -- account management -----------------------------------------------------
    def check_credentials(self) -> list[str]:
        """Problems with the account, in words a merchant understands; [] if fine."""
        return []

    def register_webhook(self, url: str) -> None:  # noqa: B027 - optional
        """Tell the provider where to deliver (Telegram setWebhook, Viber set_webhook)."""

    # -- helpers for subclasses -------------------------------------------------
    @property
    def client(self) -> httpx.Client:
        return self._client or shared_client()

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """An HTTP call to the provider. A failure before the request left is a
        RetryableSendError; any later one (read or write timeout, a connection dropped
        before the answer) is an UncertainSendError: the provider may have acted on it."""
        url = path if path.startswith("http") else f"{self.base_url}{path}"
        try:
            return self.client.request(method, url, **kwargs)
        except NOT_SENT as exc:
            raise RetryableSendError(
                f"could not reach {self.label}: {type(exc).__name__} {exc}",
                code="not_sent",
            ) from exc
        except httpx.TimeoutException as exc:
            raise UncertainSendError(
                f"{self.label} did not answer in time ({type(exc).__name__}) after "
                "the request was sent",
                code="timeout",
            ) from exc
        except httpx.TransportError as exc:
            raise UncertainSendError(
                f"the connection to {self.label} failed after the request was sent "
                f"({type(exc).__name__}: {exc})",
                code="connection_lost",
            ) from exc

    @staticmethod
    def http_status_error(
        response: httpx.Response, reason: str, code: str = ""
    ) -> SendError:
        """Generic mapping for statuses a provider-specific classifier did not handle."""
        status = response.status_code
        if may_have_acted(response):
            return UncertainSendError(reason, code=code or str(status))
        if status == 429 or status >= 500 or status == 408:
            retry_after = retry_after_seconds(response)
            return RetryableSendError(
                reason, code=code or str(status), retry_after=retry_after
            )
        return PermanentSendError(reason, code=code or str(status))


def may_have_acted(response: httpx.Response) -> bool:
    """A 5xx: the provider (or a gateway before it) failed after reading the request,
    so it may have acted on it. A 503 with Retry-After is a refusal to take it."""
    status = response.status_code
    if status == 503 and retry_after_seconds(response) is not None:
        return False
    return status >= 500


def retryable_or_uncertain(
    response: httpx.Response,
    reason: str,
    *,
    code: str,
    retry_after: float | None = None,
) -> RetryableSendError:
    """A provider's "try again" answer: uncertain when it came as a 5xx."""
    if may_have_acted(response):
        return UncertainSendError(reason, code=code)
    return RetryableSendError(reason, code=code, retry_after=retry_after)


def retry_after_seconds(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


_shared_client: httpx.Client | None = None
_shared_pid = 0


def shared_client() -> httpx.Client:
    """One pooled HTTP client per process: building a client (its TLS context) costs
    tens of milliseconds, far more than a provider call on a kept-alive connection."""
    global _shared_client, _shared_pid
    if _shared_client is None or _shared_pid != os.getpid():  # not across a fork
        _shared_client = httpx.Client(
            timeout=DEFAULT_TIMEOUT, limits=httpx.Limits(max_connections=50)
        )
        _shared_pid = os.getpid()
    return _shared_client


def hmac_hex(secret: str | bytes, body: bytes, digest=hashlib.sha256) -> str:
    key = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(key, body, digest).hexdigest()


def constant_time_equals(a: str | bytes, b: str | bytes) -> bool:
    a_bytes = a.encode() if isinstance(a, str) else a
    b_bytes = b.encode() if isinstance(b, str) else b
    return hmac.compare_digest(a_bytes, b_bytes)


def registered_adapters() -> Mapping[str, type[ChannelAdapter]]:
    from saleor_conversational.channels import load_adapters

    load_adapters()
    return dict(_REGISTRY)


def get_adapter_class(name: str) -> type[ChannelAdapter]:
    adapters = registered_adapters()
    try:
        return adapters[name]
    except KeyError:
        raise ConfigurationError(
            f"unknown messaging channel {name!r}; known: {', '.join(sorted(adapters))}"
        ) from None


def secret_field_names(adapter_cls: type[ChannelAdapter]) -> Sequence[str]:
    return [f.name for f in adapter_cls.config_fields if f.secret]
