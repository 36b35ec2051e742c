"""How fast Saleor acknowledges a WhatsApp webhook, against the plugin's cheapest route.

    python bench/inbound_ack.py [--seconds 20] [--rounds 3] [--connections 8] [--profile]

Saleor as deployed (uvicorn serving ``saleor.asgi``, Saleor's production settings, the
plugin found through its entry point and active, one WhatsApp account) against the test
database, driven by wrk (Debian's package: ``apt-get install -y wrk``) with pre-signed
bodies (``bench/inbound_ack.lua``). Each round runs, one after the other for
``--seconds`` each:

- ``cheapest``: an unknown path under ``/plugins/global/saleor.conversational/`` (what
  every plugin request pays: Saleor's middleware and plugin manager, the plugin's
  router), with the same body and headers as the others;
- ``distinct``: signed messages, each new (verified, stored, enqueued);
- ``duplicate``: signed messages already stored (a provider's redelivery);
- ``forged``: new messages with a wrong signature.

It prints requests/s, p50, p99 and the server process's CPU time per request of each
and their ratios to the cheapest route (CPU time is the steadier figure on a shared
machine; it leaves out PostgreSQL's and Redis's own), then checks in the database and
in the broker that every acknowledged message was stored and enqueued exactly once, and
that nothing forged or duplicated was stored. No Celery worker runs: the tasks wait in
Redis and are dropped at the end.

``--profile`` then records the uvicorn process with py-spy (``pip install py-spy``)
during one more phase of ``--profile-route`` (default: distinct; not counted in the
figures), writes the collapsed stacks to ``test-artifacts/inbound-ack-profile.txt`` and
prints the heaviest frames; ``--profile-gil`` samples only threads holding the GIL
(Python's own CPU time, not waits on PostgreSQL or Redis).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import run  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
PROFILE = os.environ.get("BENCH_PROFILE") == "1"
# Only threads holding the GIL (Python's own CPU), not those waiting on PostgreSQL/Redis.
PROFILE_GIL = os.environ.get("BENCH_PROFILE_GIL") == "1"
PROFILE_ROUTE = os.environ.get("BENCH_PROFILE_ROUTE", "distinct")
ROUTES = ("cheapest", "distinct", "duplicate", "forged")
# More bodies than the fastest route could take in a phase: none is sent twice.
BODIES_PER_SECOND = 1000
LUA = ROOT / "bench" / "inbound_ack.lua"
ARTIFACTS = ROOT / "test-artifacts"


@functools.cache
def _body_template(phone_number_id: str) -> bytes:
    """A webhook body in Meta's shape (its contract's example), built once."""
    from tests.support.fakes.whatsapp import dumps, envelope
    from tests.unit.channels.test_whatsapp import text_message

    message = text_message("@TEXT@")
    message["id"] = "@ID@"
    return dumps(envelope(phone_number_id, messages=[message]))


def whatsapp_body(phone_number_id: str, message_id: str, text: str) -> bytes:
    """``message_id`` and ``text``: ASCII, nothing JSON would escape."""
    template = _body_template(phone_number_id)
    return template.replace(b"@ID@", message_id.encode()).replace(
        b"@TEXT@", text.encode()
    )


def write_requests(path: Path, bodies: list[bytes], secret: str) -> Path:
    from tests.support.fakes.whatsapp import sign

    with path.open("wb") as out:
        for body in bodies:
            out.write(sign(body, secret).encode() + b"\t" + body + b"\n")
    return path


def wrk(url: str, path: str, requests: Path, seconds: int) -> dict:
    command = [
        shutil.which("wrk") or "wrk",
        "-t1",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(LUA),
        url,
        "--",
        str(requests),
        path,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    line = next(ln for ln in done.stdout.splitlines() if ln.startswith("WRK-JSON "))
    figures = json.loads(line.removeprefix("WRK-JSON "))
    figures["rate"] = figures["requests"] / (figures["duration_us"] / 1e6)
    figures["acked"] = figures["requests"] - figures["non_2xx"]
    return figures


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def py_spy() -> str:
    found = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(found).exists():
        pytest.fail("--profile needs py-spy: pip install py-spy")
    return found


def heaviest_frames(collapsed: Path, top: int = 30) -> list[tuple[float, str]]:
    """(share of samples, frame) for the frames on most samples, inclusive."""
    inclusive: Counter[str] = Counter()
    total = 0
    for line in collapsed.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        samples = int(count)
        total += samples
        for frame in set(stack.split(";")):
            inclusive[frame] += samples
    interesting = (
        "saleor_conversational",
        "celery",
        "kombu",
        "django/db",
        "psycopg",
        "saleor/plugins",
        "saleor/core",
        "django/core/handlers",
    )
    return [
        (samples / total, frame)
        for frame, samples in inclusive.most_common()
        if any(part in frame for part in interesting)
    ][:top]


def profile(server, path: str, requests: Path) -> None:
    """py-spy samples the uvicorn process (without pausing it) while it answers
    ``requests`` at ``path`` for ``SECONDS``."""
    profiler = subprocess.Popen(
        [
            py_spy(),
            "record",
            "--pid",
            str(server.process.pid),
            "--nonblocking",
            *(["--gil"] if PROFILE_GIL else []),
            "--duration",
            str(SECONDS),
            "--rate",
            "250",
            "--format",
            "raw",
            "--output",
            str(ARTIFACTS / "inbound-ack-profile.txt"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1)  # py-spy attaches
    figures = wrk(server.url, path, requests, SECONDS)
    profiler.wait(60)
    print(f"\nProfiled phase: {figures['rate']:.1f} req/s (not counted above)")


def queued_tasks(redis_client, queue: str) -> int:
    """Messages waiting in a kombu Redis queue (all its priority lists)."""
    return sum(
        redis_client.llen(key)
        for key in redis_client.scan_iter(match=f"{queue}*")
        if redis_client.type(key) == b"list"
    )


def stored(prefix: str) -> int:
    from saleor_conversational.models import InboundEvent

    return InboundEvent.objects.filter(dedupe_key__startswith=f"msg:{prefix}").count()


@pytest.mark.django_db(transaction=True)
def test_inbound_ack(plugin, channel_USD, redis_broker):
    from saleor_conversational.jobs import QUEUE
    from saleor_conversational.models import InboundEvent
    from tests.support.providers import Provider
    from tests.support.server import SaleorServer
    from tests.unit.channels import test_whatsapp

    if not shutil.which("wrk"):
        pytest.fail("the bench needs wrk: apt-get install -y wrk")
    whatsapp = Provider(test_whatsapp.TestWhatsAppConformance, channel_USD)
    phone, secret = whatsapp.config["phone_number_id"], whatsapp.config["app_secret"]
    paths = {
        "cheapest": "/plugins/global/saleor.conversational/bench-no-such-endpoint/",
        **{route: whatsapp.path for route in ROUTES[1:]},
    }
    ARTIFACTS.mkdir(exist_ok=True)
    per_phase = SECONDS * BODIES_PER_SECOND

    def bodies(prefix: str, count: int) -> list[bytes]:
        return [
            whatsapp_body(phone, f"{prefix}{n}", f"hello {n}") for n in range(count)
        ]

    server = SaleorServer().start()
    try:
        # Warm-up: the server's first requests, and the messages later redelivered.
        warm = bodies("wamid.BENCH.warm.", 5 * BODIES_PER_SECOND)
        warm_file = write_requests(ARTIFACTS / "inbound-warm.tsv", warm, secret)
        wrk(server.url, paths["cheapest"], warm_file, 3)
        wrk(server.url, paths["distinct"], warm_file, 5)
        time.sleep(1)
        stored_warm = {
            key.removeprefix("msg:")
            for key in InboundEvent.objects.values_list("dedupe_key", flat=True)
        }
        redelivered = [
            body
            for n, body in enumerate(warm)
            if f"wamid.BENCH.warm.{n}" in stored_warm
        ]
        assert redelivered, "nothing was stored in the warm-up"
        duplicates = write_requests(
            ARTIFACTS / "inbound-duplicates.tsv", redelivered, secret
        )

        results: dict[str, list[dict]] = {route: [] for route in ROUTES}
        rows_before_duplicates = []
        for round_no in range(1, ROUNDS + 1):
            fresh = write_requests(
                ARTIFACTS / "inbound-distinct.tsv",
                bodies(f"wamid.BENCH.r{round_no}.", per_phase),
                secret,
            )
            forged = write_requests(
                ARTIFACTS / "inbound-forged.tsv",
                bodies(f"wamid.FORGED.r{round_no}.", per_phase),
                "not-the-app-secret",
            )
            files = {
                "cheapest": fresh,  # it stores nothing
                "distinct": fresh,
                "duplicate": duplicates,
                "forged": forged,
            }
            for route in ROUTES:
                if route == "duplicate":
                    rows_before_duplicates.append(InboundEvent.objects.count())
                cpu = cpu_seconds(server.process.pid)
                figures = wrk(server.url, paths[route], files[route], SECONDS)
                figures["cpu_ms"] = (
                    (cpu_seconds(server.process.pid) - cpu) * 1000 / figures["requests"]
                )
                results[route].append(figures)
                time.sleep(1)  # requests wrk gave up on at its deadline finish
                if route == "duplicate":
                    assert InboundEvent.objects.count() == rows_before_duplicates[-1]
        if PROFILE:  # after the measured rounds: sampling costs the server some CPU
            forged_bodies = PROFILE_ROUTE == "forged"
            profiled = (
                duplicates
                if PROFILE_ROUTE == "duplicate"
                else write_requests(
                    ARTIFACTS / "inbound-profiled.tsv",
                    bodies(
                        "wamid.FORGED.profile."
                        if forged_bodies
                        else "wamid.BENCH.profile.",
                        per_phase,
                    ),
                    "not-the-app-secret" if forged_bodies else secret,
                )
            )
            profile(server, paths[PROFILE_ROUTE], profiled)
    finally:
        server.stop()
        whatsapp.stop()

    report(results)
    if PROFILE:
        print(f"\nHeaviest frames while answering {PROFILE_ROUTE} (inclusive):")
        for share, frame in heaviest_frames(ARTIFACTS / "inbound-ack-profile.txt"):
            print(f"  {share:6.1%}  {frame}")

    # Every acknowledged message stored (and enqueued) once, nothing forged stored.
    for round_no, figures in enumerate(results["distinct"], 1):
        prefix = f"wamid.BENCH.r{round_no}."
        assert figures["non_2xx"] == 0, figures
        assert figures["issued"] <= per_phase, "bodies ran out: raise BODIES_PER_SECOND"
        assert figures["acked"] <= stored(prefix) <= figures["issued"], (
            prefix,
            figures,
            stored(prefix),
        )
    for figures in results["duplicate"]:
        assert figures["non_2xx"] == 0, figures
    for figures in results["forged"]:
        assert figures["non_2xx"] == figures["requests"], figures
    assert stored("wamid.FORGED.") == 0
    keys = InboundEvent.objects.values_list("dedupe_key", flat=True)
    assert len(keys) == len(set(keys))
    total = InboundEvent.objects.count()
    assert total == stored("wamid.BENCH."), "something else was stored"
    assert queued_tasks(redis_broker, QUEUE or "celery") == total
    print(
        f"\nDatabase: {total} messages stored, each once; every acknowledged one is "
        f"among them ({sum(f['acked'] for f in results['distinct'])} acknowledged "
        f"in the measured rounds); {total} tasks enqueued; 0 forged stored; "
        "duplicates stored nothing."
    )


def report(results: dict[str, list[dict]]) -> None:
    ms = 1000.0
    print(
        f"\nAcknowledging webhooks under uvicorn (Saleor's production settings), wrk "
        f"1 thread, {CONNECTIONS} connections, {ROUNDS} interleaved rounds of "
        f"{SECONDS} s"
    )
    cheapest = results["cheapest"]
    for round_no in range(ROUNDS):
        base = cheapest[round_no]
        print(f"  round {round_no + 1}")
        for route in ROUTES:
            f = results[route][round_no]
            print(
                f"    {route:<10} {f['rate']:7.1f} req/s  p50 {f['p50_us'] / ms:7.1f} ms"
                f"  p99 {f['p99_us'] / ms:7.1f} ms  server CPU {f['cpu_ms']:5.2f} ms/req"
                f"   x{f['rate'] / base['rate']:.2f} throughput, "
                f"x{f['p99_us'] / base['p99_us']:.2f} p99"
            )

    def overall(route: str) -> tuple[float, float, float, float]:
        runs = results[route]
        rate = sum(f["requests"] for f in runs) / sum(
            f["duration_us"] / 1e6 for f in runs
        )
        return (
            rate,
            statistics.median(f["p50_us"] for f in runs) / ms,
            statistics.median(f["p99_us"] for f in runs) / ms,
            sum(f["cpu_ms"] * f["requests"] for f in runs)
            / sum(f["requests"] for f in runs),
        )

    base_rate, _, base_p99, base_cpu = overall("cheapest")
    print("  all rounds (requests/s over all rounds; p50, p99: median of the rounds)")
    for route in ROUTES:
        rate, p50, p99, cpu = overall(route)
        ratios = [
            f["rate"] / b["rate"] for f, b in zip(results[route], cheapest, strict=True)
        ]
        print(
            f"    {route:<10} {rate:7.1f} req/s  p50 {p50:7.1f} ms  p99 {p99:7.1f} ms"
            f"  server CPU {cpu:5.2f} ms/req   x{rate / base_rate:.2f} throughput "
            f"({min(ratios):.2f}-{max(ratios):.2f} by round), x{p99 / base_p99:.2f} "
            f"p99, x{cpu / base_cpu:.2f} CPU"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=SECONDS)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--connections", type=int, default=CONNECTIONS)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--profile-route", choices=ROUTES, default=PROFILE_ROUTE)
    parser.add_argument("--profile-gil", action="store_true")
    options, rest = parser.parse_known_args()
    sys.exit(
        run(
            __file__,
            {
                "BENCH_SECONDS": options.seconds,
                "BENCH_ROUNDS": options.rounds,
                "BENCH_CONNECTIONS": options.connections,
                "BENCH_PROFILE": int(options.profile),
                "BENCH_PROFILE_ROUTE": options.profile_route,
                "BENCH_PROFILE_GIL": int(options.profile_gil),
            },
            rest,
        )
    )
