"""Buy and pay in chat, end to end through Saleor: chat -> cart -> payment link -> PSP
webhook (through Saleor's URLconf) -> Saleor transaction -> order -> confirmation in chat.

Fake Stripe and Mollie servers on 127.0.0.1 check every request the plugin sends.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from decimal import Decimal

import graphene
import pytest
from django.db import connections
from django.test import Client
from saleor.checkout.models import Checkout
from saleor.order.models import Order
from saleor.payment.models import TransactionEvent, TransactionItem
from saleor.warehouse.models import Stock

from saleor_conversational.commerce import checkout_api
from saleor_conversational.commerce.checkout import set_delivery, start_chat_checkout
from saleor_conversational.commerce.errors import CheckoutError
from saleor_conversational.commerce.payment_links import send_payment_link, webhook_url
from saleor_conversational.models import (
    ContactIdentity,
    ConversationNote,
    Message,
    PaymentAccount,
    PaymentAlert,
    PaymentLink,
    PaymentLinkStatus,
    PaymentNotification,
)
from saleor_conversational.saleor_data import api as saleor_api
from tests.support.fakes.mollie import FakeMollie
from tests.support.fakes.stripe import FakeStripe
from tests.support.fixtures import BASE

ADDRESS = {
    "firstName": "John",
    "lastName": "Doe",
    "streetAddress1": "Tęczowa 7",
    "city": "WROCŁAW",
    "postalCode": "53-601",
    "country": "PL",
}


@pytest.fixture
def fake_stripe():
    server = FakeStripe().start()
    yield server
    server.stop()


@pytest.fixture
def fake_mollie():
    server = FakeMollie().start()
    yield server
    server.stop()


@pytest.fixture
def stripe_account(fake_stripe, channel_USD):
    account = PaymentAccount(
        channel=channel_USD,
        provider="stripe",
        name="Stripe",
        base_url=fake_stripe.base_url,
    )
    account.secrets = {
        "api_key": fake_stripe.api_key,
        "webhook_secret": fake_stripe.webhook_secret,
    }
    account.save()
    return account


@pytest.fixture
def mollie_account(fake_mollie, channel_USD):
    account = PaymentAccount(
        channel=channel_USD,
        provider="mollie",
        name="Mollie",
        base_url=fake_mollie.base_url,
        return_url_template="https://shop.example/thanks/{token}",
    )
    account.secrets = {"api_key": fake_mollie.api_key}
    account.save()
    return account


def chat_contact(webchat):
    webchat.open()
    webchat.say("hi")
    webchat.poll()
    return ContactIdentity.objects.get(address=webchat.session.split(".")[0]).contact


@pytest.fixture
def cart(
    webchat, product, shipping_zone, channel_USD, django_capture_on_commit_callbacks
):
    """A chat checkout with 2 items, shipping and billing address, a delivery method."""
    contact = chat_contact(webchat)
    with django_capture_on_commit_callbacks(execute=True):
        chat_checkout = start_chat_checkout(
            contact=contact,
            channel=channel_USD,
            lines=[(product.variants.first().pk, 2)],
            email="buyer@example.com",
        )
    set_delivery(chat_checkout, address=ADDRESS)
    webchat.poll()  # the cart summary
    return chat_checkout


def saleor_total(chat_checkout) -> tuple[Decimal, str]:
    data = saleor_api.execute(
        "query($id: ID) { checkout(id: $id) { totalPrice { gross { amount currency } } } }",
        {"id": graphene.Node.to_global_id("Checkout", chat_checkout.checkout_token)},
    )["checkout"]["totalPrice"]["gross"]
    return Decimal(str(data["amount"])).quantize(Decimal("0.01")), data["currency"]


def link_for(chat_checkout, capture) -> PaymentLink:
    with capture(execute=True):
        return send_payment_link(chat_checkout)


def post_stripe(client, capture, account, body: bytes, signature: str | None):
    headers = {"HTTP_STRIPE_SIGNATURE": signature} if signature is not None else {}
    with capture(execute=True):
        return client.post(
            f"{BASE}payments/stripe/{account.pk}/",
            data=body,
            content_type="application/json",
            **headers,
        )


def post_mollie(client, capture, account, body: bytes):
    with capture(execute=True):
        return client.post(
            f"{BASE}payments/mollie/{account.pk}/",
            data=body,
            content_type="application/x-www-form-urlencoded",
        )


def orders_for(chat_checkout):
    return Order.objects.filter(checkout_token=str(chat_checkout.checkout_token))


def assert_refunded_without_order(link, chat_checkout, fake_stripe) -> dict:
    """The link's payment was refunded in full at Stripe and no order was made; the refund."""
    link.refresh_from_db()
    assert link.status == PaymentLinkStatus.REFUNDED
    assert not orders_for(chat_checkout).exists()
    [refund] = fake_stripe.refunds
    assert refund["amount"] == int(link.amount * 100)
    return refund


