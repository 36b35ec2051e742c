from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("saleor_conversational", "0015_message_senders"),
    ]

    operations = [
        migrations.AlterField(
            model_name="message",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "queued"),
                    ("sending", "sending"),
                    ("sent", "sent"),
                    ("failed", "failed"),
                    ("uncertain", "uncertain"),
                    ("delivered", "delivered"),
                    ("read", "read"),
                ],
                default="queued",
                max_length=16,
            ),
        ),
    ]
