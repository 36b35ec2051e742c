"""Saleor as it is deployed: uvicorn serving ``saleor.asgi`` with Saleor's production
settings (``saleor.settings``, DEBUG off, the plugin found through its entry point),
against the test database, beside a Celery worker with the same settings."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
from django.conf import settings
from django.db import connection

from tests.support.worker import (
    LOG_DIR,
    PYTHONPATH,
    REDIS_URL,
    ROOT,
    Worker,
    stop_process,
)


def production_env() -> dict[str, str]:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return {
        "DJANGO_SETTINGS_MODULE": "saleor.settings",
        "DATABASE_URL": f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "DEBUG": "False",
        # The same keys as this test process: secrets it encrypted, tokens it signed.
        "SECRET_KEY": settings.SECRET_KEY,
        "RSA_PRIVATE_KEY": settings.RSA_PRIVATE_KEY,
        "ALLOWED_CLIENT_HOSTS": "localhost",
        # Providers sign the public URL (Twilio); it is not an allowed host here, so the
        # plugin's own API calls fall back to ALLOWED_HOSTS, as behind many proxies.
        "PUBLIC_URL": settings.PUBLIC_URL,
        "SEND_USAGE_TELEMETRY": "False",
        "CELERY_BROKER_URL": REDIS_URL,
        "PYTHONPATH": PYTHONPATH,
    }


def production_worker() -> Worker:
    return Worker(connection.settings_dict["NAME"], extra_env=production_env())


class SaleorServer:
    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = LOG_DIR / "saleor-server.log"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 90) -> "SaleorServer":
        LOG_DIR.mkdir(exist_ok=True)
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "saleor.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            cwd=ROOT,
            env={**os.environ, **production_env()},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Saleor exited; see {self.log_path}")
            try:
                if httpx.get(f"{self.url}/health/", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"Saleor did not start in {timeout}s; see {self.log_path}")

    def stop(self) -> None:
        stop_process(self.process)


class SaleorBeat:
    """``celery beat`` with Saleor's documented scheduler, as Saleor deploys it."""

    def __init__(self) -> None:
        self.log_path = LOG_DIR / "celery-beat.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> "SaleorBeat":
        LOG_DIR.mkdir(exist_ok=True)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "saleor.celeryconf:app",
                "beat",
                "-l",
                "info",
                "--scheduler",
                "saleor.schedulers.schedulers.DatabaseScheduler",
            ],
            cwd=LOG_DIR,
            env={**os.environ, **production_env()},
            stdout=self.log_path.open("ab"),
            stderr=subprocess.STDOUT,
        )
        return self

    def stop(self) -> None:
        stop_process(self.process)
