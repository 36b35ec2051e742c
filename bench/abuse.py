"""How much one client can push through each public endpoint in a minute.

    python bench/abuse.py [--cap 300] [--graphql-runs 50]

Runs inside Saleor's test setup (its fixtures, PostgreSQL, the local-memory cache) with
the plugin active and the default limits. For each public endpoint it sends requests
from one IP address, as fast as it can, inside one frozen minute, and counts the
requests answered before the first 429. An endpoint that is not limited is sent ``cap``
requests ("no limit"). Then the p99 time of the worst GraphQL query the API allows.
"""

from __future__ import annotations

import json
import os
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import run  # noqa: E402

CAP = int(os.environ.get("BENCH_CAP", "300"))
GRAPHQL_RUNS = int(os.environ.get("BENCH_GRAPHQL_RUNS", "50"))
CLIENT_IP = "203.0.113.9"


def accepted_per_minute(send, cap: int = CAP) -> tuple[int, str]:
    """(requests answered before the first 429, what refused it) within one minute."""
    from django.core.cache import cache
    from freezegun import freeze_time

    cache.clear()
    minute = datetime.now(UTC).replace(second=1, microsecond=0)
    with freeze_time(minute):
        for n in range(cap):
            response = send(n)
            if response.status_code == 429:
                body = response.json()
                errors = body.get("errors") or [{}]
                return n, body.get("error") or errors[0].get("message", "")
            assert response.status_code < 500, (response.status_code, response.content)
    return cap, ""


