import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("app", "0041_widen_manifest_url"),
        ("saleor_conversational", "0005_chat_payments"),
    ]

    operations = [
        migrations.CreateModel(
            name="DashboardAppToken",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "saleor_api_url",
                    models.URLField(blank=True, default="", max_length=512),
                ),
                ("token_encrypted", models.TextField()),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "app",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="app.app",
                    ),
                ),
            ],
        ),
    ]
