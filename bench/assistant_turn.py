"""What the built-in assistant adds to each inbound message: time and SQL queries.

    python bench/assistant_turn.py [--rounds 5]

Runs inside Saleor's test setup (its fixtures, PostgreSQL) with the shop of the
shopper message set (tests/saleor/assistant/shopper_set.py: a translated catalogue, a
returns FAQ, one order of the customer). Every round sends the set's 50 messages
(10 per language) through the public web-chat endpoint, each in a new chat of the
customer. The assistant runs in the Celery task that processes the stored inbound
event, in its transaction (here the tasks run eagerly, inside the request), so what it
adds is timed around its listener of "message received" (understanding, the reply
language, reading shop data through Saleor's API as the App, queueing the reply);
sending the replies is not part of it.

Prints p50, p99 and max of the listener's time and query count over all messages
after the first round (which warms imports, the lexicons and Lingua's models), per
language, and the whole request with the assistant against the same requests with the
listener disconnected (tasks eager), with their ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import run  # noqa: E402

if __name__ != "__main__":  # collected by pytest, with Saleor importable
    from tests.saleor.assistant.shopper_set import MESSAGES, shop  # noqa: F401

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
UID = "saleor_conversational.assistant"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@pytest.mark.django_db
def test_assistant_turn(webchat, shop, customer_user):  # noqa: F811
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from saleor_conversational.assistant.router import on_message_received
    from saleor_conversational.channels.webchat.adapter import LIMITS
    from saleor_conversational.contacts.identities import find_or_create_identity
    from saleor_conversational.messaging.signals import message_received
    from saleor_conversational.models import MessagingAccount

    turns: list[tuple[str, float, int]] = []  # language, seconds, queries
    current = {"language": ""}

    def timed_listener(sender, **kwargs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            on_message_received(sender, **kwargs)
            elapsed = time.perf_counter() - started
        turns.append((current["language"], elapsed, len(queries)))

    webchat.open()  # creates the web chat's messaging account
    account = MessagingAccount.objects.get(kind="webchat")
    # One client opening hundreds of chats: the web chat's request limits are off here.
    account.settings = {
        **account.settings,
        **{name: "0" for name in LIMITS},
    }
    account.save(update_fields=["settings"])
    requests: dict[bool, list[float]] = {True: [], False: []}
    message_received.disconnect(dispatch_uid=UID)
    try:
        for round_number in range(ROUNDS + 1):
            for assistant_on in (True, False):
                if assistant_on:
                    message_received.connect(timed_listener, dispatch_uid=UID)
                else:
                    message_received.disconnect(dispatch_uid=UID)
                for language, messages in sorted(MESSAGES.items()):
                    current["language"] = language
                    for text, _kind in messages:
                        webchat._n = 0
                        session = webchat.open()
                        identity = find_or_create_identity(
                            account, session.split(".")[0]
                        )
                        identity.contact.user = customer_user
                        identity.contact.save(update_fields=["user"])
                        started = time.perf_counter()
                        webchat.say(text)
                        elapsed = time.perf_counter() - started
                        if round_number:
                            requests[assistant_on].append(elapsed)
            if round_number == 0:
                turns.clear()
    finally:
        message_received.disconnect(dispatch_uid=UID)
        message_received.connect(on_message_received, dispatch_uid=UID)

    count = sum(len(m) for m in MESSAGES.values())
    assert len(turns) == ROUNDS * count, len(turns)
    times = [t * 1000 for _, t, _ in turns]
    queries = [q for _, _, q in turns]
    print()
    print(
        f"Built-in assistant per inbound message, {ROUNDS} rounds of {count} web-chat "
        "messages (the first round left out), Saleor + PostgreSQL"
    )
    print(
        f"  listener time:    p50 {percentile(times, 0.5):7.2f} ms   "
        f"p99 {percentile(times, 0.99):7.2f} ms   max {max(times):7.2f} ms"
    )
    print(
        f"  listener queries: p50 {percentile(queries, 0.5):5.0f}        "
        f"p99 {percentile(queries, 0.99):5.0f}        max {max(queries):5.0f}"
    )
    for language in sorted(MESSAGES):
        own = [t * 1000 for lang, t, _ in turns if lang == language]
        print(
            f"    {language}: p50 {percentile(own, 0.5):7.2f} ms   "
            f"p99 {percentile(own, 0.99):7.2f} ms"
        )
    on = statistics.median(requests[True]) * 1000
    off = statistics.median(requests[False]) * 1000
    print(f"  message request, assistant on:  median {on:7.2f} ms")
    print(f"  message request, assistant off: median {off:7.2f} ms")
    print(
        f"  ratio on/off: {on / off:.2f}  ({on - off:+.2f} ms: the listener, and sending "
        "its replies)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    options, rest = parser.parse_known_args()
    sys.exit(run(__file__, {"BENCH_ROUNDS": options.rounds}, rest))
