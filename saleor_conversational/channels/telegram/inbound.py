"""Webhook updates -> normalized events: ``message`` and ``callback_query`` updates.

Every value is type-checked; anything of the wrong JSON type is a MalformedRequest.
A message id is unique within a chat only, so events carry ``<chat id>:<message id>``.
Only private chats are conversations: a group's chat id is shared by all its members,
so a contact keyed on it would show one member's orders to everyone in the group.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from saleor_conversational.channels.errors import MalformedRequest
from saleor_conversational.channels.events import (
    InboundKind,
    InboundMessage,
    Media,
)
from saleor_conversational.channels.http import (
    json_object_body,
    typed_field,
)

# Inbound media fields -> normalized media type (``photo`` is handled separately).
MEDIA_FIELDS = (
    ("document", "document"),
    ("video", "video"),
    ("animation", "video"),
    ("video_note", "video"),
    ("audio", "audio"),
    ("voice", "audio"),
    ("sticker", "sticker"),
)


def load_update(body: bytes) -> dict[str, Any]:
    update = json_object_body(body, "a Telegram update must be a JSON object")
    typed_field(update, "update_id", int)
    return update


def is_private(chat: dict[str, Any]) -> bool:
    """``chat.type`` is "private", "group", "supergroup" or "channel"."""
    return typed_field(chat, "type", str) == "private"


def _timestamp(value: int) -> datetime:
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        raise MalformedRequest(f"'date' is not a valid Unix time: {value}") from None


def _display_name(user: dict[str, Any]) -> str:
    first = typed_field(user, "first_name", str, None) or ""
    last = typed_field(user, "last_name", str, None) or ""
    return f"{first} {last}".strip() or typed_field(user, "username", str, None) or ""


def parse_message(
    message: dict[str, Any], update: dict[str, Any]
) -> InboundMessage | None:
    message_id = typed_field(message, "message_id", int)
    chat = typed_field(message, "chat", dict)
    chat_id = typed_field(chat, "id", int)
    if not is_private(chat):
        return None
    date = _timestamp(typed_field(message, "date", int))
    user = typed_field(message, "from", dict, None) or chat
    text = (
        typed_field(message, "text", str, None)
        or typed_field(message, "caption", str, None)
        or ""
    )
    media = _media(message, text)
    kind = InboundKind.MEDIA if media else InboundKind.TEXT
    if not media and not text:
        location = typed_field(message, "location", dict, None)
        contact = typed_field(message, "contact", dict, None)
        if location is not None:
            kind = InboundKind.LOCATION
            lat = typed_field(location, "latitude", (int, float))
            lon = typed_field(location, "longitude", (int, float))
            text = f"{lat},{lon}"
        elif contact is not None:
            kind = InboundKind.OTHER
            text = typed_field(contact, "phone_number", str)
        else:
            return None  # service messages: members joining, pinned messages…
    return InboundMessage(
        # message_id is unique within a chat; the chat id makes it unique for the bot.
        provider_message_id=f"{chat_id}:{message_id}",
        sender=str(chat_id),
        kind=kind,
        text=text,
        sender_name=_display_name(user),
        timestamp=date,
        media=media,
        raw=update,
    )


def _media(message: dict[str, Any], caption: str) -> tuple[Media, ...]:
    photo = typed_field(message, "photo", list, None)
    if photo:
        sizes = [size for size in photo if isinstance(size, dict)]
        if len(sizes) != len(photo):
            raise MalformedRequest("'photo' must be a list of PhotoSize objects")
        largest = sizes[-1]  # Telegram lists sizes from smallest to largest
        return (
            Media(
                "image",
                provider_media_id=typed_field(largest, "file_id", str),
                mime_type="image/jpeg",
                caption=caption,
            ),
        )
    for field, media_type in MEDIA_FIELDS:
        item = typed_field(message, field, dict, None)
        if item is not None:
            return (
                Media(
                    media_type,
                    provider_media_id=typed_field(item, "file_id", str),
                    mime_type=typed_field(item, "mime_type", str, None) or "",
                    caption=caption,
                ),
            )
    return ()


def parse_callback(
    query: dict[str, Any], update: dict[str, Any]
) -> InboundMessage | None:
    query_id = typed_field(query, "id", str)
    user = typed_field(query, "from", dict)
    chat_id = typed_field(user, "id", int)
    data = typed_field(query, "data", str, None)
    if not data:
        return None  # game buttons carry no data
    title = ""
    message = typed_field(query, "message", dict, None)
    if message is not None:
        chat = typed_field(message, "chat", dict)
        chat_id = typed_field(chat, "id", int)
        if not is_private(chat):
            return None  # a button under a message in a group
        title = _button_title(message, data)
    return InboundMessage(
        provider_message_id=f"callback:{query_id}",
        sender=str(chat_id),
        kind=InboundKind.BUTTON_REPLY,
        text=title,
        sender_name=_display_name(user),
        reply_id=data,
        raw=update,
    )


def _button_title(message: dict[str, Any], data: str) -> str:
    """The label of the tapped button, read from the keyboard the message carried."""
    markup = message.get("reply_markup")
    rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
    for row in rows if isinstance(rows, list) else ():
        for button in row if isinstance(row, list) else ():
            if isinstance(button, dict) and button.get("callback_data") == data:
                text = button.get("text")
                return text if isinstance(text, str) else ""
    return ""
