"""The shopper's chat cart: a Saleor checkout changed only through Saleor's public API.

The cart is the contact's newest ``ChatCheckout`` in the sales channel that has not
become an order (the same one "pay" sends a link for). Every change is a Saleor
mutation (``checkoutCreate``, ``checkoutLinesAdd/Update/Delete``,
``checkoutAddPromoCode``); every amount shown is read back from Saleor, so prices,
discounts, taxes and shipping are Saleor's. Saleor's errors become ``CheckoutError``
with a message for the shopper.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import graphene

from saleor_conversational.commerce.catalog import money
from saleor_conversational.commerce.errors import CheckoutError
from saleor_conversational.models import ChatCheckout
from saleor_conversational.saleor_data import api as saleor_api

MAX_QUANTITY = 100

CART_FIELDS = """
  token email voucherCode isShippingRequired
  lines { id quantity variant { id sku name product { name } }
          totalPrice { gross { amount currency } } }
  subtotalPrice { gross { amount currency } }
  shippingPrice { gross { amount currency } }
  totalPrice { gross { amount currency } tax { amount currency } }
  discount { amount currency }
  giftCards { last4CodeChars currentBalance { amount currency } }
  shippingAddress { firstName lastName streetAddress1 streetAddress2 city postalCode countryArea
                    country { code } }
  billingAddress { id }
  deliveryMethod { ... on ShippingMethod { id name } }
  shippingMethods { id name active price { amount currency } }
