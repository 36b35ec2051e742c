"""Where the plugin reads the adapters' capability flags instead of checking for web
chat by name: receives_webhooks, wakes_after_send and initial_config()."""

from __future__ import annotations

import json
from io import StringIO

from django.core.management import call_command
from django.db import transaction

from saleor_conversational.channels.messages import Text
from saleor_conversational.messaging import outbound
from saleor_conversational.messaging.accounts import create_account, describe
from saleor_conversational.messaging.outbound import queue_message
from saleor_conversational.models import ContactIdentity, Conversation, MessagingAccount
from tests.support.fixtures import BASE
from tests.support.providers import Provider, post_inbound
from tests.unit.channels import test_twilio


def run(*args) -> str:
    out = StringIO()
    call_command("conversational_accounts", *args, stdout=out)
    return out.getvalue()


def test_a_web_chat_account_added_by_command_has_a_secret_and_no_webhook(
    channel_USD,
):
    out = run("add", "--channel", channel_USD.slug, "--kind", "webchat", "--name", "W")
    account = MessagingAccount.objects.get(kind="webchat")
    assert f"Added webchat account {account.pk}" in out
    assert "Webhook URL" not in out
    secret = account.credentials["session_secret"]
    assert len(secret) >= 32 and secret not in out
    assert account.settings == {}
    assert describe(account)["webhook_url"] == ""
    [listed] = [json.loads(line) for line in run("list").splitlines()]
    assert listed["webhook_url"] == "" and listed["secrets_set"] == ["session_secret"]


def test_a_given_session_secret_wins_over_the_generated_one(channel_USD):
    account = create_account(
        channel=channel_USD,
        kind="webchat",
        name="W",
        values={"session_secret": "s" * 40},
    )
    assert account.credentials == {"session_secret": "s" * 40}


def test_provider_accounts_get_a_webhook_url(channel_USD):
    account = create_account(
        channel=channel_USD,
        kind="telegram",
        name="T",
        values={
            "bot_token": "123456:ABCdef_ghi-jkl",
            "secret_token": "s3cret",
        },
    )
    assert describe(account)["webhook_url"].endswith(f"webhooks/{account.pk}/")


def test_the_webhook_url_refuses_web_chat_accounts(plugin, channel_USD, client):
    account = create_account(channel=channel_USD, kind="webchat", name="W", values={})
    response = client.post(
        f"{BASE}webhooks/{account.pk}/", data=b"{}", content_type="application/json"
    )
    assert response.status_code == 404
    assert b"unknown messaging account" in response.content


def test_the_web_chat_view_creates_its_account_with_the_initial_config(webchat):
    webchat.open()
    account = MessagingAccount.objects.get(kind="webchat")
    assert account.settings == {}
    assert set(account.credentials) == {"session_secret"}
    assert len(account.credentials["session_secret"]) >= 32


def _queue(capture, identity, text):
    conversation = Conversation.objects.get(contact=identity.contact)
    with capture(execute=True):
        with transaction.atomic():
            return queue_message(conversation, identity, Text(text=text))


def test_a_web_chat_send_wakes_the_long_poll_and_a_provider_send_does_not(
    plugin,
    channel_USD,
    client,
    webchat,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    woken = []
    monkeypatch.setattr(
        outbound,
        "wake",
        lambda account_id, address: woken.append((account_id, address)),
    )
    webchat.open()
    webchat.say("hi")
    chat = ContactIdentity.objects.get(account__kind="webchat")
    woken.clear()
    sent = _queue(django_capture_on_commit_callbacks, chat, "Your parcel left")
    sent.refresh_from_db()
    assert sent.status == "sent", sent.error_reason
    assert woken == [(chat.account_id, chat.address)]

    sms = Provider(test_twilio.TestTwilioConformance, channel_USD)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = post_inbound(client, sms.path, sms.inbound_text("hi"))
        assert response.status_code == 200
        phone = ContactIdentity.objects.get(account=sms.account)
        woken.clear()
        sent = _queue(django_capture_on_commit_callbacks, phone, "Your parcel left")
        sent.refresh_from_db()
        assert sent.status == "sent", sent.error_reason
        assert woken == []
    finally:
        sms.stop()