def p99_ms(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000


INTROSPECTION = """
query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) {
    name description args { ...InputValue } type { ...TypeRef }
    isDeprecated deprecationReason
  }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name ofType { kind name ofType { kind name ofType { kind name ofType {
    kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}
"""


def worst_allowed_graphql_queries() -> dict[str, str]:
    """The heaviest queries the plugin's GraphQL API accepts from anyone, within its
    limits (graphql/limits.py: depth 16, 500 fields after fragments, Saleor's cost and
    alias limits): the full introspection query every GraphQL client sends, and the
    widest query, 499 fields under the root."""
    return {
        "introspection": INTROSPECTION,
        "499 fields": "{ " + " ".join(["__typename"] * 499) + " }",
    }


def graphql_worst_allowed_p99(
    client, url: str, runs: int = GRAPHQL_RUNS
) -> tuple[str, float]:
    """(name, p99 in milliseconds) of the slowest of ``worst_allowed_graphql_queries``
    (anonymous)."""
    results = []
    for name, query in worst_allowed_graphql_queries().items():
        body = json.dumps({"query": query})
        times = []
        for _ in range(runs + 2):
            started = time.perf_counter()
            response = client.post(url, data=body, content_type="application/json")
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.content[:500]
        results.append((p99_ms(times[2:]), name))  # the first runs warm caches
    p99, name = max(results)
    return name, p99


@pytest.mark.django_db
def test_abuse_limits(plugin, channel_USD, settings):
    from django.test import Client

    from saleor_conversational.models import PaymentAccount
    from tests.support.fakes.mollie import FakeMollie
    from tests.support.fakes.stripe import FakeStripe
    from tests.support.fixtures import BASE
    from tests.support.providers import Provider, conformance_classes, post_inbound

    client = Client(REMOTE_ADDR=CLIENT_IP)
    chat = f"{BASE}webchat/{channel_USD.slug}/"

    def post(path: str, body: dict | bytes, token: str = "", **headers):
        if token:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        data = body if isinstance(body, bytes) else json.dumps(body)
        return client.post(path, data=data, content_type="application/json", **headers)

    def minted_session() -> str:
        # Not through session/: its own limit is measured on its own.
        from saleor_conversational.views.webchat import webchat_account

        return webchat_account(channel_USD).adapter().new_session()[1]

    class Rotating:
        """A new session whenever the current one is refused: the client's limit."""

        def __init__(self, path: str, body) -> None:
            self.path, self.body, self.token = path, body, minted_session()

        def __call__(self, n: int):
            response = post(self.path, self.body(n), self.token)
            if (
                response.status_code == 429
                and "per-session" in response.json()["error"]
            ):
                self.token = minted_session()
                response = post(self.path, self.body(n), self.token)
            return response

    rows: list[tuple[str, int, str]] = []

    def measure(name: str, send, cap: int = CAP) -> None:
        count, refusal = accepted_per_minute(send, cap)
        rows.append((name, count, refusal or f"no limit ({cap} sent)"))

    measure("webchat session/", lambda n: post(chat + "session/", {}))
    message = lambda n: {"id": f"m{n}", "text": "search shirt"}  # noqa: E731
    token = minted_session()
    measure(
        "webchat messages/ (one session)",
        lambda n: post(chat + "messages/", message(n), token),
    )
    measure("webchat messages/ (new sessions)", Rotating(chat + "messages/", message))
    token = minted_session()
    measure("webchat poll/ (one session)", lambda n: post(chat + "poll/", {}, token))
    measure("webchat poll/ (new sessions)", Rotating(chat + "poll/", lambda n: {}))
    checkout = lambda n: {"checkoutToken": str(uuid.uuid4())}  # noqa: E731
    token = minted_session()
    measure(
        "webchat checkout/ (one session)",
        lambda n: post(chat + "checkout/", checkout(n), token),
    )
    measure("webchat checkout/ (new sessions)", Rotating(chat + "checkout/", checkout))
    token = minted_session()
    measure(
        "webchat identify/ (one session)",
        lambda n: post(chat + "identify/", {"customerToken": "x"}, token),
    )

    for param in conformance_classes():
        provider = Provider(param.values[0], channel_USD)
        try:
            measure(
                f"webhooks/ {provider.account.kind} (signed)",
                lambda n, p=provider: post_inbound(
                    client, p.path, p.inbound_text(f"hello {n} {uuid.uuid4()}")
                ),
            )
            measure(
                f"webhooks/ {provider.account.kind} (unsigned)",
                lambda n, p=provider: client.post(
                    p.path, data=b"{}", content_type="application/json"
                ),
            )
        finally:
            provider.stop()

    fake_stripe, fake_mollie = FakeStripe().start(), FakeMollie().start()
    try:
        stripe = PaymentAccount(
            channel=channel_USD,
            provider="stripe",
            name="S",
            base_url=fake_stripe.base_url,
        )
        stripe.secrets = {"api_key": fake_stripe.api_key, "webhook_secret": "whsec_x"}
        stripe.save()
        mollie = PaymentAccount(
            channel=channel_USD,
            provider="mollie",
            name="M",
            base_url=fake_mollie.base_url,
        )
        mollie.secrets = {"api_key": fake_mollie.api_key}
        mollie.save()
        measure(
            "payments/stripe (forged)",
            lambda n: client.post(
                f"{BASE}payments/stripe/{stripe.pk}/",
                data=b"{}",
                content_type="application/json",
                HTTP_STRIPE_SIGNATURE="t=1,v1=00",
            ),
        )
        measure(
            "payments/mollie (made-up ids)",
            lambda n: client.post(
                f"{BASE}payments/mollie/{mollie.pk}/",
                data=f"id=tr_bench{n}".encode(),
                content_type="application/x-www-form-urlencoded",
            ),
        )
        mollie_lookups = sum(1 for r in fake_mollie.requests if "/payments/" in r.path)
    finally:
        fake_stripe.stop()
        fake_mollie.stop()

    graphql = f"{BASE}graphql/"
    measure(
        "graphql/ (anonymous)",
        lambda n: client.post(
            graphql,
            data=json.dumps({"query": "{ __typename }"}),
            content_type="application/json",
        ),
        cap=max(CAP, 700),
    )
    # The p99 is of the query itself, not of the per-client limit the row above measured.
    settings.CONVERSATIONAL_GRAPHQL_REQUESTS_PER_CLIENT_PER_MINUTE = 0
    worst, p99 = graphql_worst_allowed_p99(client, graphql)

    width = max(len(name) for name, _, _ in rows)
    print()
    print(
        f"Requests from one client ({CLIENT_IP}) accepted in one minute, default limits"
    )
    for name, count, refusal in rows:
        print(f"  {name:<{width}}  {count:>5}  {refusal}")
    print(f"  Mollie API look-ups for the made-up ids: {mollie_lookups}")
    print(
        f"GraphQL: p99 of the worst allowed query ({worst}, {GRAPHQL_RUNS} runs): "
        f"{p99:.1f} ms"
    )


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--cap", type=int, default=CAP)
    parser.add_argument("--graphql-runs", type=int, default=GRAPHQL_RUNS)
    args, rest = parser.parse_known_args()
    sys.exit(
        run(
            __file__,
            {"BENCH_CAP": args.cap, "BENCH_GRAPHQL_RUNS": args.graphql_runs},
            rest,
        )
    )
