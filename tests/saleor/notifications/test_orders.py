"""Order created / confirmed reach the right contact, once, and only with consent."""

from __future__ import annotations

import uuid

from django.db import transaction
from saleor.plugins.manager import get_plugins_manager

from saleor_conversational.models import (
    ChatCheckout,
    Consent,
    Contact,
    ContactIdentity,
    Conversation,
    Message,
)


def fire(capture, hook, order, times=1):
    manager = get_plugins_manager(allow_replica=False)
    with capture(execute=True):
        with transaction.atomic():
            for _ in range(times):
                transaction.on_commit(lambda: getattr(manager, hook)(order))


def chat_contact(webchat, text="hi"):
    webchat.open()
    webchat.say(text)
    webchat.poll()
    return ContactIdentity.objects.get(address=webchat.session.split(".")[0]).contact


def test_web_chat_checkout_contact_is_told_order_created_and_confirmed(
    webchat, order_with_lines, channel_USD, django_capture_on_commit_callbacks
):
    contact = chat_contact(webchat)
    token = uuid.uuid4()
    order_with_lines.checkout_token = str(token)
    order_with_lines.save(update_fields=["checkout_token"])
    ChatCheckout.objects.create(
        contact=contact, channel=channel_USD, checkout_token=token
    )

    fire(django_capture_on_commit_callbacks, "order_created", order_with_lines)
    fire(django_capture_on_commit_callbacks, "order_confirmed", order_with_lines)

    replies = webchat.replies()
    assert len(replies) == 2
    assert f"order #{order_with_lines.number}" in replies[0]
    assert f"${order_with_lines.total_gross_amount:.2f}" in replies[0]
    assert "confirmed" in replies[1]
    assert set(
        Message.objects.filter(category="transactional").values_list(
            "status", flat=True
        )
    ) == {"delivered"}


def test_linked_customer_contact_is_told(
    webchat, order_with_lines, django_capture_on_commit_callbacks
):
    contact = chat_contact(webchat)
    Contact.objects.filter(pk=contact.pk).update(user=order_with_lines.user)

    fire(django_capture_on_commit_callbacks, "order_created", order_with_lines)

    assert len(webchat.replies()) == 1


def test_hook_fired_twice_sends_once(
    webchat, order_with_lines, django_capture_on_commit_callbacks
):
    contact = chat_contact(webchat)
    Contact.objects.filter(pk=contact.pk).update(user=order_with_lines.user)

    fire(django_capture_on_commit_callbacks, "order_created", order_with_lines, times=2)
    fire(django_capture_on_commit_callbacks, "order_created", order_with_lines)

    assert (
        Message.objects.filter(purpose=f"order_created:{order_with_lines.pk}").count()
        == 1
    )
    assert len(webchat.replies()) == 1


def test_nobody_is_guessed(
    webchat, order_with_lines, django_capture_on_commit_callbacks
):
    contact = chat_contact(webchat)
    # Same email typed in chat, but no proven link: no message.
    Contact.objects.filter(pk=contact.pk).update(email=order_with_lines.user_email)

    fire(django_capture_on_commit_callbacks, "order_created", order_with_lines)

    assert webchat.replies() == []
    assert not Message.objects.filter(category="transactional").exists()


def test_without_transactional_consent_nothing_is_sent_and_the_reason_is_kept(
    webchat, order_with_lines, django_capture_on_commit_callbacks
):
    contact = chat_contact(webchat)
    Contact.objects.filter(pk=contact.pk).update(user=order_with_lines.user)
    Consent.objects.filter(contact=contact).update(granted=False, source="staff")

    fire(django_capture_on_commit_callbacks, "order_created", order_with_lines)

    assert webchat.replies() == []
    message = Message.objects.get(category="transactional")
    assert message.status == "failed"
    assert "consent" in message.error_reason


def test_deleting_the_customer_leaves_no_chat_data(
    webchat,
    customer_user,
    staff_api_client,
    permission_manage_users,
    django_capture_on_commit_callbacks,
):
    contact = chat_contact(webchat, "where is my order")
    Contact.objects.filter(pk=contact.pk).update(user=customer_user)
    assert Message.objects.count() >= 2
    staff_api_client.user.user_permissions.add(permission_manage_users)
    from saleor.graphql.core.utils import to_global_id_or_none

    response = staff_api_client.post_graphql(
        "mutation($id: ID!){ customerDelete(id: $id){ errors { message } } }",
        {"id": to_global_id_or_none(customer_user)},
    )
    assert response.json()["data"]["customerDelete"]["errors"] == []
    assert Contact.objects.count() == 0
    assert ContactIdentity.objects.count() == 0
    assert Conversation.objects.count() == 0
    assert Message.objects.count() == 0
    assert Consent.objects.count() == 0
