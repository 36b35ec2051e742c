from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("saleor_conversational", "0013_model_assistant"),
    ]

    operations = [
        migrations.AddField(
            model_name="saleschannelsettings",
            name="languages",
            field=models.JSONField(blank=True, default=list),
        ),
    ]
