"""Shopping in chat against a real Saleor: search, variants, cart, codes, checkout steps,
WhatsApp catalog orders, numbered text on SMS, and one chat from search to paid order.

Every message goes through the real webhook and pipeline (web chat, or a fake
provider's signed request); every expectation about prices, totals, shipping methods
and checkout contents is checked against Saleor itself.
"""

from __future__ import annotations

import datetime
import json
import threading
import time
from decimal import Decimal
from urllib.parse import unquote_plus

import graphene
import pytest
from django.db import connections
from django.test import Client
from django.utils import timezone
from prices import Money
from saleor.checkout.models import Checkout
from saleor.order.models import Order
from saleor.product.models import (
    Product,
    ProductChannelListing,
    ProductVariant,
    ProductVariantChannelListing,
)
from saleor.product.search import update_products_search_vector
from saleor.shipping.models import ShippingMethodChannelListing
from saleor.warehouse.models import Stock

from saleor_conversational.assistant.shopping import checkout_steps as steps
from saleor_conversational.assistant.shopping import words as shopping_words
from saleor_conversational.assistant.words import HANDOVER
from saleor_conversational.commerce import checkout_api as carts
from saleor_conversational.commerce.checkout import start_chat_checkout
from saleor_conversational.models import (
    ChatCheckout,
    Contact,
    ContactIdentity,
    Conversation,
    Direction,
    Message,
    PaymentLink,
    ShoppingState,
)
from saleor_conversational.saleor_data import api as saleor_api
from tests.saleor.commerce.test_payment_links import (  # noqa: F401 (fixtures)
    ADDRESS,
    fake_stripe,
    post_stripe,
    stripe_account,
)
from tests.support.fixtures import WebChat


# -- helpers -----------------------------------------------------------------------------
def make_product(
    name,
    product_type,
    category,
    warehouse,
    listings,
    *,
    sku=None,
    stock=10,
    published=True,
    visible=True,
    available_at=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC),
):
    """A product with one variant; ``listings`` = {channel: price}."""
    product = Product.objects.create(
        name=name,
        slug=name.lower().replace(" ", "-"),
        product_type=product_type,
        category=category,
    )
    variant = ProductVariant.objects.create(
        product=product, sku=sku or name.upper().replace(" ", "-")
    )
    for channel, price in listings.items():
        ProductChannelListing.objects.create(
            product=product,
            channel=channel,
            is_published=published,
            visible_in_listings=visible,
            available_for_purchase_at=available_at,
            currency=channel.currency_code,
            discounted_price_amount=Decimal(price),
        )
        ProductVariantChannelListing.objects.create(
            variant=variant,
            channel=channel,
            price_amount=Decimal(price),
            currency=channel.currency_code,
            discounted_price_amount=Decimal(
                price
            ),  # Saleor's discount task keeps this up to date
        )
    Stock.objects.create(warehouse=warehouse, product_variant=variant, quantity=stock)
    return product


def index_products():
    """Saleor's search index is filled by its background task; do what it does."""
    update_products_search_vector(list(Product.objects.values_list("pk", flat=True)))


def outbound(webchat) -> list[dict]:
    return [m for m in webchat.poll() if m["direction"] == "out"]


def say(webchat, text) -> list[dict]:
    webchat.say(text)
    return outbound(webchat)


def press(webchat, reply_id, title="") -> list[dict]:
    webchat._n += 1
    response = webchat.post(
        "messages/",
        {"id": f"b{webchat._n}", "text": title or reply_id, "reply_id": reply_id},
    )
    assert response.status_code == 202, response.content
    return outbound(webchat)


def texts(messages) -> list[str]:
    return [m["text"] for m in messages]


def rows(message) -> list[dict]:
    return [
        row for section in message["content"]["sections"] for row in section["rows"]
    ]


def start(webchat):
    webchat.open()
    webchat.say("hi")
    webchat.poll()


def saleor_checkout(conversation_contact=None) -> Checkout:
    chat_checkout = ChatCheckout.objects.order_by("-created_at").first()
    return Checkout.objects.get(token=chat_checkout.checkout_token)


def add_by_chat(webchat, words, quantity=1, variant_index=0):
    """Search, choose the first product (and variant), send the quantity."""
    messages = say(webchat, f"search {words}")
    product_row = rows(messages[-1])[0]
    messages = press(webchat, product_row["id"], product_row["title"])
    if messages[-1]["kind"] == "list":  # several variants
        variant_row = rows(messages[-1])[variant_index]
        messages = press(webchat, variant_row["id"], variant_row["title"])
    assert messages[-1]["text"] == shopping_words.ASK_QUANTITY
    return say(webchat, str(quantity))


