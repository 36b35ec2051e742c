"""Deleting a sales channel or a messaging account keeps history (security review L5).

Saleor's channelDelete failed for a channel that had chat payments (PROTECT under a
cascade); deleting a messaging account deleted every message sent through it.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("saleor_conversational", "0019_link_code_address"),
    ]

    operations = [
        migrations.AlterField(
            model_name="paymentaccount",
            name="channel",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="channel.channel",
            ),
        ),
        migrations.AlterField(
            model_name="paymentlink",
            name="account",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="+",
                to="saleor_conversational.paymentaccount",
            ),
        ),
        migrations.AlterField(
            model_name="conversation",
            name="channel",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="channel.channel",
            ),
        ),
        migrations.AlterField(
            model_name="message",
            name="account",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="saleor_conversational.messagingaccount",
            ),
        ),
        migrations.AddField(
            model_name="message",
            name="account_kind",
            field=models.CharField(
                blank=True, db_default="", default="", max_length=32
            ),
        ),
        migrations.AddField(
            model_name="message",
            name="account_name",
            field=models.CharField(
                blank=True, db_default="", default="", max_length=128
            ),
        ),
    ]
