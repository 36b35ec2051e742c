"""What sending promises, through Saleor's URLconf against every channel's fake: a send
that may have reached the provider is never resent and staff see it as uncertain; one
that cannot have is retried; pacing reschedules instead of sleeping; the sweeper
re-enqueues a waiting row once per interval, not every minute."""

from __future__ import annotations

import os
import time
from datetime import timedelta
from types import SimpleNamespace

import httpx
import pytest
from django.utils import timezone
from saleor.account.models import Group
from saleor.account.tests.fixtures.user import (
    dangerously_create_test_user as create_user,
)
from saleor.permission.models import Permission

from saleor_conversational.channels import base
from saleor_conversational.channels.messages import Text
from saleor_conversational.core import ratelimit
from saleor_conversational.messaging import outbound
from saleor_conversational.messaging.outbound import send_message
from saleor_conversational.models import Message
from saleor_conversational.tasks import sweep
from tests.support.api import Api, gid, user_token
from tests.support.fakes.server import Answer
from tests.support.providers import Provider, conformance_classes, post_inbound


@pytest.fixture(params=conformance_classes())
def provider(request, plugin, channel_USD):
    provider = Provider(request.param, channel_USD)
    yield provider
    provider.stop()
    assert not provider.fake.violations, provider.fake.violations


@pytest.fixture
def staff_api(client, django_capture_on_commit_callbacks, db):
    user = create_user(email="agent@example.com", password="x", is_staff=True)
    group = Group.objects.create(name="inbox")  # every sales channel
    group.permissions.add(*Permission.objects.filter(codename="manage_orders"))
    user.groups.add(group)
    return Api(client, django_capture_on_commit_callbacks, user_token(user))


@pytest.fixture
def short_read_timeout(monkeypatch):
    """The shared provider client with a 0.3 s read timeout (10 s in production)."""
    client = httpx.Client(timeout=httpx.Timeout(0.3, connect=5.0))
    monkeypatch.setattr(base, "_shared_client", client)
    monkeypatch.setattr(base, "_shared_pid", os.getpid())
    yield
    client.close()


MESSAGE_STATUS = """query($c: ID!) { conversation(id: $c) { messages(first: 5) {
  edges { node { direction status errorCode errorReason attempts } } } } }"""


def _reply_to_hi(provider, client, capture) -> Message:
    with capture(execute=True):
        response = post_inbound(client, provider.path, provider.inbound_text("hi"))
    assert response.status_code == 200, response.content
    return Message.objects.get(direction="out")


@pytest.mark.parametrize("failure", ["server_error", "dropped", "read_timeout"])
def test_a_send_that_may_have_reached_the_provider_ends_uncertain(
    provider,
    failure,
    client,
    django_capture_on_commit_callbacks,
    staff_api,
    short_read_timeout,
):
    answer = {
        "server_error": provider.suite.server_error(),
        "dropped": Answer(200, drop=True),  # read the request, then hung up
        "read_timeout": Answer(200, {}, delay=1.0),
    }[failure]
    provider.fake.fail_next(answer)
    reply = _reply_to_hi(provider, client, django_capture_on_commit_callbacks)

    assert reply.status == "uncertain", (reply.status, reply.error_reason)
    assert reply.attempts == 1
    assert "not resent" in reply.error_reason
    calls = len(provider.fake.requests)
    assert calls == 1  # the one request the provider may have acted on

    # Neither the retry machinery nor the sweeper sends it again.
    with django_capture_on_commit_callbacks(execute=True):
        sweep()
    assert len(provider.fake.requests) == calls
    assert Message.objects.get(pk=reply.pk).status == "uncertain"

    # Staff see it in the inbox, with the reason.
    nodes = staff_api.data(
        MESSAGE_STATUS, {"c": gid("Conversation", reply.conversation_id)}
    )["conversation"]["messages"]["edges"]
    shown = next(e["node"] for e in nodes if e["node"]["direction"] == "OUTBOUND")
    assert shown["status"] == "UNCERTAIN"
    assert shown["errorReason"] == reply.error_reason


def test_a_refusal_is_retried_and_sent_once(
    provider, client, django_capture_on_commit_callbacks
):
    provider.fake.fail_next(
        provider.suite.rate_limited(), provider.suite.rate_limited()
    )
    reply = _reply_to_hi(provider, client, django_capture_on_commit_callbacks)
    assert reply.status == "sent", (reply.error_code, reply.error_reason)
    assert reply.attempts == 3
    assert len(provider.fake.sent()) == 1