def saleor_gross_total(chat_checkout) -> tuple[Decimal, str]:
    data = saleor_api.execute(
        "query($id: ID) { checkout(id: $id) { totalPrice { gross { amount currency } } } }",
        {"id": graphene.Node.to_global_id("Checkout", chat_checkout.checkout_token)},
    )["checkout"]["totalPrice"]["gross"]
    return Decimal(str(data["amount"])), data["currency"]


def type_address(webchat, country="Poland") -> list[dict]:
    assert texts(say(webchat, "John Doe")) == [steps.ASK_STREET]
    assert texts(say(webchat, "Tęczowa 7")) == [steps.ASK_POSTAL]
    assert texts(say(webchat, "53-601")) == [steps.ASK_CITY]
    assert texts(say(webchat, "Wrocław")) == [steps.ASK_COUNTRY]
    return say(webchat, country)


@pytest.fixture
def shop_products(product_type, category, warehouse, channel_USD, channel_PLN):
    made = {
        "shirt": make_product(
            "Linen shirt",
            product_type,
            category,
            warehouse,
            {channel_USD: "25.00", channel_PLN: "99.00"},
        ),
        "unpublished": make_product(
            "Linen shirt draft",
            product_type,
            category,
            warehouse,
            {channel_USD: "25.00"},
            published=False,
        ),
        "hidden": make_product(
            "Linen shirt hidden",
            product_type,
            category,
            warehouse,
            {channel_USD: "25.00"},
            visible=False,
        ),
        "later": make_product(
            "Linen shirt later",
            product_type,
            category,
            warehouse,
            {channel_USD: "25.00"},
            available_at=timezone.now() + datetime.timedelta(days=3),
        ),
        "pln_only": make_product(
            "Linen shirt PLN", product_type, category, warehouse, {channel_PLN: "50.00"}
        ),
        "sold_out": make_product(
            "Linen trousers",
            product_type,
            category,
            warehouse,
            {channel_USD: "40.00"},
            stock=0,
        ),
    }
    index_products()
    return made


# -- search --------------------------------------------------------------------------------
def test_search_shows_only_purchasable_products_of_the_channel_with_its_currency(
    webchat, shop_products, channel_PLN, client, django_capture_on_commit_callbacks
):
    start(webchat)
    cards, choose = say(webchat, "search linen")
    assert cards["kind"] == "products"
    shown = {p["title"]: p["price"] for p in cards["content"]["products"]}
    assert shown == {
        "Linen shirt": "$25.00, in stock",
        "Linen trousers": "$40.00, out of stock",
    }
    assert {p["retailer_id"] for p in cards["content"]["products"]} == {
        "LINEN-SHIRT",
        "LINEN-TROUSERS",
    }
    assert choose["kind"] == "list"
    assert {r["title"] for r in rows(choose)} == {"Linen shirt", "Linen trousers"}

    pln = WebChat(client, django_capture_on_commit_callbacks, channel_PLN.slug)
    start(pln)
    cards, _ = say(pln, "find linen shirt")
    shown = {p["title"]: p["price"] for p in cards["content"]["products"]}
    # (the products' warehouse does not serve the PLN channel: Saleor counts no stock there)
    assert shown == {
        "Linen shirt": "PLN99.00, out of stock",
        "Linen shirt PLN": "PLN50.00, out of stock",
    }

    # While browsing, other questions still get the bot's usual answers.
    [reply] = texts(say(webchat, "what are your shipping costs?"))
    assert reply.startswith("Shipping options:")
    assert texts(say(webchat, "search unicorn saddle")) == [
        shopping_words.NOTHING_FOUND % {"q": "unicorn saddle"}
    ]


