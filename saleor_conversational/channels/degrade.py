"""Turn a message into one the channel can show, losing as little as possible.

Reply buttons become a list where lists exist, else numbered options; lists become
numbered options; a link button becomes text with the URL; product cards become an
image with a caption, or text. The shopper answers numbered options with the number,
which ``match_numbered_reply`` maps back to the option id.
"""

from __future__ import annotations

import dataclasses

from saleor_conversational.channels.base import Capabilities
from saleor_conversational.channels.http import truncate
from saleor_conversational.channels.messages import (
    Image,
    LinkButton,
    ListMessage,
    ListRow,
    ListSection,
    OutboundMessage,
    ProductCards,
    ReplyButtons,
    Template,
    Text,
)


@dataclasses.dataclass(frozen=True)
class DegradeTexts:
    """The words degrading adds; the caller passes them in the shopper's language
    (this package is Django-free, so it cannot translate them itself)."""

    reply_with_number: str = "Reply with the number of your choice."
    options: str = "Options"


ENGLISH = DegradeTexts()


def numbered_options(
    text: str, titles: list[str], texts: DegradeTexts = ENGLISH
) -> str:
    lines = [text] if text else []
    lines += [f"{i}. {title}" for i, title in enumerate(titles, start=1)]
    lines.append(texts.reply_with_number)
    return "\n".join(lines)


def option_ids(message: OutboundMessage) -> list[str]:
    """Ids of the choices in the order they are numbered when degraded."""
    if isinstance(message, ReplyButtons):
        return [b.id for b in message.buttons]
    if isinstance(message, ListMessage):
        return [row.id for s in message.sections for row in s.rows]
    return []


def match_numbered_reply(text: str, ids: list[str]) -> str:
    """The option id a plain-text reply like "2" picks, or "" if it picks none."""
    stripped = text.strip().rstrip(".")
    if stripped.isdigit() and 1 <= int(stripped) <= len(ids):
        return ids[int(stripped) - 1]
    return ""


def _fits_buttons(message: ReplyButtons, caps: Capabilities) -> bool:
    return len(message.buttons) <= caps.max_buttons and all(
        len(b.title) <= caps.max_button_title for b in message.buttons
    )


def degrade(
    message: OutboundMessage, caps: Capabilities, texts: DegradeTexts = ENGLISH
) -> OutboundMessage:
    kinds = caps.kinds
    if isinstance(message, ReplyButtons):
        if "buttons" in kinds and _fits_buttons(message, caps):
            return message
        if "list" in kinds and len(message.buttons) <= caps.max_list_rows:
            rows = tuple(ListRow(id=b.id, title=b.title) for b in message.buttons)
            return degrade(
                ListMessage(
                    text=message.text,
                    button_label=texts.options,
                    sections=(ListSection(title="", rows=rows),),
                ),
                caps,
                texts,
            )
        return _text(
            numbered_options(message.text, [b.title for b in message.buttons], texts),
            caps,
        )
    if isinstance(message, ListMessage):
        row_count = sum(len(s.rows) for s in message.sections)
        if "list" in kinds and row_count <= caps.max_list_rows:
            return message
        titles = [row.title for s in message.sections for row in s.rows]
        return _text(numbered_options(message.text, titles, texts), caps)
    if isinstance(message, LinkButton):
        if "link" in kinds:
            return message
        return _text(f"{message.text}\n{message.label}: {message.url}".strip(), caps)
    if isinstance(message, ProductCards):
        if "products" in kinds and (
            message.catalog_id or not caps.products_need_catalog
        ):
            if len(message.products) > caps.max_products:
                return dataclasses.replace(
                    message, products=message.products[: caps.max_products]
                )
            return message
        return _products_fallback(message, caps)
    if isinstance(message, Image):
        if "image" in kinds:
            return message
        return _text(f"{message.text}\n{message.url}".strip(), caps)
    if isinstance(message, Template):
        if "template" in kinds:
            return message
        return _text(message.text, caps)
    return _text(message.text, caps)


def _products_fallback(message: ProductCards, caps: Capabilities) -> OutboundMessage:
    lines = [message.text] if message.text else []
    for product in message.products:
        line = f"{product.title} – {product.price}"
        if product.url:
            line += f"\n{product.url}"
        lines.append(line)
    text = "\n\n".join(lines)
    first = message.products[0] if message.products else None
    if (
        len(message.products) == 1
        and first
        and first.image_url
        and "image" in caps.kinds
    ):
        return Image(url=first.image_url, text=truncate(text, caps.max_text_length))
    return _text(text, caps)


def _text(text: str, caps: Capabilities) -> Text:
    return Text(text=truncate(text, caps.max_text_length))
