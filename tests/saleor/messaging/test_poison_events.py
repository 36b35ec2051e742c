"""Poison inbound events (M7), through Saleor's URLconf against a channel's fake: an
event whose processing always fails stops after a bounded number of attempts, staff
see it as failed with the reason, and its raw body is erased with the customer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from saleor_conversational.contacts.identities import find_or_create_identity
from saleor_conversational.messaging import inbound
from saleor_conversational.models import Contact, InboundEvent
from saleor_conversational.tasks import sweep
from tests.support.api import Api, user_token
from tests.support.providers import Provider, conformance_classes, post_inbound

ACCOUNTS = """{ messagingAccounts { messagingChannel failedInboundEvents {
  attempts error failedAt } } }"""


@pytest.fixture
def viber(plugin, channel_USD):
    (suite,) = [p.values[0] for p in conformance_classes() if p.id == "viber"]
    provider = Provider(suite, channel_USD)
    yield provider
    provider.stop()


def _deliver(provider, client, capture, text):
    with capture(execute=True):
        response = post_inbound(client, provider.path, provider.inbound_text(text))
    assert response.status_code == 200, response.content


def test_a_poison_event_stops_and_shows_as_failed_with_the_reason(
    viber,
    client,
    django_capture_on_commit_callbacks,
    monkeypatch,
    staff_user,
    permission_manage_plugins,
):
    capture = django_capture_on_commit_callbacks
    calls = []

    def broken(*args, **kwargs):
        calls.append(args)
        raise RuntimeError("the bot broke on this text")

    with monkeypatch.context() as patched:
        patched.setattr(inbound, "find_or_create_identity", broken)
        _deliver(viber, client, capture, "poison")

    event = InboundEvent.objects.get()
    assert len(calls) == event.attempts == inbound.MAX_INBOUND_ATTEMPTS
    assert event.failed_at is not None and event.processed_at is None
    assert "the bot broke on this text" in event.error
    assert event.payload  # kept for staff until the customer is erased

    # The sweeper leaves it alone: no attempt after the last one.
    InboundEvent.objects.filter(pk=event.pk).update(
        received_at=timezone.now() - timedelta(minutes=10)
    )
    with capture(execute=True):
        sweep()
    event.refresh_from_db()
    assert event.attempts == inbound.MAX_INBOUND_ATTEMPTS

    # Staff see it on the messaging account, with the reason.
    # Saleor gives staff their sales channels through permission groups.
    from saleor.account.models import Group

    group = Group.objects.create(name="Plugins", restricted_access_to_channels=False)
    group.permissions.add(permission_manage_plugins)
    group.user_set.add(staff_user)
    api = Api(client, capture, user_token(staff_user))
    (account,) = api.data(ACCOUNTS)["messagingAccounts"]
    (failed,) = account["failedInboundEvents"]
    assert failed["attempts"] == inbound.MAX_INBOUND_ATTEMPTS
    assert "the bot broke on this text" in failed["error"]


def test_a_failed_events_raw_body_is_erased_with_the_customer(
    viber, client, django_capture_on_commit_callbacks, monkeypatch, customer_user
):
    capture = django_capture_on_commit_callbacks
    with monkeypatch.context() as patched:
        patched.setattr(
            inbound,
            "find_or_create_identity",
            lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")),
        )
        _deliver(viber, client, capture, "poison")
    event = InboundEvent.objects.get()
    assert event.failed_at is not None and event.payload
    # The same sender is known later (as the pipeline builds them), linked to a
    # customer, who is then erased.
    identity = find_or_create_identity(event.account, event.sender)
    Contact.objects.filter(pk=identity.contact_id).update(user=customer_user)
    customer_user.delete()
    event.refresh_from_db()
    assert event.payload == {}
    assert event.error == "erased with the customer"
