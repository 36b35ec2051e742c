"""Webhooks of the Messenger Platform (Messenger and Instagram) -> normalized events.

Envelope: ``{object: "page" | "instagram", entry: [{id, time, messaging: [event]}]}``.
Events are messages (text, quick-reply taps, attachments), postbacks (carousel
buttons), delivery receipts listing ``mids``, and read receipts: Messenger's name
only a time (``watermark``) and yield nothing; Instagram's name the message ``mid``.
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
    StatusUpdate,
)
from saleor_conversational.channels.http import json_body, nested, string_or_empty

MEDIA_TYPES = {
    "image": "image",
    "video": "video",
    "audio": "audio",
    "file": "document",
    "sticker": "sticker",
}


def parse_webhook(
    body: bytes,
    webhook_object: str,
    account_id: str,
    *,
    read_names_message: bool = False,
) -> list[InboundEvent]:
    """The events of a webhook for ``webhook_object`` ("page", "instagram") that were
    sent to ``account_id`` (the Page or Instagram account): one Meta app delivers the
    events of every Page it serves to the same callback."""
    data = json_body(body)
    if not isinstance(data, dict) or not isinstance(data.get("object"), str):
        raise MalformedRequest("body is not a Meta webhook: no 'object'")
    if data["object"] != webhook_object:
        return []  # another product's events (e.g. a shared app callback)
    entries = data.get("entry")
    if not isinstance(entries, list):
        raise MalformedRequest("webhook without an 'entry' list")
    events: list[InboundEvent] = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise MalformedRequest("'entry' items must be objects")
        messaging = entry.get("messaging", [])
        # Entries with 'changes' (comments, feed) or 'standby' are not conversations.
        if not isinstance(messaging, list):
            raise MalformedRequest("'messaging' must be a list")
        if not _addressed_to(entry.get("id"), account_id):
            continue
        for event in messaging:
            if not isinstance(event, dict):
                raise MalformedRequest("'messaging' items must be objects")
            if _addressed_to(nested(event, "recipient", "id"), account_id):
                events += _event(event, read_names_message)
    return events


def _addressed_to(value: Any, account_id: str) -> bool:
    """An id that is absent names no other account; Meta sends ids as strings."""
    return value is None or str(value) == account_id


def _event(event: dict[str, Any], read_names_message: bool) -> list[InboundEvent]:
    sender = string_or_empty(nested(event, "sender", "id"))
    timestamp = _timestamp(event.get("timestamp"))
    if "message" in event:
        return _message(event["message"], sender, timestamp, event)
    if "postback" in event:
        return [_postback(event["postback"], sender, timestamp, event)]
    if "delivery" in event:
        return _statuses(event["delivery"], DeliveryStatus.DELIVERED, sender, timestamp)
    if "read" in event:
        return _read(event["read"], sender, timestamp, read_names_message)
    return []  # reactions, referrals, opt-ins, handover…: nothing to store


def _read(
    read: Any, sender: str, timestamp: datetime | None, names_message: bool
) -> list[InboundEvent]:
    if not isinstance(read, dict):
        raise MalformedRequest("'read' must be an object")
    mid = string_or_empty(read.get("mid")) if names_message else ""
    if not mid:
        return []  # only a watermark: "everything before this time was read"
    return [
        StatusUpdate(
            provider_message_id=mid,
            status=DeliveryStatus.READ,
            timestamp=timestamp,
            recipient=sender,
        )
    ]


def _message(
    message: Any,
    sender: str,
    timestamp: datetime | None,
    event: dict[str, Any],
) -> list[InboundEvent]:
    if not isinstance(message, dict):
        raise MalformedRequest("'message' must be an object")
    if message.get("is_echo") is True or message.get("is_deleted") is True:
        return []  # our own sends echoed back, or a shopper unsending a message
    mid = string_or_empty(message.get("mid"))
    if not mid or not sender:
        raise MalformedRequest("message event without 'message.mid' or 'sender.id'")
    text = string_or_empty(message.get("text"))
    kind, reply_id = InboundKind.TEXT, ""
    payload = nested(message, "quick_reply", "payload")
    media = _attachments(message.get("attachments"))
    if (
        isinstance(payload, (str, int))
        and not isinstance(payload, bool)
        and payload != ""
    ):
        kind, reply_id = InboundKind.BUTTON_REPLY, str(payload)
    elif media:
        kind = InboundKind.MEDIA
    elif not text:
        kind = InboundKind.OTHER  # shares, story mentions, unsupported content
    return [
        InboundMessage(
            provider_message_id=mid,
            sender=sender,
            kind=kind,
            text=text,
            timestamp=timestamp,
            reply_id=reply_id,
            media=media,
            raw=event,
        )
    ]


def _timestamp(value: Any) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _attachments(value: Any) -> tuple[Media, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise MalformedRequest("'attachments' must be a list")
    media = []
    for attachment in value:
        if not isinstance(attachment, dict):
            raise MalformedRequest("'attachments' items must be objects")
        kind = string_or_empty(attachment.get("type"))
        payload = (
            attachment.get("payload")
            if isinstance(attachment.get("payload"), dict)
            else {}
        )
        # Stickers used to arrive as images with a sticker_id.
        if "sticker_id" in payload:
            kind = "sticker"
        if kind in MEDIA_TYPES:
            media.append(
                Media(
                    media_type=MEDIA_TYPES[kind],
                    url=string_or_empty(payload.get("url")),
                )
            )
    return tuple(media)


def _postback(
    postback: Any, sender: str, timestamp: datetime | None, event: dict[str, Any]
) -> InboundMessage:
    if not isinstance(postback, dict) or not sender:
        raise MalformedRequest(
            "postback event without 'postback' object or 'sender.id'"
        )
    payload = string_or_empty(postback.get("payload"))
    if not payload:
        raise MalformedRequest("postback without a 'payload'")
    # Older postbacks carry no mid; sender and time identify the tap.
    mid = (
        string_or_empty(postback.get("mid"))
        or f"postback:{sender}:{event.get('timestamp')}"
    )
    return InboundMessage(
        provider_message_id=mid,
        sender=sender,
        kind=InboundKind.BUTTON_REPLY,
        text=string_or_empty(postback.get("title")),
        timestamp=timestamp,
        reply_id=payload,
        raw=event,
    )


def _statuses(
    receipt: Any, status: DeliveryStatus, sender: str, timestamp: datetime | None
) -> list[InboundEvent]:
    if not isinstance(receipt, dict):
        raise MalformedRequest(f"'{status.value}' receipt must be an object")
    mids = receipt.get("mids", [])
    if not isinstance(mids, list) or not all(isinstance(m, str) and m for m in mids):
        raise MalformedRequest("'mids' must be a list of message ids")
    return [
        StatusUpdate(
            provider_message_id=mid,
            status=status,
            timestamp=timestamp,
            recipient=sender,
        )
        for mid in mids
    ]
