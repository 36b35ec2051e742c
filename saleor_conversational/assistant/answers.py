"""The built-in assistant's factual answers: the merchant's FAQ, a product's stock,
shipping options and delivery times, the contact's own orders.

Every answer comes from Saleor data or the merchant's own FAQ entries, in the language
active when it is called (the router activates the reply language); when there is
nothing to say, the answer is "".
"""

from __future__ import annotations

import re

from babel.numbers import format_currency
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from saleor_conversational.assistant.understanding import keywords
from saleor_conversational.assistant.words import (
    ASK_STOCK_PRODUCT,
    NO_ORDERS,
    NOT_FOUND,
)
from saleor_conversational.models import ChatCheckout, Conversation, FaqEntry
from saleor_conversational.saleor_data import reads as saleor_data

MAX_PRODUCTS = 3
MAX_ORDERS = 3


def phrase(text: str) -> str:
    """Lower-case words separated by single spaces, padded, so that ``phrase(a) in
    phrase(b)`` means "b contains the whole words a"."""
    return " " + " ".join(re.findall(r"\w+", text.lower())) + " "


def faq_answer(text: str, channel_id: int, language: str = "") -> str:
    """The merchant's entry whose keywords the message holds most (first on a tie).

    A keyword (a word or a phrase) is held when the message contains it as written, or
    contains all its content words once folded and stemmed in the reply language
    ("verzendkosten" holds "verzendkost"), so plurals and accents do not matter.
    """
    message = phrase(text)
    message_words = keywords(text, language or "en")
    best, best_hits = None, 0
    entries = FaqEntry.objects.filter(channel_id=channel_id)
    if language:
        entries = entries.filter(language_code__in=["", language[:2]])
    for entry in entries:
        hits = 0
        for keyword in entry.keywords:
            if not isinstance(keyword, str) or not keyword.strip():
                continue
            wanted = keywords(keyword, language or "en")
            if phrase(keyword) in message or (wanted and wanted <= message_words):
                hits += 1
        if hits > best_hits:
            best, best_hits = entry, hits
    return best.answer if best else ""


def stock_answer(query: str, channel_id: int, language: str) -> str:
    """Stock of the products named ``query`` in the sales channel's warehouses."""
    if not query:
        return str(ASK_STOCK_PRODUCT)
    found = saleor_data.products_matching(
        query, channel_id, limit=MAX_PRODUCTS, language=language
    )
    if not found:
        return _('I can\'t find "%(query)s" in this shop.') % {"query": query[:60]}
    product_names, variant_names = saleor_data.translated_names(
        [product.pk for product, _variants in found],
        [variant.pk for _product, variants in found for variant in variants],
        language,
    )
    lines = []
    for product, variants in found:
        for variant in variants:
            name = _variant_name(product, variant, product_names, variant_names)
            if saleor_data.variant_available_in_channel(variant.pk, channel_id):
                lines.append(_("%(name)s: in stock.") % {"name": name})
            elif variant.sku:
                lines.append(
                    _(
                        # Translators: write the request in your language's words, as a
                        # shopper would: it is understood in each language.
                        '%(name)s: out of stock. Say "tell me when %(sku)s is back" to '
                        "hear when it is."
                    )
                    % {"name": name, "sku": variant.sku}
                )
            else:
                lines.append(_("%(name)s: out of stock.") % {"name": name})
    return "\n".join(lines)


def _variant_name(product, variant, product_names, variant_names) -> str:
    product_name = product_names.get(product.pk) or product.name
    variant_name = variant_names.get(variant.pk) or variant.name
    if variant_name and variant_name != product_name:
        return f"{product_name} ({variant_name})"
    return product_name


def _days(option: dict) -> str:
    low, high = option["min_days"], option["max_days"]
    if low and high and low != high:
        return _("%(low)s-%(high)s days") % {"low": low, "high": high}
    if low and high:
        return ngettext("%(days)s day", "%(days)s days", low) % {"days": low}
    if high:
        return ngettext("up to %(days)s day", "up to %(days)s days", high) % {
            "days": high
        }
    if low:
        return ngettext("from %(days)s day", "from %(days)s days", low) % {"days": low}
    return ""


def shipping_answer(channel_id: int, language: str) -> str:
    """The sales channel's shipping methods, with price and delivery days."""
    options = saleor_data.shipping_options(channel_id)
    if not options:
        return ""
    lines = [_("Shipping options:")]
    for option in options:
        price = format_currency(
            option["price"].amount, option["price"].currency, locale=language or "en"
        )
        details = ", ".join(part for part in (price, _days(option)) if part)
        if option["countries"]:
            lines.append(
                _("- %(method)s to %(countries)s: %(details)s")
                % {
                    "method": option["name"],
                    "countries": ", ".join(option["countries"]),
                    "details": details,
                }
            )
        else:
            lines.append(
                _("- %(method)s: %(details)s")
                % {"method": option["name"], "details": details}
            )
    lines.append(_("Totals for your own cart are shown at checkout."))
    return "\n".join(lines)


def own_orders(conversation: Conversation):
    """The orders the conversation's contact provably owns, newest first."""
    contact = conversation.contact
    tokens = ChatCheckout.objects.filter(contact=contact).values_list(
        "checkout_token", flat=True
    )
    return saleor_data.orders_of(contact.user_id, tokens, conversation.channel_id)


def order_answer(conversation: Conversation, number: int | None) -> str:
    """The status (and tracking) of the contact's order ``number``, or of their recent
    orders. An order someone else owns is answered exactly like one that does not exist."""
    orders = own_orders(conversation)
    if number is not None:
        order = orders.filter(number=number).first()
        if order is None:
            return str(NOT_FOUND)
        return describe_order(order)
    recent = list(orders[:MAX_ORDERS])
    if not recent:
        return str(NO_ORDERS)
    return "\n".join(describe_order(order) for order in recent)


def describe_order(order) -> str:
    values = {"number": order.number}
    text = status_sentence(order.status) % values
    tracking = saleor_data.tracking_numbers(order)
    if tracking:
        text += " " + _("Tracking: %(numbers)s.") % {"numbers": ", ".join(tracking)}
    return text


def status_sentence(status: str) -> str:
    """The sentence for a Saleor order status (``OrderStatus``'s values), with a
    ``%(number)s`` placeholder."""
    sentences = {
        "unconfirmed": _("Order #%(number)s is received and waiting for confirmation."),
        "unfulfilled": _("Order #%(number)s is confirmed and being prepared."),
        "partially fulfilled": _("Order #%(number)s is partly shipped."),
        "fulfilled": _("Order #%(number)s is shipped."),
        "partially_returned": _("Order #%(number)s is partly returned."),
        "returned": _("Order #%(number)s is returned."),
        "canceled": _("Order #%(number)s is cancelled."),
        "expired": _("Order #%(number)s is expired."),
        "draft": _("Order #%(number)s is a draft."),
    }
    return sentences.get(status, _("Order #%(number)s is being handled."))
