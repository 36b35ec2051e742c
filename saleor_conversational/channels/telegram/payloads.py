"""Bot API request bodies: ``sendMessage`` / ``sendPhoto`` payloads for each message kind.

Reply buttons and lists become inline keyboards whose ``callback_data`` is the option
id (at most 64 bytes, else numbered options); a link button is a keyboard ``url``
button; product cards are a photo with a caption or a text with one button each.
Telegram counts a text's length in UTF-16 code units (an emoji outside the BMP is 2),
so every limit here is checked and clipped in those units.
"""

from __future__ import annotations

import re
from typing import Any

from saleor_conversational.channels.degrade import numbered_options
from saleor_conversational.channels.errors import (
    PermanentSendError,
    UnsupportedMessage,
)
from saleor_conversational.channels.messages import (
    Image,
    LinkButton,
    ListMessage,
    OutboundMessage,
    Product,
    ProductCards,
    ReplyButtons,
    Text,
)

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA_BYTES = 64
ELLIPSIS = "…"  # one UTF-16 code unit


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def clip(text: str, limit: int) -> str:
    """``text`` within ``limit`` UTF-16 code units, the last one an ellipsis when cut."""
    if utf16_length(text) <= limit:
        return text
    room, units = limit - len(ELLIPSIS), 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > room:
            return text[:index] + ELLIPSIS
    return text  # not reached: the text was longer than the limit


def chat_id(recipient: str) -> int | str:
    if re.fullmatch(r"-?\d{1,20}", recipient):
        return int(recipient)
    if re.fullmatch(r"@[A-Za-z0-9_]{4,}", recipient):
        return recipient
    raise PermanentSendError(
        f"{recipient!r} is not a Telegram chat id", code="invalid_chat"
    )


def request_for(message: OutboundMessage) -> tuple[str, dict[str, Any]]:
    if isinstance(message, Text):
        return "sendMessage", {"text": _text(message.text)}
    if isinstance(message, Image):
        return "sendPhoto", _photo(message.url, message.text)
    if isinstance(message, ReplyButtons):
        if not _fits_callback_data(message.buttons):
            return "sendMessage", {
                "text": _text(
                    numbered_options(message.text, [b.title for b in message.buttons])
                )
            }
        per_row = 3 if all(len(b.title) <= 10 for b in message.buttons) else 1
        return "sendMessage", {
            "text": _text(message.text or "Please choose:"),
            "reply_markup": _keyboard(
                [{"text": b.title, "callback_data": b.id} for b in message.buttons],
                per_row,
            ),
        }
    if isinstance(message, ListMessage):
        rows = [row for section in message.sections for row in section.rows]
        if not _fits_callback_data(rows):
            return "sendMessage", {
                "text": _text(
                    numbered_options(message.text, [row.title for row in rows])
                )
            }
        buttons = [
            {
                "text": f"{row.title} – {row.description}"
                if row.description
                else row.title,
                "callback_data": row.id,
            }
            for row in rows
        ]
        return "sendMessage", {
            "text": _text(message.text or message.button_label or "Please choose:"),
            "reply_markup": _keyboard(buttons, 1),
        }
    if isinstance(message, LinkButton):
        return "sendMessage", {
            "text": _text(message.text or message.label),
            "reply_markup": _keyboard([{"text": message.label, "url": message.url}], 1),
        }
    if isinstance(message, ProductCards):
        return _products(message)
    raise UnsupportedMessage(
        f"Telegram cannot send {message.kind!r} messages", code="unsupported"
    )


def _products(message: ProductCards) -> tuple[str, dict[str, Any]]:
    products = message.products
    if len(products) == 1 and products[0].image_url:
        product = products[0]
        caption = "\n\n".join(filter(None, [message.text, _product_line(product)]))
        payload = _photo(product.image_url, caption)
        if product.url:
            payload["reply_markup"] = _keyboard(
                [{"text": "View product", "url": product.url}], 1
            )
        return "sendPhoto", payload
    lines = [message.text] if message.text else []
    lines += [_product_line(p) for p in products]
    payload: dict[str, Any] = {"text": _text("\n\n".join(lines))}
    buttons = [
        {"text": f"{p.title} – {p.price}", "url": p.url} for p in products if p.url
    ]
    if buttons:
        payload["reply_markup"] = _keyboard(buttons, 1)
    return "sendMessage", payload


def _product_line(product: Product) -> str:
    return "\n".join(
        filter(None, [f"{product.title} – {product.price}", product.description])
    )


def _photo(url: str, caption: str) -> dict[str, Any]:
    payload: dict[str, Any] = {"photo": url}
    if caption:
        payload["caption"] = clip(caption, MAX_CAPTION)
    return payload


def _keyboard(buttons: list[dict[str, str]], per_row: int) -> dict[str, Any]:
    rows = [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]
    return {"inline_keyboard": rows}


def _fits_callback_data(options) -> bool:
    return all(1 <= len(o.id.encode()) <= MAX_CALLBACK_DATA_BYTES for o in options)


def _text(text: str) -> str:
    if not text.strip():
        raise PermanentSendError(
            "Telegram cannot send an empty message", code="empty_text"
        )
    return clip(text, MAX_TEXT)