def test_choosing_a_variant_and_a_quantity_puts_exactly_that_in_a_saleor_checkout(
    webchat, product_with_two_variants, product
):
    index_products()
    start(webchat)
    messages = say(webchat, "search two variants")
    [row] = [
        r for r in rows(messages[-1]) if r["title"].startswith("Test product with two")
    ]
    [variants] = press(webchat, row["id"])
    assert variants["kind"] == "list"
    second = product_with_two_variants.variants.get(sku="Product variant #2")
    assert [r["id"] for r in rows(variants)] == [
        f"shop:variant:{v.pk}"
        for v in product_with_two_variants.variants.order_by("pk")
    ]
    assert all("$10.00" in r["description"] for r in rows(variants))
    [ask] = press(webchat, f"shop:variant:{second.pk}")
    assert ask["kind"] == "buttons" and [
        b["id"] for b in ask["content"]["buttons"]
    ] == ["shop:qty:1", "shop:qty:2", "shop:qty:3"]
    # Text that is not a quantity gets a clear prompt and changes nothing.
    [reply] = texts(say(webchat, "lots please"))
    assert "as a number" in reply
    assert not ChatCheckout.objects.exists()

    [added] = say(webchat, "2")
    assert (
        added["text"].startswith("Added to your cart.")
        and "2 × Test product with two variants" in added["text"]
    )
    [line] = saleor_checkout().lines.all()
    assert (line.variant_id, line.quantity) == (second.pk, 2)
    # A single-variant product goes straight to the quantity.
    messages = say(webchat, "search test product")
    [row] = [r for r in rows(messages[-1]) if r["title"] == "Test product"]
    assert texts(press(webchat, row["id"])) == [shopping_words.ASK_QUANTITY]
    press(webchat, "shop:qty:1")
    assert {(l.variant.sku, l.quantity) for l in saleor_checkout().lines.all()} == {  # noqa: E741
        ("Product variant #2", 2),
        ("123", 1),
    }
    assert ChatCheckout.objects.count() == 1


# -- cart ----------------------------------------------------------------------------------
def test_cart_view_change_remove_and_empty_change_saleors_checkout(
    webchat, shop_products, product
):
    index_products()
    start(webchat)
    assert texts(say(webchat, "cart")) == [shopping_words.NO_CART]
    add_by_chat(webchat, "linen shirt", 1)
    add_by_chat(webchat, "test product", 2)
    [cart] = say(webchat, "cart")
    assert (
        "1. 1 × Linen shirt: $25.00" in cart["text"]
        and "2. 2 × Test product: $20.00" in cart["text"]
    )
    assert "Total: $45.00" in cart["text"]

    [changed] = say(webchat, "change 1 to 3")
    assert "1. 3 × Linen shirt: $75.00" in changed["text"]
    assert {(l.variant.sku, l.quantity) for l in saleor_checkout().lines.all()} == {  # noqa: E741
        ("LINEN-SHIRT", 3),
        ("123", 2),
    }
    assert texts(say(webchat, "change 7 to 1")) == [
        shopping_words.NO_SUCH_LINE % {"n": 7}
    ]
    [too_many] = texts(say(webchat, "change 2 to 500"))
    assert too_many.startswith("Sorry, I couldn't change that")
    [removed] = say(webchat, "remove 2")
    assert "Test product" not in removed["text"]
    assert [
        (line.variant.sku, line.quantity) for line in saleor_checkout().lines.all()
    ] == [("LINEN-SHIRT", 3)]
    assert texts(say(webchat, "empty cart")) == ["Your cart is now empty."]
    assert not saleor_checkout().lines.exists()


# cart, change, remove, empty, and the code command, as each language's texts quote them
CART_COMMANDS = {
    "nl": ("winkelwagen", "wijzig 1 naar 3", "verwijder 2", "winkelwagen leegmaken"),
    "de": ("Warenkorb", "ändere 1 auf 3", "entferne 2", "Warenkorb leeren"),
    "fr": ("panier", "changer 1 en 3", "supprimer 2", "vider le panier"),
    "es": ("carrito", "cambiar 1 a 3", "eliminar 2", "vaciar carrito"),
}


@pytest.mark.parametrize("language", sorted(CART_COMMANDS))
def test_the_cart_commands_work_in_the_shoppers_language(
    webchat, shop_products, product, language
):
    show, change, remove, empty = CART_COMMANDS[language]
    index_products()
    start(webchat)
    add_by_chat(webchat, "linen shirt", 1)
    add_by_chat(webchat, "test product", 2)
    [cart] = say(webchat, show)
    assert "Linen shirt" in cart["text"] and "Test product" in cart["text"]
    say(webchat, change)
    assert {(l.variant.sku, l.quantity) for l in saleor_checkout().lines.all()} == {  # noqa: E741
        ("LINEN-SHIRT", 3),
        ("123", 2),
    }
    say(webchat, remove)
    assert [
        (line.variant.sku, line.quantity) for line in saleor_checkout().lines.all()
    ] == [("LINEN-SHIRT", 3)]
    say(webchat, empty)
    assert not saleor_checkout().lines.exists()


