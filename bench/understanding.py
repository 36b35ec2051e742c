"""How fast the assistant understands a message, and how often it is right.

    python bench/understanding.py [--rounds 5]

Runs every labelled and held-out test message (tests/unit/assistant/) through
``understand`` in the message's conversation language, ``--rounds`` times, after one
first call that compiles the lexicons (timed on its own). Prints the time per call
(p50, p99, max over all calls; and over each message's fastest round, which leaves
out pauses caused by other processes and the garbage collector), and per language the
share of held-out messages whose intent is understood right. Django-free: plain
Python, no database.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from saleor_conversational.assistant.understanding import understand  # noqa: E402
from tests.unit.assistant.held_out_messages import HELD_OUT  # noqa: E402
from tests.unit.assistant.labelled import MESSAGES  # noqa: E402


def percentile(sorted_values: list[float], share: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * share))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds

    started = time.perf_counter()
    understand("hello", "en")
    first_call = time.perf_counter() - started

    messages = [
        (entry[0], language) for language, rows in MESSAGES.items() for entry in rows
    ]
    messages += [
        (text, language) for language, rows in HELD_OUT.items() for text, _ in rows
    ]
    timings, fastest = [], [float("inf")] * len(messages)
    for _ in range(rounds):
        for index, (text, language) in enumerate(messages):
            started = time.perf_counter()
            understand(text, language)
            elapsed = time.perf_counter() - started
            timings.append(elapsed)
            fastest[index] = min(fastest[index], elapsed)
    timings.sort()
    fastest.sort()

    print(f"{len(messages)} messages x {rounds} rounds = {len(timings)} calls")
    print(f"  first call (compiles the lexicons): {first_call * 1000:.0f} ms")
    print(
        f"  per call: p50 {percentile(timings, 0.5) * 1000:.2f} ms, "
        f"p99 {percentile(timings, 0.99) * 1000:.2f} ms, "
        f"max {timings[-1] * 1000:.2f} ms, mean {statistics.fmean(timings) * 1000:.2f} ms"
    )
    print(
        f"  per message, fastest of {rounds}: p50 {percentile(fastest, 0.5) * 1000:.2f} ms, "
        f"p99 {percentile(fastest, 0.99) * 1000:.2f} ms, max {fastest[-1] * 1000:.2f} ms"
    )
    print("held-out intent accuracy:")
    right_total = total = 0
    for language, rows in HELD_OUT.items():
        right = sum(
            understand(text, language).intent == intent for text, intent in rows
        )
        right_total, total = right_total + right, total + len(rows)
        print(f"  {language}: {right}/{len(rows)} = {right / len(rows):.1%}")
    print(f"  all: {right_total}/{total} = {right_total / total:.1%}")


if __name__ == "__main__":
    main()
