"""Chat checkouts: a Saleor checkout created through Saleor's public API for a chat contact.

``start_chat_checkout`` is the stable entry point (the plugin's GraphQL API calls it).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import graphene
from django.db import transaction

from saleor_conversational.channels.messages import Text
from saleor_conversational.commerce.errors import CheckoutError
from saleor_conversational.contacts.identities import choose_identity
from saleor_conversational.messaging.outbound import queue_message
from saleor_conversational.models import ChatCheckout, Conversation
from saleor_conversational.saleor_data import api as saleor_api

MAX_LINES = 50
MAX_QUANTITY = 10_000

CHECKOUT_FIELDS = """
  token
  email
  isShippingRequired
  shippingAddress { id }
  billingAddress { id }
  deliveryMethod { __typename }
  totalPrice { gross { amount currency } }
  lines { quantity variant { sku name product { name } }
          totalPrice { gross { amount currency } } }
"""

CHECKOUT_CREATE = f"""
mutation($input: CheckoutCreateInput!) {{
  checkoutCreate(input: $input) {{
    checkout {{ {CHECKOUT_FIELDS} }}
    errors {{ field code message }}
  }}
}}
"""

CHECKOUT_QUERY = f"""
query($id: ID) {{ checkout(id: $id) {{ {CHECKOUT_FIELDS} }} }}
"""


@dataclasses.dataclass(frozen=True)
class CartLine:
    name: str
    sku: str
    quantity: int
    total: Decimal


@dataclasses.dataclass(frozen=True)
class CheckoutSummary:
    token: str
    currency: str
    total: Decimal
    lines: tuple[CartLine, ...]
    missing: tuple[
        str, ...
    ] = ()  # what Saleor still needs before it can complete the checkout

    def text(self) -> str:
        rows = [
            f"{line.quantity} × {line.name}: {line.total} {self.currency}"
            for line in self.lines
        ]
        return (
            "Your cart:\n" + "\n".join(rows) + f"\nTotal: {self.total} {self.currency}"
        )


def summary_from(data: dict) -> CheckoutSummary:
    gross = data["totalPrice"]["gross"]
    lines = tuple(
        CartLine(
            name=_variant_name(line["variant"]),
            sku=line["variant"].get("sku") or "",
            quantity=line["quantity"],
            total=Decimal(str(line["totalPrice"]["gross"]["amount"])),
        )
        for line in data["lines"]
    )
    return CheckoutSummary(
        token=data["token"],
        currency=gross["currency"],
        total=Decimal(str(gross["amount"])),
        lines=lines,
        missing=_missing(data),
    )


def _missing(data: dict) -> tuple[str, ...]:
    """What ``checkoutComplete`` would refuse the checkout for, in the shopper's words."""
    missing = []
    if not data.get("email"):
        missing.append("email")
    if data.get("isShippingRequired"):
        if not data.get("shippingAddress"):
            missing.append("shipping address")
        if not data.get("deliveryMethod"):
            missing.append("shipping method")
    if not data.get("billingAddress"):
        missing.append("billing address")
    return tuple(missing)


def _variant_name(variant: dict) -> str:
    product = variant["product"]["name"]
    return f"{product} ({variant['name']})" if variant.get("name") else product


def fetch_summary(token) -> CheckoutSummary | None:
    checkout_id = graphene.Node.to_global_id("Checkout", str(token))
    data = saleor_api.execute(CHECKOUT_QUERY, {"id": checkout_id})["checkout"]
    return summary_from(data) if data else None


def start_chat_checkout(*, contact, channel, lines, email=None) -> ChatCheckout:
    """Create a Saleor checkout for ``lines`` [(variant_pk, quantity)] and send it in chat."""
    gql_lines = _validated_lines(lines)
    identity = choose_identity(contact, channel.pk)
    if identity is None:
        raise CheckoutError(
            "contact",
            "NOT_FOUND",
            "The contact has no messaging channel in this sales channel.",
        )
    checkout_input = {"channel": channel.slug, "lines": gql_lines}
    email = email or contact.email
    if email:
        checkout_input["email"] = email
    result = saleor_api.execute(CHECKOUT_CREATE, {"input": checkout_input})[
        "checkoutCreate"
    ]
    if result["errors"]:
        error = result["errors"][0]
        raise CheckoutError(
            error["field"], error["code"], error["message"] or error["code"]
        )
    summary = summary_from(result["checkout"])
    with transaction.atomic():
        chat_checkout = ChatCheckout.objects.create(
            contact=contact, channel=channel, checkout_token=summary.token
        )
        conversation, _ = Conversation.objects.get_or_create(
            contact=contact, channel=channel
        )
        queue_message(conversation, identity, Text(text=summary.text()))
    return chat_checkout


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
        result.append(
            {
                "variantId": graphene.Node.to_global_id("ProductVariant", variant_pk),
                "quantity": quantity,
            }
        )
    return result


CHECKOUT_DELIVERY = """
mutation($id: ID!, $address: AddressInput!) {
  shipping: checkoutShippingAddressUpdate(id: $id, shippingAddress: $address) {
    checkout { shippingMethods { id active } }
    errors { field code message }
  }
  billing: checkoutBillingAddressUpdate(id: $id, billingAddress: $address) {
    errors { field code message }
  }
}
"""

CHECKOUT_DELIVERY_METHOD = """
mutation($id: ID!, $method: ID!) {
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) {
    errors { field code message }
  }
}
"""


def set_delivery(
    chat_checkout: ChatCheckout, *, address: dict, delivery_method_id: str | None = None
) -> None:
    """Shipping and billing address (Saleor's ``AddressInput``) and the delivery method
    (the first active one when none is named), through Saleor's own mutations."""
    checkout_id = graphene.Node.to_global_id("Checkout", chat_checkout.checkout_token)
    data = saleor_api.execute(
        CHECKOUT_DELIVERY, {"id": checkout_id, "address": address}
    )
    for result in (data["shipping"], data["billing"]):
        if result["errors"]:
            error = result["errors"][0]
            raise CheckoutError(
                error["field"], error["code"], error["message"] or error["code"]
            )
    if delivery_method_id is None:
        methods = (data["shipping"]["checkout"] or {}).get("shippingMethods") or []
        active = [m["id"] for m in methods if m["active"]]
        if not active:
            raise CheckoutError(
                "shippingAddress",
                "SHIPPING_NOT_AVAILABLE",
                "No delivery method ships there.",
            )
        delivery_method_id = active[0]
    result = saleor_api.execute(
        CHECKOUT_DELIVERY_METHOD, {"id": checkout_id, "method": delivery_method_id}
    )
    errors = result["checkoutDeliveryMethodUpdate"]["errors"]
    if errors:
        raise CheckoutError(
            errors[0]["field"],
            errors[0]["code"],
            errors[0]["message"] or errors[0]["code"],
        )
