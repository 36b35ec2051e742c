"""The Stripe client against the fake Stripe: sessions, signed events, refunds (no Django)."""

from __future__ import annotations

import datetime
import time
from decimal import Decimal
from types import SimpleNamespace

import pytest

from saleor_conversational.commerce.payments.base import NotVerified
from saleor_conversational.commerce.payments.stripe import StripeClient
from tests.support.fakes.stripe import FakeStripe


@pytest.fixture
def fake():
    server = FakeStripe().start()
    yield server
    server.stop()


@pytest.fixture
def client(fake):
    account = SimpleNamespace(
        base_url=fake.base_url,
        secrets={"api_key": fake.api_key, "webhook_secret": fake.webhook_secret},
    )
    return StripeClient(account)


def session(client, link="link-1"):
    return client.create_payment(
        amount=Decimal("12.34"),
        currency="USD",
        description="Order from chat",
        metadata={"checkout_token": "tok", "payment_link": link},
        expires_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1),
        return_url="https://shop.example/thanks",
        webhook_url="",
    )


def test_paid_session_event_is_verified_with_saleor_amount(client, fake):
    created = session(client)
    assert fake.sessions[created.psp_reference]["amount_total"] == 1234
    body, signature = fake.signed(fake.pay(created.psp_reference))
    payment = client.verify(body, {"Stripe-Signature": signature})
    assert (payment.paid, payment.amount, payment.currency) == (
        True,
        Decimal("12.34"),
        "USD",
    )
    assert payment.session_reference == created.psp_reference
    assert payment.metadata["checkout_token"] == "tok"
    assert fake.violations == []


@pytest.mark.parametrize("forge", ["secret", "stale", "body"])
def test_forged_or_stale_signatures_are_refused(client, fake, forge):
    created = session(client)
    event = fake.pay(created.psp_reference)
    if forge == "secret":
        body, signature = fake.signed(event, secret="whsec_other")
    elif forge == "stale":
        body, signature = fake.signed(event, timestamp=int(time.time()) - 3600)
    else:
        body, signature = fake.signed(event)
        body = body.replace(b"1234", b"1")
    with pytest.raises(NotVerified):
        client.verify(body, {"Stripe-Signature": signature})


def test_refund_and_expire(client, fake):
    created = session(client)
    event = fake.pay(created.psp_reference)
    intent = event["data"]["object"]["payment_intent"]
    refund_id = client.refund(intent, Decimal("12.34"), "USD", "refund-link-1")
    assert refund_id == client.refund(
        intent, Decimal("12.34"), "USD", "refund-link-1"
    )  # idempotent
    assert len(fake.refunds) == 1
    other = session(client, "link-2")
    client.cancel(other.psp_reference)
    assert fake.sessions[other.psp_reference]["status"] == "expired"
    assert fake.violations == []


def test_fetch_reads_the_session_back_and_expired_events_close_it(client, fake):
    created = session(client)
    before = client.fetch(created.psp_reference)
    assert (before.paid, before.closed, before.amount) == (
        False,
        False,
        Decimal("12.34"),
    )
    client.cancel(created.psp_reference)
    expired = client.fetch(created.psp_reference)
    assert expired.closed and not expired.paid
    body, signature = fake.signed(
        fake.event("checkout.session.expired", fake.sessions[created.psp_reference])
    )
    event = client.verify(body, {"Stripe-Signature": signature})
    assert event.closed and event.session_reference == created.psp_reference
    other = session(client, "link-2")
    body, signature = fake.signed(fake.pay(other.psp_reference))
    paid = client.fetch(other.psp_reference)
    assert paid.paid and paid.payment_reference.startswith("pi_")
    assert fake.violations == []
