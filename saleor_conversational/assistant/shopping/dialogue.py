"""The in-chat shopping conversation: search, choose, cart, codes, check out.

``answer`` returns the messages to send, or None when the message is not about
shopping (the bot then answers as before). The conversation's ``ShoppingState`` row
remembers the question asked last; text that does not fit it gets that question again,
"cancel" leaves it (the cart stays), and a number picks one of the options offered last
(channels without buttons show them numbered). Saleor is reached only through
``catalog``, ``cart`` and ``checkout_steps``, i.e. Saleor's public API.

Commands: "search <words>" (also find, show me, look for, buy), "cart", "change 2 to 3",
"remove 2", "empty cart", "code <voucher or gift card>", "checkout", "cancel".
"""

from __future__ import annotations

import logging

from saleor_conversational.assistant.shopping import checkout_steps as steps
from saleor_conversational.assistant.shopping.actions import ShoppingActions
from saleor_conversational.assistant.shopping.words import (
    BROWSING,
    CANCEL,
    CHECKOUT_STEPS,
    LEFT,
    TRY_LATER,
)
from saleor_conversational.assistant.words import PAY_WORDS
from saleor_conversational.channels.degrade import match_numbered_reply, option_ids
from saleor_conversational.channels.events import InboundKind
from saleor_conversational.channels.messages import ListMessage, ReplyButtons
from saleor_conversational.commerce.errors import CheckoutError
from saleor_conversational.messaging.codec import decode_event
from saleor_conversational.models import ShoppingState
from saleor_conversational.saleor_data.api import CommerceAppDeactivated, SaleorApiError

logger = logging.getLogger(__name__)


def _state(conversation) -> ShoppingState:
    return ShoppingState.objects.filter(
        conversation=conversation
    ).first() or ShoppingState(conversation=conversation)


def answer(conversation, identity, message) -> list | None:
    """Messages (str = plain text) answering ``message``, or None when not about shopping."""
    state = _state(conversation)
    return _remembering_options(
        conversation, state, lambda: _answer(conversation, identity, message, state)
    )


def expects_answer(conversation) -> bool:
    """Whether the dialogue asked the shopper something (a checkout question, which
    product or variant, how many) that the next message may answer."""
    return bool(_state(conversation).step)


def act(conversation, identity, request: str, query: str = "") -> list | None:
    """What the dialogue answers to a request the router understood in the shopper's
    own words: ``"search"`` (for ``query``; None when nothing is for sale, so the
    router can say whether it is out of stock), ``"cart"`` or ``"checkout"``."""
    state = _state(conversation)
    actions = ShoppingActions(conversation, identity, state)
    if request == "search" and query:
        run = lambda: actions.search(query, say_not_found=False)  # noqa: E731
    elif request == "cart":
        run = actions.show_cart
    elif request == "checkout":
        run = actions.checkout
    else:
        return None
    return _remembering_options(conversation, state, run)


def _remembering_options(conversation, state, run) -> list | None:
    try:
        reply = run()
    except CommerceAppDeactivated:
        raise  # the router hands over and alerts staff
    except (SaleorApiError, CheckoutError) as exc:
        logger.warning(
            "Chat shopping failed for conversation %s: %s", conversation.pk, exc
        )
        return [str(TRY_LATER)]
    # Remember the choices just offered, so that a number typed where they were shown as
    # numbered text (SMS and other channels without buttons) picks one.
    offered = [m for m in reply or [] if isinstance(m, (ReplyButtons, ListMessage))]
    if offered and option_ids(offered[-1]) != state.options:
        state.options = option_ids(offered[-1])
        state.save()
    return reply


def continue_checkout(conversation, identity) -> list:
    """The next checkout question (or the totals and the payment link when nothing is
    missing); for a shopper who asks to pay before the checkout is complete, also when
    staff started the checkout and no shopping dialogue exists yet."""
    state = _state(conversation)
    context = ShoppingActions(conversation, identity, state)
    if state.step in CHECKOUT_STEPS:
        return (
            context.reprompt()
        )  # mid-checkout: the question still open, nothing typed is lost
    try:
        cart = context.cart()
        if not state.step and cart is not None:
            # What Saleor already has (staff set it, or an earlier dialogue) is not asked again.
            data = cart.data
            state.data = {
                "address_set": bool(
                    data.get("billingAddress")
                    and (data.get("shippingAddress") or not data["isShippingRequired"])
                ),
                "shipping_set": bool(data.get("deliveryMethod")),
            }
        return steps.advance(state, cart, context.contact, identity, context.language)
    except CommerceAppDeactivated:
        raise  # the router hands over and alerts staff
    except (SaleorApiError, CheckoutError) as exc:
        logger.warning(
            "Chat checkout failed for conversation %s: %s", conversation.pk, exc
        )
        return [str(TRY_LATER)]


def _answer(conversation, identity, message, state) -> list | None:
    event = decode_event(message.content) if message.content else None
    context = ShoppingActions(conversation, identity, state)
    if event is not None and event.kind == InboundKind.ORDER:
        return context.whatsapp_order(event.order_items)
    text = (message.text or "").strip()
    lowered = " ".join(text.lower().strip(" .!?").split())
    choice = (
        event.reply_id
        if event is not None and event.reply_id.startswith("shop:")
        else ""
    )
    if not choice and state.options and state.step != "quantity":
        choice = match_numbered_reply(text, state.options)
    if choice:
        return context.choose(choice)
    if lowered in CANCEL:
        if not state.step:
            return None
        steps.leave(state)
        return [str(LEFT)]
    command = context.command(text, lowered)
    if command is not None:
        return command
    if state.step in BROWSING:
        return None  # still browsing: other questions get the bot's usual answers
    if state.step:
        if lowered in PAY_WORDS:
            return None
        return context.step_answer(text)
    return None
