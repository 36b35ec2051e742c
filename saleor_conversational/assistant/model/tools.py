"""The tools the model may call, scoped by construction to one conversation.

A ``Toolbox`` is made for one conversation (its contact, its sales channel, the
identity the shopper wrote from) and every tool works on those alone: no tool takes a
contact, customer, sales channel or checkout id, so nothing the model is told (or
told to do by a shopper's message) can reach another customer's data. An order number
the contact does not own is answered exactly like one that does not exist. Unknown or
malformed arguments get an ``error`` result, never a wider look-up.

The tools use the built-in assistant's own functions and return their data, not its
English texts: the contact's own orders (``saleor_data.orders_of``), product search and
stock (``commerce.catalog``, Saleor's public API in the sales channel), shipping options,
the open chat cart and adding to it (``commerce.checkout_api``), the checkout questions
(the built-in shopping dialogue asks them), the payment link
(``commerce.payment_links.send_payment_link``, which sends its button itself),
back-in-stock alerts and hand-over to people. Each call runs in its own savepoint, so a
failing tool leaves the shopper's data as it was.
"""

from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from saleor_conversational.assistant.model.wire import ToolSpec
from saleor_conversational.assistant.shopping.dialogue import continue_checkout
from saleor_conversational.commerce import catalog, checkout_api
from saleor_conversational.commerce.errors import CheckoutError
from saleor_conversational.commerce.payment_links import send_payment_link
from saleor_conversational.core import business_hours
from saleor_conversational.inbox.conversations import hand_over
from saleor_conversational.models import (
    ChatCheckout,
    ContactIdentity,
    Conversation,
    SalesChannelSettings,
)
from saleor_conversational.notifications.marketing import request_back_in_stock
from saleor_conversational.saleor_data import reads as saleor_data

logger = logging.getLogger(__name__)

MAX_ORDERS = 5
MAX_PRODUCTS = 5
MAX_QUERY = 100
MAX_SKU = 255


class ToolInputError(Exception):
    """The model's arguments do not fit the tool: said back to it as ``error``."""


def _schema(properties: dict[str, Any] | None = None, required=()) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties or {},
        "required": list(required),
        "additionalProperties": False,
    }


SPECS = (
    ToolSpec(
        "list_my_orders",
        "The shopper's own most recent orders in this shop (number, status, date, "
        "total, tracking numbers, lines).",
        _schema(),
    ),
    ToolSpec(
        "get_order",
        "One of the shopper's own orders by its number. found=false when the shopper "
        "has no order with that number.",
        _schema({"number": {"type": "integer", "minimum": 1}}, ["number"]),
    ),
    ToolSpec(
        "search_products",
        "Products for sale in this shop matching the words, with each variant's SKU, "
        "price and whether it is in stock.",
        _schema({"query": {"type": "string", "maxLength": MAX_QUERY}}, ["query"]),
    ),
    ToolSpec(
        "shipping_options",
        "This shop's shipping methods with price, countries and delivery days.",
        _schema(),
    ),
    ToolSpec(
        "view_cart",
        "The shopper's open cart: lines, subtotal, shipping, discount, total and what "
        "the checkout still needs.",
        _schema(),
    ),
    ToolSpec(
        "add_to_cart",
        "Add a product variant (by the SKU from search_products) to the shopper's cart.",
        _schema(
            {
                "sku": {"type": "string", "maxLength": MAX_SKU},
                "quantity": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": checkout_api.MAX_QUANTITY,
                },
            },
            ["sku"],
        ),
    ),
    ToolSpec(
        "start_checkout",
        "Start checking out the cart: the shop then asks the shopper for what it still "
        "needs (email, address, shipping method), one question at a time, after your "
        "answer. Keep your answer short.",
        _schema(),
    ),
    ToolSpec(
        "send_payment_link",
        "Send the shopper a payment link for the cart's total (the link is sent as its "
        "own message). Fails with still_needed when the checkout is not complete: call "
        "start_checkout then.",
        _schema(),
    ),
    ToolSpec(
        "subscribe_back_in_stock",
        "Tell the shopper once, in this chat, when a sold-out variant (by SKU) is back "
        "in stock.",
        _schema({"sku": {"type": "string", "maxLength": MAX_SKU}}, ["sku"]),
    ),
    ToolSpec(
        "hand_over_to_person",
        "Hand the conversation to the shop's staff; you will not answer it any more. "
        "Use it when the shopper asks for a person or you cannot help.",
        _schema(),
    ),
)


def _amount(value) -> float:
    return float(Decimal(str(value)))


