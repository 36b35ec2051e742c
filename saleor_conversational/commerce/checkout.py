"""Chat checkouts staff start: a Saleor checkout created through Saleor's public API for
a chat contact, its cart sent to them in chat.

``start_chat_checkout`` is the stable entry point (the plugin's GraphQL API calls it);
``set_delivery`` gives Saleor the address and delivery method in one call.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import translation

from saleor_conversational.channels.messages import Text
from saleor_conversational.commerce import checkout_api
from saleor_conversational.commerce.errors import CheckoutError
from saleor_conversational.contacts.identities import choose_identity, conversation_for
from saleor_conversational.messaging.outbound import queue_message
from saleor_conversational.models import ChatCheckout, SalesChannelSettings
from saleor_conversational.notifications.rendering import contact_language

MAX_LINES = 50
MAX_QUANTITY = 10_000


def start_chat_checkout(*, contact, channel, lines, email=None) -> ChatCheckout:
    """Create a Saleor checkout for ``lines`` [(variant_pk, quantity)] and send it in chat
    (in the shopper's language)."""
    gql_lines = _validated_lines(lines)
    identity = choose_identity(contact, channel.pk)
    if identity is None:
        raise CheckoutError(
            "contact",
            "NOT_FOUND",
            "The contact has no messaging channel in this sales channel.",
        )
    with transaction.atomic():
        cart = checkout_api.create_checkout(
            contact, channel, gql_lines, email or contact.email, explain=False
        )
        conversation = conversation_for(contact, channel.pk)
        language = contact_language(
            contact, SalesChannelSettings.objects.read(channel.pk)
        )
        with translation.override(language):
            text = cart.brief_text()
        queue_message(conversation, identity, Text(text=text))
    return cart.chat_checkout


def _validated_lines(lines) -> list[dict]:
    if not lines:
        raise CheckoutError("lines", "REQUIRED", "At least one line is needed.")
    if len(lines) > MAX_LINES:
        raise CheckoutError("lines", "INVALID", f"At most {MAX_LINES} lines.")
    result = []
    for line in lines:
        try:
            variant_pk, quantity = line
        except (TypeError, ValueError):
            raise CheckoutError(
                "lines", "INVALID", "Each line is (variant id, quantity)."
            ) from None
        if (
            not isinstance(variant_pk, int)
            or isinstance(variant_pk, bool)
            or variant_pk <= 0
        ):
            raise CheckoutError(
                "lines", "INVALID", "A variant id must be a positive integer."
            )
        if (
            not isinstance(quantity, int)
            or isinstance(quantity, bool)
            or not 0 < quantity <= MAX_QUANTITY
        ):
            raise CheckoutError(
                "quantity", "INVALID", f"Quantity must be between 1 and {MAX_QUANTITY}."
            )
        result.append(checkout_api.line_input(variant_pk, quantity))
    return result


def set_delivery(
    chat_checkout: ChatCheckout, *, address: dict, delivery_method_id: str | None = None
) -> None:
    """Shipping and billing address (Saleor's ``AddressInput``) and the delivery method
    (the first active one when none is named), through Saleor's own mutations."""
    errors, methods = checkout_api.update_shipping_address(chat_checkout, address)
    errors = errors or checkout_api.update_billing_address(chat_checkout, address)
    _raise_first(errors)
    if delivery_method_id is None:
        active = [m["id"] for m in methods if m["active"]]
        if not active:
            raise CheckoutError(
                "shippingAddress",
                "SHIPPING_NOT_AVAILABLE",
                "No delivery method ships there.",
            )
        delivery_method_id = active[0]
    _raise_first(checkout_api.update_delivery_method(chat_checkout, delivery_method_id))


def _raise_first(errors: list[dict]) -> None:
    if errors:
        error = errors[0]
        raise CheckoutError(
            error["field"], error["code"], error["message"] or error["code"]
        )
