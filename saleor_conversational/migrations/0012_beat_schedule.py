"""The periodic tasks move to Celery's beat schedule (see ``periodic.py``): remove the
django-celery-beat rows migrations 0002 and 0003 wrote. Saleor's scheduler never ran
them, and it would fail to write its own rows under the same (unique) names."""

from django.db import migrations

from saleor_conversational.periodic import SCHEDULE, unregister


class Migration(migrations.Migration):
    dependencies = [
        ("saleor_conversational", "0011_payment_alerts"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(
            lambda apps, _: unregister(apps, SCHEDULE), migrations.RunPython.noop
        ),
    ]
