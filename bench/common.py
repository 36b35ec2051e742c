"""What the send benchmarks share: the rate figures and running a bench file with pytest."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def rate_figures(received_at: list[float], limit: float) -> tuple[float, float, int]:
    """(messages per second, elapsed seconds, most messages in any one-second window)."""
    times = sorted(received_at)
    elapsed = times[-1] - times[0]
    rate = (len(times) - 1) / elapsed
    busiest = max(
        sum(1 for t in times[i : i + int(limit) * 2] if t < start + 1.0)
        for i, start in enumerate(times)
    )
    return rate, elapsed, busiest


def run(bench_file: str, env: dict[str, int], rest: list[str]) -> int:
    """Run one bench file as a pytest session (Saleor's fixtures, the reused test DB)."""
    import pytest

    os.environ.update({name: str(value) for name, value in env.items()})
    os.chdir(ROOT)
    return pytest.main(
        [
            bench_file,
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
            *rest,
        ]
    )


if __name__ == "__main__":
    sys.exit("run bench/send_rate.py or bench/back_in_stock.py")
