"""Telling 10,000 back-in-stock subscribers through one WhatsApp number (fake Cloud API).

    python bench/back_in_stock.py [--subscribers 10000] [--workers 4]

10,000 chat contacts with marketing consent wait for one variant in one sales channel.
Stock returns; a real Celery worker (prefork pool, Redis broker) runs the periodic
``notify_back_in_stock`` scan, which queues the alerts in batches, and sends them through
the whole pipeline (policy, rate limiter, adapter) to the contract-checked fake WhatsApp
API on 127.0.0.1. Prints the achieved rate against the number's limit, whether every
subscriber got exactly one message, and the worker's memory as the run progressed (flat:
the last sample close to the first) and at its peak.
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

SUBSCRIBERS = int(os.environ.get("BENCH_SUBSCRIBERS", "10000"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))


@pytest.mark.django_db(transaction=True)
def test_back_in_stock_alerts(plugin, channel_USD, variant, warehouse, redis_broker):
    from collections import Counter

    from django.db import connection
    from django.db.models import Count
    from django.utils import timezone
    from saleor.warehouse.models import Stock

    from saleor_conversational.models import (
        BackInStockSubscription,
        Consent,
        Contact,
        ContactIdentity,
        Message,
    )
    from saleor_conversational.tasks import notify_back_in_stock
    from tests.support.providers import Provider
    from tests.support.worker import Worker, wait_until
    from tests.unit.channels import test_whatsapp

    whatsapp = Provider(test_whatsapp.TestWhatsAppConformance, channel_USD)
    account = whatsapp.account
    limit = account.rate_limit()
    stock = Stock.objects.create(
        warehouse=warehouse, product_variant=variant, quantity=0
    )
    now = timezone.now()
    contacts = Contact.objects.bulk_create(Contact() for _ in range(SUBSCRIBERS))
    identities = ContactIdentity.objects.bulk_create(
        ContactIdentity(
            contact=c, account=account, address=f"+3162{i:07d}", last_inbound_at=now
        )
        for i, c in enumerate(contacts)
    )
    for contact, identity in zip(contacts, identities, strict=False):
        contact.preferred_identity = identity
    Contact.objects.bulk_update(contacts, ["preferred_identity"], batch_size=2000)
    Consent.objects.bulk_create(
        Consent(
            contact=c,
            messaging_channel="whatsapp",
            purpose=purpose,
            granted=True,
            source="bench",
        )
        for c in contacts
        for purpose in ("transactional", "marketing")
    )
    BackInStockSubscription.objects.bulk_create(
        BackInStockSubscription(contact=c, variant=variant, channel=channel_USD)
        for c in contacts
    )
    stock.quantity = 50
    stock.save(update_fields=["quantity"])

    worker = Worker(
        connection.settings_dict["NAME"], pool="prefork", concurrency=WORKERS
    ).start()
    samples = []  # (messages received by the provider, total worker RSS in KiB)
    try:
        started = time.monotonic()
        notify_back_in_stock.delay()
        notify_back_in_stock.delay()  # beat firing again while the first scan runs
        deadline = started + SUBSCRIBERS / limit * 3 + 120
        while len(whatsapp.fake.sent()) < SUBSCRIBERS and time.monotonic() < deadline:
            samples.append(
                (len(whatsapp.fake.sent()), sum(worker.memory_kib("VmRSS").values()))
            )
            time.sleep(2)
        wait_until(
            lambda: len(whatsapp.fake.sent()) >= SUBSCRIBERS,
            timeout=5,
            message="not every subscriber was told",
        )
        time.sleep(3)  # anything sent twice would arrive now
        notify_back_in_stock.delay()  # a later scan finds nobody waiting
        time.sleep(3)
        samples.append(
            (len(whatsapp.fake.sent()), sum(worker.memory_kib("VmRSS").values()))
        )
        peak_kib = worker.peak_memory_kib()
    finally:
        worker.stop()
        whatsapp.stop()

    sent = whatsapp.fake.sent()
    rate, elapsed, busiest = rate_figures([r.received_at for r in sent], limit)
    per_recipient = Counter(r.json()["to"] for r in sent)
    statuses = dict(Message.objects.values_list("status").annotate(n=Count("id")))
    early = next(
        (kib for count, kib in samples if count >= SUBSCRIBERS // 10), samples[0][1]
    )
    print()
    print(
        f"{SUBSCRIBERS} back-in-stock subscribers, one WhatsApp number, {WORKERS} worker processes"
    )
    print(f"  limit:              {limit:.1f} messages/s per number")
    print(
        f"  achieved:           {rate:.1f} messages/s over {elapsed:.1f} s "
        f"({rate / limit * 100:.1f} % of the limit); busiest second {busiest}"
    )
    print(
        f"  provider requests:  {len(sent)} to {len(per_recipient)} recipients; "
        f"most to one recipient: {max(per_recipient.values())}"
    )
    print(f"  message statuses:   {statuses}")
    print(
        f"  subscriptions left waiting: "
        f"{BackInStockSubscription.objects.filter(notified_at__isnull=True).count()}"
    )
    print(
        f"  worker RSS (all processes): {early / 1024:.1f} MiB at 10 % sent -> "
        f"{samples[-1][1] / 1024:.1f} MiB at the end "
        f"({(samples[-1][1] - early) / early * 100:+.1f} %)"
    )
    pool = sorted(peak_kib.values())
    print(
        f"  worker peak RSS:    main {pool[-1] / 1024:.1f} MiB; largest pool process "
        f"{max(pool[:-1] or [0]) / 1024:.1f} MiB"
    )
    print(f"  provider contract violations: {len(whatsapp.fake.violations)}")
    assert len(per_recipient) == SUBSCRIBERS and max(per_recipient.values()) == 1
    assert not whatsapp.fake.violations


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=SUBSCRIBERS)
    parser.add_argument("--workers", type=int, default=WORKERS)
    options, rest = parser.parse_known_args()
    sys.exit(
        run(
            __file__,
            {
                "BENCH_SUBSCRIBERS": options.subscribers,
                "BENCH_WORKERS": options.workers,
            },
            rest,
        )
    )
