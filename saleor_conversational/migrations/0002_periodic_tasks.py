"""Register the plugin's periodic tasks with Saleor's database beat scheduler."""

from django.db import migrations

from saleor_conversational.periodic import register, unregister

PERIODIC_TASKS = {
    # name: (task, every N seconds)
    "saleor-conversational: sweep": ("saleor_conversational.tasks.sweep", 60),
}


class Migration(migrations.Migration):
    dependencies = [
        ("saleor_conversational", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(
            lambda apps, _: register(apps, PERIODIC_TASKS),
            lambda apps, _: unregister(apps, PERIODIC_TASKS),
        )
    ]
