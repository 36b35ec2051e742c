"""The Mollie client against the fake Mollie: payments, verified-by-fetch notifications,
refunds, cancels (no Django)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from mollie.api.version import VERSION as MOLLIE_SDK_VERSION

from saleor_conversational.commerce.payments.base import NotVerified, PspError
from saleor_conversational.commerce.payments.mollie import MollieClient
from tests.support.fakes.mollie import FakeMollie


@pytest.fixture
def fake():
    server = FakeMollie().start()
    yield server
    assert server.violations == []
    server.stop()


@pytest.fixture
def client(fake):
    return MollieClient(
        SimpleNamespace(base_url=fake.base_url, secrets={"api_key": fake.api_key})
    )


def payment(client, link="link-1", amount="12.30"):
    return client.create_payment(
        amount=Decimal(amount),
        currency="EUR",
        description="Order from chat",
        metadata={"checkout_token": "tok", "payment_link": link},
        expires_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1),
        return_url="https://shop.example/thanks",
        webhook_url="https://shop.example/plugins/global/saleor.conversational/payments/mollie/x/",
    )


def test_payment_is_created_for_the_exact_amount_and_its_notification_verified_by_fetching(
    client, fake
):
    created = payment(client)
    assert created.psp_reference.startswith("tr_")
    assert created.url.startswith("https://www.mollie.com/checkout/")
    assert fake.payments[created.psp_reference]["amount"] == {
        "currency": "EUR",
        "value": "12.30",
    }
    assert (
        client.verify(f"id={created.psp_reference}".encode(), {}) is None
    )  # still open
    body = fake.pay(created.psp_reference)
    verified = client.verify(body, {})
    assert (verified.paid, verified.amount, verified.currency) == (
        True,
        Decimal("12.30"),
        "EUR",
    )
    assert verified.metadata == {"checkout_token": "tok", "payment_link": "link-1"}
    assert verified.event_id == f"{created.psp_reference}:paid"
    assert verified.paid_at is not None
    fetched = client.fetch(created.psp_reference)
    assert fetched.amount == Decimal("12.30")
    # every call went through Mollie's own SDK
    assert {r.headers["user-agent"].split(" ")[0] for r in fake.requests} == {
        f"Mollie/{MOLLIE_SDK_VERSION}"
    }


def test_a_retried_create_replays_the_same_payment(client, fake):
    first = payment(client, "link-7")
    again = payment(client, "link-7")
    assert again.psp_reference == first.psp_reference
    assert len(fake.payments) == 1


def test_unreachable_mollie_or_a_malformed_key_is_a_psp_error_that_never_shows_the_key(
    fake,
):
    down = MollieClient(
        SimpleNamespace(
            base_url="http://127.0.0.1:9", secrets={"api_key": fake.api_key}
        )
    )
    with pytest.raises(PspError, match="unreachable"):
        down.fetch("tr_abc")
    bad = MollieClient(
        SimpleNamespace(base_url=fake.base_url, secrets={"api_key": "sk_secretvalue"})
    )
    with pytest.raises(PspError) as raised:
        payment(bad)
    assert "secretvalue" not in str(raised.value)
    assert fake.requests == []


@pytest.mark.parametrize(
    "body", [b"id=tr_unknown1", b"id=nonsense", b"", b"\xff\xfe", b"id=tr_a&id=tr_b"]
)
def test_unknown_or_malformed_notifications_are_not_verified(client, fake, body):
    with pytest.raises(NotVerified):
        client.verify(body, {})


def test_refund_is_idempotent_and_cancel_makes_open_payment_unusable(client, fake):
    created = payment(client)
    fake.pay(created.psp_reference)
    first = client.refund(
        created.psp_reference, Decimal("12.30"), "EUR", "refund-link-1"
    )
    assert first == client.refund(
        created.psp_reference, Decimal("12.30"), "EUR", "refund-link-1"
    )
    assert len(fake.refunds) == 1 and fake.refunds[0]["amount"] == {
        "currency": "EUR",
        "value": "12.30",
    }
    other = payment(client, "link-2")
    client.cancel(other.psp_reference)
    assert fake.payments[other.psp_reference]["status"] == "canceled"
    with pytest.raises(PspError):
        client.cancel(
            created.psp_reference
        )  # paid: Mollie refuses (422 problem object)
    fake.violations.clear()


def test_errors_come_back_as_problem_objects(client, fake):
    client.secrets = {"api_key": "test_wrong"}
    with pytest.raises(PspError, match="authenticate"):
        payment(client)
    response = fake.requests[-1]
    assert response.headers["authorization"] == "Bearer test_wrong"
    fake.violations.clear()


def test_amount_with_too_many_decimals_never_reaches_mollie(client, fake):
    with pytest.raises(PspError):
        payment(client, amount="12.345")
    assert fake.requests == []
