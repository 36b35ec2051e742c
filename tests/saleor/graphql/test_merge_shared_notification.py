"""Merging two contacts that both received the same notification (M9): each was a
recipient of one order update, and a purpose is unique per thread."""

from __future__ import annotations

import pytest
from saleor.account.models import Group
from saleor.account.tests.fixtures.user import (
    dangerously_create_test_user as create_user,
)
from saleor.permission.models import Permission

from saleor_conversational import models
from tests.support.api import Api, gid, make_thread, user_token

MERGE = """mutation($s: ID!, $t: ID!) { contactMerge(source: $s, target: $t) {
    contact { conversations { messages { totalCount } } } merge { id } errors { code message } } }"""
UNDO = """mutation($m: ID!) { contactMergeUndo(merge: $m) { contact { id } errors { code message } } }"""


@pytest.fixture
def api(plugin, client, django_capture_on_commit_callbacks, db):
    user = create_user(email="agent@example.com", password="x", is_staff=True)
    group = Group.objects.create(name="inbox")
    group.permissions.add(
        *Permission.objects.filter(codename__in=["manage_users", "manage_orders"])
    )
    user.groups.add(group)
    return Api(client, django_capture_on_commit_callbacks, user_token(user))


def _order_update(thread, purpose: str) -> models.Message:
    return models.Message.objects.create(
        conversation=thread.conversation,
        identity=thread.identity,
        account=thread.identity.account,
        direction=models.Direction.OUTBOUND,
        text="Thanks for your order #12",
        purpose=purpose,
        category=models.MessageCategory.TRANSACTIONAL,
        status="sent",
    )


def test_contacts_that_got_the_same_notification_merge_and_unmerge(
    api, channel_USD, customer_user
):
    chat = make_thread(channel_USD, address="session-anon", text="hi")
    linked = make_thread(channel_USD, user=customer_user, address="session-linked")
    theirs = _order_update(chat, "order_created:1")
    ours = _order_update(linked, "order_created:1")
    _order_update(chat, "payment-confirmed:1")  # only the chat got this one

    payload = api.mutate(
        "contactMerge",
        MERGE,
        {"s": gid("Contact", chat.contact.pk), "t": gid("Contact", linked.contact.pk)},
    )
    (conversation,) = payload["contact"]["conversations"]
    assert conversation["messages"]["totalCount"] == 5  # 2 inbound, 3 updates
    kept = models.Message.objects.filter(conversation=linked.conversation)
    assert kept.filter(purpose="order_created:1").get().pk == ours.pk
    # The kept copy still makes the notification exactly-once for the merged thread.
    assert (
        not models.Message.objects.filter(
            conversation=linked.conversation, purpose="order_created:1"
        )
        .exclude(pk=ours.pk)
        .exists()
    )
    assert kept.filter(pk=theirs.pk).exists()

    api.mutate("contactMergeUndo", UNDO, {"m": payload["merge"]["id"]})
    theirs.refresh_from_db()
    assert theirs.purpose == "order_created:1"
    assert theirs.conversation.contact_id == chat.contact.pk
    assert models.Message.objects.get(pk=ours.pk).purpose == "order_created:1"
