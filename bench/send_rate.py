"""Sending 5,000 messages through one WhatsApp number to the fake Cloud API.

    python bench/send_rate.py [--messages 5000] [--workers 4]

A real Celery worker (prefork pool) against Redis sends queued messages through the
pipeline (policy checks, rate limiter, adapter, status update) to the contract-checked
fake WhatsApp API on 127.0.0.1. Prints the achieved rate against the account's per-number
limit (80 messages/s by default), the busiest one-second window, and the worker's peak
memory. Target: at or below the limit, and at least 90 % of it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import rate_figures, run  # noqa: E402

MESSAGES = int(os.environ.get("BENCH_MESSAGES", "5000"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))


@pytest.mark.django_db(transaction=True)
def test_send_rate(plugin, channel_USD, redis_broker):
    from django.db import connection
    from django.utils import timezone

    from saleor_conversational.channels.messages import Text
    from saleor_conversational.messaging.outbound import send_message
    from saleor_conversational.models import (
        Consent,
        Contact,
        ContactIdentity,
        Conversation,
        Message,
    )
    from tests.support.providers import Provider
    from tests.support.worker import Worker, wait_until
    from tests.unit.channels import test_whatsapp

    whatsapp = Provider(test_whatsapp.TestWhatsAppConformance, channel_USD)
    account = whatsapp.account
    limit = account.rate_limit()
    now = timezone.now()
    contacts = Contact.objects.bulk_create(Contact() for _ in range(MESSAGES))
    identities = ContactIdentity.objects.bulk_create(
        ContactIdentity(
            contact=c, account=account, address=f"+3161{i:07d}", last_inbound_at=now
        )
        for i, c in enumerate(contacts)
    )
    conversations = Conversation.objects.bulk_create(
        Conversation(contact=c, channel=channel_USD) for c in contacts
    )
    Consent.objects.bulk_create(
        Consent(
            contact=c,
            messaging_channel="whatsapp",
            purpose="transactional",
            granted=True,
            source="bench",
        )
        for c in contacts
    )
    text = Text(text="Your order has shipped")
    messages = Message.objects.bulk_create(
        Message(
            conversation=conv,
            identity=ident,
            account=account,
            direction="out",
            kind="text",
            text=text.text,
            content=text.to_dict(),
        )
        for conv, ident in zip(conversations, identities, strict=False)
    )
    worker = Worker(
        connection.settings_dict["NAME"], pool="prefork", concurrency=WORKERS
    ).start()
    try:
        for message in messages:
            send_message.delay(str(message.id))
        wait_until(
            lambda: len(whatsapp.fake.sent()) >= MESSAGES,
            timeout=MESSAGES / limit * 3 + 60,
            interval=1,
            message="not every message was sent",
        )
        time.sleep(2)  # anything sent twice would arrive now
        peak_kib = worker.peak_memory_kib()
    finally:
        worker.stop()
        whatsapp.stop()

    rate, elapsed, busiest = rate_figures(
        [r.received_at for r in whatsapp.fake.sent()], limit
    )
    recipients = [r.json()["to"] for r in whatsapp.fake.sent()]
    statuses = dict(
        Message.objects.values_list("status").annotate(
            n=__import__("django").db.models.Count("id")
        )
    )
    print()
    print(
        f"{MESSAGES} messages through one WhatsApp number, {WORKERS} worker processes, Redis broker"
    )
    print(f"  limit:            {limit:.1f} messages/s per number")
    print(
        f"  achieved:         {rate:.1f} messages/s over {elapsed:.1f} s ({rate / limit * 100:.1f} % of the limit)"
    )
    print(f"  busiest second:   {busiest} messages")
    print(
        f"  sent to provider: {len(recipients)} requests, {len(set(recipients))} distinct recipients"
    )
    print(f"  message statuses: {statuses}")
    pool = sorted(peak_kib.values())
    print(
        f"  worker peak RSS:  main {pool[-1] / 1024:.1f} MiB; largest pool process "
        f"{max(pool[:-1] or [0]) / 1024:.1f} MiB ({len(pool) - 1} pool processes)"
    )
    print(f"  provider contract violations: {len(whatsapp.fake.violations)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=MESSAGES)
    parser.add_argument("--workers", type=int, default=WORKERS)
    options, rest = parser.parse_known_args()
    sys.exit(
        run(
            __file__,
            {"BENCH_MESSAGES": options.messages, "BENCH_WORKERS": options.workers},
            rest,
        )
    )
