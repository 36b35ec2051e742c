"""Message bodies of the Messenger Platform Send API (Messenger and Instagram).

Reply buttons are quick replies (13, titles of at most 20 characters); product
cards and long lists are a generic template carousel (10 cards, 80-character title
and subtitle); a link button is a button template (text of at most 640 characters).
"""

from __future__ import annotations

from typing import Any

from saleor_conversational.channels.errors import UnsupportedMessage
from saleor_conversational.channels.http import truncate
from saleor_conversational.channels.messages import (
    Image,
    LinkButton,
    ListMessage,
    Product,
)

MAX_QUICK_REPLIES = 13
MAX_TITLE = 20  # quick reply and button titles
MAX_PAYLOAD = 1000
MAX_TEMPLATE_TEXT = 640  # button template
MAX_ELEMENT_TEXT = 80  # generic template title and subtitle
MAX_ELEMENTS = 10


def option_payload(option_id: str) -> str:
    if not option_id or len(option_id) > MAX_PAYLOAD:
        raise UnsupportedMessage(
            f"option ids must have 1 to {MAX_PAYLOAD} characters", code="bad_option_id"
        )
    return option_id


def template(payload: dict[str, Any]) -> dict[str, Any]:
    return {"attachment": {"type": "template", "payload": payload}}


def generic_template(elements: list[dict[str, Any]]) -> dict[str, Any]:
    if not elements:
        raise UnsupportedMessage(
            "a carousel needs at least one card", code="no_elements"
        )
    return template({"template_type": "generic", "elements": elements})


def image_content(message: Image) -> dict[str, Any]:
    if not message.text:
        return {
            "attachment": {
                "type": "image",
                "payload": {"url": message.url, "is_reusable": True},
            }
        }
    # An image attachment has no caption; a card shows the image with the caption under it.
    return generic_template([{**card_text(message.text), "image_url": message.url}])


def card_text(text: str) -> dict[str, str]:
    """``text`` as a card's title, continued in its subtitle (80 characters each)."""
    element = {"title": truncate(text, MAX_ELEMENT_TEXT)}
    if len(text) > MAX_ELEMENT_TEXT:
        element["subtitle"] = truncate(
            "…" + text[MAX_ELEMENT_TEXT - 1 :], MAX_ELEMENT_TEXT
        )
    return element


def quick_replies(text: str, options: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "text": text or "Please choose:",
        "quick_replies": [
            {
                "content_type": "text",
                "title": truncate(title, MAX_TITLE),
                "payload": option_payload(oid),
            }
            for oid, title in options[:MAX_QUICK_REPLIES]
        ],
    }


def product_element(product: Product) -> dict[str, Any]:
    subtitle = " – ".join(part for part in (product.price, product.description) if part)
    element: dict[str, Any] = {
        "title": truncate(product.title, MAX_ELEMENT_TEXT),
        "subtitle": truncate(subtitle or product.title, MAX_ELEMENT_TEXT),
    }
    if product.image_url:
        element["image_url"] = product.image_url
    if product.url:
        element["default_action"] = {"type": "web_url", "url": product.url}
        element["buttons"] = [{"type": "web_url", "url": product.url, "title": "View"}]
    return element


def list_content(message: ListMessage) -> dict[str, Any]:
    rows = [row for section in message.sections for row in section.rows]
    if not rows:
        raise UnsupportedMessage("a list needs at least one row", code="empty_list")
    plain = all(len(r.title) <= MAX_TITLE and not r.description for r in rows)
    if plain and len(rows) <= MAX_QUICK_REPLIES:
        return quick_replies(message.text, [(r.id, r.title) for r in rows])
    # A carousel shows no intro text, so it goes into the first card's subtitle.
    label = truncate(message.button_label or "Choose", MAX_TITLE)
    elements = []
    for i, row in enumerate(rows[:MAX_ELEMENTS]):
        subtitle = row.description or (message.text if i == 0 else "") or label
        elements.append(
            {
                "title": truncate(row.title, MAX_ELEMENT_TEXT),
                "subtitle": truncate(subtitle, MAX_ELEMENT_TEXT),
                "buttons": [
                    {
                        "type": "postback",
                        "title": label,
                        "payload": option_payload(row.id),
                    }
                ],
            }
        )
    return generic_template(elements)


def button_template(message: LinkButton) -> dict[str, Any]:
    button = {
        "type": "web_url",
        "url": message.url,
        "title": truncate(message.label, MAX_TITLE),
    }
    return template(
        {
            "template_type": "button",
            "text": truncate(message.text or message.label, MAX_TEMPLATE_TEXT),
            "buttons": [button],
        }
    )