class Toolbox:
    """The tools for one conversation; ``after_reply`` holds messages a tool left to be
    sent after the model's answer (the checkout's first question)."""

    def __init__(
        self,
        conversation: Conversation,
        identity: ContactIdentity,
        *,
        channel_settings: SalesChannelSettings | None = None,
        language: str = "",
    ) -> None:
        self.conversation = conversation
        self.language = language  # products are searched and named in it
        self.identity = identity
        self.contact = conversation.contact
        self.channel_id = conversation.channel_id
        self.channel_settings = channel_settings or SalesChannelSettings.objects.read(
            conversation.channel_id
        )
        self.after_reply: list = []
        # Every call as {name, arguments, result, error}, also when the turn fails.
        self.records: list[dict[str, Any]] = []
        self.seen_names: set[str] = set()
        self._channel = None

    @property
    def specs(self) -> list[ToolSpec]:
        return list(SPECS)

    def tools(self) -> dict[str, Callable[[dict[str, Any]], dict[str, Any]]]:
        return {spec.name: self._bound(spec) for spec in SPECS}

    def _bound(self, spec: ToolSpec):
        method = getattr(self, spec.name)
        allowed = set(spec.parameters.get("properties", {}))
        required = set(spec.parameters.get("required", []))

        def call(arguments: dict[str, Any]) -> dict[str, Any]:
            unknown = sorted(set(arguments) - allowed)
            missing = sorted(required - set(arguments))
            if unknown:
                return {"error": f"unknown arguments: {', '.join(unknown)}"}
            if missing:
                return {"error": f"missing arguments: {', '.join(missing)}"}
            try:
                with transaction.atomic():  # a failing tool changes nothing
                    return method(**arguments)
            except ToolInputError as exc:
                return {"error": str(exc)}

        def run(arguments: dict[str, Any]) -> dict[str, Any]:
            record = {"name": spec.name, "arguments": arguments, "result": None}
            self.records.append(record)
            try:
                record["result"] = call(arguments)
            except Exception as exc:
                record["error"] = f"{type(exc).__name__}: {exc}"
                raise
            record["error"] = ""
            return record["result"]

        return run

    # -- scope --------------------------------------------------------------------------
    @property
    def channel(self):
        if self._channel is None:
            self._channel = (
                Conversation.objects.select_related("channel")
                .get(pk=self.conversation.pk)
                .channel
            )
        return self._channel

    def _own_orders(self):
        tokens = ChatCheckout.objects.filter(contact=self.contact).values_list(
            "checkout_token", flat=True
        )
        return saleor_data.orders_of(self.contact.user_id, tokens, self.channel_id)

    def _zone(self):
        try:
            return zoneinfo.ZoneInfo(self.channel_settings.time_zone or "UTC")
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    # -- orders -------------------------------------------------------------------------
    def _order(self, order) -> dict[str, Any]:
        return {
            "number": order.number,
            "status": order.status,
            "status_text": saleor_data.order_status_words(order),
            "payment_status": order.charge_status,
            "placed_on": order.created_at.astimezone(self._zone()).date().isoformat(),
            "total": {
                "amount": _amount(order.total_gross_amount),
                "currency": order.currency,
            },
            "tracking_numbers": saleor_data.tracking_numbers(order),
            "lines": saleor_data.order_lines(order),
        }

    def list_my_orders(self) -> dict[str, Any]:
        orders = self._own_orders().prefetch_related("fulfillments", "lines")
        return {"orders": [self._order(order) for order in orders[:MAX_ORDERS]]}

    def get_order(self, number) -> dict[str, Any]:
        if isinstance(number, str) and number.strip().lstrip("#").isdigit():
            number = int(number.strip().lstrip("#"))
        if isinstance(number, bool) or not isinstance(number, int) or number < 1:
            raise ToolInputError("number is a positive whole number")
        if number > 2**31 - 1:
            return {"found": False}
        order = self._own_orders().filter(number=number).first()
        # Not the contact's, or no such order: the same answer, and the number is not
        # repeated (it would back a claim about an order the shopper does not own).
        if order is None:
            return {"found": False}
        return {"found": True, "order": self._order(order)}

    # -- catalogue ----------------------------------------------------------------------
    def _product(self, product: catalog.ProductInfo) -> dict[str, Any]:
        self.seen_names.add(product.name)
        return {
            "name": product.name,
            "in_stock": product.available,
            "variants": [
                {
                    "name": catalog.variant_title(product, variant),
                    "sku": variant.sku,
                    "price": {
                        "amount": _amount(variant.price),
                        "currency": variant.currency,
                    },
                    "in_stock": variant.available,
                }
                for variant in product.variants
            ],
        }

    def search_products(self, query) -> dict[str, Any]:
        if not isinstance(query, str) or not query.strip():
            raise ToolInputError("query is the words to search for")
        found = catalog.search(
            self.channel.slug,
            query.strip()[:MAX_QUERY],
            limit=MAX_PRODUCTS,
            language=self.language,
        )
        return {"products": [self._product(product) for product in found]}

    def shipping_options(self) -> dict[str, Any]:
        return {
            "shipping_options": [
                {
                    "name": option["name"],
                    "price": {
                        "amount": _amount(option["price"].amount),
                        "currency": option["price"].currency,
                    },
                    "countries": option["countries"],
                    "min_delivery_days": option["min_days"],
                    "max_delivery_days": option["max_days"],
                }
                for option in saleor_data.shipping_options(self.channel_id)
            ]
        }

    # -- cart, checkout, payment --------------------------------------------------------
    def _cart(self, cart: checkout_api.Cart) -> dict[str, Any]:
        data = cart.data
        currency = cart.currency

        def gross(key: str):
            value = (data.get(key) or {}).get("gross") or {}
            return None if value.get("amount") is None else _amount(value["amount"])

        for line in data["lines"]:
            self.seen_names.add(line["variant"]["product"]["name"])
        return {
            "lines": [
                {
                    "line": n,
                    "name": line.name,
                    "sku": line.sku,
                    "quantity": line.quantity,
                    "total": _amount(line.total),
                }
                for n, line in enumerate(cart.lines, start=1)
            ],
            "currency": currency,
            "subtotal": gross("subtotalPrice"),
            "shipping": gross("shippingPrice") if data.get("deliveryMethod") else None,
            "discount": _amount((data.get("discount") or {}).get("amount") or 0),
            "voucher_code": data.get("voucherCode") or None,
            "total": _amount(cart.total),
            "still_needed": list(cart.missing),
        }

    def view_cart(self) -> dict[str, Any]:
        cart = checkout_api.current(self.contact, self.channel_id)
        return {"cart": None if cart is None else self._cart(cart)}

    def add_to_cart(self, sku, quantity=1) -> dict[str, Any]:
        if not isinstance(sku, str) or not sku.strip() or len(sku) > MAX_SKU:
            raise ToolInputError("sku is a SKU from search_products")
        if isinstance(quantity, bool) or not isinstance(quantity, int):
            raise ToolInputError("quantity is a whole number")
        variant_pk = catalog.variant_pk_by_sku(self.channel.slug, sku.strip())
        if variant_pk is None:
            return {"added": False, "reason": "no product with this SKU is sold here"}
        try:
            cart = checkout_api.add(self.contact, self.channel, variant_pk, quantity)
        except CheckoutError as exc:
            return {"added": False, "code": exc.code, "reason": exc.message}
        return {"added": True, "cart": self._cart(cart)}

    def start_checkout(self) -> dict[str, Any]:
        cart = checkout_api.current(self.contact, self.channel_id)
        if cart is None or not cart.lines:
            return {"started": False, "reason": "the cart is empty"}
        self.after_reply.extend(continue_checkout(self.conversation, self.identity))
        return {"started": True, "still_needed": list(cart.missing)}

    def send_payment_link(self) -> dict[str, Any]:
        chat_checkout = checkout_api.open_chat_checkout(self.contact, self.channel_id)
        if chat_checkout is None:
            return {"sent": False, "reason": "the shopper has no open cart"}
        try:
            link = send_payment_link(chat_checkout, identity=self.identity)
        except CheckoutError as exc:
            result = {"sent": False, "code": exc.code, "reason": exc.message}
            if exc.code == "INCOMPLETE":
                cart = checkout_api.fetch(chat_checkout)
                result["still_needed"] = list(cart.missing) if cart else []
            return result
        return {
            "sent": True,
            "amount": _amount(link.amount),
            "currency": link.currency,
            "expires_at": link.expires_at.astimezone(self._zone()).isoformat(
                timespec="minutes"
            ),
        }

    # -- alerts and people --------------------------------------------------------------
    def subscribe_back_in_stock(self, sku) -> dict[str, Any]:
        if not isinstance(sku, str) or not sku.strip() or len(sku) > MAX_SKU:
            raise ToolInputError("sku is a SKU from search_products")
        result = request_back_in_stock(
            self.contact, self.channel_id, sku.strip(), self.identity.account.kind
        )
        if result.get("product"):
            self.seen_names.add(result["product"])
        return result

    def hand_over_to_person(self) -> dict[str, Any]:
        hand_over(self.conversation)
        settings = self.channel_settings
        opening = business_hours.next_opening(
            timezone.now(), settings.business_hours, settings.time_zone
        )
        return {
            "handed_over": True,
            "people_available_now": opening is None,
            "next_opening": None
            if opening is None
            else opening.astimezone(self._zone()).isoformat(timespec="minutes"),
        }
