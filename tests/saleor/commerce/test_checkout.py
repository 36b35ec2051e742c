"""start_chat_checkout: a Saleor checkout for a chat contact, its cart summary sent in chat."""

from __future__ import annotations

import pytest
from saleor.checkout.models import Checkout

from saleor_conversational.commerce.checkout import start_chat_checkout
from saleor_conversational.commerce.errors import CheckoutError
from saleor_conversational.models import ChatCheckout, ContactIdentity


def chat_contact(webchat):
    webchat.open()
    webchat.say("hi")
    webchat.poll()
    return ContactIdentity.objects.get(address=webchat.session.split(".")[0]).contact


def test_checkout_is_created_in_saleor_and_the_cart_is_sent_in_chat(
    webchat, product, channel_USD, django_capture_on_commit_callbacks
):
    contact = chat_contact(webchat)
    with django_capture_on_commit_callbacks(execute=True):
        chat_checkout = start_chat_checkout(
            contact=contact,
            channel=channel_USD,
            lines=[(product.variants.first().pk, 2)],
            email="buyer@example.com",
        )
    checkout = Checkout.objects.get(token=chat_checkout.checkout_token)
    assert checkout.channel_id == channel_USD.pk
    assert checkout.email == "buyer@example.com"
    [line] = checkout.lines.all()
    assert (line.variant_id, line.quantity) == (product.variants.first().pk, 2)
    [reply] = webchat.replies()
    assert "2 × " in reply
    assert f"{channel_USD.currency_code}" in reply


@pytest.mark.parametrize(
    ("lines", "field"),
    [([], "lines"), ([(1, 0)], "quantity"), ([("x", 1)], "lines"), ([(1,)], "lines")],
)
def test_bad_lines_raise_checkout_error_and_write_nothing(
    webchat, channel_USD, lines, field
):
    contact = chat_contact(webchat)
    with pytest.raises(CheckoutError) as error:
        start_chat_checkout(contact=contact, channel=channel_USD, lines=lines)
    assert error.value.field == field
    assert not ChatCheckout.objects.exists()


def test_saleor_errors_become_checkout_errors(webchat, product, channel_USD):
    contact = chat_contact(webchat)
    with pytest.raises(CheckoutError) as error:
        start_chat_checkout(
            contact=contact,
            channel=channel_USD,
            lines=[(product.variants.first().pk, 5000)],
        )
    assert error.value.code in {"INSUFFICIENT_STOCK", "QUANTITY_GREATER_THAN_LIMIT"}
    assert not ChatCheckout.objects.exists()
    assert not Checkout.objects.exists()
