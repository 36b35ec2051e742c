"""Waiting web chat polls through Saleor's URLconf with Django's AsyncClient (security
review H3): the wait runs in the event loop, not in a request thread; a process's polls
share one Redis subscription; concurrent polls are capped per session and per client.

Each scenario runs under ``async_to_sync`` from the test's thread, so every piece of
synchronous code of a request (Saleor's middleware, the view's checks, the ORM) runs on
that one thread and sees the test's transaction: a poll that waited in a thread would
make the others wait their turn.
"""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.test import AsyncClient

from saleor_conversational.models import Message, MessagingAccount
from tests.support.fixtures import WebChat


def _sessions(webchat: WebChat, count: int) -> list[str]:
    tokens = []
    for _ in range(count):
        webchat.open()
        tokens.append(webchat.session)
    return tokens


async def _poll(client, webchat: WebChat, token: str, wait: float, ip="203.0.113.7"):
    response = await client.post(
        webchat.base + "poll/",
        data=json.dumps({"wait": wait}),
        content_type="application/json",
        headers={"authorization": f"Bearer {token}", "x-forwarded-for": ip},
    )
    if getattr(response, "streaming", False):
        body = b"".join([chunk async for chunk in response.streaming_content])
    else:
        body = response.content
    return response.status_code, response, json.loads(body or b"{}")


def _run(scenario):
    started = time.monotonic()
    result = async_to_sync(scenario)()
    return time.monotonic() - started, result


def test_waiting_polls_wait_together_not_one_after_another(webchat):
    tokens = _sessions(webchat, 3)

    async def scenario():
        client = AsyncClient()
        return await asyncio.gather(*(_poll(client, webchat, t, 1.5) for t in tokens))

    elapsed, results = _run(scenario)

    assert [(status, body) for status, _, body in results] == [
        (200, {"messages": []})
    ] * 3
    # One after another (each wait holding the thread) would take 4.5 s.
    assert 1.4 <= elapsed < 3.5, elapsed


def test_a_reply_sent_while_polls_wait_reaches_its_own_session_only(webchat):
    webchat.open()
    webchat.say("hi")
    [reply] = webchat.poll()
    waiting, other = webchat.session, _sessions(webchat, 1)[0]

    async def scenario():
        client = AsyncClient()
        polls = [
            asyncio.ensure_future(_poll(client, webchat, waiting, 6)),
            asyncio.ensure_future(_poll(client, webchat, other, 2)),
        ]
        await asyncio.sleep(0.3)
        await sync_to_async(Message.objects.filter(pk=reply["id"]).update)(
            status="sent"
        )
        started = time.monotonic()
        first = await polls[0]
        return time.monotonic() - started, first, await polls[1]

    _, (woken_after, first, second) = _run(scenario)

    assert first[0] == 200 and [m["id"] for m in first[2]["messages"]] == [reply["id"]]
    assert woken_after < 2.5, woken_after  # re-checked, not left waiting for 6 s
    assert second[0] == 200 and second[2] == {"messages": []}
    assert Message.objects.get(pk=reply["id"]).status == "delivered"


def test_polls_beyond_the_caps_get_429_with_retry_after(webchat, monkeypatch):
    monkeypatch.setenv("CONVERSATIONAL_WEBCHAT_WAITING_POLLS_PER_CLIENT", "3")
    same_session = webchat.open()
    others = _sessions(webchat, 2)

    async def scenario():
        client = AsyncClient()
        session_polls = await asyncio.gather(
            *(_poll(client, webchat, same_session, 1) for _ in range(3))
        )
        client_polls = await asyncio.gather(
            *(
                _poll(client, webchat, token, 1)
                for token in [same_session, *others, others[1]]
            ),
            _poll(client, webchat, others[0], 1, ip="198.51.100.9"),
        )
        after = await _poll(client, webchat, same_session, 0.2)
        return session_polls, client_polls, after

    _, (session_polls, client_polls, after) = _run(scenario)

    statuses = sorted(status for status, _, _ in session_polls)
    assert statuses == [200, 200, 429], statuses
    [refused] = [r for status, r, _ in session_polls if status == 429]
    assert refused["Retry-After"] == "5"
    assert "session" in json.loads(refused.content)["error"]

    # Three from one client at most; another client is not affected.
    assert sorted(status for status, _, _ in client_polls) == [200] * 4 + [429]
    [refused] = [r for status, r, _ in client_polls if status == 429]
    assert "client" in json.loads(refused.content)["error"]
    assert refused["Retry-After"] == "5"
    assert client_polls[-1][0] == 200
    assert after[0] == 200  # the places are given back when the polls answer


def test_a_waiting_poll_of_an_ended_session_answers_at_once(webchat):
    token = webchat.open()

    async def scenario():
        client = AsyncClient()
        waiting = asyncio.ensure_future(_poll(client, webchat, token, 10))
        await asyncio.sleep(0.3)
        ended = await client.post(
            webchat.base + "session/end/",
            data="{}",
            content_type="application/json",
            headers={"authorization": f"Bearer {token}"},
        )
        started = time.monotonic()
        answered = await waiting
        return ended.status_code, time.monotonic() - started, answered

    _, (ended, answered_after, answered) = _run(scenario)

    assert ended == 200
    assert answered[0] == 200 and answered_after < 2.5
    assert webchat.post("poll/", {}).status_code == 401


@pytest.fixture
def webchat_redis(webchat, settings, monkeypatch):
    from saleor_conversational.core import ratelimit
    from tests.support.worker import REDIS_URL, redis_or_skip

    redis_or_skip()
    settings.CONVERSATIONAL_REDIS_URL = REDIS_URL
    monkeypatch.setattr(ratelimit, "_redis_client", None)
    yield webchat
    ratelimit._redis_client = None


def test_waiting_polls_share_one_redis_subscription_and_wake_at_once(webchat_redis):
    import redis

    from saleor_conversational.messaging.wakeup import connection_name, wake
    from tests.support.worker import REDIS_URL

    webchat = webchat_redis
    webchat.open()
    webchat.say("hi")
    [reply] = webchat.poll()
    woken = webchat.session
    tokens = [woken, *_sessions(webchat, 4)]
    account = MessagingAccount.objects.get(kind="webchat")
    server = redis.Redis.from_url(REDIS_URL)

    def subscriptions() -> list[dict]:
        return [c for c in server.client_list() if c.get("name") == connection_name()]

    async def scenario():
        client = AsyncClient()
        polls = [
            asyncio.ensure_future(_poll(client, webchat, t, 8 if t == woken else 3))
            for t in tokens
        ]
        await asyncio.sleep(1.0)
        during = subscriptions()
        await sync_to_async(Message.objects.filter(pk=reply["id"]).update)(
            status="sent"
        )
        wake(account.pk, woken.split(".")[0])
        started = time.monotonic()
        first = await polls[0]
        woken_after = time.monotonic() - started
        return during, woken_after, first, await asyncio.gather(*polls[1:])

    _, (during, woken_after, first, rest) = _run(scenario)

    assert len(during) == 1, during  # five waiting polls, one connection
    assert int(during[0]["psub"]) == 1
    assert woken_after < 1.0, woken_after  # woken, not re-checked later
    assert [m["id"] for m in first[2]["messages"]] == [reply["id"]]
    assert [(status, body) for status, _, body in rest] == [(200, {"messages": []})] * 4
