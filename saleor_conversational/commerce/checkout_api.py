"""The one client of Saleor's checkout API: a chat checkout read and changed only
through Saleor's public GraphQL API, as the plugin's App.

A ``Cart`` is a ``ChatCheckout`` with Saleor's checkout as queried with CART_FIELDS; the
shopper's open cart is the contact's newest chat checkout in the sales channel that has
not become an order (the same one "pay" sends a link for). Every change is a Saleor
mutation (``checkoutCreate``, ``checkoutLinesAdd/Update/Delete``,
``checkoutAddPromoCode``, ``checkoutEmailUpdate``, the address and delivery method
updates); every amount shown is read back from Saleor, so prices, discounts, taxes and
shipping are Saleor's. Saleor's errors become ``CheckoutError``, explained for a shopper
unless ``explain=False`` (the developer API passes Saleor's own message on). Texts for
the shopper are in the language active at the call.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import graphene
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

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
  deliveryMethod { __typename ... on ShippingMethod { id name } }
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
EMAIL_UPDATE = f"""mutation($id: ID!, $email: String!) {{
  checkoutEmailUpdate(id: $id, email: $email) {{ {ERRORS} }} }}"""
SHIPPING_ADDRESS = f"""mutation($id: ID!, $address: AddressInput!) {{
  checkoutShippingAddressUpdate(id: $id, shippingAddress: $address) {{
    checkout {{ shippingMethods {{ id name active price {{ amount currency }} }} }} {ERRORS} }} }}"""
BILLING_ADDRESS = f"""mutation($id: ID!, $address: AddressInput!) {{
  checkoutBillingAddressUpdate(id: $id, billingAddress: $address) {{ {ERRORS} }} }}"""
DELIVERY_METHOD = f"""mutation($id: ID!, $method: ID!) {{
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) {{ {ERRORS} }} }}"""

# Saleor's error codes, said for a shopper (lower case, no full stop: they end
# "Sorry, I couldn't add that: …").
EXPLAIN = {
    "INSUFFICIENT_STOCK": gettext_lazy("there isn't enough stock for that quantity"),
    "QUANTITY_GREATER_THAN_LIMIT": gettext_lazy(
        "that is more than can be bought at once"
    ),
    "PRODUCT_NOT_PUBLISHED": gettext_lazy("that product is not sold here"),
    "PRODUCT_UNAVAILABLE_FOR_PURCHASE": gettext_lazy(
        "that product can't be bought at the moment"
    ),
    "UNAVAILABLE_VARIANT_IN_CHANNEL": gettext_lazy("that product is not sold here"),
    "VOUCHER_NOT_APPLICABLE": gettext_lazy("that code doesn't apply to this cart"),
    "GIFT_CARD_NOT_APPLICABLE": gettext_lazy(
        "that gift card can't be used for this cart"
    ),
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
    def token(self) -> str:
        return self.data["token"]

    @property
    def missing(self) -> tuple[str, ...]:
        """What ``checkoutComplete`` would refuse the checkout for, in the shopper's
        words."""
        data, missing = self.data, []
        if not data.get("email"):
            missing.append(pgettext("the checkout still needs", "email"))
        if data.get("isShippingRequired"):
            if not data.get("shippingAddress"):
                missing.append(pgettext("the checkout still needs", "shipping address"))
            if not data.get("deliveryMethod"):
                missing.append(pgettext("the checkout still needs", "shipping method"))
        if not data.get("billingAddress"):
            missing.append(pgettext("the checkout still needs", "billing address"))
        return tuple(missing)

    def brief_text(self) -> str:
        """Lines and total, as sent when staff start a checkout for the shopper."""
        cur = self.currency
        rows = [
            f"{line.quantity} × {line.name}: {line.total} {cur}" for line in self.lines
        ]
        total = _("Total: %(amount)s") % {"amount": f"{self.total} {cur}"}
        return "\n".join([_("Your cart:"), *rows, total])

    @property
    def currency(self) -> str:
        return self.data["totalPrice"]["gross"]["currency"]

    @property
    def total(self) -> Decimal:
        return Decimal(str(self.data["totalPrice"]["gross"]["amount"]))

    def text(self, language: str = "", *, totals_only: bool = False) -> str:
        if not self.data["lines"]:
            return _("Your cart is empty.")
        cur = self.currency
        rows = (
            []
            if totals_only
            else [_("Your cart:")]
            + [
                f"{n}. {line.quantity} × {line.name}: {money(line.total, cur, language)}"
                for n, line in enumerate(self.lines, start=1)
            ]
        )
        amount = lambda key: Decimal(str(self.data[key]["gross"]["amount"]))  # noqa: E731
        rows.append(
            _("Subtotal: %(amount)s")
            % {"amount": money(amount("subtotalPrice"), cur, language)}
        )
        discount = Decimal(str((self.data.get("discount") or {}).get("amount") or 0))
        if discount:
            off = {"amount": money(discount, cur, language)}
            if self.data.get("voucherCode"):
                off["code"] = self.data["voucherCode"]
                rows.append(_("Discount (%(code)s): -%(amount)s") % off)
            else:
                rows.append(_("Discount: -%(amount)s") % off)
        for card in self.data.get("giftCards") or []:
            rows.append(
                # Translators: %(last4)s is the last four characters of the gift card code.
                _("Gift card …%(last4)s applied") % {"last4": card["last4CodeChars"]}
            )
        if self.data.get("deliveryMethod"):
            rows.append(
                # Translators: %(method)s is the shipping method's name ("DHL Express").
                _("Shipping (%(method)s): %(amount)s")
                % {
                    "method": self.data["deliveryMethod"]["name"],
                    "amount": money(amount("shippingPrice"), cur, language),
                }
            )
        tax = Decimal(
            str((self.data["totalPrice"].get("tax") or {}).get("amount") or 0)
        )
        if tax:
            rows.append(
                _("Taxes included: %(amount)s") % {"amount": money(tax, cur, language)}
            )
        rows.append(
            _("Total: %(amount)s") % {"amount": money(self.total, cur, language)}
        )
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
    return fetch(chat_checkout) if chat_checkout is not None else None


def fetch(chat_checkout: ChatCheckout) -> Cart | None:
    """The chat checkout as Saleor has it now; None when Saleor no longer has it."""
    data = saleor_api.execute(CART_QUERY, {"id": checkout_id(chat_checkout)})[
        "checkout"
    ]
    return Cart(chat_checkout, data) if data else None


def _raise_for(result: dict, explain: bool = True) -> None:
    if result["errors"]:
        error = result["errors"][0]
        said = str(EXPLAIN.get(error["code"]) or "") if explain else ""
        raise CheckoutError(
            error["field"], error["code"], said or error["message"] or error["code"]
        )


def _validated(quantity) -> int:
    if (
        not isinstance(quantity, int)
        or isinstance(quantity, bool)
        or not 0 < quantity <= MAX_QUANTITY
    ):
        raise CheckoutError(
            "quantity",
            "INVALID",
            _("the quantity must be a number from 1 to %(max)s")
            % {"max": MAX_QUANTITY},
        )
    return quantity


def line_input(variant_pk: int, quantity: int) -> dict:
    return {
        "variantId": graphene.Node.to_global_id("ProductVariant", variant_pk),
        "quantity": quantity,
    }


def create(contact, channel, lines: list[tuple[int, int]], email: str = "") -> Cart:
    """A new Saleor checkout with ``lines`` [(variant pk, quantity)], owned by the contact."""
    return create_checkout(
        contact, channel, [line_input(pk, _validated(q)) for pk, q in lines], email
    )


def create_checkout(
    contact, channel, lines: list[dict], email: str = "", *, explain: bool = True
) -> Cart:
    """``checkoutCreate`` with Saleor ``CheckoutLineInput`` lines, recorded as the
    contact's chat checkout."""
    checkout_input = {"channel": channel.slug, "lines": lines}
    if email:
        checkout_input["email"] = email
    result = saleor_api.execute(CREATE, {"input": checkout_input})["checkoutCreate"]
    _raise_for(result, explain)
    chat_checkout = ChatCheckout.objects.create(
        contact=contact, channel=channel, checkout_token=result["checkout"]["token"]
    )
    return Cart(chat_checkout, result["checkout"])


