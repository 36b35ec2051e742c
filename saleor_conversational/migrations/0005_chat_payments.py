import uuid

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models
from django.db.models import Q


class Migration(migrations.Migration):
    dependencies = [
        ("app", "0041_widen_manifest_url"),
        ("channel", "0027_channel_allow_legacy_gift_card_use"),
        ("saleor_conversational", "0004_channel_settings_faq"),
    ]

    operations = [
        migrations.CreateModel(
            name="CommerceAppCredential",
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
        migrations.AddField(
            model_name="chatcheckout",
            name="order_id",
            field=models.UUIDField(blank=True, null=True),
        ),
        migrations.CreateModel(
            name="PaymentAccount",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                (
                    "provider",
                    models.CharField(
                        choices=[("stripe", "Stripe"), ("mollie", "Mollie")],
                        max_length=16,
                    ),
                ),
                ("name", models.CharField(max_length=128)),
                ("is_active", models.BooleanField(default=True)),
                ("base_url", models.URLField(blank=True, default="")),
                ("link_expiry_minutes", models.PositiveIntegerField(default=60)),
                (
                    "return_url_template",
                    models.CharField(blank=True, default="", max_length=500),
                ),
                ("secrets_encrypted", models.TextField(blank=True, default="")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "channel",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="channel.channel",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="PaymentLink",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                (
                    "psp_reference",
                    models.CharField(blank=True, default="", max_length=255),
                ),
                ("url", models.URLField(blank=True, default="", max_length=2000)),
                ("amount", models.DecimalField(decimal_places=3, max_digits=20)),
                ("currency", models.CharField(max_length=3)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("open", "Open"),
                            ("superseded", "Superseded"),
                            ("expired", "Expired"),
                            ("paid", "Paid"),
                            ("refunded", "Refunded"),
                            ("failed", "Failed"),
                        ],
                        default="open",
                        max_length=16,
                    ),
                ),
                ("expires_at", models.DateTimeField()),
                ("transaction_id", models.UUIDField(blank=True, null=True)),
                ("order_id", models.UUIDField(blank=True, null=True)),
                ("failure_reason", models.TextField(blank=True, default="")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "account",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="saleor_conversational.paymentaccount",
                    ),
                ),
                (
                    "chat_checkout",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="payment_links",
                        to="saleor_conversational.chatcheckout",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        condition=Q(("psp_reference", ""), _negated=True),
                        fields=("account", "psp_reference"),
                        name="conv_payment_link_unique_psp_reference",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="PaymentNotification",
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
                ("event_id", models.CharField(max_length=255)),
                (
                    "received_at",
                    models.DateTimeField(default=django.utils.timezone.now),
                ),
                (
                    "account",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="saleor_conversational.paymentaccount",
                    ),
                ),
                (
                    "payment_link",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="saleor_conversational.paymentlink",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("account", "event_id"),
                        name="conv_payment_notification_once",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="PaymentAlert",
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
                ("code", models.CharField(max_length=64)),
                ("detail", models.TextField(blank=True, default="")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "account",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="saleor_conversational.paymentaccount",
                    ),
                ),
                (
                    "payment_link",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="alerts",
                        to="saleor_conversational.paymentlink",
                    ),
                ),
            ],
        ),
    ]
