import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("saleor_conversational", "0020_keep_history_on_delete"),
    ]

    operations = [
        migrations.AddField(
            model_name="contactidentity",
            name="user_token_key",
            field=models.CharField(blank=True, default="", max_length=12),
        ),
        migrations.CreateModel(
            name="PendingErasure",
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
                ("user_id", models.IntegerField()),
                (
                    "email_encrypted",
                    models.TextField(blank=True, default=""),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now),
                ),
            ],
        ),
    ]
