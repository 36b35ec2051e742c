"""The shopping dialogue's commands, the words it recognises and the texts it answers
with."""

from __future__ import annotations

import re

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


ASK_SEARCH = 'What are you looking for? Send for example "search t-shirt".'


NOTHING_FOUND = (
    'I can\'t find "{q}" in this shop. Try other words, e.g. "search shirt".'
)


GONE = "Sorry, that product is no longer available."


ASK_QUANTITY = "How many? Choose below or send a number."


NO_CART = 'Your cart is empty. Send "search" and what you\'re looking for to start.'


NO_SUCH_LINE = 'Your cart has no line {n}. Send "cart" to see the numbered lines.'


LEFT = 'OK, I\'ve stopped the checkout. Your cart is kept: send "cart" to see it.'


CART_HELP = (
    'To change it send e.g. "change 1 to 3", "remove 1" or "empty cart"; '
    '"code ABC" applies a voucher or gift card.'
)


TRY_LATER = (
    "Sorry, something went wrong with the shop just now. Please try again in a moment."
)


NEXT = (
    Button(id="shop:checkout", title="Check out"),
    Button(id="shop:browse", title="Keep shopping"),
    Button(id="shop:cart", title="View cart"),
)
