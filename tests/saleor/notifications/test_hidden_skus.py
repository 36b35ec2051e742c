"""L8: asking about a SKU answers only for products shoppers can see in the sales
channel, as the product search does; a hidden product's SKU is an unknown SKU."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from saleor.product.models import ProductChannelListing, ProductVariantChannelListing
from saleor.warehouse.models import Stock

from saleor_conversational.models import BackInStockSubscription
from saleor_conversational.notifications.marketing import (
    notify_back_in_stock,
    request_back_in_stock,
)
from tests.saleor.notifications.test_marketing import marketing_consent
from tests.saleor.notifications.test_orders import chat_contact

LATER = timedelta(days=30)
HIDDEN = {
    "unpublished": lambda: {"is_published": False},
    "publication date ahead": lambda: {"published_at": timezone.now() + LATER},
    "not visible in listings": lambda: {"visible_in_listings": False},
    "not for sale yet": lambda: {"available_for_purchase_at": timezone.now() + LATER},
    "never for sale": lambda: {"available_for_purchase_at": None},
}


def _hide(variant, channel, how: str):
    ProductChannelListing.objects.filter(
        product=variant.product, channel=channel
    ).update(**HIDDEN[how]())


@pytest.mark.parametrize("how", HIDDEN)
def test_a_hidden_products_sku_is_answered_like_an_unknown_one(
    webchat, variant, warehouse, channel_USD, how
):
    Stock.objects.create(warehouse=warehouse, product_variant=variant, quantity=0)
    _hide(variant, channel_USD, how)
    contact = chat_contact(webchat)
    webchat.say(f"tell me when {variant.sku} is back")
    webchat.say("tell me when NOPE-404 is back in stock")
    hidden, unknown = webchat.replies()
    assert hidden == unknown.replace("NOPE-404", variant.sku)
    assert variant.product.name not in hidden
    assert BackInStockSubscription.objects.count() == 0
    assert request_back_in_stock(contact, channel_USD.pk, variant.sku, "webchat") == {
        "found": False
    }


def test_a_variant_without_a_price_in_the_channel_is_unknown(
    webchat, variant, warehouse, channel_USD
):
    ProductVariantChannelListing.objects.filter(
        variant=variant, channel=channel_USD
    ).update(price_amount=None)
    contact = chat_contact(webchat)
    assert request_back_in_stock(contact, channel_USD.pk, variant.sku, "webchat") == {
        "found": False
    }


def test_a_shown_products_sku_is_still_answered(
    webchat, variant, warehouse, channel_USD
):
    Stock.objects.create(warehouse=warehouse, product_variant=variant, quantity=0)
    ProductChannelListing.objects.filter(
        product=variant.product, channel=channel_USD
    ).update(published_at=timezone.now() - LATER)
    contact = chat_contact(webchat)
    answer = request_back_in_stock(contact, channel_USD.pk, variant.sku, "webchat")
    assert answer["found"] is True and variant.product.name in answer["product"]
    assert BackInStockSubscription.objects.count() == 1


def test_no_alert_while_the_product_is_hidden_and_one_once_it_is_shown(
    webchat, variant, warehouse, channel_USD, django_capture_on_commit_callbacks
):
    stock = Stock.objects.create(
        warehouse=warehouse, product_variant=variant, quantity=0
    )
    contact = chat_contact(webchat)
    marketing_consent(contact)
    webchat.say(f"tell me when {variant.sku} is back")
    webchat.replies()
    stock.quantity = 5
    stock.save(update_fields=["quantity"])
    _hide(variant, channel_USD, "unpublished")
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_back_in_stock() == 0
    assert webchat.replies() == []
    ProductChannelListing.objects.filter(
        product=variant.product, channel=channel_USD
    ).update(is_published=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_back_in_stock() == 1
    [alert] = webchat.replies()
    assert variant.product.name in alert
