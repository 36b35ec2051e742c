import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("saleor_conversational", "0016_uncertain_sends"),
    ]

    operations = [
        migrations.AlterField(
            model_name="paymentlink",
            name="chat_checkout",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="payment_links",
                to="saleor_conversational.chatcheckout",
            ),
        ),
        migrations.CreateModel(
            name="RefundRequest",
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
                ("request_event_id", models.BigIntegerField(unique=True)),
                ("transaction_token", models.UUIDField()),
                ("amount", models.DecimalField(decimal_places=3, max_digits=20)),
                ("currency", models.CharField(max_length=3)),
                (
                    "psp_refund_id",
                    models.CharField(blank=True, default="", max_length=255),
                ),
                ("failure", models.TextField(blank=True, default="")),
                ("reported_at", models.DateTimeField(blank=True, null=True)),
                ("report_attempts", models.PositiveIntegerField(default=0)),
                ("last_error", models.TextField(blank=True, default="")),
                ("alerted_at", models.DateTimeField(blank=True, null=True)),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now),
                ),
                (
                    "payment_link",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="saleor_conversational.paymentlink",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        condition=models.Q(("reported_at__isnull", True)),
                        fields=["created_at"],
                        name="conv_refund_unreported",
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="inboundevent",
            name="sender",
            field=models.CharField(blank=True, default="", max_length=255),
        ),
        migrations.AddField(
            model_name="inboundevent",
            name="failed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="inboundevent",
            index=models.Index(
                condition=models.Q(("processed_at__isnull", True)),
                fields=["account", "sender"],
                name="conv_inbound_unerased",
            ),
        ),
    ]
