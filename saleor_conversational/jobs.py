"""Celery plumbing shared by every area: the task decorator, backoff, one ``enqueue``.

Each task lives beside the code that enqueues it (Saleor's pattern) and keeps the stable
name ``saleor_conversational.tasks.<function>``: rows in ``PendingHookEvent`` and the beat
schedule store these names, and ``tasks.py`` re-exports every task for Celery's
autodiscovery. Every task is idempotent (purposes and claims are unique), so a task whose
worker died is simply run again.
"""

from __future__ import annotations

import logging
import os
import random
from typing import Any

from celery.backends.base import DisabledBackend
from saleor.celeryconf import app
from saleor.core.db.connection import allow_writer

from saleor_conversational.models import PendingHookEvent

logger = logging.getLogger(__name__)

QUEUE = os.environ.get("CONVERSATIONAL_CELERY_QUEUE") or None
BACKOFF_BASE = float(os.environ.get("CONVERSATIONAL_BACKOFF_BASE_SECONDS", 2.0))
BACKOFF_CAP = 15 * 60
TASK_PREFIX = "saleor_conversational.tasks."


# No caller reads a task's result. Without a backend of its own a task asks Celery for
# the app's on every enqueue, and Celery resolves that once per thread (an entry-point
# scan): Django's ASGI handler runs each request in a new thread.
NO_RESULTS = DisabledBackend(app=app)


def task(func=None, /, **options: Any):
    """``@task`` / ``@task(bind=True, max_retries=20)``: a Celery task under its stable
    name, acknowledged late and requeued when its worker is lost; results ignored."""

    def register(f):
        return app.task(
            name=TASK_PREFIX + f.__name__,
            acks_late=True,
            reject_on_worker_lost=True,
            queue=QUEUE,
            ignore_result=True,
            backend=NO_RESULTS,
            **options,
        )(f)

    return register(func) if func is not None else register


def backoff_seconds(attempt: int) -> float:
    """Exponential backoff with full jitter: attempt 1 -> up to 2 s, 2 -> 4 s…"""
    return random.uniform(
        BACKOFF_BASE / 2, min(BACKOFF_CAP, BACKOFF_BASE * 2 ** (attempt - 1))
    )


def enqueue(task_obj, *args: Any, recorded: bool = False) -> None:
    """Hand the work to Celery. If the broker is down, record it for the sweeper as a
    ``PendingHookEvent`` row; with ``recorded=True`` the caller's own row (a queued
    message, a stored event) is already what the sweeper picks up, so only log."""
    try:
        task_obj.delay(*args)
    except Exception:
        if recorded:
            logger.warning(
                "Could not enqueue %s%s; the sweeper will retry", task_obj.name, args
            )
            return
        logger.warning(
            "Could not enqueue %s; recording it for the sweeper", task_obj.name
        )
        with allow_writer():
            PendingHookEvent.objects.create(task_name=task_obj.name, args=list(args))


def replay_pending() -> int:
    """Hand Celery the work recorded while the broker was down."""
    replayed = 0
    for pending in PendingHookEvent.objects.all()[:1000]:
        app.send_task(pending.task_name, args=pending.args)
        pending.delete()
        replayed += 1
    return replayed
