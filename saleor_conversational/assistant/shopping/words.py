"""The shopping dialogue's commands, the words it recognises and the texts it answers
with.

The texts are lazy (``gettext_lazy``): ``actions`` makes them ``str`` when it answers,
in the language active then (the reply's ``translation.override``).
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from saleor_conversational.assistant.shopping import checkout_steps as steps
from saleor_conversational.channels.messages import Button

SEARCH = re.compile(
    r"^(?:search|find|show\s+me|look\s+for|looking\s+for|buy|shop\s+for)\s+(?:for\s+|some\s+|a\s+|an\s+)?(?P<q>.+)$",
    re.I,
)


NOT_PRODUCTS = re.compile(
    r"\b(order|orders|cart|basket|package|parcel|tracking)\b", re.I
)


BROWSE = {
    "shop",
    "browse",
    "products",
    "catalog",
    "catalogue",
    "search",
    "buy",
    "keep shopping",
}


CART = {
    "cart",
    "my cart",
    "view cart",
    "show cart",
    "show my cart",
    "basket",
    "my basket",
}


EMPTY = {
    "empty cart",
    "empty my cart",
    "clear cart",
    "clear my cart",
    "empty basket",
    "empty the cart",
}


CHECKOUT = {
    "checkout",
    "check out",
    "check-out",
    "checkout now",
    "place order",
    "order now",
}


CANCEL = {
    "cancel",
    "stop checkout",
    "cancel checkout",
    "never mind",
    "nevermind",
    "annuleren",
    "abbrechen",
    "annuler",
}


CHANGE = re.compile(
    r"^(?:change|set|make)\s+(?:line\s+)?#?(?P<n>\d{1,3})\s+(?:to|=)\s*(?P<q>\d{1,5})$",
    re.I,
)


REMOVE = re.compile(r"^(?:remove|delete|drop)\s+(?:line\s+)?#?(?P<n>\d{1,3})$", re.I)


CODE = re.compile(
    r"^(?:code|voucher|coupon|promo(?:\s+code)?|discount(?:\s+code)?|gift\s?card)[:\s]+(?P<code>\S{1,100})$",
    re.I,
)


CHECKOUT_STEPS = {
    "email",
    "email_confirm",
    "address_confirm",
    "shipping",
    *steps.ADDRESS_PROMPTS,
}


BROWSING = {
    "product",
    "variant",
}  # a choice offered while browsing; free text is not an answer to it


QUANTITY = re.compile(r"^\d{1,5}$")


# The commands quoted in these texts ("search", "cart", "change 1 to 3", "cancel"…)
# are English words the dialogue understands: translations keep them as they are.
ASK_SEARCH = _(
    # Translators: "search t-shirt" is a command the shopper types: keep "search".
    'What are you looking for? Send for example "search t-shirt".'
)


NOTHING_FOUND = _(
    # Translators: %(q)s is what the shopper searched for; keep the command "search".
    'I can\'t find "%(q)s" in this shop. Try other words, e.g. "search shirt".'
)


GONE = _("Sorry, that product is no longer available.")


ASK_QUANTITY = _("How many? Choose below or send a number.")


NO_CART = _(
    # Translators: keep the command "search".
    'Your cart is empty. Send "search" and what you\'re looking for to start.'
)


NO_SUCH_LINE = _(
    # Translators: %(n)s is the line number the shopper sent; keep the command "cart".
    'Your cart has no line %(n)s. Send "cart" to see the numbered lines.'
)


LEFT = _(
    # Translators: keep the command "cart".
    'OK, I\'ve stopped the checkout. Your cart is kept: send "cart" to see it.'
)


CART_HELP = _(
    # Translators: keep the quoted commands as they are (the shop understands them in
    # English): "change 1 to 3", "remove 1", "empty cart", "code ABC".
    'To change it send e.g. "change 1 to 3", "remove 1" or "empty cart"; '
    '"code ABC" applies a voucher or gift card.'
)


TRY_LATER = _(
    "Sorry, something went wrong with the shop just now. Please try again in a moment."
)


def next_buttons() -> tuple[Button, ...]:
    """Check out / Keep shopping / View cart, in the active language."""
    return (
        Button(id="shop:checkout", title=pgettext("button", "Check out")),
        Button(id="shop:browse", title=pgettext("button", "Keep shopping")),
        Button(id="shop:cart", title=pgettext("button", "View cart")),
    )
