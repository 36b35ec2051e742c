"""The words the assistant listens for and the fixed texts it answers with.

The texts are lazy (``gettext_lazy``): they become text in the language active where
they are used, which must be inside the reply's ``translation.override``; make them
``str`` there, before they go into a message.
"""

from __future__ import annotations

import re

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

HANDOVER_WORDS = {
    "human",
    "agent",
    "person",
    "people",
    "staff",
    "operator",  # en
    "mens",
    "medewerker",  # nl
    "mensch",
    "mitarbeiter",  # de
    "humain",
    "conseiller",  # fr
    "humano",
    "persona",
    "agente",  # es
}


GREETINGS = {"hi", "hello", "hey", "hallo", "hoi", "bonjour", "hola", "start", "/start"}


ORDER_NUMBER = re.compile(r"#?\b(\d{1,10})\b")


ORDER_WORDS = re.compile(
    r"\b(order|orders|package|parcel|delivery|shipped|tracking)\b", re.I
)


MAX_MISUNDERSTOOD = 2


# "tell me when SKU-123 is back", "notify me when sku 123 is back in stock"
BACK_IN_STOCK = re.compile(
    r"\b(?:tell|notify|let|message)\b.*?\bwhen\s+(?:sku[:#\s]+)?(?P<sku>[\w.-]+)\s+"
    r"(?:is\s+|comes\s+|gets\s+)?back\b",
    re.I,
)


HELP_TEXT = _(
    # Translators: "human" is a word the shopper can type; the translated word works
    # too (mens, medewerker, mensch, mitarbeiter, humain, conseiller, humano, persona).
    "I'm an automated assistant. Send your order number to get its status, ask whether a "
    'product is in stock or how we ship, or type "human" to reach a person.'
)


NOT_FOUND = _("I can't find an order with that number for you.")


NO_ORDERS = _(
    "I can't see any orders for you yet. If you ordered as a guest, send the order "
    "number from your confirmation email."
)


HANDOVER = _(
    "I'm passing this conversation to a person on our team. They'll reply here."
)


HANDOVER_AWAY = _(
    "I'm passing this conversation to our team, but nobody is in right now."
)


MISUNDERSTOOD = format_lazy("{} {}", _("Sorry, I didn't understand that."), HELP_TEXT)


MARKETING_ON = _(
    # Translators: STOP is the word the shopper sends back; afmelden, abmelden,
    # désabonner and baja work too (messaging/policy.py).
    "Thanks! You'll get cart reminders and back-in-stock alerts here. Reply STOP at any "
    "time to stop them."
)


MARKETING_OFF = _(
    # Translators: SUBSCRIBE is the word the shopper sends back; aanmelden, anmelden,
    # abonnieren, abonner and suscribir work too (messaging/policy.py).
    "Done: no more cart reminders or back-in-stock alerts. You'll still get updates about "
    "your orders. Reply SUBSCRIBE to turn them back on."
)


# Asking for a (fresh) payment link for the shopper's open chat cart.
PAY_WORDS = {
    "pay",
    "pay now",
    "payment link",
    "new link",
    "new payment link",
    "send payment link",
    "betalen",
    "bezahlen",
    "payer",
    "pagar",
}


NO_CART = _(
    "You have no open cart in this chat yet. Tell us what you'd like to buy and we'll "
    "put it together."
)


# Requests the built-in assistant cannot fulfil: said so honestly, then handed over.
CANNOT_CHANGE_ADDRESS = _(
    "I can't change the delivery address of an order here; I'm passing you to the "
    "team, who can."
)
CANNOT_CHANGE_ORDER = _(
    "I can't change an order that has been placed; I'm passing you to the team, who "
    "can."
)
CANNOT_CANCEL = _("I can't cancel an order here; I'm passing you to the team, who can.")
CANNOT_RETURN = _(
    "I can't handle returns or refunds here; I'm passing you to the team, who can."
)
COMPLAINT = _(
    "I'm sorry to hear that. I'm passing you to a person on our team, who will look "
    "into it."
)
OTHER_PERSON = _(
    "I can only help with your own orders and details, not someone else's. I'm passing "
    "you to the team."
)


# Translators: %(when)s is core/business_hours.describe's "today at 09:00 (UTC time)";
# where its translation already says "from" ("heute ab 09:00 Uhr"), leave it out here.
SOMEONE_ANSWERS = _("Someone will answer from %(when)s.")


WELCOME = _("You're welcome! Anything else I can help with?")


DECLINED = _("All right. Just write if you need anything.")


ASK_STOCK_PRODUCT = _("Which product do you mean? Send me its name.")


ASK_BACK_IN_STOCK_SKU = _(
    # Translators: write the request in your language's words, as a shopper would
    # ("laat me weten wanneer SKU-123 terug is"): it is understood in each language.
    'Which product should I tell you about? Send its SKU, e.g. "tell me when SKU-123 '
    'is back".'
)


NO_SHIPPING = _(
    "I don't have shipping options to show for this shop; I'm passing you to the team."
)


PAYMENT_LINK_FAILED = _("Sorry, I could not make a payment link: %(reason)s")
