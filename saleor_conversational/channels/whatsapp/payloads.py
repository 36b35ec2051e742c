"""Request bodies for ``POST /{version}/{phone_number_id}/messages``.

Shapes and limits follow the Cloud API v23.0 contract and Meta's message docs: text
body 4096, interactive body 1024, header/footer 60, reply button title 20 (max 3),
list button label 20, list row title 24 / description 72 / at most 10 rows in all,
section title 24, cta_url display text 20, product_list at most 30 products.
"""

from __future__ import annotations

import re
from typing import Any

from saleor_conversational.channels.errors import PermanentSendError, UnsupportedMessage
from saleor_conversational.channels.http import truncate
from saleor_conversational.channels.messages import (
    Image,
    LinkButton,
    ListMessage,
    OutboundMessage,
    ProductCards,
    ReplyButtons,
    Template,
    Text,
)

MAX_TEXT = 4096
MAX_INTERACTIVE_BODY = 1024
MAX_CAPTION = 1024
MAX_HEADER = 60
MAX_BUTTONS = 3
MAX_BUTTON_TITLE = 20
MAX_LIST_ROWS = 10
MAX_ROW_TITLE = 24
MAX_ROW_DESCRIPTION = 72
MAX_SECTION_TITLE = 24
MAX_PRODUCTS = 30

_URL = re.compile(r"https?://", re.IGNORECASE)
_IMAGE_URL = re.compile(r"^https://\S+\.(?:jpe?g|png)(?:\?\S*)?$", re.IGNORECASE)
URL_BUTTON_PREFIX = "url:"


def recipient_number(recipient: str) -> str:
    """WhatsApp takes the number as digits; E.164 '+' and spacing are dropped."""
    digits = re.sub(r"[\s\-().]", "", recipient).removeprefix("+")
    if not digits.isdigit() or not 7 <= len(digits) <= 15:
        raise PermanentSendError(
            f"{recipient!r} is not a phone number in E.164 form",
            code="invalid_recipient",
        )
    return digits


def message_body(
    to: str, message: OutboundMessage, catalog_id: str = ""
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
    }
    if isinstance(message, Text):
        if not message.text.strip():
            raise PermanentSendError("cannot send an empty text message", code="100")
        text = truncate(message.text, MAX_TEXT)
        return body | {
            "type": "text",
            "text": {"body": text, "preview_url": bool(_URL.search(text))},
        }
    if isinstance(message, Image):
        image: dict[str, Any] = {"link": message.url}
        if message.text:
            image["caption"] = truncate(message.text, MAX_CAPTION)
        return body | {"type": "image", "image": image}
    if isinstance(message, Template):
        return body | {"type": "template", "template": template_object(message)}
    return body | {
        "type": "interactive",
        "interactive": interactive(message, catalog_id),
    }


def interactive(message: OutboundMessage, catalog_id: str) -> dict[str, Any]:
    if isinstance(message, ReplyButtons):
        if not 1 <= len(message.buttons) <= MAX_BUTTONS:
            raise UnsupportedMessage(
                f"WhatsApp shows 1 to {MAX_BUTTONS} reply buttons", code="buttons"
            )
        buttons = [
            {
                "type": "reply",
                "reply": {"id": b.id, "title": truncate(b.title, MAX_BUTTON_TITLE)},
            }
            for b in message.buttons
        ]
        return {
            "type": "button",
            "body": _body(message.text),
            "action": {"buttons": buttons},
        }
    if isinstance(message, ListMessage):
        return _list(message)
    if isinstance(message, LinkButton):
        return {
            "type": "cta_url",
            "body": _body(message.text),
            "action": {
                "name": "cta_url",
                "parameters": {
                    "display_text": truncate(message.label, MAX_BUTTON_TITLE),
                    "url": message.url,
                },
            },
        }
    if isinstance(message, ProductCards):
        return _products(message, catalog_id)
    raise UnsupportedMessage(
        f"WhatsApp adapter cannot send {message.kind!r}", code="kind"
    )


def _body(text: str) -> dict[str, str]:
    # Meta refuses an interactive message without body text.
    return {"text": truncate(text.strip() or "…", MAX_INTERACTIVE_BODY)}


