"""The plugin's periodic tasks, in Celery's beat schedule.

Saleor's beat (``celery beat --scheduler saleor.schedulers.schedulers.DatabaseScheduler``)
schedules only its own ``CustomPeriodicTask`` rows, which it writes at start-up from
``beat_schedule``; rows in django-celery-beat's plain ``PeriodicTask`` table (what the
plugin's first migrations wrote) are never run by it. So the tasks go into the Celery
app's ``beat_schedule`` when Django starts (``apps.ready``), which every Celery
scheduler reads.
"""

from __future__ import annotations

import datetime

SCHEDULE = {
    # name: (task, every N seconds)
    "saleor-conversational: sweep": ("saleor_conversational.tasks.sweep", 60),
    "saleor-conversational: abandoned checkouts": (
        "saleor_conversational.tasks.remind_abandoned_checkouts",
        300,
    ),
    "saleor-conversational: back in stock": (
        "saleor_conversational.tasks.notify_back_in_stock",
        300,
    ),
    "saleor-conversational: inbound replay keys": (
        "saleor_conversational.tasks.purge_replay_keys",
        3600,
    ),
}


def install(app) -> None:
    """Add the plugin's tasks to ``app``'s beat schedule (idempotent)."""
    for name, (task, seconds) in SCHEDULE.items():
        app.conf.beat_schedule[name] = {
            "task": task,
            "schedule": datetime.timedelta(seconds=seconds),
        }


# -- used by migrations 0002 and 0003 (kept so that they still run on a fresh database) --
def register(apps, tasks: dict[str, tuple[str, int]]) -> None:
    """``tasks``: name -> (task path, every N seconds)."""
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, (task, seconds) in tasks.items():
        interval, _ = IntervalSchedule.objects.get_or_create(
            every=seconds, period="seconds"
        )
        PeriodicTask.objects.update_or_create(
            name=name, defaults={"task": task, "interval": interval, "enabled": True}
        )


def unregister(apps, names) -> None:
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=names
    ).delete()
