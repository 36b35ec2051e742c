"""Viber callbacks -> normalized events: messages and delivered / seen / failed statuses."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from saleor_conversational.channels.errors import MalformedRequest
from saleor_conversational.channels.events import (
    DeliveryStatus,
    InboundKind,
    InboundMessage,
    Media,
    StatusUpdate,
)
from saleor_conversational.channels.http import string_or_empty

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


def status_event(data: dict[str, Any], status: DeliveryStatus) -> StatusUpdate:
    return StatusUpdate(
        provider_message_id=_token(data),
        status=status,
        timestamp=_timestamp(data),
        recipient=string_or_empty(data.get("user_id")),
        error_reason=string_or_empty(data.get("desc"))
        if status is DeliveryStatus.FAILED
        else "",
    )


def message_event(data: dict[str, Any]) -> InboundMessage:
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
