"""Store normalized inbound events as JSON and read them back in the task."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from enum import Enum
from typing import Any

from saleor_conversational.channels.events import (
    DeliveryStatus,
    InboundEvent,
    InboundKind,
    InboundMessage,
    Media,
    OrderItem,
    StatusUpdate,
)


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(
        value, type
    ):  # Media, OrderItem
        return {
            f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)
        }
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def encode_event(event: InboundEvent) -> dict[str, Any]:
    data = {f.name: _plain(getattr(event, f.name)) for f in dataclasses.fields(event)}
    data.pop("raw", None)  # provider payloads are not kept: they hold personal data
    data["type"] = "status" if isinstance(event, StatusUpdate) else "message"
    return data


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def decode_event(data: dict[str, Any]) -> InboundEvent:
    data = dict(data)
    kind = data.pop("type")
    data["timestamp"] = _time(data.get("timestamp"))
    if kind == "status":
        data["status"] = DeliveryStatus(data["status"])
        return StatusUpdate(**data)
    data["kind"] = InboundKind(data["kind"])
    data["media"] = tuple(Media(**m) for m in data.get("media", ()))
    data["order_items"] = tuple(OrderItem(**i) for i in data.get("order_items", ()))
    return InboundMessage(**data)