def _list(message: ListMessage) -> dict[str, Any]:
    rows_total = sum(len(s.rows) for s in message.sections)
    if not 1 <= rows_total <= MAX_LIST_ROWS:
        raise UnsupportedMessage(
            f"WhatsApp lists hold 1 to {MAX_LIST_ROWS} rows", code="list"
        )
    sections = []
    for index, section in enumerate(message.sections, start=1):
        if not section.rows:
            continue
        rows = []
        for row in section.rows:
            item = {"id": row.id, "title": truncate(row.title, MAX_ROW_TITLE)}
            if row.description:
                item["description"] = truncate(row.description, MAX_ROW_DESCRIPTION)
            rows.append(item)
        entry: dict[str, Any] = {"rows": rows}
        # A title is required once there is more than one section.
        title = section.title or (
            f"Options {index}" if len(message.sections) > 1 else ""
        )
        if title:
            entry["title"] = truncate(title, MAX_SECTION_TITLE)
        sections.append(entry)
    return {
        "type": "list",
        "body": _body(message.text),
        "action": {
            "button": truncate(message.button_label or "Options", MAX_BUTTON_TITLE),
            "sections": sections,
        },
    }


def _products(message: ProductCards, catalog_id: str) -> dict[str, Any]:
    catalog = message.catalog_id or catalog_id
    if not catalog:
        raise UnsupportedMessage(
            "product messages need a WhatsApp catalog id", code="catalog"
        )
    skus = [p.retailer_id for p in message.products][:MAX_PRODUCTS]
    if not skus or not all(skus):
        raise UnsupportedMessage(
            "every product needs its SKU (catalog retailer id)", code="catalog"
        )
    if len(skus) == 1:
        single: dict[str, Any] = {
            "type": "product",
            "action": {"catalog_id": catalog, "product_retailer_id": skus[0]},
        }
        if message.text.strip():
            single["body"] = {"text": truncate(message.text, MAX_INTERACTIVE_BODY)}
        return single
    heading = (
        message.text.strip().splitlines()[0] if message.text.strip() else "Products"
    )
    return {
        "type": "product_list",
        "header": {"type": "text", "text": truncate(heading, MAX_HEADER)},
        "body": _body(message.text or "Products"),
        "action": {
            "catalog_id": catalog,
            "sections": [
                {
                    "title": "Products",
                    "product_items": [{"product_retailer_id": s} for s in skus],
                }
            ],
        },
    }


def template_object(template: Template) -> dict[str, Any]:
    """Positional parameters; a button parameter ``url:<suffix>`` fills a dynamic URL
    button, anything else is a quick-reply payload. Buttons are indexed in order."""
    params = (*template.header_params, *template.body_params, *template.button_params)
    if not template.name or not template.language:
        raise PermanentSendError(
            "a template needs its name and language code", code="template_parameters"
        )
    if not all(isinstance(p, str) and p.strip() for p in params):
        # Meta refuses empty parameters with 131008.
        raise PermanentSendError(
            f"template {template.name} has an empty parameter",
            code="template_parameters",
        )
    components: list[dict[str, Any]] = []
    if template.header_params:
        components.append(
            {
                "type": "header",
                "parameters": [_header_param(p) for p in template.header_params],
            }
        )
    if template.body_params:
        components.append(
            {
                "type": "body",
                "parameters": [
                    {"type": "text", "text": p} for p in template.body_params
                ],
            }
        )
    for index, param in enumerate(template.button_params):
        if param.startswith(URL_BUTTON_PREFIX):
            sub_type, parameter = (
                "url",
                {"type": "text", "text": param[len(URL_BUTTON_PREFIX) :]},
            )
        else:
            sub_type, parameter = "quick_reply", {"type": "payload", "payload": param}
        components.append(
            {
                "type": "button",
                "sub_type": sub_type,
                "index": str(index),
                "parameters": [parameter],
            }
        )
    body: dict[str, Any] = {
        "name": template.name,
        "language": {"code": template.language},
    }
    if components:
        body["components"] = components
    return body


def _header_param(value: str) -> dict[str, Any]:
    # An https image URL fills a media header; anything else a text header.
    if _IMAGE_URL.match(value):
        return {"type": "image", "image": {"link": value}}
    return {"type": "text", "text": value}


def read_receipt(message_id: str, typing: bool = False) -> dict[str, Any]:
    body: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "status": "read",
        "message_id": message_id,
    }
    if typing:
        body["typing_indicator"] = {"type": "text"}
    return body
