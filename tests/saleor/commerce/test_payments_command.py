"""`manage.py conversational_payments`: add, list, deactivate — secrets never printed."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from saleor_conversational.models import PaymentAccount


def run(*args) -> str:
    out = StringIO()
    call_command("conversational_payments", *args, stdout=out)
    return out.getvalue()


def test_add_list_deactivate_stripe(channel_USD, monkeypatch):
    monkeypatch.setenv("STRIPE_KEY", "sk_test_secretvalue")
    out = run(
        "add",
        "--channel",
        channel_USD.slug,
        "--provider",
        "stripe",
        "--name",
        "Stripe",
        "--set",
        "api_key=@env:STRIPE_KEY",
        "--set",
        "webhook_secret=whsec_secretvalue",
        "--return-url",
        "https://shop.example/thanks/{token}",
        "--public-url",
        "https://shop.example",
    )
    account = PaymentAccount.objects.get()
    assert (
        f"https://shop.example/plugins/global/saleor.conversational/payments/stripe/{account.pk}/"
        in out
    )
    assert "secretvalue" not in out and "secretvalue" not in account.secrets_encrypted
    assert account.secrets == {
        "api_key": "sk_test_secretvalue",
        "webhook_secret": "whsec_secretvalue",
    }
    [listed] = [json.loads(line) for line in run("list").splitlines()]
    assert listed["id"] == str(account.pk) and listed["provider"] == "stripe"
    assert "secretvalue" not in json.dumps(listed)
    with pytest.raises(CommandError, match="already has an active"):
        run(
            "add",
            "--channel",
            channel_USD.slug,
            "--provider",
            "mollie",
            "--name",
            "M",
            "--set",
            "api_key=test_x",
        )
    run("deactivate", str(account.pk))
    account.refresh_from_db()
    assert not account.is_active
    run(
        "add",
        "--channel",
        channel_USD.slug,
        "--provider",
        "mollie",
        "--name",
        "M",
        "--set",
        "api_key=test_x",
    )
    assert PaymentAccount.objects.filter(is_active=True, provider="mollie").count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "api_key=sk_x"], "missing webhook_secret"),
        (
            [
                "--set",
                "api_key=sk_x",
                "--set",
                "webhook_secret=whsec_w",
                "--set",
                "other=1",
            ],
            "unknown other",
        ),
        (
            [
                "--set",
                "api_key=sk_x",
                "--set",
                "webhook_secret=whsec_w",
                "--expiry-minutes",
                "10",
            ],
            "30 minutes",
        ),
        (
            [
                "--set",
                "api_key=@env:NOT_SET_ANYWHERE",
                "--set",
                "webhook_secret=whsec_w",
            ],
            "not set",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_written(channel_USD, args, message):
    with pytest.raises(CommandError, match=message):
        run(
            "add",
            "--channel",
            channel_USD.slug,
            "--provider",
            "stripe",
            "--name",
            "S",
            *args,
        )
    assert not PaymentAccount.objects.exists()


@pytest.mark.parametrize(
    ("provider", "values", "message"),
    [
        (
            "stripe",
            ["api_key=pk_test_publishablevalue", "webhook_secret=whsec_x"],
            "api_key should start with sk_ or rk_",
        ),
        (
            "stripe",
            ["api_key=sk_test_x", "webhook_secret=secretvalue"],
            "webhook_secret should start with whsec_",
        ),
        (
            "mollie",
            ["api_key=sk_test_secretvalue"],
            "api_key should start with live_ or test_",
        ),
    ],
)
def test_keys_of_the_wrong_shape_are_refused_without_echoing_them(
    channel_USD, provider, values, message
):
    args = [arg for value in values for arg in ("--set", value)]
    with pytest.raises(CommandError, match=message) as refused:
        run(
            "add",
            "--channel",
            channel_USD.slug,
            "--provider",
            provider,
            "--name",
            "P",
            *args,
        )
    assert "secretvalue" not in str(refused.value) and "publishablevalue" not in str(
        refused.value
    )
    assert not PaymentAccount.objects.exists()
