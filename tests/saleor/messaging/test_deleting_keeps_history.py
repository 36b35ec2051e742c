"""Deleting a sales channel (Saleor's channelDelete) or a messaging account
(messagingAccountDelete) keeps the history: messages, conversations, payment links."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import graphene
import pytest
from django.utils import timezone
from saleor.account.models import Group
from saleor.account.tests.fixtures.user import (
    dangerously_create_test_user as create_user,
)
from saleor.channel.models import Channel
from saleor.permission.models import Permission

from saleor_conversational.models import (
    Conversation,
    Message,
    MessagingAccount,
    PaymentAccount,
    PaymentLink,
)
from tests.support.api import Api, gid, make_thread, user_token

CHANNEL_DELETE = """
mutation($id: ID!, $target: ID!) {
  channelDelete(id: $id, input: {channelId: $target}) { errors { field code message } }
}
"""
ACCOUNT_DELETE = """mutation($id: ID!) { messagingAccountDelete(id: $id) {
  errors { field code message } } }"""
THREAD = """query($id: ID!) { conversation(id: $id) {
  channelSlug channelId
  messages(first: 10) { edges { node { text messagingChannel messagingAccountName } } }
} }"""
REPLY = """mutation($c: ID!) { conversationMessageSend(conversation: $c,
  input: {text: "Still there?"}) { errors { field code message } } }"""


@pytest.fixture
def owner(plugin, client, django_capture_on_commit_callbacks, db):
    user = create_user(email="owner@example.com", password="x", is_staff=True)
    group = Group.objects.create(name="owners", restricted_access_to_channels=False)
    group.permissions.add(
        *Permission.objects.filter(
            codename__in=["manage_plugins", "manage_orders", "manage_channels"]
        )
    )
    user.groups.add(group)
    return Api(client, django_capture_on_commit_callbacks, user_token(user))


@pytest.fixture
def paid_in_chat(channel_USD):
    """A payment account of the sales channel that took a payment."""
    account = PaymentAccount(channel=channel_USD, provider="stripe", name="Stripe")
    account.secrets = {"api_key": "sk_test_x", "webhook_secret": "whsec_x"}
    account.save()
    link = PaymentLink.objects.create(
        account=account,
        psp_reference="cs_test_1",
        amount=Decimal("12.00"),
        currency="USD",
        status="paid",
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    return account, link


def _messages(owner, conversation) -> list[dict]:
    data = owner.data(THREAD, {"id": gid("Conversation", conversation.pk)})
    return data["conversation"]


def test_saleors_channel_delete_works_after_chat_payments_and_keeps_history(
    owner, channel_USD, other_channel_USD, paid_in_chat
):
    account, link = paid_in_chat
    thread = make_thread(channel_USD, address="session-1", text="Where is my order?")

    body = owner.client.post(
        "/graphql/",
        data=json.dumps(
            {
                "query": CHANNEL_DELETE,
                "variables": {
                    "id": graphene.Node.to_global_id("Channel", channel_USD.pk),
                    "target": graphene.Node.to_global_id(
                        "Channel", other_channel_USD.pk
                    ),
                },
            }
        ),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {owner.token}",
    ).json()
    assert "errors" not in body, body
    assert body["data"]["channelDelete"]["errors"] == []
    assert not Channel.objects.filter(pk=channel_USD.pk).exists()

    # The payment stays refundable: account (with its key) and link are kept.
    link.refresh_from_db()
    account.refresh_from_db()
    assert link.account == account and account.channel_id is None
    assert account.secrets["api_key"] == "sk_test_x"
    # The conversation and its messages are history now, without a sales channel.
    conversation = Conversation.objects.get(pk=thread.conversation.pk)
    assert conversation.channel_id is None
    shown = _messages(owner, conversation)
    assert shown["channelSlug"] is None and shown["channelId"] is None
    assert shown["messages"]["edges"] == [
        {
            "node": {
                "text": "Where is my order?",
                "messagingChannel": "webchat",
                "messagingAccountName": "Web chat",
            }
        }
    ]
    # Staff cannot answer there any more, and are told why (no 500).
    payload = owner.data(REPLY, {"c": gid("Conversation", conversation.pk)})
    [error] = payload["conversationMessageSend"]["errors"]
    assert error["code"] == "NOT_SENDABLE" and "deleted" in error["message"]


def test_deleting_a_messaging_account_keeps_its_messages(owner, channel_USD):
    thread = make_thread(channel_USD, address="session-1", text="Hello there")
    account = thread.identity.account
    queued = Message.objects.create(
        conversation=thread.conversation,
        identity=thread.identity,
        account=account,
        direction="out",
        text="Queued reply",
    )

    owner.mutate(
        "messagingAccountDelete",
        ACCOUNT_DELETE,
        {"id": gid("MessagingAccount", account.pk)},
    )
    assert not MessagingAccount.objects.filter(pk=account.pk).exists()
    assert Message.objects.filter(conversation=thread.conversation).count() == 2
    queued.refresh_from_db()
    assert queued.status == "failed" and "deleted" in queued.error_reason
    shown = _messages(owner, thread.conversation)
    assert shown["channelSlug"] == channel_USD.slug
    assert {
        (
            e["node"]["text"],
            e["node"]["messagingChannel"],
            e["node"]["messagingAccountName"],
        )
        for e in shown["messages"]["edges"]
    } == {
        ("Hello there", "webchat", account.name),
        ("Queued reply", "webchat", account.name),
    }
