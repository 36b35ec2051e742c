import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("saleor_conversational", "0017_money_paths"),
    ]

    operations = [
        migrations.CreateModel(
            name="EndedWebChatSession",
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
                ("session_id", models.CharField(max_length=64)),
                ("reason", models.CharField(max_length=16)),
                (
                    "ended_at",
                    models.DateTimeField(default=django.utils.timezone.now),
                ),
                (
                    "account",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="saleor_conversational.messagingaccount",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("account", "session_id"),
                        name="conv_webchat_session_ended",
                    )
                ],
            },
        ),
    ]