"""
ERRORS = "errors { field code message }"

CART_QUERY = f"query($id: ID) {{ checkout(id: $id) {{ {CART_FIELDS} }} }}"
CREATE = f"""mutation($input: CheckoutCreateInput!) {{
  checkoutCreate(input: $input) {{ checkout {{ {CART_FIELDS} }} {ERRORS} }} }}"""
LINES_ADD = f"""mutation($id: ID!, $lines: [CheckoutLineInput!]!) {{
  checkoutLinesAdd(id: $id, lines: $lines) {{ checkout {{ {CART_FIELDS} }} {ERRORS} }} }}"""
LINES_UPDATE = f"""mutation($id: ID!, $lines: [CheckoutLineUpdateInput!]!) {{
  checkoutLinesUpdate(id: $id, lines: $lines) {{ checkout {{ {CART_FIELDS} }} {ERRORS} }} }}"""
LINES_DELETE = f"""mutation($id: ID!, $lines: [ID!]!) {{
  checkoutLinesDelete(id: $id, linesIds: $lines) {{ checkout {{ {CART_FIELDS} }} {ERRORS} }} }}"""
PROMO = f"""mutation($id: ID!, $code: String!) {{
  checkoutAddPromoCode(id: $id, promoCode: $code) {{ checkout {{ {CART_FIELDS} }} {ERRORS} }} }}"""

# Saleor's error codes, said for a shopper.
EXPLAIN = {
    "INSUFFICIENT_STOCK": "there isn't enough stock for that quantity",
    "QUANTITY_GREATER_THAN_LIMIT": "that is more than can be bought at once",
    "PRODUCT_NOT_PUBLISHED": "that product is not sold here",
    "PRODUCT_UNAVAILABLE_FOR_PURCHASE": "that product can't be bought at the moment",
    "UNAVAILABLE_VARIANT_IN_CHANNEL": "that product is not sold here",
    "VOUCHER_NOT_APPLICABLE": "that code doesn't apply to this cart",
    "GIFT_CARD_NOT_APPLICABLE": "that gift card can't be used for this cart",
    "INVALID": "",
}


@dataclasses.dataclass(frozen=True)
class Line:
    id: str
    name: str
    sku: str
    quantity: int
    total: Decimal


@dataclasses.dataclass(frozen=True)
class Cart:
    chat_checkout: ChatCheckout
    data: dict  # Saleor's checkout, as queried with CART_FIELDS

    @property
    def lines(self) -> list[Line]:
        return [
            Line(
                id=line["id"],
                name=_line_name(line["variant"]),
                sku=line["variant"].get("sku") or "",
                quantity=line["quantity"],
                total=Decimal(str(line["totalPrice"]["gross"]["amount"])),
            )
            for line in self.data["lines"]
        ]

    @property
    def currency(self) -> str:
        return self.data["totalPrice"]["gross"]["currency"]

    @property
    def total(self) -> Decimal:
        return Decimal(str(self.data["totalPrice"]["gross"]["amount"]))

    def text(self, language: str = "", *, totals_only: bool = False) -> str:
        if not self.data["lines"]:
            return "Your cart is empty."
        cur = self.currency
        rows = (
            []
            if totals_only
            else ["Your cart:"]
            + [
                f"{n}. {line.quantity} × {line.name}: {money(line.total, cur, language)}"
                for n, line in enumerate(self.lines, start=1)
            ]
        )
        amount = lambda key: Decimal(str(self.data[key]["gross"]["amount"]))  # noqa: E731
        rows.append(f"Subtotal: {money(amount('subtotalPrice'), cur, language)}")
        discount = Decimal(str((self.data.get("discount") or {}).get("amount") or 0))
        if discount:
            code = (
                f" ({self.data['voucherCode']})" if self.data.get("voucherCode") else ""
            )
            rows.append(f"Discount{code}: -{money(discount, cur, language)}")
        for card in self.data.get("giftCards") or []:
            rows.append(f"Gift card …{card['last4CodeChars']} applied")
        if self.data.get("deliveryMethod"):
            rows.append(
                f"Shipping ({self.data['deliveryMethod']['name']}): "
                f"{money(amount('shippingPrice'), cur, language)}"
            )
        tax = Decimal(
            str((self.data["totalPrice"].get("tax") or {}).get("amount") or 0)
        )
        if tax:
            rows.append(f"Taxes included: {money(tax, cur, language)}")
        rows.append(f"Total: {money(self.total, cur, language)}")
        return "\n".join(rows)


def _line_name(variant: dict) -> str:
    product = variant["product"]["name"]
    return f"{product} ({variant['name']})" if variant.get("name") else product


def checkout_id(chat_checkout: ChatCheckout) -> str:
    return graphene.Node.to_global_id("Checkout", str(chat_checkout.checkout_token))


def open_chat_checkout(contact, channel_id: int) -> ChatCheckout | None:
    return (
        ChatCheckout.objects.filter(
            contact=contact, channel_id=channel_id, order_id__isnull=True
        )
        .order_by("-created_at")
        .first()
    )


def current(contact, channel_id: int) -> Cart | None:
    """The open cart, if its Saleor checkout still exists."""
    chat_checkout = open_chat_checkout(contact, channel_id)
    if chat_checkout is None:
        return None
    data = saleor_api.execute(CART_QUERY, {"id": checkout_id(chat_checkout)})[
        "checkout"
    ]
    return Cart(chat_checkout, data) if data else None


def _raise_for(result: dict) -> None:
    if result["errors"]:
        error = result["errors"][0]
        explained = EXPLAIN.get(error["code"]) or error["message"] or error["code"]
        raise CheckoutError(error["field"], error["code"], explained)


def _validated(quantity) -> int:
    if (
        not isinstance(quantity, int)
        or isinstance(quantity, bool)
        or not 0 < quantity <= MAX_QUANTITY
    ):
        raise CheckoutError(
            "quantity",
            "INVALID",
            f"the quantity must be a number from 1 to {MAX_QUANTITY}",
        )
    return quantity


def create(contact, channel, lines: list[tuple[int, int]], email: str = "") -> Cart:
    """A new Saleor checkout with ``lines`` [(variant pk, quantity)], owned by the contact."""
    checkout_input = {
        "channel": channel.slug,
        "lines": [
            {
                "variantId": graphene.Node.to_global_id("ProductVariant", pk),
                "quantity": _validated(q),
            }
            for pk, q in lines
        ],
    }
    if email:
        checkout_input["email"] = email
    result = saleor_api.execute(CREATE, {"input": checkout_input})["checkoutCreate"]
    _raise_for(result)
    chat_checkout = ChatCheckout.objects.create(
        contact=contact, channel=channel, checkout_token=result["checkout"]["token"]
    )
    return Cart(chat_checkout, result["checkout"])


def add(contact, channel, variant_pk: int, quantity: int) -> Cart:
    """Add to the open cart, or start one."""
    cart = current(contact, channel.pk)
    if cart is None:
        return create(contact, channel, [(variant_pk, quantity)])
    line = {
        "variantId": graphene.Node.to_global_id("ProductVariant", variant_pk),
        "quantity": _validated(quantity),
    }
    result = saleor_api.execute(
        LINES_ADD, {"id": checkout_id(cart.chat_checkout), "lines": [line]}
    )
    result = result["checkoutLinesAdd"]
    _raise_for(result)
    return Cart(cart.chat_checkout, result["checkout"])


def set_quantity(cart: Cart, line_id: str, quantity: int) -> Cart:
    result = saleor_api.execute(
        LINES_UPDATE,
        {
            "id": checkout_id(cart.chat_checkout),
            "lines": [{"lineId": line_id, "quantity": _validated(quantity)}],
        },
    )["checkoutLinesUpdate"]
    _raise_for(result)
    return Cart(cart.chat_checkout, result["checkout"])


def remove(cart: Cart, line_ids: list[str]) -> Cart:
    if not line_ids:
        return cart
    result = saleor_api.execute(
        LINES_DELETE, {"id": checkout_id(cart.chat_checkout), "lines": line_ids}
    )
    result = result["checkoutLinesDelete"]
    _raise_for(result)
    return Cart(cart.chat_checkout, result["checkout"])


def empty(cart: Cart) -> Cart:
    return remove(cart, [line.id for line in cart.lines])


def add_promo_code(cart: Cart, code: str) -> Cart:
    """A voucher code or a gift card code: Saleor decides which it is."""
    code = code.strip()
    if not code or len(code) > 255:
        raise CheckoutError("promoCode", "INVALID", "that code is not valid")
    result = saleor_api.execute(
        PROMO, {"id": checkout_id(cart.chat_checkout), "code": code}
    )
    result = result["checkoutAddPromoCode"]
    _raise_for(result)
    return Cart(cart.chat_checkout, result["checkout"])
