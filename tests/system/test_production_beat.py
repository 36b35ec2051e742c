"""The plugin's periodic tasks under Saleor's own beat (``DatabaseScheduler``, production
settings): registered at start-up, and the sweeper really recovers a reply whose Celery
task was never enqueued (the broker was down), through a production-settings worker."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from saleor.schedulers.models import CustomPeriodicTask

from saleor_conversational import tasks
from saleor_conversational.models import Message
from saleor_conversational.periodic import SCHEDULE
from tests.support.providers import Provider
from tests.support.server import SaleorBeat, production_worker
from tests.support.worker import wait_until
from tests.system.test_worker_crash import _identity, _queue

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_saleors_beat_runs_the_plugins_periodic_tasks(
    plugin, channel_USD, redis_broker, monkeypatch
):
    from tests.unit.channels.test_viber import TestViberConformance

    provider = Provider(TestViberConformance, channel_USD)
    identity = _identity(provider)

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks.send_message, "delay", broker_down)
    message = _queue(identity, "Sorry for the wait, here is your answer.")
    Message.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() - timedelta(minutes=5)
    )
    assert Message.objects.get(pk=message.pk).status == "queued"

    worker, beat = production_worker().start(), SaleorBeat().start()
    try:
        registered = wait_until(
            lambda: dict(
                CustomPeriodicTask.objects.filter(name__in=SCHEDULE).values_list(
                    "name", "interval__every"
                )
            )
            if CustomPeriodicTask.objects.filter(name__in=SCHEDULE).count()
            == len(SCHEDULE)
            else None,
            timeout=60,
            message="Saleor's beat did not register the plugin's tasks",
        )
        assert registered == {name: seconds for name, (_, seconds) in SCHEDULE.items()}
        # The sweep is due a minute after beat registers it; it re-enqueues the reply.
        wait_until(
            lambda: Message.objects.get(pk=message.pk).status == "sent",
            timeout=120,
            interval=1,
            message="the sweeper did not send the reply the broker outage left behind",
        )
        assert len(provider.fake.sent()) == 1
    finally:
        beat.stop()
        worker.stop()
        provider.stop()
    assert provider.fake.violations == []
