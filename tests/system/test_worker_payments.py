"""Buying in chat with a real Celery worker on Redis doing the work, as in production:
the shopper's messages answered by the worker (Saleor's API called outside any request),
the PSP's webhook answered at once and settled by the worker into one Saleor order, and a
Dashboard refund carried to the PSP by the worker."""

from __future__ import annotations

import json
import time

import graphene
import pytest
from django.test import Client
from saleor.order.models import Order
from saleor.payment.models import TransactionEvent, TransactionItem

from saleor_conversational.assistant.shopping import words as shopping_words
from saleor_conversational.commerce.checkout import set_delivery
from saleor_conversational.models import (
    ChatCheckout,
    Message,
    PaymentLink,
    PaymentLinkStatus,
    PaymentNotification,
)
from tests.saleor.assistant.test_shopping import index_products, rows
from tests.saleor.commerce.test_payment_links import (  # fixtures are used by name
    ADDRESS,
    TRANSACTION_REQUEST_ACTION,
    fake_stripe,  # noqa: F401
    stripe_account,  # noqa: F401
)
from tests.support.fixtures import BASE
from tests.support.worker import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def answers(webchat, count: int, timeout: float = 60) -> list[dict]:
    """The next ``count`` messages the worker sends to the widget."""
    received, deadline = [], time.monotonic() + timeout
    while len(received) < count and time.monotonic() < deadline:
        received += [m for m in webchat.poll(wait=5) if m["direction"] == "out"]
    assert len(received) >= count, (
        f"the worker sent {len(received)} of {count} messages: {received}"
    )
    return received


def test_chat_to_order_and_dashboard_refund_with_a_real_worker(
    webchat,
    product,
    shipping_zone,
    channel_USD,
    stripe_account,
    fake_stripe,  # noqa: F811
    staff_api_client,
    permission_group_handle_payments,
    celery_worker_process,
):
    index_products()
    webchat.open()
    webchat.say("search test product")
    opening, cards, choose = answers(
        webchat, 3
    )  # the first answer opens with who is writing
    assert "automated assistant" in opening["text"]
    assert [p["title"] for p in cards["content"]["products"]] == ["Test product"]
    webchat._n += 1
    webchat.post(
        "messages/",
        {"id": "pick", "text": "Test product", "reply_id": rows(choose)[0]["id"]},
    )
    assert [m["text"] for m in answers(webchat, 1)] == [shopping_words.ASK_QUANTITY]
    webchat.say("2")
    [added] = answers(webchat, 1)
    assert (
        added["text"].startswith("Added to your cart")
        and "2 × Test product" in added["text"]
    )

    chat_checkout = ChatCheckout.objects.get()
    from saleor_conversational.commerce import checkout_api

    assert not checkout_api.update_email(chat_checkout, "buyer@example.com")
    set_delivery(chat_checkout, address=ADDRESS)
    webchat.say("pay")
    [link_message] = answers(webchat, 1)
    link = PaymentLink.objects.get()
    assert link_message["kind"] == "link" and link_message["content"]["url"] == link.url

    body, signature = fake_stripe.signed(fake_stripe.pay(link.psp_reference))
    for _ in range(2):  # Stripe delivers the same event again when an answer is slow
        response = Client().post(
            f"{BASE}payments/stripe/{stripe_account.pk}/",
            data=body,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=signature,
        )
        assert response.status_code == 200, response.content
    order = wait_until(
        lambda: Order.objects.filter(
            checkout_token=str(chat_checkout.checkout_token)
        ).first(),
        timeout=60,
        message="the worker made no order",
    )
    [confirmation] = answers(webchat, 1)
    assert f"order #{order.number} is confirmed" in confirmation["text"]
    assert PaymentLink.objects.get().status == PaymentLinkStatus.PAID
    assert PaymentNotification.objects.get().processed_at is not None
    assert (
        Order.objects.filter(checkout_token=str(chat_checkout.checkout_token)).count()
        == 1
    )
    item = TransactionItem.objects.get(order=order)
    order.refresh_from_db()
    assert order.charge_status == "full" and order.total_charged_amount == link.amount

    staff_api_client.user.groups.add(permission_group_handle_payments)
    content = json.loads(
        staff_api_client.post_graphql(
            TRANSACTION_REQUEST_ACTION,
            {
                "id": graphene.Node.to_global_id("TransactionItem", item.token),
                "amount": "5.00",
            },
        ).content
    )
    assert content["data"]["transactionRequestAction"]["errors"] == [], content
    wait_until(
        lambda: TransactionEvent.objects.filter(
            transaction=item, type="refund_success"
        ).exists(),
        timeout=60,
        message="the worker did not carry the refund to Stripe and back",
    )
    [refund] = fake_stripe.refunds
    assert refund["amount"] == 500 and refund["payment_intent"] == item.psp_reference
    assert not Message.objects.filter(status="failed").exists()
    assert fake_stripe.violations == []
