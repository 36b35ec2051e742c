"""Replay keys for inbound events (security review L14): the keys of the events stored
so far are written too, so that upgrading opens no replay window. Inbound events lose
their account index, which their de-duplication index already covers."""

import uuid

import django.contrib.postgres.indexes
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

from saleor_conversational.core.crypto import keyed_digest

BATCH = 5000


def record_known_keys(apps, schema_editor):
    InboundEvent = apps.get_model("saleor_conversational", "InboundEvent")
    InboundReplayKey = apps.get_model("saleor_conversational", "InboundReplayKey")
    rows = InboundEvent.objects.values_list("account_id", "dedupe_key", "received_at")
    batch = []
    for account_id, dedupe_key, received_at in rows.iterator(chunk_size=BATCH):
        # The same as saleor_conversational.messaging.replay.replay_key.
        digest = keyed_digest(f"{account_id}:{dedupe_key}")
        batch.append(
            InboundReplayKey(key_hash=uuid.UUID(digest[:32]), seen_at=received_at)
        )
        if len(batch) >= BATCH:
            InboundReplayKey.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    InboundReplayKey.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("saleor_conversational", "0021_erasure_and_identified_sessions"),
    ]

    operations = [
        migrations.CreateModel(
            name="InboundReplayKey",
            fields=[
                (
                    "key_hash",
                    models.UUIDField(primary_key=True, serialize=False),
                ),
                (
                    "seen_at",
                    models.DateTimeField(default=django.utils.timezone.now),
                ),
            ],
            options={
                "indexes": [
                    django.contrib.postgres.indexes.BrinIndex(
                        fields=["seen_at"], name="conv_replay_key_seen"
                    )
                ],
            },
        ),
        # conv_inbound_dedupe (account, dedupe_key) serves every lookup by account: one
        # index less for each stored event to update.
        migrations.AlterField(
            model_name="inboundevent",
            name="account",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="saleor_conversational.messagingaccount",
            ),
        ),
        migrations.RunPython(record_known_keys, migrations.RunPython.noop),
    ]
