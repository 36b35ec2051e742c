"""A worker killed (SIGKILL) in the middle of sending loses nothing and sends nothing twice."""

from __future__ import annotations

import time

import pytest
from django.db import transaction
from django.utils import timezone

from saleor_conversational.channels.messages import Text
from saleor_conversational.contacts.identities import (
    conversation_for,
    find_or_create_identity,
)
from saleor_conversational.messaging.outbound import STUCK_SENDING_AFTER, queue_message
from saleor_conversational.models import ContactIdentity, Message
from saleor_conversational.tasks import sweep
from tests.support.providers import Provider
from tests.support.worker import Worker, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def viber(plugin, channel_USD, redis_broker):
    from tests.unit.channels.test_viber import TestViberConformance

    provider = Provider(TestViberConformance, channel_USD)
    yield provider
    provider.stop()


def _identity(provider) -> ContactIdentity:
    identity = find_or_create_identity(provider.account, "01234567890A=", "Shopper")
    ContactIdentity.objects.filter(pk=identity.pk).update(
        last_inbound_at=timezone.now()
    )
    return ContactIdentity.objects.select_related("contact", "account").get(
        pk=identity.pk
    )


def _queue(identity, text: str) -> Message:
    with transaction.atomic():
        conversation = conversation_for(identity.contact, identity.account.channel_id)
        return queue_message(conversation, identity, Text(text=text))


def _worker(db_name) -> Worker:
    return Worker(db_name).start()


def test_killed_during_the_provider_call_is_not_resent(viber):
    from django.db import connection

    identity = _identity(viber)
    viber.fake.delays.append(8.0)  # the provider takes its time answering
    worker = _worker(connection.settings_dict["NAME"])
    try:
        message = _queue(identity, "Your order shipped")
        wait_until(
            lambda: len(viber.fake.requests) == 1,
            message="the send never reached Viber",
        )
        worker.kill()  # mid-call: Viber got the request, we never saw the answer
        assert Message.objects.get(pk=message.pk).status == "sending"

        worker = _worker(connection.settings_dict["NAME"])
        # The unacknowledged task comes back (visibility timeout) and must not resend.
        wait_until(
            lambda: b"succeeded" in worker.log_path.read_bytes().split(b"ready.")[-1],
            timeout=40,
            message="the killed task was never redelivered",
        )
        time.sleep(1)
        assert len(viber.fake.requests) == 1
    finally:
        worker.stop()

    # The sweeper settles it with the reason instead of guessing.
    Message.objects.filter(pk=message.pk).update(
        updated_at=timezone.now() - STUCK_SENDING_AFTER * 2
    )
    sweep()
    message.refresh_from_db()
    assert message.status == "uncertain"
    assert message.error_code == "interrupted"
    assert "not resent" in message.error_reason


def test_killed_before_the_provider_call_sends_once_after_restart(viber):
    from django.db import connection

    identity = _identity(viber)
    viber.account.messages_per_second = 0.1  # the second send waits 10 s for its slot
    viber.account.save(update_fields=["messages_per_second"])
    worker = _worker(connection.settings_dict["NAME"])
    try:
        first = _queue(identity, "first")
        second = _queue(identity, "second")
        wait_until(
            lambda: len(viber.fake.requests) == 1,
            message="the first send never happened",
        )
        time.sleep(
            1
        )  # the worker now holds the second message, rescheduled for its slot
        worker.kill()
        assert Message.objects.get(pk=second.pk).status == "queued"

        worker = _worker(connection.settings_dict["NAME"])
        wait_until(
            lambda: Message.objects.get(pk=second.pk).status == "sent",
            timeout=60,
            message="the second message was lost with the worker",
        )
    finally:
        worker.stop()
    texts = [r.json()["text"] for r in viber.fake.requests]
    assert texts == ["first", "second"]
    assert Message.objects.get(pk=first.pk).status == "sent"
