"""Webhook payloads -> normalized events.

Envelope: ``{object: "whatsapp_business_account", entry: [{id, changes: [{field:
"messages", value: {metadata: {phone_number_id}, contacts?, messages?, statuses?}}]}]}``.
Every value is type-checked; anything of the wrong JSON type is a MalformedRequest.
"""

from __future__ import annotations

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
from saleor_conversational.channels.http import typed_field

MEDIA_TYPES = ("image", "video", "audio", "document", "sticker")
# What shoppers send that we cannot represent; kept as OTHER so the inbox shows it.
OTHER_TYPES = ("contacts", "reaction", "unsupported", "unknown")
STATUSES = {
    "sent": DeliveryStatus.SENT,
    "delivered": DeliveryStatus.DELIVERED,
    "read": DeliveryStatus.READ,
    "failed": DeliveryStatus.FAILED,
}


def _dicts(
    obj: dict[str, Any], key: str, required: bool = False
) -> list[dict[str, Any]]:
    items = typed_field(obj, key, list) if required else typed_field(obj, key, list, [])
    if not all(isinstance(item, dict) for item in items):
        raise MalformedRequest(f"{key!r} must hold objects")
    return items


def parse_payload(data: dict[str, Any], phone_number_id: str) -> list[InboundEvent]:
    obj = typed_field(data, "object", str)
    entries = _dicts(data, "entry", required=True)
    if obj != "whatsapp_business_account":
        return []  # another product's webhook on the same Meta app
    events: list[InboundEvent] = []
    for entry in entries:
        for change in _dicts(entry, "changes"):
            if typed_field(change, "field", str) != "messages":
                continue
            value = typed_field(change, "value", dict)
            metadata = typed_field(value, "metadata", dict, {})
            number = typed_field(metadata, "phone_number_id", str, "")
            # One Meta app delivers every number's webhooks to the same URL.
            if number and number != phone_number_id:
                continue
            events += _messages(value)
            events += _statuses(value)
    return events


def _messages(value: dict[str, Any]) -> list[InboundMessage]:
    names = {}
    for contact in _dicts(value, "contacts"):
        profile = typed_field(contact, "profile", dict, {})
        names[typed_field(contact, "wa_id", str, "")] = typed_field(
            profile, "name", str, ""
        )
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
    kind = typed_field(message, "type", str)
    wa_id = typed_field(message, "from", str)
    common = {
        "provider_message_id": typed_field(message, "id", str),
        "sender": sender_address(wa_id),
        "sender_name": names.get(wa_id, ""),
        "timestamp": _timestamp(message),
        "raw": message,
    }
    if kind == "text":
        text = typed_field(typed_field(message, "text", dict), "body", str)
        return InboundMessage(kind=InboundKind.TEXT, text=text, **common)
    if kind in MEDIA_TYPES:
        media = typed_field(message, kind, dict)
        caption = typed_field(media, "caption", str, "")
        item = Media(
            media_type=kind,
            provider_media_id=typed_field(media, "id", str, ""),
            url=typed_field(media, "url", str, ""),
            mime_type=typed_field(media, "mime_type", str, ""),
            caption=caption,
        )
        return InboundMessage(
            kind=InboundKind.MEDIA, text=caption, media=(item,), **common
        )
    if kind == "interactive":
        return _interactive(typed_field(message, "interactive", dict), common)
    if kind == "button":
        button = typed_field(message, "button", dict)
        return InboundMessage(
            kind=InboundKind.BUTTON_REPLY,
            text=typed_field(button, "text", str, ""),
            reply_id=typed_field(button, "payload", str),
            **common,
        )
    if kind == "order":
        return _order(typed_field(message, "order", dict), common)
    if kind == "location":
        return _location(typed_field(message, "location", dict), common)
    if kind in OTHER_TYPES:
        return InboundMessage(kind=InboundKind.OTHER, **common)
    return None  # system notices, request_welcome and types added later


def _interactive(interactive: dict[str, Any], common: dict[str, Any]) -> InboundMessage:
    reply_type = typed_field(interactive, "type", str)
    if reply_type in ("button_reply", "list_reply"):
        reply = typed_field(interactive, reply_type, dict)
        return InboundMessage(
            kind=InboundKind.BUTTON_REPLY,
            reply_id=typed_field(reply, "id", str),
            text=typed_field(reply, "title", str, ""),
            **common,
        )
    return InboundMessage(kind=InboundKind.OTHER, **common)  # e.g. a Flow's nfm_reply


def _order(order: dict[str, Any], common: dict[str, Any]) -> InboundMessage:
    items = []
    for product in _dicts(order, "product_items"):
        quantity = typed_field(product, "quantity", (int, float, str))
        try:
            count = int(quantity)
        except (TypeError, ValueError, OverflowError):
            raise MalformedRequest("order item quantity is not a number") from None
        price = typed_field(product, "item_price", (int, float, str), "")
        items.append(
            OrderItem(
                retailer_id=typed_field(product, "product_retailer_id", str),
                quantity=count,
                item_price=str(price),
                currency=typed_field(product, "currency", str, ""),
            )
        )
    return InboundMessage(
        kind=InboundKind.ORDER,
        text=typed_field(order, "text", str, ""),
        order_items=tuple(items),
        **common,
    )


def _location(location: dict[str, Any], common: dict[str, Any]) -> InboundMessage:
    latitude = typed_field(location, "latitude", (int, float, str))
    longitude = typed_field(location, "longitude", (int, float, str))
    label = ", ".join(
        p
        for p in (
            typed_field(location, "name", str, ""),
            typed_field(location, "address", str, ""),
        )
        if p
    )
    text = f"{label} ({latitude}, {longitude})" if label else f"{latitude}, {longitude}"
    return InboundMessage(kind=InboundKind.LOCATION, text=text, **common)


def _statuses(value: dict[str, Any]) -> list[StatusUpdate]:
    events = []
    for status in _dicts(value, "statuses"):
        normalized = STATUSES.get(typed_field(status, "status", str))
        if normalized is None:
            continue  # "played" (voice messages) and future statuses
        code, reason = _status_error(_dicts(status, "errors"))
        recipient = typed_field(status, "recipient_id", str, "")
        events.append(
            StatusUpdate(
                provider_message_id=typed_field(status, "id", str),
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
    code = str(typed_field(error, "code", (int, str), ""))
    reason = typed_field(error, "title", str, "") or typed_field(
        error, "message", str, ""
    )
    details = typed_field(
        typed_field(error, "error_data", dict, {}), "details", str, ""
    )
    if details and details != reason:
        reason = f"{reason}: {details}" if reason else details
    return code, reason


def _timestamp(obj: dict[str, Any]) -> datetime | None:
    value = typed_field(obj, "timestamp", (str, int), None)
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(int(value), tz=UTC)
    except (ValueError, OverflowError, OSError):
        raise MalformedRequest("timestamp is not a unix time") from None
