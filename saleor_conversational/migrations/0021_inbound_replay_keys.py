"""Replay keys for inbound events (security review L14): the keys of the events stored
so far are written too, so that upgrading opens no replay window."""

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
        # The same digest as saleor_conversational.messaging.replay.replay_key.
        batch.append(
            InboundReplayKey(
                key_hash=keyed_digest(f"{account_id}:{dedupe_key}"),
                seen_at=received_at,
            )
        )
        if len(batch) >= BATCH:
            InboundReplayKey.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    InboundReplayKey.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("saleor_conversational", "0019_link_code_address"),
    ]

    operations = [
        migrations.CreateModel(
            name="InboundReplayKey",
            fields=[
                (
                    "key_hash",
                    models.CharField(max_length=64, primary_key=True, serialize=False),
                ),
                (
                    "seen_at",
                    models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now
                    ),
                ),
            ],
        ),
        migrations.RunPython(record_known_keys, migrations.RunPython.noop),
    ]