# -- the whole path ----------------------------------------------------------------------
def test_stripe_chat_to_order_with_confirmation_in_chat(
    cart,
    webchat,
    client,
    stripe_account,
    fake_stripe,
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    total, currency = saleor_total(cart)
    link = link_for(cart, capture)

    session = fake_stripe.sessions[link.psp_reference]
    assert (link.amount, link.currency) == (total, currency)
    assert (
        session["amount_total"] == int(total * 100)
        and session["currency"] == currency.lower()
    )
    assert session["metadata"] == {
        "checkout_token": str(cart.checkout_token),
        "payment_link": str(link.pk),
    }
    assert abs(session["expires_at"] - (time.time() + 60 * 60)) < 120
    [link_message] = [m for m in webchat.poll() if m["direction"] == "out"]
    assert link_message["kind"] == "link"  # web chat shows link buttons
    assert link_message["content"]["url"] == session["url"] == link.url
    assert "$30.00" in link_message["text"] and total == Decimal(
        "30.00"
    )  # in the shopper's locale
    assert link_message["content"]["label"] == "Pay now"

    body, signature = fake_stripe.signed(fake_stripe.pay(link.psp_reference))
    response = post_stripe(client, capture, stripe_account, body, signature)
    assert response.status_code == 200, response.content

    order = orders_for(cart).get()
    link.refresh_from_db()
    cart.refresh_from_db()
    assert (
        link.status == PaymentLinkStatus.PAID
        and link.order_id == order.pk == cart.order_id
    )
    assert order.charge_status == "full" and order.total_charged_amount == total
    item = TransactionItem.objects.get(order=order)
    assert (
        item.psp_reference == fake_stripe.sessions[link.psp_reference]["payment_intent"]
    )
    assert item.charged_value == total and str(item.token) == str(link.transaction_id)
    assert TransactionEvent.objects.filter(
        transaction=item, type="charge_success", amount_value=total
    ).exists()
    assert not Checkout.objects.filter(token=cart.checkout_token).exists()
    # One message, not also Saleor's order created / fully paid / confirmed notifications.
    assert webchat.replies() == [
        f"Thank you! We received your payment of $30.00. Your order #{order.number} is confirmed."
    ]
    assert fake_stripe.violations == []


def test_a_sales_channel_that_confirms_orders_by_hand_gets_no_confirmed_yet(
    cart,
    webchat,
    client,
    stripe_account,
    fake_stripe,
    django_capture_on_commit_callbacks,
):
    from saleor_conversational.notifications.orders import notify_order_event

    cart.channel.automatically_confirm_all_new_orders = False
    cart.channel.save(update_fields=["automatically_confirm_all_new_orders"])
    capture = django_capture_on_commit_callbacks
    link = link_for(cart, capture)
    webchat.poll()
    assert (
        post_stripe(
            client,
            capture,
            stripe_account,
            *fake_stripe.signed(fake_stripe.pay(link.psp_reference)),
        ).status_code
        == 200
    )
    order = orders_for(cart).get()
    assert order.status == "unconfirmed"
    assert webchat.replies() == [
        f"Thank you! We received your payment of $30.00 for order #{order.number}. "
        "We'll let you know as soon as it is confirmed."
    ]
    # Staff confirm it later in the Dashboard: that is news, and the shopper is told.
    with capture(execute=True):
        assert notify_order_event("order_confirmed", order.pk) == 1
    assert webchat.replies() == [
        f"Your order #{order.number} is confirmed. We'll let you know when it ships."
    ]


def test_mollie_chat_to_order(
    cart,
    webchat,
    client,
    mollie_account,
    fake_mollie,
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    total, currency = saleor_total(cart)
    link = link_for(cart, capture)
    payment = fake_mollie.payments[link.psp_reference]
    assert payment["amount"] == {"currency": currency, "value": f"{total:.2f}"}
    assert payment["webhookUrl"] == webhook_url(mollie_account)
    assert (
        payment["redirectUrl"] == f"https://shop.example/thanks/{cart.checkout_token}"
    )
    assert payment["_links"]["checkout"]["href"] == link.url

    response = post_mollie(
        client, capture, mollie_account, fake_mollie.pay(link.psp_reference)
    )
    assert response.status_code == 200, response.content
    order = orders_for(cart).get()
    assert TransactionItem.objects.get(order=order).psp_reference == link.psp_reference
    assert any(f"order #{order.number} is confirmed" in r for r in webchat.replies())
    assert fake_mollie.violations == []
    assert {r.headers["user-agent"].split(" ")[0] for r in fake_mollie.requests} == {
        "Mollie/4.0.0"
    }


def test_a_linked_customers_chat_order_is_theirs_in_saleor(
    webchat,
    product,
    shipping_zone,
    channel_USD,
    customer_user,
    client,
    stripe_account,
    fake_stripe,
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    contact = chat_contact(webchat)
    contact.user = customer_user
    contact.save(update_fields=["user"])
    with capture(execute=True):
        chat_checkout = start_chat_checkout(
            contact=contact,
            channel=channel_USD,
            lines=[(product.variants.first().pk, 1)],
            email=customer_user.email,
        )
    set_delivery(chat_checkout, address=ADDRESS)
    link = link_for(chat_checkout, capture)
    assert (
        post_stripe(
            client,
            capture,
            stripe_account,
            *fake_stripe.signed(fake_stripe.pay(link.psp_reference)),
        ).status_code
        == 200
    )
    order = orders_for(chat_checkout).get()
    assert (
        order.user_id == customer_user.pk
    )  # on the customer's page and in their account


# -- exactly one order -------------------------------------------------------------------
def test_same_webhook_twice_makes_one_order(
    cart, client, stripe_account, fake_stripe, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    link = link_for(cart, capture)
    body, signature = fake_stripe.signed(fake_stripe.pay(link.psp_reference))
    first = post_stripe(client, capture, stripe_account, body, signature)
    second = post_stripe(client, capture, stripe_account, body, signature)
    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json().get("duplicate") is True
    assert orders_for(cart).count() == 1
    assert PaymentNotification.objects.count() == 1
    assert TransactionItem.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_racing_deliveries_in_two_threads_make_one_order(
    webchat,
    product,
    shipping_zone,
    channel_USD,
    stripe_account,
    fake_stripe,
    django_capture_on_commit_callbacks,
):
    contact = chat_contact(webchat)
    chat_checkout = start_chat_checkout(
        contact=contact,
        channel=channel_USD,
        lines=[(product.variants.first().pk, 1)],
        email="buyer@example.com",
    )
    set_delivery(chat_checkout, address=ADDRESS)
    link = send_payment_link(chat_checkout)
    completed = fake_stripe.pay(link.psp_reference)
    # Stripe sends the same event twice and a second event about the same session.
    deliveries = [
        fake_stripe.signed(completed),
        fake_stripe.signed(completed),
        fake_stripe.signed(
            fake_stripe.event(
                "checkout.session.async_payment_succeeded", completed["data"]["object"]
            )
        ),
    ]
    barrier = threading.Barrier(len(deliveries))
    statuses = []

    def deliver(body, signature):
        from saleor.tests.utils import prepare_test_db_connections

        prepare_test_db_connections()  # this thread's "replica" shares its writer connection
        try:
            barrier.wait()
            response = Client().post(
                f"{BASE}payments/stripe/{stripe_account.pk}/",
                data=body,
                content_type="application/json",
                HTTP_STRIPE_SIGNATURE=signature,
            )
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver, args=d) for d in deliveries]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert statuses == [200, 200, 200]
    assert (
        Order.objects.filter(checkout_token=str(chat_checkout.checkout_token)).count()
        == 1
    )
    assert TransactionItem.objects.count() == 1
    assert PaymentNotification.objects.count() == 2  # one per Stripe event id
    link.refresh_from_db()
    assert link.status == PaymentLinkStatus.PAID


# -- refused notifications ---------------------------------------------------------------
@pytest.mark.parametrize("forge", ["secret", "stale", "tampered", "missing"])
def test_forged_or_stale_stripe_signature_writes_nothing(
    forge,
    cart,
    client,
    stripe_account,
    fake_stripe,
    caplog,
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    link = link_for(cart, capture)
    event = fake_stripe.pay(link.psp_reference)
    if forge == "secret":
        body, signature = fake_stripe.signed(event, secret="whsec_attacker")
    elif forge == "stale":
        body, signature = fake_stripe.signed(event, timestamp=int(time.time()) - 3600)
    elif forge == "tampered":
        body, signature = fake_stripe.signed(event)
        body = body.replace(b'"paid"', b'"paid" ')
    else:
        body, signature = fake_stripe.signed(event)[0], None
    with caplog.at_level(logging.WARNING):
        response = post_stripe(client, capture, stripe_account, body, signature)
        again = post_stripe(client, capture, stripe_account, body, signature)
    assert response.status_code == again.status_code == 400
    assert "not verified" in response.json()["error"]
    assert "refused" in caplog.text
    assert not orders_for(cart).exists()
    assert not PaymentNotification.objects.exists()
    link.refresh_from_db()
    assert link.status == PaymentLinkStatus.OPEN
    # staff are alerted: one open alert for the account and reason, counting both
    reason = {
        "secret": "forged",
        "tampered": "forged",
        "stale": "stale",
        "missing": "unsigned",
    }[forge]
    [alert] = PaymentAlert.objects.all()
    assert (alert.code, alert.occurrences, alert.account_id) == (
        f"notification_{reason}",
        2,
        stripe_account.pk,
    )
    assert alert.payment_link_id is None and alert.resolved_at is None


def test_unknown_mollie_id_is_refused(
    cart,
    client,
    mollie_account,
    fake_mollie,
    caplog,
    django_capture_on_commit_callbacks,
):
    link_for(cart, django_capture_on_commit_callbacks)
    with caplog.at_level(logging.WARNING):
        response = post_mollie(
            client,
            django_capture_on_commit_callbacks,
            mollie_account,
            b"id=tr_doesnotexist",
        )
    assert response.status_code == 400
    assert "does not know" in response.json()["error"]
    assert "refused" in caplog.text
    assert not PaymentNotification.objects.exists() and not orders_for(cart).exists()
    malformed = post_mollie(
        client, django_capture_on_commit_callbacks, mollie_account, b"{json: 1}"
    )
    assert malformed.status_code == 400
    assert sorted(PaymentAlert.objects.values_list("code", "occurrences")) == [
        ("notification_malformed", 1),
        ("notification_unknown_payment", 1),
    ]


def test_unknown_account_or_provider_is_404(
    plugin, client, stripe_account, django_capture_on_commit_callbacks
):
    other = post_mollie(
        client, django_capture_on_commit_callbacks, stripe_account, b"id=tr_x"
    )
    assert other.status_code == 404
    assert "unknown payment account" in other.json()["error"]


@pytest.mark.parametrize("what", ["amount", "currency", "cart_changed"])
def test_wrong_amount_or_currency_makes_no_order_and_alerts(
    what,
    cart,
    client,
    webchat,
    stripe_account,
    fake_stripe,
    caplog,
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    link = link_for(cart, capture)
    session = fake_stripe.sessions[link.psp_reference]
    if what == "amount":
        session["amount_total"] -= 100
    elif what == "currency":
        session["currency"] = "eur"
    else:  # the shopper added an item after the link was sent
        line = Checkout.objects.get(token=cart.checkout_token).lines.get()
        line.quantity += 1
        line.save(update_fields=["quantity"])
        Checkout.objects.filter(token=cart.checkout_token).update(
            price_expiration="2000-01-01T00:00:00Z"
        )
    body, signature = fake_stripe.signed(fake_stripe.pay(link.psp_reference))
    with caplog.at_level(logging.WARNING):
        response = post_stripe(client, capture, stripe_account, body, signature)
    assert response.status_code == 200
    assert not orders_for(cart).exists()
    assert not TransactionItem.objects.exists()
    [alert] = PaymentAlert.objects.all()
    assert alert.code == "amount_mismatch" and alert.payment_link_id == link.pk
    assert "amount_mismatch" in caplog.text
    # whoever opens the shopper's thread sees it too
    [note] = ConversationNote.objects.filter(conversation__contact=cart.contact)
    assert note.text.startswith("Payment alert (amount_mismatch)")
    link.refresh_from_db()
    assert link.status == PaymentLinkStatus.FAILED
    assert any("no order was placed" in r for r in webchat.replies())


# -- fresh links, out of stock -------------------------------------------------------------
def test_fresh_link_supersedes_and_expires_the_old_one_which_never_completes_an_order(
    cart,
    client,
    webchat,
    stripe_account,
    fake_stripe,
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    old = link_for(cart, capture)
    new = link_for(cart, capture)
    old.refresh_from_db()
    assert (
        old.status == PaymentLinkStatus.SUPERSEDED
        and new.status == PaymentLinkStatus.OPEN
    )
    assert fake_stripe.sessions[old.psp_reference]["status"] == "expired"
    # Stripe would refuse the old session now; play a payment that slipped through anyway.
    fake_stripe.sessions[old.psp_reference]["status"] = "open"
    body, signature = fake_stripe.signed(fake_stripe.pay(old.psp_reference))
    assert (
        post_stripe(client, capture, stripe_account, body, signature).status_code == 200
    )
    assert_refunded_without_order(old, cart, fake_stripe)
    assert any("has been refunded" in r for r in webchat.replies())
    assert fake_stripe.violations == []


def test_out_of_stock_between_link_and_payment_is_refunded_and_shopper_told(
    cart,
    client,
    webchat,
    product,
    stripe_account,
    fake_stripe,
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    link = link_for(cart, capture)
    Stock.objects.filter(product_variant=product.variants.first()).update(quantity=0)
    body, signature = fake_stripe.signed(fake_stripe.pay(link.psp_reference))
    assert (
        post_stripe(client, capture, stripe_account, body, signature).status_code == 200
    )
    refund = assert_refunded_without_order(link, cart, fake_stripe)
    assert (
        refund["payment_intent"]
        == fake_stripe.sessions[link.psp_reference]["payment_intent"]
    )
    item = TransactionItem.objects.get(token=link.transaction_id)
    assert item.refunded_value == link.amount and item.charged_value == 0
    assert any(
        "no longer available" in r and "refunded" in r for r in webchat.replies()
    )
    # The same notification again changes nothing and refunds nothing twice.
    assert (
        post_stripe(client, capture, stripe_account, body, signature).status_code == 200
    )
    assert len(fake_stripe.refunds) == 1
    assert fake_stripe.violations == []


def test_no_payment_account_is_a_checkout_error(
    cart, django_capture_on_commit_callbacks
):
    with pytest.raises(CheckoutError) as error:
        link_for(cart, django_capture_on_commit_callbacks)
    assert error.value.code == "NOT_CONFIGURED"
    assert not PaymentLink.objects.exists()


PAYMENT_LINK_SEND = """mutation($id: ID!) { chatCheckoutPaymentLinkSend(id: $id) {
  chatCheckout { checkoutToken } errors { field code message } } }"""


def test_no_link_until_saleor_could_complete_the_checkout_through_the_api_too(
    webchat,
    client,
    product,
    shipping_zone,
    channel_USD,
    staff_user,
    stripe_account,
    fake_stripe,
    django_capture_on_commit_callbacks,
):
    """A link paid for a checkout without email, addresses or shipping method could never
    become an order: it is refused before any row is written or the PSP is asked."""
    from saleor.account.models import Group
    from saleor.permission.models import Permission

    from tests.support.api import Api, gid, user_token

    capture = django_capture_on_commit_callbacks
    with capture(execute=True):
        chat_checkout = start_chat_checkout(
            contact=chat_contact(webchat),
            channel=channel_USD,
            lines=[(product.variants.first().pk, 1)],
        )
    with pytest.raises(CheckoutError) as refused:
        link_for(chat_checkout, capture)
    assert refused.value.code == "INCOMPLETE"
    assert refused.value.message == (
        "The checkout still needs: email, shipping address, shipping method, billing address."
    )

    group = Group.objects.create(name="Orders", restricted_access_to_channels=False)
    group.permissions.add(Permission.objects.get(codename="manage_orders"))
    staff_user.groups.add(group)
    api = Api(client, capture, user_token(staff_user))
    assert not checkout_api.update_email(chat_checkout, "buyer@example.com")
    assert not checkout_api.update_shipping_address(chat_checkout, ADDRESS)[0]
    assert not checkout_api.update_billing_address(chat_checkout, ADDRESS)
    # addresses, no method
    payload = api.data(
        PAYMENT_LINK_SEND, {"id": gid("ChatCheckout", chat_checkout.pk)}
    )["chatCheckoutPaymentLinkSend"]
    assert payload == {
        "chatCheckout": None,
        "errors": [
            {
                "field": "checkout",
                "code": "CHECKOUT_ERROR",
                "message": "The checkout still needs: shipping method.",
            }
        ],
    }
    assert not PaymentLink.objects.exists() and fake_stripe.sessions == {}

    set_delivery(chat_checkout, address=ADDRESS)  # now Saleor has everything it needs
    payload = api.data(
        PAYMENT_LINK_SEND, {"id": gid("ChatCheckout", chat_checkout.pk)}
    )["chatCheckoutPaymentLinkSend"]
    assert payload == {
        "chatCheckout": {"checkoutToken": str(chat_checkout.checkout_token)},
        "errors": [],
    }
    link = PaymentLink.objects.get()
    assert (link.amount, link.currency) == saleor_total(
        chat_checkout
    ) and link.psp_reference in fake_stripe.sessions
    assert fake_stripe.violations == []


def test_psp_refusal_is_a_checkout_error_and_sends_nothing(
    cart, webchat, stripe_account, fake_stripe, django_capture_on_commit_callbacks
):
    stripe_account.link_expiry_minutes = 5  # Stripe wants 30 minutes to 24 hours
    stripe_account.save()
    before = Message.objects.count()
    with pytest.raises(CheckoutError) as error:
        link_for(cart, django_capture_on_commit_callbacks)
    assert error.value.code == "PSP_ERROR"
    assert PaymentLink.objects.get().status == PaymentLinkStatus.EXPIRED
    assert Message.objects.count() == before
    fake_stripe.violations.clear()


# -- refunds from the Dashboard ---------------------------------------------------------------
TRANSACTION_REQUEST_ACTION = """
mutation($id: ID!, $amount: PositiveDecimal) {
  transactionRequestAction(id: $id, actionType: REFUND, amount: $amount) {
    errors { field code message }
  }
}
"""


@pytest.mark.parametrize("provider", ["stripe", "mollie"])
def test_dashboard_refund_reaches_the_psp_and_lands_on_the_order(
    provider,
    cart,
    client,
    request,
    staff_api_client,
    permission_group_handle_payments,
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    account = request.getfixturevalue(f"{provider}_account")
    fake = request.getfixturevalue(f"fake_{provider}")
    link = link_for(cart, capture)
    if provider == "stripe":
        body, signature = fake.signed(fake.pay(link.psp_reference))
        assert post_stripe(client, capture, account, body, signature).status_code == 200
    else:
        assert (
            post_mollie(
                client, capture, account, fake.pay(link.psp_reference)
            ).status_code
            == 200
        )
    order = orders_for(cart).get()
    item = TransactionItem.objects.get(order=order)

    staff_api_client.user.groups.add(permission_group_handle_payments)
    response = staff_api_client.post_graphql(
        TRANSACTION_REQUEST_ACTION,
        {
            "id": graphene.Node.to_global_id("TransactionItem", item.token),
            "amount": "5.00",
        },
    )
    content = json.loads(response.content)
    assert "errors" not in content, content
    assert content["data"]["transactionRequestAction"]["errors"] == [], content

    [refund] = fake.refunds
    if provider == "stripe":
        assert (
            refund["amount"] == 500 and refund["payment_intent"] == item.psp_reference
        )
    else:
        assert (
            refund["amount"]["value"] == "5.00"
            and refund["paymentId"] == item.psp_reference
        )
    item.refresh_from_db()
    order.refresh_from_db()
    assert item.refunded_value == Decimal("5.00")
    assert TransactionEvent.objects.filter(
        transaction=item,
        type="refund_success",
        amount_value=Decimal("5.00"),
        psp_reference=refund["id"],
    ).exists()
    assert item.charged_value == link.amount - Decimal("5.00")
    assert order.total_charged_amount == link.amount - Decimal(
        "5.00"
    )  # the refund landed on the order
    assert fake.violations == []


def test_refund_hook_ignores_transactions_of_others(
    plugin, order_with_lines, transaction_item_generator
):
    from saleor.payment.interface import TransactionActionData

    item = transaction_item_generator(
        order_id=order_with_lines.pk, charged_value=Decimal(10)
    )
    event = item.events.create(
        type="refund_request", amount_value=Decimal(10), currency=item.currency
    )
    data = TransactionActionData(
        action_type="refund",
        transaction=item,
        event=event,
        transaction_app_owner=None,
        action_value=Decimal(10),
    )
    assert plugin.transaction_refund_requested(data, previous_value="prev") == "prev"
    assert not TransactionEvent.objects.filter(type="refund_success").exists()


# -- asking in chat ----------------------------------------------------------------------------
def test_shopper_asks_for_a_link_in_chat_and_again_for_a_fresh_one(
    cart, webchat, stripe_account, fake_stripe
):
    webchat.say("pay")
    [first] = [m for m in webchat.poll() if m["direction"] == "out"]
    assert first["kind"] == "link"
    webchat.say("new link")
    [second] = [m for m in webchat.poll() if m["direction"] == "out"]
    assert second["content"]["url"] != first["content"]["url"]
    old, new = PaymentLink.objects.order_by("created_at")
    assert (old.status, new.status) == (
        PaymentLinkStatus.SUPERSEDED,
        PaymentLinkStatus.OPEN,
    )
    assert old.url == first["content"]["url"] and new.url == second["content"]["url"]
    assert fake_stripe.sessions[old.psp_reference]["status"] == "expired"
    assert fake_stripe.violations == []


def test_asking_to_pay_without_a_cart_is_answered(webchat, stripe_account):
    chat_contact(webchat)
    webchat.say("pay")
    assert any("no open cart" in r for r in webchat.replies())
    assert not PaymentLink.objects.exists()


# -- no input makes the webhook answer 5xx -----------------------------------------------------
@pytest.mark.parametrize("provider", ["stripe", "mollie"])
def test_psp_webhook_never_answers_5xx_and_writes_nothing_unverified(
    provider, plugin, client, request, django_capture_on_commit_callbacks
):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    account = request.getfixturevalue(f"{provider}_account")

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
        ],
    )
    @given(
        body=st.one_of(
            st.binary(max_size=500),
            st.from_regex(r"id=tr_[A-Za-z0-9]{1,12}", fullmatch=True).map(str.encode),
        ),
        signature=st.one_of(
            st.none(),
            st.text(max_size=80).map(lambda t: t.replace("\n", "").replace("\r", "")),
        ),
    )
    def fuzz(body, signature):
        headers = {"HTTP_STRIPE_SIGNATURE": signature} if signature is not None else {}
        response = client.post(
            f"{BASE}payments/{provider}/{account.pk}/",
            data=body,
            content_type="application/x-www-form-urlencoded",
            **headers,
        )
        assert 400 <= response.status_code < 500, response.content
        assert response.json()["error"]

    fuzz()
    assert not PaymentNotification.objects.exists()
    # however many arrived, refusals stay one alert per reason
    codes = list(PaymentAlert.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes)) <= 6 and all(
        c.startswith("notification_") for c in codes
    )


def test_a_notification_whose_task_was_lost_is_settled_by_the_sweeper(
    cart, webchat, stripe_account, fake_stripe, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    from saleor_conversational.tasks import sweep

    link = link_for(cart, django_capture_on_commit_callbacks)
    fake_stripe.pay(link.psp_reference)
    # Stored by the webhook, but the worker running its task died for good.
    PaymentNotification.objects.create(
        account=stripe_account,
        event_id="evt_lost",
        payment_link=link,
        received_at=timezone.now() - datetime.timedelta(minutes=10),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep()["payments"] == 1
    assert orders_for(cart).count() == 1
    assert PaymentNotification.objects.get().outcome == "paid"
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep()["payments"] == 0  # settled: not picked up again
    assert orders_for(cart).count() == 1


# -- every messaging channel ---------------------------------------------------------------------
def _messaging_channels():
    from tests.support.providers import conformance_classes

    return conformance_classes()


@pytest.mark.parametrize("suite_cls", _messaging_channels())
def test_link_reaches_every_messaging_channel_as_a_button_or_as_text(
    suite_cls,
    plugin,
    client,
    product,
    shipping_zone,
    channel_USD,
    stripe_account,
    fake_stripe,
    django_capture_on_commit_callbacks,
):
    from urllib.parse import unquote_plus

    from tests.support.providers import Provider, post_inbound

    capture = django_capture_on_commit_callbacks
    provider = Provider(suite_cls, channel_USD)
    try:
        with capture(execute=True):
            assert (
                post_inbound(
                    client, provider.path, provider.inbound_text("hi")
                ).status_code
                == 200
            )
        contact = ContactIdentity.objects.get(account=provider.account).contact
        with capture(execute=True):
            chat_checkout = start_chat_checkout(
                contact=contact,
                channel=channel_USD,
                lines=[(product.variants.first().pk, 1)],
                email="buyer@example.com",
            )
        set_delivery(chat_checkout, address=ADDRESS)
        link = link_for(
            chat_checkout, capture
        )  # (the bot path is tested on web chat above)
        row = Message.objects.get(purpose=f"payment-link:{link.pk}")
        assert row.status == "sent", (row.error_code, row.error_reason)
        last = provider.fake.sent()[-1]
        assert link.url in unquote_plus(last.body.decode()), last.body
        assert provider.fake.violations == []
    finally:
        provider.stop()


def test_link_expired_at_the_psp_is_marked_expired(
    cart, client, stripe_account, fake_stripe, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    link = link_for(cart, capture)
    session = fake_stripe.sessions[link.psp_reference]
    session["status"] = (
        "expired"  # Stripe expires it at expires_at and tells the webhook
    )
    body, signature = fake_stripe.signed(
        fake_stripe.event("checkout.session.expired", dict(session))
    )
    assert (
        post_stripe(client, capture, stripe_account, body, signature).status_code == 200
    )
    link.refresh_from_db()
    assert link.status == PaymentLinkStatus.EXPIRED
    notification = PaymentNotification.objects.get()
    assert (notification.outcome, notification.processed_at is not None) == (
        "expired",
        True,
    )
    assert not orders_for(cart).exists()


def test_mollie_payment_cancelled_at_mollie_expires_the_link(
    cart, client, mollie_account, fake_mollie, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    link = link_for(cart, capture)
    fake_mollie.payments[link.psp_reference].update(
        status="expired", isCancelable=False
    )
    assert (
        post_mollie(
            client, capture, mollie_account, f"id={link.psp_reference}".encode()
        ).status_code
        == 200
    )
    link.refresh_from_db()
    assert link.status == PaymentLinkStatus.EXPIRED
    assert PaymentNotification.objects.get().event_id == f"{link.psp_reference}:expired"


def test_mollie_payment_for_another_amount_makes_no_order(
    cart,
    client,
    webchat,
    mollie_account,
    fake_mollie,
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    link = link_for(cart, capture)
    body = fake_mollie.pay(
        link.psp_reference, amount={"currency": "USD", "value": "1.00"}
    )
    assert post_mollie(client, capture, mollie_account, body).status_code == 200
    assert not orders_for(cart).exists()
    [alert] = PaymentAlert.objects.all()
    assert alert.code == "amount_mismatch" and "1.00 USD" in alert.detail
    link.refresh_from_db()
    assert link.status == PaymentLinkStatus.FAILED


def test_dashboard_refund_refused_by_the_psp_is_reported_as_failure(
    cart,
    client,
    staff_api_client,
    permission_group_handle_payments,
    stripe_account,
    fake_stripe,
    django_capture_on_commit_callbacks,
):
    from tests.support.fakes.stripe import error

    capture = django_capture_on_commit_callbacks
    link = link_for(cart, capture)
    body, signature = fake_stripe.signed(fake_stripe.pay(link.psp_reference))
    assert (
        post_stripe(client, capture, stripe_account, body, signature).status_code == 200
    )
    item = TransactionItem.objects.get(order=orders_for(cart).get())
    fake_stripe.fail_next(
        error(400, "Charge has been disputed", kind="invalid_request_error")
    )
    staff_api_client.user.groups.add(permission_group_handle_payments)
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
    assert fake_stripe.refunds == []
    item.refresh_from_db()
    assert item.refunded_value == 0 and item.charged_value == link.amount
    failure = TransactionEvent.objects.get(transaction=item, type="refund_failure")
    assert "disputed" in failure.message
    assert PaymentAlert.objects.get().code == "refund_failed"


def test_texts_follow_the_shoppers_language(
    cart,
    client,
    webchat,
    stripe_account,
    fake_stripe,
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    cart.contact.language_code = "nl"
    cart.contact.save(update_fields=["language_code"])
    link = link_for(cart, capture)
    [message] = [m for m in webchat.poll() if m["direction"] == "out"]
    assert message["text"].startswith("Te betalen:") and "30,00" in message["text"], (
        message["text"]
    )
    assert message["content"]["label"] == "Nu betalen"
    body, signature = fake_stripe.signed(fake_stripe.pay(link.psp_reference))
    assert (
        post_stripe(client, capture, stripe_account, body, signature).status_code == 200
    )
    number = orders_for(cart).get().number
    assert any(f"Je bestelling #{number} is bevestigd" in r for r in webchat.replies())


def test_refund_requests_are_claimed_only_where_chat_payments_are_configured(
    plugin, channel_USD
):
    from saleor.plugins.manager import get_plugins_manager

    manager = get_plugins_manager(allow_replica=False)
    assert not manager.is_event_active_for_any_plugin(
        "transaction_refund_requested", channel_USD.slug
    )
    account = PaymentAccount(channel=channel_USD, provider="stripe", name="Stripe")
    account.secrets = {"api_key": "sk_test_x", "webhook_secret": "whsec_x"}
    account.save()
    manager = get_plugins_manager(allow_replica=False)
    assert manager.is_event_active_for_any_plugin(
        "transaction_refund_requested", channel_USD.slug
    )


def test_genuine_events_of_other_integrations_are_acknowledged_and_ignored(
    plugin, client, stripe_account, fake_stripe, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    other = fake_stripe.event(
        "checkout.session.completed",
        {
            "object": "checkout.session",
            "id": "cs_test_other",
            "payment_status": "paid",
            "status": "complete",
            "amount_total": 999,
            "currency": "usd",
            "metadata": {},
            "payment_intent": "pi_other",
        },
    )
    response = post_stripe(client, capture, stripe_account, *fake_stripe.signed(other))
    assert (
        response.status_code == 200
        and response.json()["reason"] == "not a chat payment"
    )
    claiming = fake_stripe.event(
        "checkout.session.completed",
        {
            "object": "checkout.session",
            "id": "cs_test_other2",
            "payment_status": "paid",
            "status": "complete",
            "amount_total": 999,
            "currency": "usd",
            "metadata": {"payment_link": "forged"},
            "payment_intent": "pi_x",
        },
    )
    assert (
        post_stripe(
            client, capture, stripe_account, *fake_stripe.signed(claiming)
        ).status_code
        == 404
    )
    assert not PaymentNotification.objects.exists()
    assert list(PaymentAlert.objects.values_list("code", flat=True)) == [
        "notification_unmatched_link"
    ]


# -- staff see the alerts -----------------------------------------------------------------
ALERTS = """query($resolved: Boolean) { paymentAlerts(resolved: $resolved) {
    id code detail occurrences provider channelSlug conversationId resolvedAt resolvedById
    chatCheckout { checkoutToken paymentLinkStatus } } }"""
RESOLVE = """mutation($id: ID!) { paymentAlertResolve(id: $id) { paymentAlert { resolvedAt } errors { code } } }"""


def test_staff_see_alerts_resolve_them_and_channel_restricted_staff_see_only_theirs(
    cart,
    client,
    webchat,
    stripe_account,
    fake_stripe,
    channel_PLN,
    staff_users,
    permission_group_all_perms_channel_USD_only,
    django_capture_on_commit_callbacks,
):
    from saleor.account.models import Group
    from saleor.permission.models import Permission

    from tests.support.api import Api, gid, user_token

    capture = django_capture_on_commit_callbacks
    link = link_for(cart, capture)
    fake_stripe.sessions[link.psp_reference]["amount_total"] -= 1
    assert (
        post_stripe(
            client,
            capture,
            stripe_account,
            *fake_stripe.signed(fake_stripe.pay(link.psp_reference)),
        ).status_code
        == 200
    )
    body, _ = fake_stripe.signed(
        fake_stripe.event("checkout.session.completed", {"object": "checkout.session"})
    )
    for _ in range(3):
        assert (
            post_stripe(
                client, capture, stripe_account, body, "t=1,v1=forged"
            ).status_code
            == 400
        )
    pln_account = PaymentAccount(
        channel=channel_PLN,
        provider="stripe",
        name="PLN",
        base_url=fake_stripe.base_url,
    )
    pln_account.secrets = {
        "api_key": fake_stripe.api_key,
        "webhook_secret": fake_stripe.webhook_secret,
    }
    pln_account.save()
    assert post_stripe(client, capture, pln_account, body, None).status_code == 400

    boss = staff_users[0]
    group = Group.objects.create(name="Support", restricted_access_to_channels=False)
    group.permissions.add(Permission.objects.get(codename="manage_orders"))
    boss.groups.add(group)
    api = Api(client, capture, user_token(boss))
    alerts = {a["code"]: a for a in api.data(ALERTS)["paymentAlerts"]}
    assert set(alerts) == {
        "amount_mismatch",
        "notification_forged",
        "notification_unsigned",
    }
    mismatch = alerts["amount_mismatch"]
    assert mismatch["chatCheckout"] == {
        "checkoutToken": str(cart.checkout_token),
        "paymentLinkStatus": "failed",
    }
    assert mismatch["conversationId"] == gid(
        "Conversation", cart.contact.conversations.get().pk
    )
    assert (mismatch["provider"], mismatch["channelSlug"]) == (
        "stripe",
        cart.channel.slug,
    )
    assert alerts["notification_forged"]["occurrences"] == 3
    assert alerts["notification_unsigned"]["channelSlug"] == channel_PLN.slug

    # staff_users[1] may see only the USD sales channel
    restricted = Api(client, capture, user_token(staff_users[1]))
    assert {a["code"] for a in restricted.data(ALERTS)["paymentAlerts"]} == {
        "amount_mismatch",
        "notification_forged",
    }
    refused = restricted.data(RESOLVE, {"id": alerts["notification_unsigned"]["id"]})[
        "paymentAlertResolve"
    ]
    assert refused["paymentAlert"] is None and refused["errors"] == [
        {"code": "NOT_FOUND"}
    ]

    done = api.mutate(
        "paymentAlertResolve",
        RESOLVE.replace("errors { code }", "errors { code message }"),
        {"id": alerts["notification_forged"]["id"]},
    )
    assert done["paymentAlert"]["resolvedAt"]
    [resolved] = api.data(ALERTS, {"resolved": True})["paymentAlerts"]
    assert resolved["code"] == "notification_forged" and resolved[
        "resolvedById"
    ] == gid("User", boss.pk)
    # a refusal after resolving opens a fresh alert, counted from one
    assert (
        post_stripe(client, capture, stripe_account, body, "t=1,v1=forged").status_code
        == 400
    )
    open_now = {a["code"]: a["occurrences"] for a in api.data(ALERTS)["paymentAlerts"]}
    assert open_now == {
        "amount_mismatch": 1,
        "notification_forged": 1,
        "notification_unsigned": 1,
    }
