from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("saleor_conversational", "0018_ended_webchat_sessions"),
    ]

    operations = [
        migrations.AddField(
            model_name="contactlinkcode",
            name="address_key",
            field=models.CharField(
                blank=True, db_default="", default="", max_length=64
            ),
        ),
    ]
