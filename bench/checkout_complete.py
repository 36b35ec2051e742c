"""What the plugin adds to Saleor's checkoutComplete: wall time and SQL queries.

    python bench/checkout_complete.py [--iterations 40]

Runs inside Saleor's test setup (its fixtures, PostgreSQL) with a Redis broker, so the
plugin's hooks really enqueue their tasks the way they do in production. Plugin active
and inactive runs are interleaved in the same process and printed side by side with
their ratios. Target: at most 2 extra queries and under 5 % extra time.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
ITERATIONS = int(os.environ.get("BENCH_ITERATIONS", "40"))

COMPLETE = """
mutation($id: ID!) { checkoutComplete(id: $id) { order { id } errors { field code message } } }
"""


def fresh_checkout(channel, variant, address, checkout_delivery, email):
    from saleor.checkout.fetch import fetch_checkout_info
    from saleor.checkout.models import Checkout
    from saleor.checkout.tests.utils import add_variant_to_checkout
    from saleor.checkout.utils import create_checkout_metadata
    from saleor.plugins.manager import get_plugins_manager

    checkout = Checkout.objects.create(
        channel=channel, currency=channel.currency_code, email=email
    )
    create_checkout_metadata(checkout, metadata=None, private_metadata=None)
    checkout.set_country("US", commit=True)
    info = fetch_checkout_info(checkout, [], get_plugins_manager(allow_replica=False))
    add_variant_to_checkout(info, variant, 1)
    checkout.shipping_address = address.get_copy()
    checkout.billing_address = address.get_copy()
    checkout.save()
    checkout.assigned_delivery = checkout_delivery(checkout)
    checkout.save()
    return checkout


@pytest.mark.django_db
def test_checkout_complete_overhead(
    settings,
    api_client,
    channel_USD,
    product,
    address,
    checkout_delivery,
    customer_user,
    redis_broker,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from saleor.graphql.core.utils import to_global_id_or_none
    from saleor.plugins.models import PluginConfiguration
    from saleor.warehouse.models import Stock

    from saleor_conversational.models import Contact
    from saleor_conversational.plugin import PLUGIN_ID

    settings.PLUGINS = ["saleor_conversational.plugin.ConversationalPlugin"]
    channel_USD.allow_unpaid_orders = True
    channel_USD.save(update_fields=["allow_unpaid_orders"])
    Stock.objects.update(quantity=100_000)
    variant = product.variants.first()
    # A shopper whose customer record is linked: the hooks have someone to notify.
    Contact.objects.create(user=customer_user, name="Shopper")
    config = PluginConfiguration.objects.create(
        identifier=PLUGIN_ID, active=True, configuration=[]
    )

    samples: dict[bool, list[tuple[float, int]]] = {True: [], False: []}
    for i in range(ITERATIONS + 2):
        for active in (True, False) if i % 2 else (False, True):
            config.active = active
            config.save(update_fields=["active"])
            checkout = fresh_checkout(
                channel_USD, variant, address, checkout_delivery, customer_user.email
            )
            variables = {"id": to_global_id_or_none(checkout)}
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = api_client.post_graphql(COMPLETE, variables)
                elapsed = time.perf_counter() - started
            data = response.json()["data"]["checkoutComplete"]
            assert data["errors"] == [] and data["order"], data
            if i >= 2:  # the first rounds warm caches and imports
                samples[active].append((elapsed, len(queries)))

    def summary(active: bool) -> tuple[float, float]:
        times = [t for t, _ in samples[active]]
        counts = [q for _, q in samples[active]]
        return statistics.median(times) * 1000, statistics.median(counts)

    on_ms, on_queries = summary(True)
    off_ms, off_queries = summary(False)
    queued = redis_broker.llen("celery")
    print()
    print(
        f"checkoutComplete over {ITERATIONS} runs each (median), Saleor + PostgreSQL + Redis broker"
    )
    print(f"  plugin inactive: {off_ms:8.2f} ms  {off_queries:5.0f} queries")
    print(
        f"  plugin active:   {on_ms:8.2f} ms  {on_queries:5.0f} queries  ({queued} tasks enqueued)"
    )
    print(
        f"  time ratio active/inactive:  {on_ms / off_ms:.3f}  ({(on_ms / off_ms - 1) * 100:+.1f} %; target < +5 %)"
    )
    print(
        f"  extra queries:               {on_queries - off_queries:+.0f}  (target <= 2)"
    )
    print(f"  query ratio active/inactive: {on_queries / off_queries:.3f}")


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(
        pytest.main(
            [
                __file__,
                "-q",
                "-s",
                "-p",
                "no:cacheprovider",
                "--reuse-db",
                "--rootdir",
                str(ROOT),
                "-c",
                str(ROOT / "pyproject.toml"),
                "-o",
                "testpaths=bench",
                *sys.argv[1:],
            ]
        )
    )