def test_voucher_and_gift_card_codes_are_saleors_and_a_bad_code_is_explained(
    webchat, product, voucher, gift_card
):
    index_products()
    start(webchat)
    add_by_chat(webchat, "test product", 3)
    [bad] = texts(say(webchat, "code NOT-A-CODE"))
    assert (
        bad == 'Sorry, the code "NOT-A-CODE" is not valid. Check it and send it again.'
    )
    [applied] = texts(say(webchat, "voucher mirumee"))
    checkout = saleor_checkout()
    assert checkout.voucher_code == "mirumee"
    total, _ = saleor_gross_total(ChatCheckout.objects.get())
    assert total == Decimal("10.00")  # $30 - $20 voucher
    assert "Discount (mirumee): -$20.00" in applied and "Total: $10.00" in applied
    [card] = texts(say(webchat, "gift card never_expiry"))
    assert "Gift card …piry applied" in card
    assert checkout.gift_cards.filter(pk=gift_card.pk).exists()


# -- check out -----------------------------------------------------------------------------
def test_a_linked_customers_email_and_address_are_used_only_after_confirmation(
    webchat, product, shipping_zone, customer_user
):
    index_products()
    start(webchat)
    Contact.objects.update(user=customer_user)
    add_by_chat(webchat, "test product", 1)
    [ask_email] = press(webchat, "shop:checkout", "Check out")
    assert ask_email["kind"] == "buttons" and "test@example.com" in ask_email["text"]
    assert saleor_checkout().email is None
    [ask_address] = press(webchat, "shop:email:use", "Use this email")
    assert saleor_checkout().email == "test@example.com"
    assert ask_address["kind"] == "buttons" and "Tęczowa 7" in ask_address["text"]
    assert [b["title"] for b in ask_address["content"]["buttons"]] == [
        "Use this address",
        "Another address",
    ]
    assert (
        saleor_checkout().shipping_address is None
    )  # nothing used before the shopper says so
    # Free text in a button step: a clear prompt, nothing changes.
    assert texts(say(webchat, "whatever")) == [steps.PICK_FROM_LIST]
    [shipping] = press(webchat, "shop:addr:use", "Use this address")
    checkout = saleor_checkout()
    assert (
        checkout.shipping_address.street_address_1,
        checkout.shipping_address.city,
    ) == ("Tęczowa 7", "WROCŁAW")
    assert checkout.billing_address.postal_code == "53-601"
    assert shipping["kind"] == "list" and shipping["text"] == steps.ASK_SHIPPING


def test_another_address_is_typed_step_by_step_and_bad_answers_are_asked_again(
    webchat, product, shipping_zone, customer_user
):
    index_products()
    start(webchat)
    Contact.objects.update(user=customer_user)
    add_by_chat(webchat, "test product", 1)
    press(webchat, "shop:checkout")
    assert texts(press(webchat, "shop:email:other")) == [steps.ASK_EMAIL]
    assert texts(say(webchat, "not an email")) == [steps.BAD_EMAIL]
    [ask_address] = say(webchat, "shopper@example.com")
    assert saleor_checkout().email == "shopper@example.com"
    assert texts(press(webchat, "shop:addr:other")) == [steps.ASK_NAME]
    assert saleor_checkout().shipping_address is None
    assert texts(say(webchat, "Jane")) == [
        "Please send the recipient's first and last name."
    ]
    assert texts(say(webchat, "Jane Roe")) == [steps.ASK_STREET]
    assert texts(say(webchat, "Main Street 1")) == [steps.ASK_POSTAL]
    assert texts(say(webchat, "XYZ")) == [steps.ASK_CITY]
    assert texts(say(webchat, "Wrocław")) == [steps.ASK_COUNTRY]
    assert texts(say(webchat, "Narnia")) == [steps.BAD_COUNTRY]
    # Saleor refuses the postal code for Poland: only that is asked again.
    [again] = texts(say(webchat, "Poland"))
    assert (
        again
        == f"That postal code doesn't look right for this country. {steps.ASK_POSTAL}"
    )
    [shipping] = say(webchat, "50-001")
    assert shipping["kind"] == "list"
    address = saleor_checkout().shipping_address
    assert (
        address.first_name,
        address.last_name,
        address.street_address_1,
        address.postal_code,
        address.country.code,
    ) == ("Jane", "Roe", "Main Street 1", "50-001", "PL")
    # No payment account in this sales channel: Saleor's totals, then the reason, no link.
    summary, sorry = texts(press(webchat, rows(shipping)[0]["id"]))
    assert summary.startswith("Your order:") and summary.endswith("Total: $20.00")
    assert (
        sorry
        == "Sorry, I could not make a payment link: No payment account is active in this sales channel."
    )
    assert not PaymentLink.objects.exists()


