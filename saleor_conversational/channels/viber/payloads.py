"""Viber message bodies for ``/pa/send_message``.

Reply buttons and lists become a custom keyboard, link buttons an ``open-url``
keyboard button, product cards a ``rich_media`` carousel. A ``reply`` keyboard tap
arrives as an ordinary text message whose text is the button's ``ActionBody``: so
that the shopper sees their choice (not an internal id) the ActionBody is the title,
and the title -> option id map travels in ``tracking_data``, which Viber echoes back
with the shopper's next message (see ``inbound``).
"""

from __future__ import annotations

import html
import json
from typing import Any

from saleor_conversational.channels.errors import UnsupportedMessage
from saleor_conversational.channels.http import truncate
from saleor_conversational.channels.messages import (
    Image,
    LinkButton,
    ListMessage,
    OutboundMessage,
    ProductCards,
    ReplyButtons,
    Text,
)

MAX_TEXT = 7000
MAX_TRACKING_DATA = 4096
MAX_BUTTON_TEXT = 250
MAX_KEYBOARD_BUTTONS = 24  # (unconfirmed) Viber's keyboard limit
MAX_CAROUSEL_ITEMS = 6  # (unconfirmed) rich media carousel limit
MAX_CAPTION = 768  # (unconfirmed) picture description limit
RICH_MEDIA_API_VERSION = 2


def message_content(message: OutboundMessage) -> dict[str, Any]:
    if isinstance(message, Text):
        return {"type": "text", "text": message.text}
    if isinstance(message, Image):
        return {
            "type": "picture",
            "media": message.url,
            "text": truncate(message.text, MAX_CAPTION),
        }
    if isinstance(message, ReplyButtons):
        return _with_reply_keyboard(
            message.text, [(b.id, b.title) for b in message.buttons]
        )
    if isinstance(message, ListMessage):
        options = [
            (
                row.id,
                f"{row.title} – {row.description}" if row.description else row.title,
            )
            for section in message.sections
            for row in section.rows
        ]
        return _with_reply_keyboard(message.text, options)
    if isinstance(message, LinkButton):
        button = {
            "ActionType": "open-url",
            "ActionBody": message.url,
            "Text": _escaped(message.label, MAX_BUTTON_TEXT),
            "Columns": 6,
            "Rows": 1,
        }
        return {
            "type": "text",
            "text": message.text or message.label,
            "keyboard": {"Type": "keyboard", "Buttons": [button]},
        }
    if isinstance(message, ProductCards):
        return _carousel(message)
    raise UnsupportedMessage(
        f"Viber cannot send {message.kind!r} messages", code="unsupported_kind"
    )


def _escaped(text: str, limit: int) -> str:
    """``text`` HTML-escaped (button Text is HTML) and cut to ``limit`` characters."""
    text = truncate(text, limit)
    while len(html.escape(text)) > limit:
        text = truncate(text, len(text) - 1)
    return html.escape(text)


def _with_reply_keyboard(text: str, options: list[tuple[str, str]]) -> dict[str, Any]:
    columns = 6 // len(options) if len(options) in (1, 2, 3) else 6
    buttons, replies = [], {}
    for option_id, title in options:
        title = truncate(title, MAX_BUTTON_TEXT)
        body = title if title not in replies else f"{title} ({len(replies) + 1})"
        replies[body] = option_id
        buttons.append(
            {
                "ActionType": "reply",
                "ActionBody": body,
                "Text": _escaped(title, MAX_BUTTON_TEXT),
                "Columns": columns,
                "Rows": 1,
            }
        )
    content: dict[str, Any] = {
        "type": "text",
        "text": text,
        "keyboard": {"Type": "keyboard", "Buttons": buttons},
    }
    tracking = json.dumps({"replies": replies}, ensure_ascii=False)
    # Without the map a tap still arrives, as the plain title.
    if len(tracking) <= MAX_TRACKING_DATA:
        content["tracking_data"] = tracking
    return content


def _carousel(message: ProductCards) -> dict[str, Any]:
    if not message.products:
        raise UnsupportedMessage("no products to show", code="no_products")
    buttons = []
    for product in message.products[:MAX_CAROUSEL_ITEMS]:
        action = (
            {"ActionType": "open-url", "ActionBody": product.url}
            if product.url
            else {"ActionType": "none", "ActionBody": "none"}
        )
        text_rows = 7
        if product.image_url:
            buttons.append(
                {"Columns": 6, "Rows": 4, "Image": product.image_url, **action}
            )
            text_rows = 3
        text = f"<b>{_escaped(product.title, 100)}</b><br>{_escaped(product.price, 40)}"
        room = MAX_BUTTON_TEXT - len(text) - len("<br>")
        if product.description and room > 20:
            text += "<br>" + _escaped(product.description, room)
        buttons.append({"Columns": 6, "Rows": text_rows, "Text": text, **action})
    alt = [message.text] + [
        f"{p.title} – {p.price} {p.url}".strip() for p in message.products
    ]
    return {
        "type": "rich_media",
        "min_api_version": RICH_MEDIA_API_VERSION,
        "alt_text": truncate("\n".join(line for line in alt if line), MAX_TEXT),
        "rich_media": {
            "Type": "rich_media",
            "ButtonsGroupColumns": 6,
            "ButtonsGroupRows": 7,
            "Buttons": buttons,
        },
    }