def add(contact, channel, variant_pk: int, quantity: int) -> Cart:
    """Add to the open cart, or start one."""
    cart = current(contact, channel.pk)
    if cart is None:
        return create(contact, channel, [(variant_pk, quantity)])
    line = line_input(variant_pk, _validated(quantity))
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
        raise CheckoutError("promoCode", "INVALID", _("that code is not valid"))
    result = saleor_api.execute(
        PROMO, {"id": checkout_id(cart.chat_checkout), "code": code}
    )
    result = result["checkoutAddPromoCode"]
    _raise_for(result)
    return Cart(cart.chat_checkout, result["checkout"])


# -- what the checkout still needs: email, addresses, delivery method ------------------
# These return Saleor's errors (a list of {field, code, message}); the caller decides
# what to ask the shopper or the developer.
def update_email(chat_checkout: ChatCheckout, email: str) -> list[dict]:
    return saleor_api.execute(
        EMAIL_UPDATE, {"id": checkout_id(chat_checkout), "email": email}
    )["checkoutEmailUpdate"]["errors"]


def update_shipping_address(
    chat_checkout: ChatCheckout, address: dict
) -> tuple[list[dict], list[dict]]:
    """(errors, the shipping methods Saleor offers for the address)."""
    result = saleor_api.execute(
        SHIPPING_ADDRESS, {"id": checkout_id(chat_checkout), "address": address}
    )["checkoutShippingAddressUpdate"]
    return result["errors"], (result["checkout"] or {}).get("shippingMethods") or []


def update_billing_address(chat_checkout: ChatCheckout, address: dict) -> list[dict]:
    return saleor_api.execute(
        BILLING_ADDRESS, {"id": checkout_id(chat_checkout), "address": address}
    )["checkoutBillingAddressUpdate"]["errors"]


def update_delivery_method(chat_checkout: ChatCheckout, method_id: str) -> list[dict]:
    return saleor_api.execute(
        DELIVERY_METHOD, {"id": checkout_id(chat_checkout), "method": method_id}
    )["checkoutDeliveryMethodUpdate"]["errors"]
