"""One home for finding and building contacts, their identities on messaging channels
and their conversations (Chatwoot's contact-inbox builders)."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from saleor_conversational.models import (
    Contact,
    ContactIdentity,
    Conversation,
    Direction,
    Message,
    MessagingAccount,
)


def find_or_create_identity(
    account: MessagingAccount, address: str, name: str = ""
) -> ContactIdentity:
    identity = (
        ContactIdentity.objects.select_related("contact", "account")
        .filter(account=account, address=address)
        .first()
    )
    if identity is not None:
        return identity
    phone = address if address.startswith("+") and address[1:].isdigit() else ""
    try:
        with transaction.atomic():
            contact = Contact.objects.create(name=name[:256], phone=phone)
            identity = ContactIdentity.objects.create(
                contact=contact,
                account=account,
                address=address,
                display_name=name[:256],
            )
    except IntegrityError:  # created concurrently
        identity = ContactIdentity.objects.select_related("contact").get(
            account=account, address=address
        )
    identity.account = account
    return identity


def conversation_for(contact: Contact, channel_id: int) -> Conversation:
    conversation, _ = Conversation.objects.get_or_create(
        contact=contact, channel_id=channel_id
    )
    return conversation


def choose_identity(contact: Contact, channel_id: int) -> ContactIdentity | None:
    """The contact's preferred messaging channel, else their latest one in this sales channel."""
    identities = ContactIdentity.objects.select_related("account").filter(
        contact=contact, account__is_active=True, account__channel_id=channel_id
    )
    preferred = identities.filter(pk=contact.preferred_identity_id).first()
    return preferred or identities.order_by("-last_inbound_at", "-created_at").first()


def reply_identity(conversation: Conversation) -> ContactIdentity | None:
    """The identity the shopper wrote from last in this sales channel, else the contact's
    preferred one, else any identity on an account of this sales channel."""
    last_inbound = (
        Message.objects.filter(
            conversation=conversation,
            direction=Direction.INBOUND,
            identity__isnull=False,
        )
        .order_by("-created_at")
        .values_list("identity_id", flat=True)
        .first()
    )
    identities = ContactIdentity.objects.select_related("account").filter(
        contact_id=conversation.contact_id, account__channel_id=conversation.channel_id
    )
    if last_inbound is not None:
        found = identities.filter(pk=last_inbound).first()
        if found is not None:
            return found
    preferred = conversation.contact.preferred_identity_id
    return (
        identities.filter(pk=preferred).first() if preferred else None
    ) or identities.order_by("-last_inbound_at", "-created_at").first()
