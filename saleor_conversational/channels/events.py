"""Normalized inbound HTTP requests and the events adapters parse out of them."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Union


@dataclasses.dataclass(frozen=True)
class InboundRequest:
    """What the provider sent, untouched: ``body`` holds the raw bytes as received.

    ``url`` is the absolute URL the provider called (scheme, host, port, path and query
    string), which Twilio signs. ``headers`` keys are lower-case.
    """

    method: str
    url: str
    headers: Mapping[str, str]
    query: Mapping[str, str]
    body: bytes

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


@dataclasses.dataclass(frozen=True)
class HttpReply:
    """A response an adapter wants returned to the provider (handshakes, TwiML)."""

    status: int = 200
    body: bytes = b"ok"
    content_type: str = "text/plain"


class DeliveryStatus(enum.StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    # The provider call may or may not have delivered it (a timeout or a dropped
    # connection after the request left, a 5xx): never resent automatically.
    UNCERTAIN = "uncertain"
    DELIVERED = "delivered"
    READ = "read"

    @property
    def rank(self) -> int:
        return _STATUS_RANK[self]

    def can_move_to(self, new: "DeliveryStatus") -> bool:
        """Statuses only move forward; late or repeated statuses are ignored."""
        return new.rank > self.rank


_STATUS_RANK = {
    DeliveryStatus.QUEUED: 0,
    DeliveryStatus.SENDING: 1,
    DeliveryStatus.SENT: 2,
    DeliveryStatus.FAILED: 3,
    DeliveryStatus.UNCERTAIN: 3,  # a receipt for it still moves it forward
    DeliveryStatus.DELIVERED: 4,
    DeliveryStatus.READ: 5,
}


class InboundKind(enum.StrEnum):
    TEXT = "text"
    MEDIA = "media"
    BUTTON_REPLY = "button_reply"  # a reply button or list row was chosen
    ORDER = "order"  # a WhatsApp catalog cart
    LOCATION = "location"
    OTHER = "other"


@dataclasses.dataclass(frozen=True)
class Media:
    media_type: str  # image, video, audio, document, sticker
    url: str = ""  # a URL when the provider gives one
    provider_media_id: str = ""  # an id to fetch it with, when the provider gives that
    mime_type: str = ""
    caption: str = ""


@dataclasses.dataclass(frozen=True)
class OrderItem:
    retailer_id: str  # WhatsApp product_retailer_id = the Saleor variant SKU
    quantity: int
    item_price: str = ""
    currency: str = ""


@dataclasses.dataclass(frozen=True)
class InboundMessage:
    provider_message_id: str
    sender: str  # the provider's address of the person: E.164 phone, PSID, chat id…
    kind: InboundKind = InboundKind.TEXT
    text: str = ""
    sender_name: str = ""
    timestamp: datetime | None = None
    reply_id: str = ""  # the chosen button or list row id, for BUTTON_REPLY
    media: tuple[Media, ...] = ()
    order_items: tuple[OrderItem, ...] = ()
    raw: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def dedupe_key(self) -> str:
        return f"msg:{self.provider_message_id}"


@dataclasses.dataclass(frozen=True)
class StatusUpdate:
    provider_message_id: str
    status: DeliveryStatus
    timestamp: datetime | None = None
    recipient: str = ""
    error_code: str = ""
    error_reason: str = ""

    @property
    def dedupe_key(self) -> str:
        return f"status:{self.provider_message_id}:{self.status.value}"


InboundEvent = Union[InboundMessage, StatusUpdate]
