"""The bot's factual answers besides order status: the merchant's FAQ, stock of a
product, shipping options and delivery times. Every answer comes from Saleor data or
the merchant's own FAQ entries; when there is nothing to say, the answer is "".
"""

from __future__ import annotations

import re

from babel.numbers import format_currency

from saleor_conversational.assistant.words import (
    NO_ORDERS,
    NOT_FOUND,
    ORDER_NUMBER,
    ORDER_WORDS,
)
from saleor_conversational.models import ChatCheckout, Conversation, FaqEntry
from saleor_conversational.saleor_data import reads as saleor_data

MAX_PRODUCTS = 3
STOCK_QUESTION = re.compile(
    r"^(?:is|are)\s+(?:the\s+|your\s+)?(?P<a>.+?)\s+(?:still\s+)?(?:in\s+stock|available)$"
    r"|^(?:do|does)\s+(?:you|the\s+shop)\s+(?:still\s+)?(?:have|sell|stock)\s+(?:any\s+|the\s+)?(?P<b>.+?)"
    r"(?:\s+in\s+stock)?$"
    r"|^(?:stock|availability)\s+(?:of|for)\s+(?P<c>.+)$",
    re.I,
)
SHIPPING_QUESTION = re.compile(
    r"\b(?:shipping|postage|delivery\s+(?:times?|options?|costs?|methods?|fees?)"
    r"|how\s+long\b.*\bdeliver\w*|do\s+you\s+(?:ship|deliver)\s+to)\b",
    re.I,
)


def phrase(text: str) -> str:
    """Lower-case words separated by single spaces, padded, so that ``phrase(a) in
    phrase(b)`` means "b contains the whole words a"."""
    return " " + " ".join(re.findall(r"\w+", text.lower())) + " "


def faq_answer(text: str, channel_id: int, language: str = "") -> str:
    """The merchant's entry whose keywords the message contains most (first on a tie)."""
    message = phrase(text)
    best, best_hits = None, 0
    entries = FaqEntry.objects.filter(channel_id=channel_id)
    if language:
        entries = entries.filter(language_code__in=["", language[:2]])
    for entry in entries:
        hits = sum(
            1
            for keyword in entry.keywords
            if keyword.strip() and phrase(keyword) in message
        )
        if hits > best_hits:
            best, best_hits = entry, hits
    return best.answer if best else ""


def stock_answer(text: str, channel_id: int) -> str:
    match = STOCK_QUESTION.match(text.strip().rstrip("?!. "))
    if not match:
        return ""
    wanted = next(group for group in match.groups() if group).strip()
    found = saleor_data.products_matching(wanted, channel_id, limit=MAX_PRODUCTS)
    if not found:
        return f'I can\'t find "{wanted}" in this shop.'
    lines = []
    for _product, variants in found:
        for variant in variants:
            name = saleor_data.variant_display_name(variant)
            if saleor_data.variant_available_in_channel(variant.pk, channel_id):
                lines.append(f"{name}: in stock.")
            else:
                hint = (
                    f' Say "tell me when {variant.sku} is back" to hear when it is.'
                    if variant.sku
                    else ""
                )
                lines.append(f"{name}: out of stock.{hint}")
    return "\n".join(lines)


def _days(option: dict) -> str:
    low, high = option["min_days"], option["max_days"]
    if low and high:
        return f"{low}-{high} days" if low != high else f"{low} days"
    if high:
        return f"up to {high} days"
    if low:
        return f"from {low} days"
    return ""


def shipping_answer(text: str, channel_id: int, language: str = "en") -> str:
    if not SHIPPING_QUESTION.search(text):
        return ""
    options = saleor_data.shipping_options(channel_id)
    if not options:
        return 'I don\'t have shipping options to show for this shop; a person can help: type "human".'
    lines = ["Shipping options:"]
    for option in options:
        price = format_currency(
            option["price"].amount, option["price"].currency, locale=language or "en"
        )
        details = ", ".join(part for part in (price, _days(option)) if part)
        countries = (
            f" to {', '.join(option['countries'])}" if option["countries"] else ""
        )
        lines.append(f"- {option['name']}{countries}: {details}")
    lines.append("Totals for your own cart are shown at checkout.")
    return "\n".join(lines)


def order_answer(conversation: Conversation, text: str) -> str:
    number = ORDER_NUMBER.search(text)
    if not number and not ORDER_WORDS.search(text):
        return ""
    contact = conversation.contact
    tokens = ChatCheckout.objects.filter(contact=contact).values_list(
        "checkout_token", flat=True
    )
    orders = saleor_data.orders_of(contact.user_id, tokens, conversation.channel_id)
    if number:
        order = orders.filter(number=int(number.group(1))).first()
        return describe_order(order) if order else NOT_FOUND
    recent = list(orders[:3])
    if not recent:
        return NO_ORDERS
    return "\n".join(describe_order(order) for order in recent)


def describe_order(order) -> str:
    text = f"Order #{order.number} is {saleor_data.order_status_words(order)}."
    tracking = saleor_data.tracking_numbers(order)
    if tracking:
        text += " Tracking: " + ", ".join(tracking) + "."
    return text
