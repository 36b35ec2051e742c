"""Who wrote each message and in which language, the assistant reply's inbound message,
and the conversation's hand-over and status history: what the outcome figures count.

Inbound messages stored before this migration are the shopper's; outbound ones keep an
empty sender (no record says whether the assistant or staff wrote them)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

SENDERS = [
    ("shopper", "Shopper"),
    ("assistant", "Assistant"),
    ("staff", "Staff"),
    ("system", "System"),
]


def inbound_is_the_shoppers(apps, schema_editor):
    Message = apps.get_model("saleor_conversational", "Message")
    Message.objects.filter(direction="in").update(sender="shopper")


class Migration(migrations.Migration):
    dependencies = [
        ("saleor_conversational", "0014_reply_languages"),
    ]

    operations = [
        migrations.AddField(
            model_name="message",
            name="sender",
            field=models.CharField(
                blank=True, choices=SENDERS, default="", max_length=16
            ),
        ),
        migrations.AddField(
            model_name="message",
            name="language_code",
            field=models.CharField(blank=True, default="", max_length=35),
        ),
        migrations.AddField(
            model_name="message",
            name="reply_to",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="assistant_replies",
                to="saleor_conversational.message",
            ),
        ),
        migrations.AddIndex(
            model_name="message",
            index=models.Index(
                condition=models.Q(("direction", "in"))
                & ~models.Q(("language_code", "")),
                fields=["created_at"],
                name="conv_message_exchanges",
            ),
        ),
        migrations.CreateModel(
            name="ConversationEvent",
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
                    "kind",
                    models.CharField(
                        choices=[
                            ("handed_over", "Handed Over"),
                            ("given_back", "Given Back"),
                            ("resolved", "Resolved"),
                            ("reopened", "Reopened"),
                        ],
                        max_length=16,
                    ),
                ),
                ("actor", models.CharField(choices=SENDERS, max_length=16)),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now),
                ),
                (
                    "conversation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="saleor_conversational.conversation",
                    ),
                ),
                (
                    "message",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="saleor_conversational.message",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["conversation", "created_at"],
                        name="conv_event_conversation_time",
                    )
                ],
            },
        ),
        migrations.RunPython(inbound_is_the_shoppers, migrations.RunPython.noop),
    ]
