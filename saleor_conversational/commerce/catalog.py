"""Product search and product cards for the chat, through Saleor's public API.

The commerce App has no product permission, so Saleor itself shows it only what a
shopper sees in the sales channel: published products that are visible in listings.
The query also asks for ``isAvailable: true`` (available for purchase now) and the
result is checked again with ``isAvailableForPurchase``. Prices are Saleor's channel
prices in the channel's currency.

Search uses Saleor's own ``search`` argument, which works on Saleor's search index
(updated by Saleor's background task), exactly like the storefront's search. Cards and
lists are worded in the language active at the call.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import graphene
from babel.numbers import format_currency
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from saleor_conversational.channels.http import truncate
from saleor_conversational.channels.messages import (
    ListMessage,
    ListRow,
    ListSection,
    Product,
    ProductCards,
)
from saleor_conversational.saleor_data import api as saleor_api
from saleor_conversational.saleor_data import reads as saleor_data

MAX_RESULTS = 5
ROW_TITLE = 24  # WhatsApp's limit for a list row title
ROW_DESCRIPTION = 72

# Names come in the shopper's language where the catalogue has Saleor translations.
VARIANT_FIELDS = """
  id sku name quantityAvailable
  translation(languageCode: $language) { name }
  pricing { price { gross { amount currency } } }
"""
PRODUCT_FIELDS = f"""
  id name isAvailableForPurchase
  translation(languageCode: $language) {{ name }}
  thumbnail {{ url }}
  variants {{ {VARIANT_FIELDS} }}
"""

PRODUCTS_QUERY = f"""
query($channel: String!, $search: String!, $first: Int!, $language: LanguageCodeEnum!) {{
  products(channel: $channel, search: $search, first: $first, where: {{isAvailable: true}}) {{
    edges {{ node {{ {PRODUCT_FIELDS} }} }}
  }}
}}
"""

# Saleor's search index holds the default names only: products found by their
# translated names are fetched by id.
PRODUCTS_BY_ID_QUERY = f"""
query($channel: String!, $ids: [ID!]!, $first: Int!, $language: LanguageCodeEnum!) {{
  products(channel: $channel, first: $first, where: {{ids: $ids, isAvailable: true}}) {{
    edges {{ node {{ {PRODUCT_FIELDS} }} }}
  }}
}}
"""

PRODUCT_QUERY = f"""
query($id: ID!, $channel: String!, $language: LanguageCodeEnum!) {{
  product(id: $id, channel: $channel) {{ {PRODUCT_FIELDS} }}
}}
"""

VARIANT_BY_SKU = """
query($sku: String!, $channel: String!) {
  productVariant(sku: $sku, channel: $channel) {
    id sku name product { name isAvailableForPurchase }
  }
}
"""


@dataclasses.dataclass(frozen=True)
class VariantInfo:
    pk: int
    name: str
    sku: str
    price: Decimal
    currency: str
    available: bool  # stock left (or not tracked)


@dataclasses.dataclass(frozen=True)
class ProductInfo:
    pk: int
    name: str
    image_url: str
    variants: tuple[VariantInfo, ...]

    @property
    def available(self) -> bool:
        return any(v.available for v in self.variants)


def _pk(global_id: str) -> int:
    return int(graphene.Node.from_global_id(global_id)[1])


def _language_enum(language: str) -> str:
    """Saleor's ``LanguageCodeEnum`` value for a base code: "nl" -> "NL"."""
    return (language or "en").split("-")[0].split("_")[0].upper()


def _translated(node: dict, default: str) -> str:
    return ((node.get("translation") or {}).get("name") or "").strip() or default


def _product(node: dict) -> ProductInfo | None:
    if not node or not node.get("isAvailableForPurchase"):
        return None
    variants = []
    for variant in node.get("variants") or []:
        price = ((variant.get("pricing") or {}).get("price") or {}).get("gross")
        if not price:  # not sold in this channel
            continue
        quantity = variant.get("quantityAvailable")
        variants.append(
            VariantInfo(
                pk=_pk(variant["id"]),
                name=_translated(variant, variant.get("name") or ""),
                sku=variant.get("sku") or "",
                price=Decimal(str(price["amount"])),
                currency=price["currency"],
                available=quantity is None or quantity > 0,
            )
        )
    if not variants:
        return None
    return ProductInfo(
        pk=_pk(node["id"]),
        name=_translated(node, node["name"]),
        image_url=(node.get("thumbnail") or {}).get("url") or "",
        variants=tuple(variants),
    )


