"""What must happen before a provider's 200, through Saleor's URLconf: verified, stored
once with one statement (a duplicate writes nothing and raises no database error),
committed before it is enqueued, and never stored again after the customer is erased
(security review L14: the replay key outlives the erased event rows)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from saleor_conversational import tasks
from saleor_conversational.messaging import inbound, replay
from saleor_conversational.models import (
    Contact,
    InboundEvent,
    InboundReplayKey,
    Message,
)
from saleor_conversational.periodic import SCHEDULE
from tests.support.providers import Provider, conformance_classes, post_inbound


@pytest.fixture(params=conformance_classes())
def provider(request, plugin, channel_USD):
    provider = Provider(request.param, channel_USD)
    yield provider
    provider.stop()
    assert not provider.fake.violations, provider.fake.violations


@pytest.fixture
def whatsapp(plugin, channel_USD):
    from tests.unit.channels import test_whatsapp

    provider = Provider(test_whatsapp.TestWhatsAppConformance, channel_USD)
    yield provider
    provider.stop()


def _deliver(provider, client, capture, request):
    with capture(execute=True):
        response = post_inbound(client, provider.path, request)
    assert response.status_code == 200, response.content
    return response


def test_a_replay_after_the_customer_is_erased_recreates_nothing(
    provider, client, django_capture_on_commit_callbacks, customer_user
):
    capture = django_capture_on_commit_callbacks
    signed = provider.inbound_text("hi, it is me")
    _deliver(provider, client, capture, signed)
    assert Message.objects.filter(direction="in").count() == 1
    answered = len(provider.fake.sent())
    assert answered == 1

    Contact.objects.update(user=customer_user)
    customer_user.delete()  # Saleor deletes the customer: contacts, messages, events go
    assert not Contact.objects.exists() and not InboundEvent.objects.exists()

    # The same signed request again: a provider's late redelivery, or a replay.
    _deliver(provider, client, capture, signed)
    assert not Contact.objects.exists()
    assert not Message.objects.exists()
    assert not InboundEvent.objects.exists()
    assert len(provider.fake.sent()) == answered


def test_a_delivery_is_one_statement_and_a_duplicate_writes_nothing(
    whatsapp, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    signed = whatsapp.inbound_text("hi")
    table = InboundEvent._meta.db_table
    for attempt in range(2):  # the delivery, then the provider's redelivery
        with capture(execute=True):  # the task runs after, outside the capture
            with CaptureQueriesContext(connection) as queries:
                response = post_inbound(client, whatsapp.path, signed)
        assert response.status_code == 200, response.content
        writes = [
            q["sql"] for q in queries if table in q["sql"] and "INSERT" in q["sql"]
        ]
        # Stored with one round trip: no savepoint, no IntegrityError caught (which
        # PostgreSQL would log as an ERROR for every duplicate).
        assert len(writes) == 1, (attempt, writes)
        assert "ON CONFLICT" in writes[0]
        assert not [q for q in queries if "SAVEPOINT" in q["sql"]], attempt
    assert InboundEvent.objects.count() == 1
    assert InboundReplayKey.objects.count() == 1
    assert Message.objects.filter(direction="in").count() == 1


def test_a_batch_that_repeats_an_event_stores_it_once(
    whatsapp, client, django_capture_on_commit_callbacks
):
    from tests.support.fakes.whatsapp import dumps, envelope
    from tests.unit.channels.test_whatsapp import inbound as signed_body
    from tests.unit.channels.test_whatsapp import text_message

    first, again, other = text_message("one"), text_message("one"), text_message("two")
    other["id"] = first["id"] + "-2"
    body = dumps(
        envelope(whatsapp.config["phone_number_id"], messages=[first, again, other])
    )
    _deliver(
        whatsapp,
        client,
        django_capture_on_commit_callbacks,
        signed_body(body, whatsapp.config["app_secret"]),
    )
    assert sorted(
        Message.objects.filter(direction="in").values_list("text", flat=True)
    ) == ["one", "two"]
    assert InboundEvent.objects.count() == InboundReplayKey.objects.count() == 2


def test_a_forged_request_stores_nothing_and_does_not_block_the_real_one(
    whatsapp, client, django_capture_on_commit_callbacks
):
    signed = whatsapp.inbound_text("hi")
    forged = whatsapp.suite.with_body(
        signed,
        signed.body,
        True,
        whatsapp.suite.wrong_secret_config(whatsapp.config),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = post_inbound(client, whatsapp.path, forged)
    assert response.status_code == 401 and response.json()["error"]
    assert not InboundEvent.objects.exists()
    assert not InboundReplayKey.objects.exists()

    _deliver(whatsapp, client, django_capture_on_commit_callbacks, signed)
    assert Message.objects.filter(direction="in", text="hi").count() == 1


def test_replay_keys_are_kept_for_the_window_then_purged_by_beat(
    whatsapp, client, django_capture_on_commit_callbacks, settings
):
    settings.CONVERSATIONAL_INBOUND_REPLAY_WINDOW_DAYS = 30
    signed = whatsapp.inbound_text("hi")
    _deliver(whatsapp, client, django_capture_on_commit_callbacks, signed)
    now = timezone.now()
    assert replay.purge(now + timedelta(days=29)) == 0
    assert InboundReplayKey.objects.count() == 1
    assert replay.purge(now + timedelta(days=31)) == 1
    assert not InboundReplayKey.objects.exists()
    # Beat runs the purge beside the plugin's other periodic tasks.
    assert ("saleor_conversational.tasks.purge_replay_keys", 3600) in SCHEDULE.values()
    assert (
        tasks.purge_replay_keys.name == "saleor_conversational.tasks.purge_replay_keys"
    )

    # Past the window a kept (not erased) event still de-duplicates: 200, nothing new.
    _deliver(whatsapp, client, django_capture_on_commit_callbacks, signed)
    assert InboundEvent.objects.count() == 1
    assert Message.objects.filter(direction="in").count() == 1


def test_processed_events_are_purged_after_the_window_failed_ones_stay(
    whatsapp, client, django_capture_on_commit_callbacks, settings
):
    """L13: a processed event keeps no payload, but its dedupe key holds the provider's
    message id and, on other channels, chat and session ids."""
    settings.CONVERSATIONAL_INBOUND_REPLAY_WINDOW_DAYS = 30
    _deliver(
        whatsapp, client, django_capture_on_commit_callbacks, whatsapp.inbound_text("a")
    )
    (processed,) = InboundEvent.objects.filter(processed_at__isnull=False)
    failed = InboundEvent.objects.create(
        account=processed.account,
        dedupe_key="msg:failed",
        processed_at=None,
        failed_at=timezone.now(),
        error="RuntimeError: boom",
    )
    now = timezone.now()
    with freeze_time(now + timedelta(days=29)):
        assert tasks.purge_replay_keys() == {"replay_keys": 0, "processed_events": 0}
    with freeze_time(now + timedelta(days=31)):
        assert tasks.purge_replay_keys() == {"replay_keys": 1, "processed_events": 1}
    assert list(InboundEvent.objects.values_list("pk", flat=True)) == [failed.pk]
    assert Message.objects.filter(direction="in").count() == 1  # the chat stays


def test_a_broker_outage_at_enqueue_is_recovered_by_the_sweeper(
    whatsapp, client, django_capture_on_commit_callbacks, monkeypatch
):
    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    with monkeypatch.context() as patched:
        patched.setattr(inbound.process_inbound_event, "delay", broker_down)
        _deliver(
            whatsapp,
            client,
            django_capture_on_commit_callbacks,
            whatsapp.inbound_text("hi"),
        )
    event = InboundEvent.objects.get()
    assert event.processed_at is None and not Message.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert inbound.requeue_unprocessed(timezone.now() + timedelta(minutes=3)) == 1
    event.refresh_from_db()
    assert event.processed_at is not None
    assert Message.objects.filter(direction="in", text="hi").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_event_is_committed_before_it_is_enqueued(
    plugin, channel_USD, client, monkeypatch
):
    from tests.unit.channels import test_whatsapp

    whatsapp = Provider(test_whatsapp.TestWhatsAppConformance, channel_USD)
    enqueued = []

    def committed(event_id: int) -> bool:
        # Another connection (another thread) sees only committed rows.
        seen = []

        def look():
            seen.append(InboundEvent.objects.filter(pk=event_id).exists())
            connections.close_all()

        thread = threading.Thread(target=look)
        thread.start()
        thread.join()
        return seen[0]

    monkeypatch.setattr(
        inbound.process_inbound_event,
        "delay",
        lambda event_id: enqueued.append((event_id, committed(event_id))),
    )
    try:
        response = post_inbound(client, whatsapp.path, whatsapp.inbound_text("hi"))
    finally:
        whatsapp.stop()
    assert response.status_code == 200, response.content
    assert enqueued == [(InboundEvent.objects.get().pk, True)]


def test_enqueueing_in_a_new_thread_does_not_resolve_celerys_result_backend(
    redis_broker, monkeypatch
):
    """Django's ASGI handler runs each request in a new thread, and Celery resolves the
    app's result backend once per thread (an entry-point scan): the plugin's tasks,
    whose results nobody reads, never ask for it."""
    from saleor.celeryconf import app

    from saleor_conversational.jobs import QUEUE, enqueue

    resolved = []
    monkeypatch.setattr(app, "_get_backend", lambda: resolved.append(1))
    monkeypatch.setattr(app, "_local", threading.local())  # nothing cached yet
    failures = []

    def request_thread():
        try:
            enqueue(inbound.process_inbound_event, 12345, recorded=True)
        except Exception as exc:  # pragma: no cover - reported below
            failures.append(exc)

    thread = threading.Thread(target=request_thread)
    thread.start()
    thread.join()
    assert not failures
    assert resolved == []
    assert redis_broker.llen(QUEUE or "celery") == 1  # enqueued all the same
