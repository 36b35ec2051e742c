"""Everything the plugin holds about one Saleor customer: exported as JSON, or erased."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from saleor_conversational.models import (
    ChatCheckout,
    Consent,
    Contact,
    ContactMerge,
    Conversation,
    InboundEvent,
    Message,
    PendingErasure,
)


def _iso(value):
    return value.isoformat() if value else None


def export_customer(user_id: int) -> dict:
    contacts = Contact.objects.filter(user_id=user_id).order_by("created_at")
    result = []
    for contact in contacts:
        result.append(
            {
                "id": str(contact.pk),
                "name": contact.name,
                "email": contact.email,
                "phone": contact.phone,
                "languageCode": contact.language_code,
                "createdAt": _iso(contact.created_at),
                "identities": [
                    {
                        "messagingChannel": identity.account.kind,
                        "address": identity.address,
                        "displayName": identity.display_name,
                        "createdAt": _iso(identity.created_at),
                    }
                    for identity in contact.identities.select_related(
                        "account"
                    ).order_by("created_at")
                ],
                "consents": [
                    {
                        "messagingChannel": c.messaging_channel,
                        "purpose": c.purpose,
                        "granted": c.granted,
                        "source": c.source,
                        "updatedAt": _iso(c.updated_at),
                    }
                    for c in Consent.objects.filter(contact=contact).order_by(
                        "messaging_channel", "purpose"
                    )
                ],
                "conversations": [
                    {
                        "id": str(conversation.pk),
                        "salesChannel": (
                            conversation.channel.slug if conversation.channel else None
                        ),
                        "status": conversation.status,
                        "createdAt": _iso(conversation.created_at),
                        "messages": [
                            {
                                "id": str(m.pk),
                                "direction": m.direction,
                                "messagingChannel": m.messaging_channel,
                                "kind": m.kind,
                                "text": m.text,
                                "content": m.content,
                                "status": m.status,
                                "createdAt": _iso(m.created_at),
                            }
                            for m in Message.objects.filter(conversation=conversation)
                            .select_related("account")
                            .order_by("created_at", "pk")
                        ],
                    }
                    for conversation in Conversation.objects.filter(contact=contact)
                    .select_related("channel")
                    .order_by("created_at")
                ],
                "checkouts": [
                    {
                        "checkoutToken": str(c.checkout_token),
                        "orderId": str(c.order_id) if c.order_id else None,
                        "createdAt": _iso(c.created_at),
                    }
                    for c in ChatCheckout.objects.filter(contact=contact).order_by(
                        "created_at"
                    )
                ],
            }
        )
    return {"customerId": user_id, "contacts": result}


def erase_inbound_payloads(sender, instance, **kwargs) -> None:
    """An identity is deleted (its customer erased): the raw bodies of its events that
    were never processed (failed ones) go with it; the rows stay, failed."""
    InboundEvent.objects.filter(
        account_id=instance.account_id,
        sender=instance.address,
        processed_at__isnull=True,
    ).update(
        payload={},
        failed_at=timezone.now(),
        error="erased with the customer",
    )


def record_erasure(user_id: int, email: str) -> int:
    """Keep what the erasure needs (encrypted) in a row; its id is what the task gets."""
    pending = PendingErasure(user_id=user_id)
    pending.email = email or ""
    pending.save()
    return pending.pk


def erase_pending(erasure_id: int) -> int:
    pending = PendingErasure.objects.filter(pk=erasure_id).first()
    if pending is None:
        return 0  # already erased: a redelivered task
    erased = erase_customer(pending.user_id, pending.email)
    pending.delete()
    return erased


def erase_customer(user_id: int, email: str = "") -> int:
    """Delete every contact of the customer with all that hangs off it, and the merge
    records that still hold a copy of theirs. Run by the API and by the task Saleor's
    deletion hooks enqueue (``Contact.user`` already cascades; this is the safety net).

    Contacts never linked to the customer that carry the customer's email address are
    not proven to be the customer, so they stay, without that address."""
    with transaction.atomic():
        ContactMerge.objects.filter(source_user_id=user_id).delete()
        deleted, _ = Contact.objects.filter(user_id=user_id).delete()
        if email:
            Contact.objects.filter(user__isnull=True, email__iexact=email).update(
                email=""
            )
    return deleted
