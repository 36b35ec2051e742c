"""Unsigned Mollie notifications cost a call to Mollie with the merchant's key: they are
limited per payment account, and ids Mollie does not know are not asked about again."""

from __future__ import annotations

import pytest

from saleor_conversational.models import PaymentAccount, PaymentNotification
from saleor_conversational.views.payments import NOTIFICATIONS_PER_MINUTE
from tests.support.fakes.mollie import FakeMollie
from tests.support.fixtures import BASE


@pytest.fixture
def fake_mollie():
    server = FakeMollie().start()
    yield server
    server.stop()


def _account(channel, fake_mollie, name="Mollie") -> PaymentAccount:
    account = PaymentAccount(
        channel=channel, provider="mollie", name=name, base_url=fake_mollie.base_url
    )
    account.secrets = {"api_key": fake_mollie.api_key}
    account.save()
    return account


def _notify(client, account, payment_id: str):
    return client.post(
        f"{BASE}payments/mollie/{account.pk}/",
        data=f"id={payment_id}".encode(),
        content_type="application/x-www-form-urlencoded",
    )


def _lookups(fake_mollie) -> int:
    return sum(1 for r in fake_mollie.requests if "/payments/" in r.path)


def test_an_unknown_id_is_asked_about_once(plugin, client, channel_USD, fake_mollie):
    account = _account(channel_USD, fake_mollie)
    answers = [_notify(client, account, "tr_madeup1").status_code for _ in range(5)]

    assert answers == [400] * 5
    assert _lookups(fake_mollie) == 1
    assert not PaymentNotification.objects.exists()


def test_notifications_are_limited_per_account(
    plugin, client, channel_USD, fake_mollie, settings
):
    settings.CONVERSATIONAL_PSP_NOTIFICATIONS_PER_MINUTE = 5
    account = _account(channel_USD, fake_mollie)
    other = _account(channel_USD, fake_mollie, name="Other Mollie")
    for n in range(5):
        assert _notify(client, account, f"tr_flood{n}").status_code == 400

    response = _notify(client, account, "tr_flood99")

    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "psp-notifications-per-account" in response.json()["error"]
    assert _lookups(fake_mollie) == 5
    assert _notify(client, other, "tr_flood99").status_code == 400


def test_the_default_limit_is_generous(plugin, client, channel_USD, fake_mollie):
    account = _account(channel_USD, fake_mollie)
    statuses = {
        _notify(client, account, f"tr_many{n}").status_code
        for n in range(NOTIFICATIONS_PER_MINUTE)
    }
    assert statuses == {400}
    assert _notify(client, account, "tr_manymore").status_code == 429
