"""Order created -> message row -> sent by a real Celery worker on Redis -> delivered."""

from __future__ import annotations

import pytest
from django.db import transaction
from saleor.plugins.manager import get_plugins_manager

from saleor_conversational.models import Contact, ContactIdentity, Message
from tests.support.worker import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_order_created_is_sent_by_a_real_worker_and_delivered(
    webchat, order_with_lines, celery_worker_process
):
    # The broker is Redis now, so the inbound message is processed by the worker too.
    webchat.open()
    webchat.say("hi")
    address = webchat.session.split(".")[0]
    identity = wait_until(
        lambda: ContactIdentity.objects.filter(address=address).first(),
        message="the worker did not process the inbound message",
    )
    contact = identity.contact
    Contact.objects.filter(pk=contact.pk).update(user=order_with_lines.user)
    # The opening reply is the worker's too: once it is out, everything after it is the order's.
    wait_until(
        lambda: Message.objects.filter(
            conversation__contact=contact,
            direction="out",
            status__in=["sent", "delivered"],
        ).exists(),
        message="the worker did not answer the first message",
    )
    webchat.poll()

    manager = get_plugins_manager(allow_replica=False)
    with transaction.atomic():
        transaction.on_commit(lambda: manager.order_created(order_with_lines))

    message = wait_until(
        lambda: Message.objects.filter(
            purpose=f"order_created:{order_with_lines.pk}", status="sent"
        ).first(),
        message="the worker did not send the order message",
    )
    assert message.attempts == 1 and message.sent_at is not None
    [text] = webchat.replies()
    assert f"#{order_with_lines.number}" in text
    message.refresh_from_db()
    assert message.status == "delivered"


def test_long_poll_answers_as_soon_as_the_worker_sends(webchat, celery_worker_process):
    from django.utils import timezone

    webchat.open()
    webchat.say("hi")  # processed and answered by the worker, not in this request
    messages = webchat.poll(wait=25)
    returned_at = timezone.now()
    assert [m["direction"] for m in messages] == ["out"]
    assert "automated assistant" in messages[0]["text"]
    reply = Message.objects.get(pk=messages[0]["id"])
    assert reply.status == "delivered"
    # Woken by the worker's publish, not by the end of the wait.
    latency = (returned_at - reply.sent_at).total_seconds()
    assert latency < 3, f"the poll answered {latency:.1f} s after the reply was sent"
