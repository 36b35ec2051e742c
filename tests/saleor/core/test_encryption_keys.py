"""Encryption keys: setting them for the first time, rotating them, rotating SECRET_KEY,
and the check that says what is still under an old key."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core import checks
from django.core.management import call_command
from django.core.management.base import CommandError

from saleor_conversational.core.crypto import key_position
from saleor_conversational.models import MessagingAccount, PaymentAccount
from saleor_conversational.models.encrypted import encrypted_columns, stored_values
from saleor_conversational.saleor_data import api as saleor_api

NEW_KEY = Fernet.generate_key().decode()
NEWER_KEY = Fernet.generate_key().decode()


@pytest.fixture
def no_keys_in_environment(monkeypatch, settings):
    monkeypatch.delenv("CONVERSATIONAL_ENCRYPTION_KEYS", raising=False)
    settings.CONVERSATIONAL_ENCRYPTION_KEYS = ""
    settings.SECRET_KEY_FALLBACKS = []
    return settings


@pytest.fixture
def stored_secrets(no_keys_in_environment, webchat, channel_USD):
    """A web chat session open, a payment account and the commerce App's token, all
    encrypted with the SECRET_KEY-derived key (no keys configured)."""
    webchat.open()
    payments = PaymentAccount(channel=channel_USD, provider="stripe", name="Stripe")
    payments.secrets = {"api_key": "sk_test_x", "webhook_secret": "whsec_x"}
    payments.save()
    saleor_api.app_token()
    return payments


def _positions() -> set:
    return {
        key_position(value)
        for model, column in encrypted_columns()
        for _pk, value in stored_values(model, column)
    }


def _warnings() -> list[str]:
    return [
        w.id
        for w in checks.run_checks(databases=["default"])
        if w.id.startswith("saleor_conversational.")
    ]


def test_setting_keys_for_the_first_time_strands_nothing(
    stored_secrets, webchat, settings
):
    settings.CONVERSATIONAL_ENCRYPTION_KEYS = NEW_KEY
    assert webchat.say("still me").status_code == 202  # the session secret decrypts
    assert PaymentAccount.objects.get().secrets["api_key"] == "sk_test_x"
    assert saleor_api.execute("{ shop { name } }")["shop"]["name"]
    assert _positions() == {1}  # the SECRET_KEY-derived key, decrypt-only now
    assert _warnings() == ["saleor_conversational.W001"] * 3


def test_rotating_reencrypts_everything_and_then_the_old_keys_can_go(
    stored_secrets, webchat, settings, capsys
):
    settings.CONVERSATIONAL_ENCRYPTION_KEYS = NEW_KEY
    call_command("conversational_rotate_keys")
    assert _positions() == {0}
    assert _warnings() == []

    before = {
        (model, pk): value
        for model, column in encrypted_columns()
        for pk, value in stored_values(model, column)
    }
    call_command("conversational_rotate_keys")  # again: nothing to do, nothing changed
    assert before == {
        (model, pk): value
        for model, column in encrypted_columns()
        for pk, value in stored_values(model, column)
    }
    assert "1 current" in capsys.readouterr().out

    settings.SECRET_KEY = "a new secret key after a leak, long enough to be used" * 2
    assert webchat.say("after the SECRET_KEY changed").status_code == 202
    assert PaymentAccount.objects.get().secrets["webhook_secret"] == "whsec_x"

    settings.CONVERSATIONAL_ENCRYPTION_KEYS = f"{NEWER_KEY},{NEW_KEY}"
    call_command("conversational_rotate_keys")
    settings.CONVERSATIONAL_ENCRYPTION_KEYS = NEWER_KEY
    assert _positions() == {0}
    assert webchat.say("after the next rotation").status_code == 202


def test_a_rotated_secret_key_in_secret_key_fallbacks_still_decrypts(
    stored_secrets, webchat, settings
):
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "the new secret key" * 4
    settings.SECRET_KEY_FALLBACKS = [old]
    assert webchat.say("still me").status_code == 202
    assert _warnings() == ["saleor_conversational.W001"] * 3
    call_command("conversational_rotate_keys")
    settings.SECRET_KEY_FALLBACKS = []
    assert webchat.say("and after the rotation").status_code == 202


def test_values_no_key_opens_are_reported_and_the_rest_rotated(
    stored_secrets, settings
):
    settings.CONVERSATIONAL_ENCRYPTION_KEYS = NEW_KEY
    lost = MessagingAccount.objects.get(kind="webchat")
    lost.credentials_encrypted = Fernet(NEWER_KEY).encrypt(b"{}").decode()
    lost.save(update_fields=["credentials_encrypted"])
    assert sorted(_warnings()) == [
        "saleor_conversational.W001",
        "saleor_conversational.W001",
        "saleor_conversational.W002",
    ]

    with pytest.raises(CommandError, match=f"MessagingAccount {lost.pk}"):
        call_command("conversational_rotate_keys")
    assert _positions() == {0, None}
    assert _warnings() == ["saleor_conversational.W002"]
