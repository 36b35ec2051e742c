"""Every money path has a retry, an idempotency key and an alert (M5, M6, M8), through
Saleor's URLconf with the fake Stripe."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import graphene
from django.utils import timezone
from saleor.app.models import App
from saleor.payment.models import TransactionEvent, TransactionItem

from saleor_conversational import tasks
from saleor_conversational.commerce.alerts import COMMERCE_APP_DEACTIVATED
from saleor_conversational.models import (
    CommerceAppCredential,
    PaymentAlert,
    PaymentLink,
    PaymentLinkStatus,
    PaymentNotification,
    RefundRequest,
)
from saleor_conversational.notifications import orders
from saleor_conversational.saleor_data import api as saleor_api
from saleor_conversational.saleor_data.api import SaleorApiError
from saleor_conversational.saleor_data.reads import COMMERCE_APP_IDENTIFIER
from tests.saleor.commerce.test_payment_links import (  # noqa: F401 (fixtures)
    TRANSACTION_REQUEST_ACTION,
    cart,
    fake_stripe,
    link_for,
    orders_for,
    post_stripe,
    stripe_account,
)


def _pay(cart, client, capture, account, fake):
    link = link_for(cart, capture)
    body, signature = fake.signed(fake.pay(link.psp_reference))
    assert post_stripe(client, capture, account, body, signature).status_code == 200
    return link


def _break(monkeypatch, mutation: str, state: dict):
    real = saleor_api.execute

    def execute(query, variables=None, *args, **kwargs):
        if mutation in query and state["broken"]:
            state["calls"] += 1
            raise SaleorApiError(f"{mutation} is down")
        return real(query, variables, *args, **kwargs)

    monkeypatch.setattr(saleor_api, "execute", execute)


def test_a_refund_saleor_was_not_told_of_is_reported_later_never_refunded_twice(
    cart,
    client,
    staff_api_client,
    permission_group_handle_payments,
    stripe_account,
    fake_stripe,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    capture = django_capture_on_commit_callbacks
    _pay(cart, client, capture, stripe_account, fake_stripe)
    item = TransactionItem.objects.get(order=orders_for(cart).get())
    state = {"broken": True, "calls": 0}
    _break(monkeypatch, "transactionEventReport", state)

    staff_api_client.user.groups.add(permission_group_handle_payments)
    with capture(execute=True):
        response = staff_api_client.post_graphql(
            TRANSACTION_REQUEST_ACTION,
            {
                "id": graphene.Node.to_global_id("TransactionItem", item.token),
                "amount": "5.00",
            },
        )
    assert (
        json.loads(response.content)["data"]["transactionRequestAction"]["errors"] == []
    )
    [refund] = fake_stripe.refunds  # refunded at the PSP once
    request = RefundRequest.objects.get()
    assert request.psp_refund_id == refund["id"] and request.reported_at is None
    assert state["calls"] > 1  # the report was retried
    assert PaymentAlert.objects.filter(code="refund_unreported").exists()

    # The task comes back (a redelivery): the PSP is not asked again.
    tasks.refund_chat_transaction.apply(
        args=(str(item.token), "5.00", request.request_event_id)
    )
    assert len(fake_stripe.refunds) == 1

    # Saleor works again: the sweeper tells it.
    state["broken"] = False
    RefundRequest.objects.update(created_at=timezone.now() - timedelta(minutes=10))
    with capture(execute=True):
        tasks.sweep()
    request.refresh_from_db()
    assert request.reported_at is not None
    item.refresh_from_db()
    assert item.refunded_value == Decimal("5.00")
    assert TransactionEvent.objects.filter(
        transaction=item, type="refund_success", psp_reference=refund["id"]
    ).exists()
    assert len(fake_stripe.refunds) == 1


def _set_app(staff_api_client, active: bool) -> None:
    app = CommerceAppCredential.objects.get().app
    name = "appActivate" if active else "appDeactivate"
    query = "mutation($id: ID!) { %s(id: $id) { errors { code } } }" % name
    response = staff_api_client.post_graphql(
        query, {"id": graphene.Node.to_global_id("App", app.pk)}
    )
    assert json.loads(response.content)["data"][name]["errors"] == []


def test_a_dashboard_refund_waits_while_the_commerce_app_is_deactivated(
    cart,
    client,
    staff_api_client,
    permission_group_handle_payments,
    permission_manage_apps,
    stripe_account,
    fake_stripe,
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    _pay(cart, client, capture, stripe_account, fake_stripe)
    item = TransactionItem.objects.get(order=orders_for(cart).get())
    staff_api_client.user.groups.add(permission_group_handle_payments)
    staff_api_client.user.user_permissions.add(permission_manage_apps)
    _set_app(staff_api_client, active=False)

    with capture(execute=True):
        staff_api_client.post_graphql(
            TRANSACTION_REQUEST_ACTION,
            {
                "id": graphene.Node.to_global_id("TransactionItem", item.token),
                "amount": "5.00",
            },
        )
    assert fake_stripe.refunds == []  # the PSP was not asked
    assert PaymentAlert.objects.get(code=COMMERCE_APP_DEACTIVATED).occurrences >= 1
    assert App.objects.filter(identifier=COMMERCE_APP_IDENTIFIER).count() == 1

    # The merchant activates the App again: the sweeper carries the refund out.
    _set_app(staff_api_client, active=True)
    RefundRequest.objects.update(created_at=timezone.now() - timedelta(minutes=10))
    with capture(execute=True):
        tasks.sweep()
    [refund] = fake_stripe.refunds
    assert refund["amount"] == 500
    item.refresh_from_db()
    assert item.refunded_value == Decimal("5.00")


def test_a_settlement_failing_for_any_reason_alerts_and_is_never_dropped_silently(
    cart,
    client,
    stripe_account,
    fake_stripe,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    capture = django_capture_on_commit_callbacks
    state = {"broken": True, "calls": 0}
    _break(monkeypatch, "checkoutComplete", state)
    link = _pay(cart, client, capture, stripe_account, fake_stripe)

    assert state["calls"] > 1  # retried
    notification = PaymentNotification.objects.get()
    assert notification.processed_at is None
    alert = PaymentAlert.objects.get(code="settlement_failed")
    assert alert.payment_link_id == link.pk
    assert "SaleorApiError" in alert.detail

    # Three days later it is given up, with an alert, not silently.
    PaymentNotification.objects.update(received_at=timezone.now() - timedelta(days=4))
    with capture(execute=True):
        tasks.sweep()
    notification.refresh_from_db()
    assert notification.outcome == "abandoned"
    assert PaymentAlert.objects.filter(code="settlement_abandoned").exists()


def test_erasing_the_customer_keeps_what_a_dashboard_refund_needs(
    cart,
    client,
    staff_api_client,
    permission_group_handle_payments,
    stripe_account,
    fake_stripe,
    django_capture_on_commit_callbacks,
    customer_user,
):
    capture = django_capture_on_commit_callbacks
    cart.contact.user = customer_user
    cart.contact.save(update_fields=["user"])
    link = _pay(cart, client, capture, stripe_account, fake_stripe)
    item = TransactionItem.objects.get(order=orders_for(cart).get())

    customer_user.delete()
    link = PaymentLink.objects.get(pk=link.pk)  # kept, anonymised
    assert link.chat_checkout_id is None and link.status == PaymentLinkStatus.PAID

    staff_api_client.user.groups.add(permission_group_handle_payments)
    with capture(execute=True):
        staff_api_client.post_graphql(
            TRANSACTION_REQUEST_ACTION,
            {
                "id": graphene.Node.to_global_id("TransactionItem", item.token),
                "amount": "5.00",
            },
        )
    [refund] = fake_stripe.refunds
    item.refresh_from_db()
    assert item.refunded_value == Decimal("5.00")
    assert refund["payment_intent"] == item.psp_reference


def test_an_order_update_that_fails_is_retried(order_with_lines, monkeypatch):
    calls = []
    real = orders.notify_order_event

    def flaky(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            raise SaleorApiError("a deadlock, once")
        return real(*args, **kwargs)

    monkeypatch.setattr(orders, "notify_order_event", flaky)
    tasks.notify_order_event.apply(args=("order_created", str(order_with_lines.pk)))
    assert len(calls) == 2
