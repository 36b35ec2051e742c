"""Webhook payloads -> normalized events.

Envelope: ``{object: "whatsapp_business_account", entry: [{id, changes: [{field:
"messages", value: {metadata: {phone_number_id}, contacts?, messages?, statuses?}}]}]}``.
Every value is type-checked; anything of the wrong JSON type is a MalformedRequest.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from saleor_conversational.channels.errors import MalformedRequest
from saleor_conversational.channels.events import (
    DeliveryStatus,
    InboundEvent,
    InboundKind,
    InboundMessage,
    Media,
    OrderItem,
    StatusUpdate,
)

MEDIA_TYPES = ("image", "video", "audio", "document", "sticker")
# What shoppers send that we cannot represent; kept as OTHER so the inbox shows it.
OTHER_TYPES = ("contacts", "reaction", "unsupported", "unknown")
STATUSES = {
    "sent": DeliveryStatus.SENT,
    "delivered": DeliveryStatus.DELIVERED,
    "read": DeliveryStatus.READ,
    "failed": DeliveryStatus.FAILED,
}

_MISSING = object()


def _get(
    obj: dict[str, Any],
    key: str,
    kind: type | tuple[type, ...],
    default: Any = _MISSING,
) -> Any:
    value = obj.get(key, _MISSING)
    if value is _MISSING or value is None:
        if default is _MISSING:
            raise MalformedRequest(f"missing {key!r}")
        return default
    # bool is an int in Python but never a number in JSON.
    if not isinstance(value, kind) or (
        isinstance(value, bool) and bool not in _tuple(kind)
    ):
        raise MalformedRequest(f"{key!r} has the wrong type")
    return value


def _tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _dicts(
    obj: dict[str, Any], key: str, required: bool = False
) -> list[dict[str, Any]]:
    items = _get(obj, key, list) if required else _get(obj, key, list, [])
    if not all(isinstance(item, dict) for item in items):
        raise MalformedRequest(f"{key!r} must hold objects")
    return items


def load(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise MalformedRequest("body is not JSON") from None
    if not isinstance(data, dict):
        raise MalformedRequest("body must be a JSON object")
    return data


def parse_payload(data: dict[str, Any], phone_number_id: str) -> list[InboundEvent]:
    obj = _get(data, "object", str)
    entries = _dicts(data, "entry", required=True)
    if obj != "whatsapp_business_account":
        return []  # another product's webhook on the same Meta app
    events: list[InboundEvent] = []
    for entry in entries:
        for change in _dicts(entry, "changes"):
            if _get(change, "field", str) != "messages":
                continue
            value = _get(change, "value", dict)
            metadata = _get(value, "metadata", dict, {})
            number = _get(metadata, "phone_number_id", str, "")
            # One Meta app delivers every number's webhooks to the same URL.
            if number and number != phone_number_id:
                continue
            events += _messages(value)
            events += _statuses(value)
    return events


def _messages(value: dict[str, Any]) -> list[InboundMessage]:
    names = {}
    for contact in _dicts(value, "contacts"):
        profile = _get(contact, "profile", dict, {})
        names[_get(contact, "wa_id", str, "")] = _get(profile, "name", str, "")
    events = []
    for message in _dicts(value, "messages"):
        event = _message(message, names)
        if event is not None:
            events.append(event)
    return events


def sender_address(wa_id: str) -> str:
    """wa_ids are digits without '+'; anything else (business-scoped ids) is kept as is."""
    return f"+{wa_id}" if wa_id.isdigit() else wa_id


def _message(message: dict[str, Any], names: dict[str, str]) -> InboundMessage | None:
    kind = _get(message, "type", str)
    wa_id = _get(message, "from", str)
    common = {
        "provider_message_id": _get(message, "id", str),
        "sender": sender_address(wa_id),
        "sender_name": names.get(wa_id, ""),
        "timestamp": _timestamp(message),
        "raw": message,
    }
    if kind == "text":
        text = _get(_get(message, "text", dict), "body", str)
        return InboundMessage(kind=InboundKind.TEXT, text=text, **common)
    if kind in MEDIA_TYPES:
        media = _get(message, kind, dict)
        caption = _get(media, "caption", str, "")
        item = Media(
            media_type=kind,
            provider_media_id=_get(media, "id", str, ""),
            url=_get(media, "url", str, ""),
            mime_type=_get(media, "mime_type", str, ""),
            caption=caption,
        )
        return InboundMessage(
            kind=InboundKind.MEDIA, text=caption, media=(item,), **common
        )
    if kind == "interactive":
        return _interactive(_get(message, "interactive", dict), common)
    if kind == "button":
        button = _get(message, "button", dict)
        return InboundMessage(
            kind=InboundKind.BUTTON_REPLY,
            text=_get(button, "text", str, ""),
            reply_id=_get(button, "payload", str),
            **common,
        )
    if kind == "order":
        return _order(_get(message, "order", dict), common)
    if kind == "location":
        return _location(_get(message, "location", dict), common)
    if kind in OTHER_TYPES:
        return InboundMessage(kind=InboundKind.OTHER, **common)
    return None  # system notices, request_welcome and types added later


def _interactive(interactive: dict[str, Any], common: dict[str, Any]) -> InboundMessage:
    reply_type = _get(interactive, "type", str)
    if reply_type in ("button_reply", "list_reply"):
        reply = _get(interactive, reply_type, dict)
        return InboundMessage(
            kind=InboundKind.BUTTON_REPLY,
            reply_id=_get(reply, "id", str),
            text=_get(reply, "title", str, ""),
            **common,
        )
    return InboundMessage(kind=InboundKind.OTHER, **common)  # e.g. a Flow's nfm_reply


def _order(order: dict[str, Any], common: dict[str, Any]) -> InboundMessage:
    items = []
    for product in _dicts(order, "product_items"):
        quantity = _get(product, "quantity", (int, float, str))
        try:
            count = int(quantity)
        except (TypeError, ValueError, OverflowError):
            raise MalformedRequest("order item quantity is not a number") from None
        price = _get(product, "item_price", (int, float, str), "")
        items.append(
            OrderItem(
                retailer_id=_get(product, "product_retailer_id", str),
                quantity=count,
                item_price=str(price),
                currency=_get(product, "currency", str, ""),
            )
        )
    return InboundMessage(
        kind=InboundKind.ORDER,
        text=_get(order, "text", str, ""),
        order_items=tuple(items),
        **common,
    )


def _location(location: dict[str, Any], common: dict[str, Any]) -> InboundMessage:
    latitude = _get(location, "latitude", (int, float, str))
    longitude = _get(location, "longitude", (int, float, str))
    label = ", ".join(
        p
        for p in (_get(location, "name", str, ""), _get(location, "address", str, ""))
        if p
    )
    text = f"{label} ({latitude}, {longitude})" if label else f"{latitude}, {longitude}"
    return InboundMessage(kind=InboundKind.LOCATION, text=text, **common)


def _statuses(value: dict[str, Any]) -> list[StatusUpdate]:
    events = []
    for status in _dicts(value, "statuses"):
        normalized = STATUSES.get(_get(status, "status", str))
        if normalized is None:
            continue  # "played" (voice messages) and future statuses
        code, reason = _status_error(_dicts(status, "errors"))
        recipient = _get(status, "recipient_id", str, "")
        events.append(
            StatusUpdate(
                provider_message_id=_get(status, "id", str),
                status=normalized,
                timestamp=_timestamp(status),
                recipient=sender_address(recipient) if recipient else "",
                error_code=code,
                error_reason=reason,
            )
        )
    return events


def _status_error(errors: list[dict[str, Any]]) -> tuple[str, str]:
    if not errors:
        return "", ""
    error = errors[0]
    code = str(_get(error, "code", (int, str), ""))
    reason = _get(error, "title", str, "") or _get(error, "message", str, "")
    details = _get(_get(error, "error_data", dict, {}), "details", str, "")
    if details and details != reason:
        reason = f"{reason}: {details}" if reason else details
    return code, reason


def _timestamp(obj: dict[str, Any]) -> datetime | None:
    value = _get(obj, "timestamp", (str, int), None)
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(int(value), tz=UTC)
    except (ValueError, OverflowError, OSError):
        raise MalformedRequest("timestamp is not a unix time") from None
