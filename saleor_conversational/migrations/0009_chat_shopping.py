from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    dependencies = [
        ("saleor_conversational", "0008_payment_notification_processed"),
    ]

    operations = [
        migrations.CreateModel(
            name="ShoppingState",
            fields=[
                (
                    "conversation",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="shopping",
                        serialize=False,
                        to="saleor_conversational.conversation",
                    ),
                ),
                ("step", models.CharField(blank=True, default="", max_length=32)),
                ("data", models.JSONField(blank=True, default=dict)),
                ("options", models.JSONField(blank=True, default=list)),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
        ),
    ]
