"""What the model-backed assistant adds to a turn besides the model's own latency.

    python bench/model_overhead.py [--turns 2000] [--warmup 100] [--delay 0]

Django-free. Each turn runs ``run_turn`` against the contract-checked fake
OpenAI-compatible server on 127.0.0.1: the model asks for one tool call
(``get_order``), the tool runs, the model answers, and the answer goes through
``check_grounding`` against the tool result and a FAQ. The fake answers after a
scripted delay (0 by default: the model's own latency is not what is measured). The
fake's own work on each request (contract validation, building the answer, the
delay) is measured inside the fake and taken out. What remains is the client, the
tool loop, grounding, and loopback HTTP including the fake's ``http.server``
parsing and writing (not separable from inside the fake, so the figures lean high);
the last line shows that HTTP share alone, from raw httpx calls.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from saleor_conversational.assistant.model.client import (  # noqa: E402
    ChatCompletionsClient,
    ToolSpec,
    run_turn,
)
from saleor_conversational.assistant.model.grounding import (
    check_grounding,  # noqa: E402
)
from tests.support.fakes.openai import FakeOpenAI  # noqa: E402

ORDER = {
    "number": "1001",
    "status": "shipped",
    "total": {"amount": 37.5, "currency": "EUR"},
    "estimated_delivery": "2026-12-03",
    "tracking_number": "3SABCD1234567",
    "lines": [{"product_name": "Blue Shirt", "quantity": 3, "unit_price": 12.5}],
}
FAQ = "We ship within 24 hours. Orders placed before 14:00 ship the same day."
ANSWER = (
    "Your order #1001 (3 × Blue Shirt, €37.50) has shipped and should arrive on "
    "3 December. Tracking code: 3SABCD1234567. We ship within 24 hours."
)
CATALOGUE = [f"Product {i}" for i in range(2000)] + ["Blue Shirt", "Red Shirt"]
MESSAGES = [
    {"role": "system", "content": "You are the shop's assistant. FAQ: " + FAQ},
    {"role": "user", "content": "Where is my order 1001?"},
]
SPECS = [
    ToolSpec(
        "get_order",
        "Look an order up by its number.",
        {
            "type": "object",
            "properties": {"number": {"type": "integer"}},
            "required": ["number"],
        },
    )
]
TOOLS = {"get_order": lambda arguments: ORDER}
KEY = "sk-bench"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def ms(values: list[float]) -> str:
    return (
        f"p50 {percentile(values, 0.5) * 1000:7.3f} ms   "
        f"p99 {percentile(values, 0.99) * 1000:7.3f} ms"
    )


def serve(connection, turns: int, delay: float) -> None:
    """The fake, in a process of its own (no GIL shared with the client), with every
    turn scripted up front; sends back its per-request work times when told to stop."""
    fake = FakeOpenAI(api_key=KEY)
    for _ in range(turns):
        fake.script_tool_calls([("get_order", {"number": 1001})])
        fake.script_answer(ANSWER)
        fake.script_delay(delay)
        fake.script_delay(delay)
    fake.start()
    connection.send(fake.url)
    connection.recv()
    connection.send((fake.server_seconds, fake.violations, fake.bodies()[-1]))
    fake.stop()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument(
        "--delay", type=float, default=0.0, help="the model's latency, s"
    )
    options = parser.parse_args()
    turns = options.warmup + options.turns

    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    server = context.Process(target=serve, args=(theirs, turns, options.delay))
    server.start()
    url = ours.recv()
    client = ChatCompletionsClient(url, "llama3.1:8b", api_key=KEY, timeout=10)
    timings = []
    try:
        for _ in range(turns):
            cpu_started = time.process_time()
            started = time.perf_counter()
            result = run_turn(client, MESSAGES, TOOLS, SPECS, token_budget=8000)
            checked = time.perf_counter()
            report = check_grounding(
                result.answer, [*result.facts, FAQ], catalogue_names=CATALOGUE
            )
            finished = time.perf_counter()
            cpu = time.process_time() - cpu_started
            if not report.ok:
                raise SystemExit(f"the scripted answer is not grounded: {report}")
            timings.append((finished - started, finished - checked, cpu))
        # Loopback HTTP alone: raw httpx posts of a second-round body (echo answers).
        headers = {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"}
        second_round = {
            "model": "llama3.1:8b",
            "messages": result.messages[:-1],
            "stream": False,
            "tools": [spec.to_wire() for spec in SPECS],
            "tool_choice": "auto",
            "max_tokens": 512,
        }
        body = json.dumps(second_round).encode()
        raw_times = []
        with httpx.Client() as raw:
            for _ in range(options.turns):
                started = time.perf_counter()
                raw.post(url + "/chat/completions", content=body, headers=headers)
                raw_times.append(time.perf_counter() - started)
    finally:
        client.close()
        ours.send("stop")
        server_seconds, violations, _ = ours.recv()
        server.join()

    totals, overheads, groundings, fake_work, cpus = [], [], [], [], []
    for turn, (total, grounding, cpu) in enumerate(timings):
        if turn < options.warmup:
            continue
        work = (
            server_seconds[2 * turn] + server_seconds[2 * turn + 1] + 2 * options.delay
        )
        totals.append(total)
        fake_work.append(work)
        overheads.append(total - work)
        groundings.append(grounding)
        cpus.append(cpu)
    http_only = [
        elapsed - work
        for elapsed, work in zip(raw_times, server_seconds[2 * turns :], strict=True)
    ]

    print()
    print(
        f"Model-backed turn, {options.turns} turns (after {options.warmup} warm-up), "
        f"2 requests each (tool call, answer), fake model delay {options.delay:g} s,"
    )
    print("the contract-checked fake in its own process on 127.0.0.1")
    print(f"  turn, wall time:                        {ms(totals)}")
    print(f"  fake's own work (taken out):            {ms(fake_work)}")
    print("  overhead (client + run_turn + grounding + loopback HTTP):")
    print(f"                                          {ms(overheads)}")
    print(f"    of which check_grounding, {len(CATALOGUE)} names: {ms(groundings)}")
    print(f"  CPU time of this process (all but the fake): {ms(cpus)}")
    print(f"  loopback HTTP + http.server alone, per request: {ms(http_only)}")
    print(
        "  overhead less 2 x loopback HTTP:        p50 "
        f"{(statistics.median(overheads) - 2 * statistics.median(http_only)) * 1000:7.3f}"
        " ms"
    )
    print(f"  provider contract violations: {len(violations)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