def test_a_provider_that_cannot_be_reached_is_retried_until_the_limit(
    provider, client, django_capture_on_commit_callbacks
):
    provider.account.base_url = "http://127.0.0.1:9"  # nothing listens: never sent
    provider.account.save(update_fields=["base_url"])
    reply = _reply_to_hi(provider, client, django_capture_on_commit_callbacks)
    assert reply.status == "failed"
    assert reply.attempts == outbound.MAX_SEND_ATTEMPTS
    assert reply.error_code == "not_sent"


# -- pacing and the sweeper ----------------------------------------------------------------
@pytest.fixture
def viber(plugin, channel_USD):
    (suite,) = [p.values[0] for p in conformance_classes() if p.id == "viber"]
    provider = Provider(suite, channel_USD)
    yield provider
    provider.stop()


def _queued(provider, client, capture, texts) -> list[Message]:
    reply = _reply_to_hi(provider, client, capture)
    rows = []
    for n, text in enumerate(texts):
        rows.append(
            Message.objects.create(
                conversation=reply.conversation,
                identity=reply.identity,
                account=reply.account,
                direction="out",
                text=text,
                content=Text(text).to_dict(),
                purpose=f"pacing-{n}",
            )
        )
    return rows


def test_pacing_reschedules_the_send_for_its_slot_instead_of_sleeping(
    viber, client, django_capture_on_commit_callbacks, monkeypatch
):
    first, second = _queued(
        viber, client, django_capture_on_commit_callbacks, ["first", "second"]
    )
    viber.account.messages_per_second = 0.5  # a slot every ~2 s
    viber.account.save(update_fields=["messages_per_second"])
    monkeypatch.setattr(ratelimit, "_redis", lambda: None)  # pacing in this process
    monkeypatch.setattr(ratelimit, "_local_next", {})
    # As in a worker (Saleor's test settings run tasks eagerly).
    monkeypatch.setattr(
        outbound, "app", SimpleNamespace(conf=SimpleNamespace(task_always_eager=False))
    )

    def no_sleep(seconds):
        raise AssertionError(f"a send slept {seconds:.1f} s in the worker")

    monkeypatch.setattr(time, "sleep", no_sleep)
    rescheduled = []
    monkeypatch.setattr(
        send_message,
        "apply_async",
        lambda args, kwargs=None, countdown=None, **options: rescheduled.append(
            (args, kwargs, countdown)
        ),
    )

    assert send_message(str(first.pk)) == "sent"
    assert send_message(str(second.pk)) == "paced"

    ((args, kwargs, countdown),) = rescheduled
    assert args == (str(second.pk),)
    assert 1.5 < countdown <= 2.1
    second.refresh_from_db()
    assert second.status == "queued"
    # The sweeper leaves it alone until well after its slot.
    assert second.next_attempt_at > timezone.now() + timedelta(seconds=1)

    # At its slot the rescheduled task sends, without reserving another slot.
    reserved = dict(ratelimit._local_next)
    assert send_message(str(second.pk), slot=time.time()) == "sent"
    assert ratelimit._local_next == reserved
    assert [r.json()["text"] for r in viber.fake.sent()][-2:] == ["first", "second"]


def test_the_sweeper_re_enqueues_a_waiting_row_once_per_interval(
    viber, client, django_capture_on_commit_callbacks, monkeypatch
):
    (waiting,) = _queued(viber, client, django_capture_on_commit_callbacks, ["late"])
    now = timezone.now()
    Message.objects.filter(pk=waiting.pk).update(
        next_attempt_at=now - timedelta(minutes=3)
    )
    enqueued = []
    monkeypatch.setattr(send_message, "delay", lambda *args: enqueued.append(args))

    assert outbound.requeue_waiting(now) == 1
    # Its task may just be waiting in a long queue: not enqueued again every minute.
    assert outbound.requeue_waiting(now + timedelta(minutes=1)) == 0
    assert outbound.requeue_waiting(now + timedelta(minutes=4)) == 0
    # Still queued long after: it really is stuck, so once more.
    assert outbound.requeue_waiting(now + timedelta(minutes=8)) == 1
    assert enqueued == [(str(waiting.pk),), (str(waiting.pk),)]
