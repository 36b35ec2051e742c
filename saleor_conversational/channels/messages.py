"""Normalized outbound messages: what the pipeline asks an adapter to send.

Every kind is a frozen dataclass with a ``kind`` tag, so a message can be stored as
JSON on the ``Message`` row (``to_dict``) and rebuilt by the sending task
(``message_from_dict``). Adapters receive these objects and translate them into the
provider's own request body.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar, Union


@dataclasses.dataclass(frozen=True)
class Button:
    id: str
    title: str


@dataclasses.dataclass(frozen=True)
class ListRow:
    id: str
    title: str
    description: str = ""


@dataclasses.dataclass(frozen=True)
class ListSection:
    title: str
    rows: tuple[ListRow, ...]


@dataclasses.dataclass(frozen=True)
class Product:
    """One product as shown in chat: Saleor data, already formatted for the shopper."""

    title: str
    price: str
    url: str = ""
    image_url: str = ""
    description: str = ""
    retailer_id: str = ""  # the variant SKU, which is the WhatsApp catalog retailer id


@dataclasses.dataclass(frozen=True)
class _Base:
    kind: ClassVar[str] = ""

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["kind"] = self.kind
        return data

    def preview(self) -> str:
        """Plain text stored on the message row and shown in the inbox."""
        return getattr(self, "text", "") or ""


@dataclasses.dataclass(frozen=True)
class Text(_Base):
    kind: ClassVar[str] = "text"
    text: str


@dataclasses.dataclass(frozen=True)
class Image(_Base):
    kind: ClassVar[str] = "image"
    url: str
    text: str = ""  # caption


@dataclasses.dataclass(frozen=True)
class ReplyButtons(_Base):
    kind: ClassVar[str] = "buttons"
    text: str
    buttons: tuple[Button, ...]


@dataclasses.dataclass(frozen=True)
class ListMessage(_Base):
    kind: ClassVar[str] = "list"
    text: str
    button_label: str
    sections: tuple[ListSection, ...]


@dataclasses.dataclass(frozen=True)
class LinkButton(_Base):
    kind: ClassVar[str] = "link"
    text: str
    label: str
    url: str


@dataclasses.dataclass(frozen=True)
class ProductCards(_Base):
    kind: ClassVar[str] = "products"
    text: str
    products: tuple[Product, ...]
    catalog_id: str = ""  # WhatsApp catalog; empty where no catalog is configured


@dataclasses.dataclass(frozen=True)
class Template(_Base):
    """A provider-approved template (WhatsApp) with its parameters."""

    kind: ClassVar[str] = "template"
    name: str
    language: str
    header_params: tuple[str, ...] = ()
    body_params: tuple[str, ...] = ()
    button_params: tuple[str, ...] = ()
    text: str = (
        ""  # the rendered text, for the inbox and for channels without templates
    )


OutboundMessage = Union[
    Text, Image, ReplyButtons, ListMessage, LinkButton, ProductCards, Template
]

MESSAGE_KINDS: dict[str, type] = {
    cls.kind: cls
    for cls in (
        Text,
        Image,
        ReplyButtons,
        ListMessage,
        LinkButton,
        ProductCards,
        Template,
    )
}


def _tuple_of(item_cls, items) -> tuple:
    return tuple(
        item if isinstance(item, item_cls) else item_cls(**item) for item in items
    )


def message_from_dict(data: dict[str, Any]) -> OutboundMessage:
    """Rebuild a message stored with ``to_dict``; raises ``ValueError`` on bad data."""
    data = dict(data)
    try:
        cls = MESSAGE_KINDS[data.pop("kind")]
    except KeyError as exc:
        raise ValueError(f"unknown message kind: {exc}") from None
    if cls is ReplyButtons:
        data["buttons"] = _tuple_of(Button, data.get("buttons", ()))
    elif cls is ListMessage:
        data["sections"] = tuple(
            ListSection(title=s["title"], rows=_tuple_of(ListRow, s["rows"]))
            if isinstance(s, dict)
            else s
            for s in data.get("sections", ())
        )
    elif cls is ProductCards:
        data["products"] = _tuple_of(Product, data.get("products", ()))
    elif cls is Template:
        for key in ("header_params", "body_params", "button_params"):
            data[key] = tuple(data.get(key, ()))
    try:
        return cls(**data)
    except TypeError as exc:
        raise ValueError(str(exc)) from None
