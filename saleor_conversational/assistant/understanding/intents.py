"""What a shopper's message asks for (``Intent``) and what was understood of it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Intent(StrEnum):
    """The requests the assistant tells apart.

    Answerable here: ORDER_STATUS, TRACKING, STOCK, SHIPPING, PRODUCT_SEARCH, CART,
    CHECKOUT, PAYMENT_LINK, BACK_IN_STOCK, LINK_ACCOUNT.
    Social: GREETING, THANKS, DECLINE ("no thanks", "not now": a "no" to an offer, not
    gratitude), HELP ("help", "what can you do").
    Not answerable here, so handed to the team: HUMAN (asked for), CHANGE_ADDRESS,
    CHANGE_ORDER (add to, or change, a placed order), CANCEL_ORDER, RETURN_ORDER
    (returns, refunds, exchanges), COMPLAINT, OTHER_PERSON (someone else's order or
    personal data).
    UNKNOWN: nothing recognised.
    """

    ORDER_STATUS = "order_status"
    TRACKING = "tracking"
    STOCK = "stock"
    SHIPPING = "shipping"
    PRODUCT_SEARCH = "product_search"
    CART = "cart"
    CHECKOUT = "checkout"
    PAYMENT_LINK = "payment_link"
    BACK_IN_STOCK = "back_in_stock"
    LINK_ACCOUNT = "link_account"
    GREETING = "greeting"
    THANKS = "thanks"
    DECLINE = "decline"
    HELP = "help"
    HUMAN = "human"
    CHANGE_ADDRESS = "change_address"
    CHANGE_ORDER = "change_order"
    CANCEL_ORDER = "cancel_order"
    RETURN_ORDER = "return_order"
    COMPLAINT = "complaint"
    OTHER_PERSON = "other_person"
    UNKNOWN = "unknown"


# Requests the assistant cannot fulfil: recognised, said so, handed to the team. They
# win over everything else, so that "change the address of order 1234" never gets the
# order's status as if that were the answer. Listed most important first (a tie goes
# to the earlier one).
CANNOT_FULFIL = (
    Intent.OTHER_PERSON,
    Intent.CHANGE_ADDRESS,
    Intent.CANCEL_ORDER,
    Intent.RETURN_ORDER,
    Intent.CHANGE_ORDER,
    Intent.COMPLAINT,
)
# What the assistant can do; on equal scores the earlier (more specific) one wins.
TASKS = (
    Intent.BACK_IN_STOCK,
    Intent.TRACKING,
    Intent.PAYMENT_LINK,
    Intent.LINK_ACCOUNT,
    Intent.CHECKOUT,
    Intent.CART,
    Intent.STOCK,
    Intent.SHIPPING,
    Intent.ORDER_STATUS,
    Intent.PRODUCT_SEARCH,
)
# Only when nothing else is asked: "hi, where is my order?" is about the order.
SOCIAL = (Intent.DECLINE, Intent.THANKS, Intent.HELP, Intent.GREETING)
# Intents whose message may name an order by a bare number ("cancel 1234").
ABOUT_AN_ORDER = frozenset(
    {
        Intent.ORDER_STATUS,
        Intent.TRACKING,
        Intent.CHANGE_ADDRESS,
        Intent.CHANGE_ORDER,
        Intent.CANCEL_ORDER,
        Intent.RETURN_ORDER,
        Intent.COMPLAINT,
        Intent.OTHER_PERSON,
    }
)


@dataclass(frozen=True)
class Understanding:
    """What ``understand`` made of one message.

    ``language`` is the language whose words matched (a Dutch conversation's "where is
    my order" is understood in "en"); the conversation's language when nothing matched.
    ``confidence`` is 0 for UNKNOWN and otherwise the strength of the best match, 0..1.
    Slots are empty when the message does not hold them:
    ``order_number`` the order the message names ("#1234", "order 1234", "1234");
    ``product_query`` the shopper's words for the thing looked for, lower-cased, with
    the request phrase, articles and size removed and the head noun made singular
    ("linen shirt", "linnen overhemd"), ready for a catalogue search;
    ``sku`` a stock-keeping unit named as such ("SKU-123"), case kept;
    ``email`` an email address in the message; ``size`` a size asked for ("M", "42").
    """

    intent: Intent
    language: str
    confidence: float = 0.0
    order_number: int | None = None
    product_query: str = ""
    sku: str = ""
    email: str = ""
    size: str = ""
