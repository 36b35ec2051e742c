"""`manage.py conversational_accounts`: add, list, check, register — secrets never printed."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from saleor_conversational.models import MessagingAccount
from tests.support.fakes.telegram import TelegramFake
from tests.unit.channels import test_telegram


def run(*args) -> str:
    out = StringIO()
    call_command("conversational_accounts", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def telegram_fake():
    fake = TelegramFake(test_telegram.TOKEN).start()
    yield fake
    fake.stop()
    assert not fake.violations


def test_add_check_list_and_register(channel_USD, telegram_fake, monkeypatch):
    monkeypatch.setenv("TG_TOKEN", test_telegram.TOKEN)
    out = run(
        "add",
        "--channel",
        channel_USD.slug,
        "--kind",
        "telegram",
        "--name",
        "Shop bot",
        "--set",
        "bot_token=@env:TG_TOKEN",
        "--set",
        f"secret_token={test_telegram.SECRET}",
        "--base-url",
        telegram_fake.base_url,
        "--check",
    )
    account = MessagingAccount.objects.get(kind="telegram")
    assert f"webhooks/{account.pk}/" in out
    assert "credentials work" in out
    assert test_telegram.TOKEN not in out
    assert test_telegram.TOKEN not in account.credentials_encrypted
    assert account.credentials["bot_token"] == test_telegram.TOKEN

    listed = [json.loads(line) for line in run("list").splitlines()]
    assert listed[0]["secrets_set"] == ["bot_token", "secret_token"]
    assert test_telegram.TOKEN not in json.dumps(listed)
    assert test_telegram.SECRET not in json.dumps(listed)

    out = run(
        "register-webhook", str(account.pk), "--public-url", "https://shop.example.com"
    )
    assert (
        "Registered https://shop.example.com/plugins/global/saleor.conversational/webhooks/"
        in out
    )
    assert any(r.path.endswith("/setWebhook") for r in telegram_fake.requests)


def test_check_reports_a_wrong_token_in_words(channel_USD, telegram_fake):
    run(
        "add",
        "--channel",
        channel_USD.slug,
        "--kind",
        "telegram",
        "--name",
        "Bot",
        "--set",
        "bot_token=123456:WRONGwrongWRONGwrongWRONGwrong12345",
        "--set",
        f"secret_token={test_telegram.SECRET}",
        "--base-url",
        telegram_fake.base_url,
    )
    account = MessagingAccount.objects.get()
    out = StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("conversational_accounts", "check", str(account.pk), stdout=out)
    assert "Problem:" in out.getvalue()
    assert "token" in out.getvalue().lower()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--kind", "telegram", "--set", "bot_token=x"], "needs"),
        (["--kind", "carrier-pigeon"], "unknown messaging channel"),
        (["--kind", "telegram", "--set", "nonsense"], "KEY=VALUE"),
        (["--kind", "telegram", "--set", "bot_token=@env:NOT_SET_ANYWHERE"], "not set"),
        (["--kind", "telegram", "--set", "colour=blue"], "unknown setting"),
    ],
)
def test_bad_input_is_explained_and_writes_nothing(channel_USD, args, message):
    with pytest.raises(CommandError, match=message):
        run("add", "--channel", channel_USD.slug, "--name", "x", *args)
    assert MessagingAccount.objects.count() == 0


def test_unknown_sales_channel(db):
    with pytest.raises(CommandError, match="no sales channel"):
        run("add", "--channel", "nope", "--kind", "telegram", "--name", "x")


def test_kinds_lists_every_messaging_channel(db):
    out = run("kinds")
    for kind in (
        "webchat",
        "whatsapp",
        "messenger",
        "instagram",
        "telegram",
        "twilio",
        "twilio_whatsapp",
        "viber",
    ):
        assert kind in out
    assert "bot_token (secret)" in out