def test_pay_before_the_checkout_is_complete_asks_for_what_is_missing_and_keeps_what_was_typed(
    webchat,
    product,
    shipping_zone,
    channel_USD,
    stripe_account,
    fake_stripe,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    start(webchat)
    # Staff started the checkout through the API: no shopping dialogue exists yet.
    with django_capture_on_commit_callbacks(execute=True):
        start_chat_checkout(
            contact=Contact.objects.get(),
            channel=channel_USD,
            lines=[(product.variants.first().pk, 2)],
        )
    outbound(webchat)  # the cart
    assert texts(say(webchat, "pay")) == [steps.ASK_EMAIL]
    assert texts(say(webchat, "buyer@example.com")) == [steps.ASK_NAME]
    assert texts(say(webchat, "John Doe")) == [steps.ASK_STREET]
    assert texts(say(webchat, "pay")) == [steps.ASK_STREET]  # the open question again
    assert texts(say(webchat, "Tęczowa 7")) == [steps.ASK_POSTAL]
    assert texts(say(webchat, "53-601")) == [steps.ASK_CITY]
    assert texts(say(webchat, "Wrocław")) == [steps.ASK_COUNTRY]
    [shipping] = say(webchat, "Poland")
    assert shipping["kind"] == "list"
    assert texts(say(webchat, "pay")) == [steps.PICK_FROM_LIST]
    assert not PaymentLink.objects.exists() and fake_stripe.sessions == {}
    [summary, link] = press(webchat, rows(shipping)[0]["id"], "DHL")
    assert summary["text"].startswith("Your order:") and link["kind"] == "link"
    assert PaymentLink.objects.get().url == link["content"]["url"]
    address = saleor_checkout().shipping_address
    assert (address.first_name, address.street_address_1, address.postal_code) == (
        "John",
        "Tęczowa 7",
        "53-601",
    )


def test_pay_asks_only_for_what_saleor_does_not_have_yet(
    webchat,
    product,
    shipping_zone,
    channel_USD,
    stripe_account,
    fake_stripe,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    start(webchat)
    with django_capture_on_commit_callbacks(execute=True):
        chat_checkout = start_chat_checkout(
            contact=Contact.objects.get(),
            channel=channel_USD,
            lines=[(product.variants.first().pk, 1)],
            email="buyer@example.com",
        )
    outbound(webchat)
    # staff set the addresses
    assert not carts.update_shipping_address(chat_checkout, ADDRESS)[0]
    assert not carts.update_billing_address(chat_checkout, ADDRESS)
    [shipping] = say(webchat, "pay")
    assert shipping["kind"] == "list" and shipping["text"] == steps.ASK_SHIPPING
    [_, link] = press(webchat, rows(shipping)[0]["id"], "DHL")
    assert link["kind"] == "link" and PaymentLink.objects.get().status == "open"


def to_address_step(webchat):
    index_products()
    start(webchat)
    add_by_chat(webchat, "test product", 1)
    assert texts(press(webchat, "shop:checkout")) == [steps.ASK_EMAIL]
    assert texts(say(webchat, "buyer@example.com")) == [steps.ASK_NAME]


def test_a_whole_address_in_one_message_is_confirmed_then_used(
    webchat, product, shipping_zone
):
    to_address_step(webchat)
    [confirm] = say(
        webchat, "John Doe\nTęczowa 7\n53-601 Wrocław\nPoland\n+48 600 100 200"
    )
    assert confirm["kind"] == "buttons"
    assert (
        confirm["text"]
        == "Ship to this address?\nJohn Doe, Tęczowa 7, 53-601 Wrocław, PL\n+48600100200"
    )
    assert (
        saleor_checkout().shipping_address is None
    )  # nothing used before the shopper says so
    assert texts(say(webchat, "whatever")) == [steps.PICK_FROM_LIST]
    [shipping] = press(webchat, "shop:addr:typed", "Yes, ship there")
    assert shipping["kind"] == "list" and shipping["text"] == steps.ASK_SHIPPING
    checkout = saleor_checkout()
    for address in (checkout.shipping_address, checkout.billing_address):
        assert (
            address.first_name,
            address.last_name,
            address.street_address_1,
            address.postal_code,
            address.city,
            address.country.code,
            str(address.phone),
        ) == ("John", "Doe", "Tęczowa 7", "53-601", "WROCŁAW", "PL", "+48600100200")


def test_a_comma_separated_address_with_a_region_and_step_by_step_instead(
    webchat, product, shipping_zone
):
    to_address_step(webchat)
    [confirm] = say(webchat, "Ann Smith, 350 Fifth Avenue, New York, NY 10118, USA")
    assert "Ann Smith, 350 Fifth Avenue, 10118 New York, NY, US" in confirm["text"]
    # The shopper prefers to type it field by field.
    assert texts(press(webchat, "shop:addr:retype", "Step by step")) == [
        steps.ASK_NAME_AGAIN
    ]
    assert texts(say(webchat, "Ann Smith")) == [steps.ASK_STREET]
    assert texts(say(webchat, "350 Fifth Avenue")) == [steps.ASK_POSTAL]
    say(webchat, "10118")
    say(webchat, "New York")
    say(webchat, "US")
    [shipping] = say(webchat, "NY")
    assert shipping["kind"] == "list"
    address = saleor_checkout().shipping_address
    assert (address.country.code, address.country_area, address.postal_code) == (
        "US",
        "NY",
        "10118",
    )


def test_an_unreadable_address_goes_step_by_step_and_a_refused_field_is_asked_again(
    webchat, product, shipping_zone
):
    to_address_step(webchat)
    assert texts(say(webchat, "John, somewhere, nowhere")) == [steps.UNREADABLE_ADDRESS]
    assert texts(say(webchat, "John Doe")) == [steps.ASK_STREET]
    say(webchat, "cancel")
    press(webchat, "shop:checkout")
    # Read from one message, but Saleor refuses the postal code for Poland and the phone
    # number: only the postal code is asked again, the phone is left out.
    [confirm] = say(
        webchat, "Jane Roe, Main Street 1, 00-0000 Wrocław, Poland, +999 1234 5678"
    )
    assert confirm["kind"] == "buttons"
    [again] = texts(press(webchat, "shop:addr:typed"))
    assert (
        again
        == f"That postal code doesn't look right for this country. {steps.ASK_POSTAL}"
    )
    [shipping] = say(webchat, "50-001")
    assert shipping["kind"] == "list"
    address = saleor_checkout().shipping_address
    assert (
        address.first_name,
        address.street_address_1,
        address.postal_code,
        str(address.phone or ""),
    ) == ("Jane", "Main Street 1", "50-001", "")


def test_a_country_that_needs_a_region_gets_asked_for_it(
    webchat, product, shipping_zone
):
    index_products()
    start(webchat)
    assert texts(say(webchat, "checkout")) == [steps.CART_EMPTY]
    add_by_chat(webchat, "test product", 1)
    press(webchat, "shop:checkout")
    say(webchat, "buyer@example.com")
    say(webchat, "Ann Smith")
    say(webchat, "350 Fifth Avenue")
    say(webchat, "10118")
    say(webchat, "New York")
    assert texts(say(webchat, "US")) == [
        f"This country needs a state, province or region. {steps.ASK_AREA}"
    ]
    [shipping] = say(webchat, "NY")
    assert shipping["kind"] == "list"
    address = saleor_checkout().shipping_address
    assert (address.country.code, address.country_area, address.postal_code) == (
        "US",
        "NY",
        "10118",
    )


def test_shipping_methods_are_exactly_saleors_and_totals_are_saleors_before_the_link(
    webchat,
    product,
    shipping_zone,
    channel_USD,
    channel_PLN,
    stripe_account,
    fake_stripe,  # noqa: F811
):
    express = shipping_zone.shipping_methods.create(name="Express", type="price")
    ShippingMethodChannelListing.objects.create(
        channel=channel_USD,
        currency="USD",
        shipping_method=express,
        price=Money(25, "USD"),
        minimum_order_price=Money(0, "USD"),
    )
    too_big = shipping_zone.shipping_methods.create(name="Big orders", type="price")
    ShippingMethodChannelListing.objects.create(
        channel=channel_USD,
        currency="USD",
        shipping_method=too_big,
        price=Money(1, "USD"),
        minimum_order_price=Money(1000, "USD"),
    )
    index_products()
    start(webchat)
    add_by_chat(webchat, "test product", 2)
    press(webchat, "shop:checkout")
    say(webchat, "buyer@example.com")
    [shipping] = type_address(webchat)
    chat_checkout = ChatCheckout.objects.get()
    offered = saleor_api.execute(
        "query($id: ID) { checkout(id: $id) { shippingMethods { id name active } } }",
        {"id": graphene.Node.to_global_id("Checkout", chat_checkout.checkout_token)},
    )["checkout"]["shippingMethods"]
    assert [r["id"] for r in rows(shipping)] == [
        f"shop:ship:{m['id']}" for m in offered if m["active"]
    ]
    assert {r["title"]: r["description"] for r in rows(shipping)} == {
        "DHL": "$10.00",
        "Express": "$25.00",
    }

    [summary, link] = press(webchat, rows(shipping)[1]["id"], "Express")
    total, currency = saleor_gross_total(chat_checkout)
    assert (total, currency) == (
        Decimal("45.00"),
        "USD",
    )  # 2 × $10 + $25 Express, Saleor's own total
    assert (
        summary["text"].startswith("Your order:")
        and "Shipping (Express): $25.00" in summary["text"]
    )
    assert summary["text"].endswith("Total: $45.00")
    assert link["kind"] == "link" and PaymentLink.objects.get().amount == total
    assert ShoppingState.objects.get().step == ""


def test_cancel_leaves_the_checkout_and_hand_over_words_still_hand_over(
    webchat, product, shipping_zone
):
    index_products()
    start(webchat)
    add_by_chat(webchat, "test product", 1)
    press(webchat, "shop:checkout")
    assert ShoppingState.objects.get().step == "email"
    assert texts(say(webchat, "cancel")) == [shopping_words.LEFT]
    assert ShoppingState.objects.get().step == ""
    assert saleor_checkout().lines.count() == 1  # the cart stays
    say(webchat, "checkout")
    say(webchat, "buyer@example.com")
    assert texts(say(webchat, "I want a human")) == [HANDOVER]
    assert Conversation.objects.get().handed_over is True


@pytest.mark.django_db(transaction=True)
def test_the_same_answer_sent_twice_at_once_is_acted_on_once(
    webchat, product, monkeypatch
):
    """A double tap: two "2"s to "How many?" processed at the same moment by two workers."""
    from saleor.tests.utils import prepare_test_db_connections

    index_products()
    start(webchat)
    product_row = rows(say(webchat, "search test product")[-1])[0]
    assert texts(press(webchat, product_row["id"], product_row["title"])) == [
        shopping_words.ASK_QUANTITY
    ]
    real_add = carts.add

    def slow_add(*args, **kwargs):
        time.sleep(0.5)  # unserialized, both answers would read the quantity step first
        return real_add(*args, **kwargs)

    monkeypatch.setattr(carts, "add", slow_add)
    barrier = threading.Barrier(2)
    statuses = []

    def send(message_id):
        prepare_test_db_connections()
        try:
            barrier.wait()
            response = Client().post(
                webchat.base + "messages/",
                data=json.dumps({"id": message_id, "text": "2"}),
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {webchat.session}",
            )
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(f"tap{n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert statuses == [202, 202]
    [line] = saleor_checkout().lines.all()
    assert line.quantity == 2
    assert (
        sum(text.startswith("Added to your cart") for text in texts(outbound(webchat)))
        == 1
    )
    assert ShoppingState.objects.get().step == ""


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "   ",
        "🙂",
        "x" * 2000,
        "0",
        "-3",
        "change x to y",
        "code",
        "shop:ship:evil",
        "99999999999",
        "remove 0",
    ],
)
def test_input_that_fits_no_step_gets_a_prompt_and_never_breaks(
    webchat, product, shipping_zone, junk
):
    index_products()
    start(webchat)
    add_by_chat(webchat, "test product", 1)
    press(webchat, "shop:checkout")
    say(webchat, "buyer@example.com")
    say(webchat, "John Doe")  # now at the street step: anything non-empty is a street
    for step_text in (junk, "cancel"):
        if not step_text.strip():
            continue
        assert say(webchat, step_text), step_text
    # A forged button id never breaks either.
    assert press(webchat, "shop:ship:" + "A" * 150)
    assert press(webchat, "shop:variant:notanumber")


# -- WhatsApp catalog cart --------------------------------------------------------------------
def test_whatsapp_order_message_becomes_a_saleor_checkout_and_unknown_skus_are_explained(
    plugin,
    client,
    product,
    shipping_zone,
    channel_USD,
    django_capture_on_commit_callbacks,
):
    from tests.support.fakes.whatsapp import contract_example, envelope
    from tests.support.providers import Provider, post_inbound
    from tests.unit.channels.test_whatsapp import TestWhatsAppConformance, inbound

    provider = Provider(TestWhatsAppConformance, channel_USD)
    try:
        order = contract_example("OrderMessage")
        order["order"]["product_items"] = [
            {
                "product_retailer_id": "123",
                "quantity": 2,
                "item_price": 10,
                "currency": "USD",
            },
            {
                "product_retailer_id": "NO-SUCH-SKU",
                "quantity": 1,
                "item_price": 5,
                "currency": "USD",
            },
        ]
        request = inbound(
            envelope(provider.config["phone_number_id"], messages=[order]),
            provider.config["app_secret"],
        )
        with django_capture_on_commit_callbacks(execute=True):
            assert post_inbound(client, provider.path, request).status_code == 200
        contact = ContactIdentity.objects.get(account=provider.account).contact
        chat_checkout = ChatCheckout.objects.get(contact=contact)
        [line] = Checkout.objects.get(token=chat_checkout.checkout_token).lines.all()
        assert (line.variant.sku, line.quantity) == ("123", 2)
        replies = list(
            Message.objects.filter(direction=Direction.OUTBOUND).order_by("created_at")
        )
        assert (
            "automated assistant" in replies[0].text
        )  # a first message is answered honestly
        assert "NO-SUCH-SKU" in replies[1].text and "left them out" in replies[1].text
        assert "2 × Test product" in replies[2].text
        assert replies[-1].text == steps.ASK_EMAIL  # straight into the checkout steps
        assert all(r.status == "sent" for r in replies), [
            (r.error_code, r.error_reason) for r in replies
        ]
        assert provider.fake.violations == []
    finally:
        provider.stop()


# -- channels without buttons --------------------------------------------------------------------
def test_sms_gets_numbered_text_and_numbers_pick_the_options(
    plugin, client, product, channel_USD, django_capture_on_commit_callbacks
):
    from tests.support.fakes.twilio import inbound_sms
    from tests.support.providers import Provider, post_inbound
    from tests.unit.channels.test_twilio import TestTwilioConformance, request_for

    index_products()
    provider = Provider(TestTwilioConformance, channel_USD)
    sids = iter(range(10, 99))

    def sms(text) -> list[str]:
        before = len(provider.fake.sent())
        request = request_for(
            inbound_sms(text, sid=f"SM{next(sids):032d}"),
            provider.config["auth_token"],
            provider.suite.webhook_url,
        )
        with django_capture_on_commit_callbacks(execute=True):
            assert post_inbound(client, provider.path, request).status_code == 200
        return [unquote_plus(r.body.decode()) for r in provider.fake.sent()[before:]]

    try:
        sms("hi")
        cards, choose = sms("search test product")
        assert "Test product – $10.00, in stock" in cards
        assert (
            "1. Test product" in choose
            and "Reply with the number of your choice." in choose
        )
        [quantities] = sms("1")
        assert "1. 1\n2. 2\n3. 3" in quantities
        [added] = sms("2")
        assert "Added to your cart." in added and "1. Check out" in added
        [line] = saleor_checkout().lines.all()
        assert (line.variant.sku, line.quantity) == ("123", 2)
        [ask_email] = sms("1")  # "1. Check out"
        assert f"Body={steps.ASK_EMAIL}&" in ask_email
        assert provider.fake.violations == []
    finally:
        provider.stop()


# -- the whole path --------------------------------------------------------------------------------
def test_from_chat_messages_to_a_paid_saleor_order_confirmed_in_the_same_chat(
    webchat,
    client,
    product,
    shipping_zone,
    stripe_account,
    fake_stripe,
    django_capture_on_commit_callbacks,  # noqa: F811
):
    index_products()
    start(webchat)
    cards, choose = say(webchat, "search test product")
    assert [p["title"] for p in cards["content"]["products"]] == ["Test product"]
    assert texts(press(webchat, rows(choose)[0]["id"], "Test product")) == [
        shopping_words.ASK_QUANTITY
    ]
    [added] = say(webchat, "3")
    assert "3 × Test product: $30.00" in added["text"]
    assert texts(press(webchat, "shop:checkout", "Check out")) == [steps.ASK_EMAIL]
    assert texts(say(webchat, "buyer@example.com")) == [steps.ASK_NAME]
    [shipping] = type_address(webchat)
    [dhl] = rows(shipping)
    [summary, link_message] = press(webchat, dhl["id"], dhl["title"])
    chat_checkout = ChatCheckout.objects.get()
    total, currency = saleor_gross_total(chat_checkout)
    assert total == Decimal("40.00") and "Total: $40.00" in summary["text"]
    link = PaymentLink.objects.get()
    assert link_message["kind"] == "link" and link_message["content"]["url"] == link.url
    assert (link.amount, link.currency) == (total, currency)

    body, signature = fake_stripe.signed(fake_stripe.pay(link.psp_reference))
    response = post_stripe(
        client, django_capture_on_commit_callbacks, stripe_account, body, signature
    )
    assert response.status_code == 200, response.content

    order = Order.objects.get(checkout_token=str(chat_checkout.checkout_token))
    assert order.total_gross_amount == total and order.charge_status == "full"
    assert order.user_email == "buyer@example.com"
    assert (order.shipping_address.street_address_1, order.shipping_method_name) == (
        "Tęczowa 7",
        "DHL",
    )
    [line] = order.lines.all()
    assert (line.product_sku, line.quantity) == ("123", 3)
    assert any(
        f"order #{order.number} is confirmed" in text
        for text in texts(outbound(webchat))
    )
    assert fake_stripe.violations == []
    assert json.loads(body)["data"]["object"]["metadata"]["checkout_token"] == str(
        chat_checkout.checkout_token
    )
