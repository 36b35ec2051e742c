"""Merge two contacts into one, keeping every message and identity; undo restores them.

The source contact is folded into the target and deleted; ``ContactMerge.snapshot``
records what undoing needs. Where both had a conversation in the same sales channel
the source's messages, notes and hand-over history move into the target's thread and
come back on undo.
Anything that arrived after the merge through one of the source's identities goes
back with it, and consents changed after the merge are kept (a STOP is never lost).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from saleor_conversational.contacts.linking import LinkError
from saleor_conversational.models import (
    BackInStockSubscription,
    ChatCheckout,
    Consent,
    Contact,
    ContactIdentity,
    ContactLinkCode,
    ContactMerge,
    Conversation,
    ConversationEvent,
    ConversationNote,
    InboundEvent,
    Message,
)

CONTACT_FIELDS = (
    "name",
    "email",
    "phone",
    "language_code",
    "user_id",
    "preferred_identity_id",
    "created_at",
)
CONVERSATION_FIELDS = (
    "channel_id",
    "status",
    "handed_over",
    "misunderstood_count",
    "last_message_at",
    "created_at",
    "assignee_id",
    "snoozed_until",
    "last_read_at",
)
CONSENT_FIELDS = ("messaging_channel", "purpose", "granted", "source", "updated_at")
SUBSCRIPTION_FIELDS = ("variant_id", "channel_id", "created_at", "notified_at")


def _dump(obj, fields) -> dict:
    values = {}
    for name in fields:
        value = getattr(obj, name)
        values[name] = (
            value.isoformat()
            if isinstance(value, datetime)
            else (
                str(value)
                if name.endswith("_id")
                and value is not None
                and not isinstance(value, int)
                else value
            )
        )
    return values


def _load(values: dict, fields) -> dict:
    loaded = {}
    for name in fields:
        value = values.get(name)
        if isinstance(value, str) and name.endswith(("_at", "_until")):
            value = datetime.fromisoformat(value)
        loaded[name] = value
    return loaded


def merge(source: Contact, target: Contact) -> ContactMerge:
    if source.pk == target.pk:
        raise LinkError("invalid", "A contact cannot be merged into itself.")
    with transaction.atomic():
        locked = {
            c.pk: c
            for c in Contact.objects.select_for_update()
            .filter(pk__in=[source.pk, target.pk])
            .order_by("pk")
        }
        source, target = locked[source.pk], locked[target.pk]
        if source.user_id and target.user_id and source.user_id != target.user_id:
            raise LinkError(
                "already_linked", "The two contacts are linked to different customers."
            )
        snapshot: dict = {
            "source": _dump(source, CONTACT_FIELDS),
            "target": _dump(target, CONTACT_FIELDS),
            "identities": [identity.pk for identity in source.identities.all()],
            "conversations": [],
            "consents_source": [],
            "consents_target": [],
            "checkouts": list(
                ChatCheckout.objects.filter(contact=source).values_list("pk", flat=True)
            ),
            "subscriptions": [],
            "inbound_events": list(
                InboundEvent.objects.filter(contact=source).values_list("pk", flat=True)
            ),
            "earlier_merges": [
                str(pk)
                for pk in ContactMerge.objects.filter(target=source).values_list(
                    "pk", flat=True
                )
            ],
        }
        ContactIdentity.objects.filter(contact=source).update(contact=target)
        for conversation in Conversation.objects.filter(contact=source):
            kept = Conversation.objects.filter(
                contact=target, channel_id=conversation.channel_id
            ).first()
            entry = {
                "id": str(conversation.pk),
                **_dump(conversation, CONVERSATION_FIELDS),
                "into": None,
            }
            if kept is None:
                conversation.contact = target
                conversation.save(update_fields=["contact", "updated_at"])
            else:
                entry["into"] = str(kept.pk)
                entry["into_last_message_at"] = kept.last_message_at.isoformat()
                entry["messages"] = [
                    str(pk) for pk in conversation.messages.values_list("pk", flat=True)
                ]
                entry["notes"] = list(conversation.notes.values_list("pk", flat=True))
                entry["events"] = list(conversation.events.values_list("pk", flat=True))
                entry["purposes"] = _set_aside_shared_purposes(conversation, kept)
                Message.objects.filter(conversation=conversation).update(
                    conversation=kept
                )
                ConversationNote.objects.filter(conversation=conversation).update(
                    conversation=kept
                )
                ConversationEvent.objects.filter(conversation=conversation).update(
                    conversation=kept
                )
                if conversation.last_message_at > kept.last_message_at:
                    Conversation.objects.filter(pk=kept.pk).update(
                        last_message_at=conversation.last_message_at
                    )
                conversation.delete()
            snapshot["conversations"].append(entry)
        for consent in Consent.objects.filter(contact=target):
            snapshot["consents_target"].append(_dump(consent, CONSENT_FIELDS))
        for consent in Consent.objects.filter(contact=source):
            snapshot["consents_source"].append(_dump(consent, CONSENT_FIELDS))
            theirs = Consent.objects.filter(
                contact=target,
                messaging_channel=consent.messaging_channel,
                purpose=consent.purpose,
            ).first()
            if theirs is None:
                consent.contact = target
                consent.save(update_fields=["contact"])
                continue
            if consent.updated_at > theirs.updated_at:  # the newer decision wins
                theirs.granted, theirs.source, theirs.updated_at = (
                    consent.granted,
                    consent.source,
                    consent.updated_at,
                )
                theirs.save(update_fields=["granted", "source", "updated_at"])
            consent.delete()
        for subscription in BackInStockSubscription.objects.filter(contact=source):
            snapshot["subscriptions"].append(_dump(subscription, SUBSCRIPTION_FIELDS))
            if not BackInStockSubscription.objects.filter(
                contact=target,
                variant_id=subscription.variant_id,
                channel_id=subscription.channel_id,
            ).exists():
                copy = BackInStockSubscription.objects.create(
                    contact=target,
                    **_load(
                        _dump(subscription, SUBSCRIPTION_FIELDS), SUBSCRIPTION_FIELDS
                    ),
                )
                snapshot.setdefault("subscription_copies", []).append(copy.pk)
        ChatCheckout.objects.filter(contact=source).update(contact=target)
        InboundEvent.objects.filter(contact=source).update(contact=target)
        ContactMerge.objects.filter(target=source).update(target=target)
        ContactLinkCode.objects.filter(contact=source).delete()
        filled = []
        for name in ("name", "email", "phone", "language_code", "user_id"):
            if not getattr(target, name) and getattr(source, name):
                setattr(target, name, getattr(source, name))
                filled.append(name)
        snapshot["filled"] = filled
        target.save()
        record = ContactMerge.objects.create(
            target=target,
            source_id=source.pk,
            source_user_id=source.user_id,
            snapshot=snapshot,
        )
        Contact.objects.filter(pk=source.pk).delete()
    return record


def unmerge(record: ContactMerge) -> Contact:
    """Give the source contact back everything that was its own."""
    with transaction.atomic():
        record = ContactMerge.objects.select_for_update().get(pk=record.pk)
        if record.undone_at is not None:
            raise LinkError("already_undone", "This merge has already been undone.")
        target = Contact.objects.select_for_update().get(pk=record.target_id)
        snap = record.snapshot
        source = Contact.objects.create(
            id=record.source_id,
            **_load(snap["source"], CONTACT_FIELDS) | {"preferred_identity_id": None},
        )
        identity_ids = snap["identities"]
        ContactIdentity.objects.filter(pk__in=identity_ids, contact=target).update(
            contact=source
        )
        for entry in snap["conversations"]:
            fields = _load(entry, CONVERSATION_FIELDS)
            if entry["into"] is None:
                Conversation.objects.filter(pk=entry["id"], contact=target).update(
                    contact=source
                )
                continue
            conversation = Conversation.objects.create(
                id=entry["id"], contact=source, **fields
            )
            moved = Message.objects.filter(
                conversation_id=entry["into"], pk__in=entry["messages"]
            )
            later = Message.objects.filter(
                conversation_id=entry["into"],
                identity_id__in=identity_ids,
                created_at__gt=record.created_at,
            )
            (moved | later).update(conversation=conversation)
            for message_id, purpose in entry.get("purposes", {}).items():
                Message.objects.filter(pk=message_id, conversation=conversation).update(
                    purpose=purpose
                )
            ConversationNote.objects.filter(
                conversation_id=entry["into"], pk__in=entry["notes"]
            ).update(conversation=conversation)
            # Its own history, and what happened since in answer to its messages.
            ConversationEvent.objects.filter(
                Q(pk__in=entry.get("events", []))
                | Q(message__conversation=conversation),
                conversation_id=entry["into"],
            ).update(conversation=conversation)
            # Activity times as they were, moved on only by messages that came after the merge.
            _restore_last_message_at(
                conversation.pk, conversation.last_message_at, record.created_at
            )
            _restore_last_message_at(
                entry["into"],
                datetime.fromisoformat(entry["into_last_message_at"]),
                record.created_at,
            )
        _restore_consents(record, target, source)
        BackInStockSubscription.objects.filter(
            pk__in=snap.get("subscription_copies", []), contact=target
        ).delete()
        for values in snap["subscriptions"]:
            loaded = _load(values, SUBSCRIPTION_FIELDS)
            BackInStockSubscription.objects.get_or_create(
                contact=source,
                variant_id=loaded["variant_id"],
                channel_id=loaded["channel_id"],
                defaults=loaded,
            )
        ChatCheckout.objects.filter(pk__in=snap["checkouts"], contact=target).update(
            contact=source
        )
        InboundEvent.objects.filter(
            pk__in=snap["inbound_events"], contact=target
        ).update(contact=source)
        ContactMerge.objects.filter(
            pk__in=snap["earlier_merges"], target=target
        ).update(target=source)
        before = _load(snap["target"], CONTACT_FIELDS)
        for name in snap.get("filled", []):
            setattr(target, name, before[name])
        if target.preferred_identity_id in identity_ids:
            target.preferred_identity_id = before["preferred_identity_id"]
        target.save()
        source.preferred_identity_id = _load(snap["source"], CONTACT_FIELDS)[
            "preferred_identity_id"
        ]
        source.save(update_fields=["preferred_identity"])
        record.undone_at = timezone.now()
        record.save(update_fields=["undone_at"])
    return source


def _set_aside_shared_purposes(conversation, kept) -> dict[str, str]:
    """Both threads got the same notification (each contact was a recipient): a purpose
    is unique per thread, so the source's copy moves in under a purpose of its own, and
    the kept thread's copy still stops the notification from being sent again. Returns
    message id -> original purpose, for undo."""
    shared = Message.objects.filter(
        conversation=conversation,
        purpose__in=(
            Message.objects.filter(conversation=kept)
            .exclude(purpose="")
            .values("purpose")
        ),
    )
    original = {str(pk): purpose for pk, purpose in shared.values_list("pk", "purpose")}
    for message_id, purpose in original.items():
        Message.objects.filter(pk=message_id).update(
            purpose=f"merged:{message_id}:{purpose}"[:128]
        )
    return original


def _restore_last_message_at(
    conversation_id, before: datetime, merged_at: datetime
) -> None:
    newer = (
        Message.objects.filter(
            conversation_id=conversation_id, created_at__gt=merged_at
        )
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    Conversation.objects.filter(pk=conversation_id).update(
        last_message_at=max(before, newer) if newer else before
    )


def _restore_consents(record: ContactMerge, target: Contact, source: Contact) -> None:
    """Both contacts get their consents back, except decisions taken after the merge."""
    snap = record.snapshot
    source_channels = set(
        ContactIdentity.objects.filter(contact=source).values_list(
            "account__kind", flat=True
        )
    )
    later = {
        (c.messaging_channel, c.purpose): c
        for c in Consent.objects.filter(
            contact=target, updated_at__gt=record.created_at
        )
    }
    Consent.objects.filter(contact=target).exclude(
        pk__in=[c.pk for c in later.values()]
    ).delete()
    for values in snap["consents_target"]:
        fields = _load(values, CONSENT_FIELDS)
        if (fields["messaging_channel"], fields["purpose"]) not in later:
            Consent.objects.create(contact=target, **fields)
    for values in snap["consents_source"]:
        fields = _load(values, CONSENT_FIELDS)
        decided = later.get((fields["messaging_channel"], fields["purpose"]))
        if decided is not None and decided.messaging_channel in source_channels:
            fields.update(
                granted=decided.granted,
                source=decided.source,
                updated_at=decided.updated_at,
            )
        Consent.objects.create(contact=source, **fields)
