"""A real Celery worker process against Redis, for tests that must not be eager."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from saleor.celeryconf import app

from tests.settings import SALEOR_DIR

ROOT = Path(__file__).resolve().parents[2]
# This project and Saleor, importable in every process the tests start.
PYTHONPATH = os.pathsep.join(
    [str(ROOT), str(SALEOR_DIR), os.environ.get("PYTHONPATH", "")]
)


def _own_redis_db() -> str:
    """A Redis database per PostgreSQL database, so that test runs against different
    databases on one machine never consume each other's tasks."""
    import zlib

    from django.conf import settings

    name = settings.DATABASES["default"]["NAME"] or "saleor"
    return f"redis://127.0.0.1:6379/{1 + zlib.crc32(name.encode()) % 15}"


REDIS_URL = os.environ.get("CONVERSATIONAL_TEST_REDIS_URL") or _own_redis_db()
LOG_DIR = ROOT / "test-artifacts"


def redis_or_skip():
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.fail(
            f"Redis is required for the worker tests and is not reachable at {REDIS_URL}"
        )
    return client


class Worker:
    def __init__(
        self,
        db_name: str,
        extra_env: dict[str, str] | None = None,
        pool: str = "solo",
        concurrency: int = 1,
    ) -> None:
        self.db_name = db_name
        self.pool, self.concurrency = pool, concurrency
        self.extra_env = extra_env or {}
        self.process: subprocess.Popen | None = None
        LOG_DIR.mkdir(exist_ok=True)
        self.log_path = LOG_DIR / "celery-worker.log"

    def start(self) -> "Worker":
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
            "CONVERSATIONAL_TEST_DB_NAME": self.db_name,
            "CELERY_BROKER_URL": REDIS_URL,
            "PYTHONPATH": PYTHONPATH,
            **self.extra_env,
        }
        log = self.log_path.open("ab")
        self._log_start = log.tell()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "saleor.celeryconf:app",
                "worker",
                "-P",
                self.pool,
                "-c",
                str(self.concurrency),
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-l",
                "info",
                "-Q",
                "celery",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self._wait_ready()
        return self

    def _wait_ready(self, timeout: float = 90) -> None:
        # The log is shared by every worker of the run: only this process's own "ready."
        # line, written after this start, counts (an earlier worker's once let a test
        # talk to a worker that was still importing Saleor).
        # Saleor's test settings log "... ready. [PID:<pid>:...", its production settings
        # log JSON lines with "process": <pid>.
        own = (
            f"[PID:{self.process.pid}:".encode(),
            f'"process": {self.process.pid},'.encode(),
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"celery worker exited; see {self.log_path}")
            with self.log_path.open("rb") as log:
                log.seek(self._log_start)
                if any(
                    b"ready." in line and any(m in line for m in own) for line in log
                ):
                    return
            time.sleep(0.2)
        raise RuntimeError(
            f"celery worker did not start in {timeout}s; see {self.log_path}"
        )

    def peak_memory_kib(self) -> dict[int, int]:
        """Peak resident memory (VmHWM, KiB) of the worker and its pool processes."""
        return self.memory_kib("VmHWM")

    def memory_kib(self, field: str = "VmRSS") -> dict[int, int]:
        """Resident memory now (VmRSS) or at its peak (VmHWM), KiB, per worker process."""
        pids = [self.process.pid]
        try:
            children = Path(
                f"/proc/{self.process.pid}/task/{self.process.pid}/children"
            ).read_text()
            pids += [int(p) for p in children.split()]
        except OSError:
            pass
        sizes = {}
        for pid in pids:
            try:
                for line in open(f"/proc/{pid}/status"):
                    if line.startswith(f"{field}:"):
                        sizes[pid] = int(line.split()[1])
            except OSError:  # a pool process replaced meanwhile
                continue
        return sizes

    def kill(self) -> None:
        """SIGKILL: no warm shutdown, no chance to acknowledge or requeue anything."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        stop_process(self.process)


def stop_process(process: subprocess.Popen | None) -> None:
    """SIGTERM (a warm shutdown), then SIGKILL after 20 s."""
    if process and process.poll() is None:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def wait_until(
    predicate, timeout: float = 30, interval: float = 0.2, message: str = ""
):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(message or "condition not reached in time")


@pytest.fixture
def redis_broker(settings):
    """Make this process enqueue to Redis instead of running tasks eagerly."""
    client = redis_or_skip()
    client.flushdb()
    # Saleor's app reads Django settings with the CELERY_ namespace: set those keys.
    new = {
        "CELERY_TASK_ALWAYS_EAGER": False,
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_BROKER_TRANSPORT_OPTIONS": {"visibility_timeout": 4},
    }
    saved = {
        "CELERY_TASK_ALWAYS_EAGER": app.conf.task_always_eager,
        "CELERY_BROKER_URL": app.conf.broker_url or "",
        "CELERY_BROKER_TRANSPORT_OPTIONS": app.conf.broker_transport_options or {},
    }
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = REDIS_URL
    app.conf.update(new)
    assert app.conf.broker_url == REDIS_URL and not app.conf.task_always_eager
    app._pool = None
    app.amqp._producer_pool = None
    yield client
    app.conf.update(saved)
    app._pool = None
    app.amqp._producer_pool = None
    client.flushdb()


@pytest.fixture
def celery_worker_process(redis_broker):
    worker = Worker(connection.settings_dict["NAME"]).start()
    yield worker
    worker.stop()