def search(
    channel_slug: str, words: str, limit: int = MAX_RESULTS, language: str = ""
) -> list[ProductInfo]:
    """What a shopper in the sales channel finds for ``words``: Saleor's own search
    (default names), then products whose name in ``language`` holds every word."""
    words = words.strip()[:100]
    if not words:
        return []
    variables = {"channel": channel_slug, "first": limit}
    variables["language"] = _language_enum(language)
    data = saleor_api.execute(PRODUCTS_QUERY, {**variables, "search": words})
    nodes = [edge["node"] for edge in data["products"]["edges"]]
    seen = {node["id"] for node in nodes}
    translated = [
        global_id
        for global_id in (
            graphene.Node.to_global_id("Product", pk)
            for pk in saleor_data.translated_product_ids(
                [word for word in words.split() if len(word) > 1], language
            )
        )
        if global_id not in seen
    ]
    if translated and len(nodes) < limit:
        data = saleor_api.execute(
            PRODUCTS_BY_ID_QUERY,
            {**variables, "ids": translated, "first": limit - len(nodes)},
        )
        nodes += [edge["node"] for edge in data["products"]["edges"]]
    found = [_product(node) for node in nodes]
    return [p for p in found if p is not None]


def get_product(
    channel_slug: str, product_pk: int, language: str = ""
) -> ProductInfo | None:
    product_id = graphene.Node.to_global_id("Product", product_pk)
    data = saleor_api.execute(
        PRODUCT_QUERY,
        {
            "id": product_id,
            "channel": channel_slug,
            "language": _language_enum(language),
        },
    )
    return _product(data["product"])


def variant_pk_by_sku(channel_slug: str, sku: str) -> int | None:
    """The variant a shopper can buy in the channel with this SKU, else None."""
    if not sku or len(sku) > 255:
        return None
    data = saleor_api.execute(VARIANT_BY_SKU, {"sku": sku, "channel": channel_slug})
    variant = data["productVariant"]
    if not variant or not variant["product"]["isAvailableForPurchase"]:
        return None
    return _pk(variant["id"])


def money(amount: Decimal, currency: str, language: str = "") -> str:
    return format_currency(amount, currency, locale=language or "en")


def price_text(product: ProductInfo, language: str = "") -> str:
    """ "$10.00, in stock" / "from $5.00, out of stock": price and availability together,
    so both survive on channels that show cards as text."""
    prices = sorted({(v.price, v.currency) for v in product.variants})
    low = money(prices[0][0], prices[0][1], language)
    # Translators: the lowest of several prices, e.g. "from $5.00".
    price = low if len(prices) == 1 else _("from %(price)s") % {"price": low}
    return stock_text(price, product.available)


def stock_text(price: str, available: bool) -> str:
    """ "$10.00, in stock" / "$10.00, out of stock"."""
    if available:
        return _("%(price)s, in stock") % {"price": price}
    return _("%(price)s, out of stock") % {"price": price}


def variant_title(product: ProductInfo, variant: VariantInfo) -> str:
    return (
        f"{product.name} ({variant.name})"
        if variant.name and len(product.variants) > 1
        else product.name
    )


def cards(products: list[ProductInfo], language: str = "") -> ProductCards:
    return ProductCards(
        text=_("Here is what I found:"),
        products=tuple(
            Product(
                title=p.name,
                price=price_text(p, language),
                image_url=p.image_url,
                retailer_id=p.variants[0].sku,
            )
            for p in products
        ),
    )


def choose_product(products: list[ProductInfo], language: str = "") -> ListMessage:
    rows = tuple(
        ListRow(
            id=f"shop:product:{p.pk}",
            title=truncate(p.name, ROW_TITLE),
            description=truncate(price_text(p, language), ROW_DESCRIPTION),
        )
        for p in products
    )
    return ListMessage(
        text=_("Which one would you like?"),
        button_label=pgettext("button", "Choose"),
        sections=(ListSection(title=pgettext("list title", "Products"), rows=rows),),
    )


def choose_variant(product: ProductInfo, language: str = "") -> ListMessage:
    rows = tuple(
        ListRow(
            id=f"shop:variant:{v.pk}",
            title=truncate(v.name or v.sku or product.name, ROW_TITLE),
            description=truncate(
                stock_text(money(v.price, v.currency, language), v.available),
                ROW_DESCRIPTION,
            ),
        )
        for v in product.variants
    )
    return ListMessage(
        # Translators: asks which variant (size, colour…) of the product is wanted.
        text=_("Which %(product)s?") % {"product": product.name},
        button_label=pgettext("button", "Choose"),
        sections=(ListSection(title=pgettext("list title", "Options"), rows=rows),),
    )
