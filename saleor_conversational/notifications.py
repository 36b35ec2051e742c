"""Order events to the shopper, exactly once per event, order and contact.

Recipients are only those proven to own the order: the contact linked to the order's
customer, and the contact whose chat checkout became the order. Never a guessed match.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.db.models import Q

from . import saleor_data
from .bot import settings_for
from .channels.messages import Text
from .models import Contact, ContactIdentity, MessageCategory
from .pipeline.inbound import conversation_for
from .pipeline.outbound import queue_message

TEXTS = {
    "order_created": "Thank you for your order #{number}! We have received it. Total: {total}.",
    "order_confirmed": "Your order #{number} is confirmed. We'll let you know when it ships.",
}


def format_total(order) -> str:
    return f"{order.total_gross_amount:.2f} {order.currency}"


def render(event: str, order) -> str:
    return TEXTS[event].format(number=order.number, total=format_total(order))


def recipients(order):
    condition = Q()
    if order.user_id:
        condition |= Q(user_id=order.user_id)
    try:
        condition |= Q(checkouts__checkout_token=uuid.UUID(str(order.checkout_token)))
    except ValueError:
        pass
    if not condition:
        return Contact.objects.none()
    return Contact.objects.filter(condition).distinct()


def choose_identity(contact: Contact, channel_id: int) -> ContactIdentity | None:
    """The contact's preferred messaging channel, else their latest one in this sales channel."""
    identities = ContactIdentity.objects.select_related("account").filter(
        contact=contact, account__is_active=True
    )
    preferred = identities.filter(pk=contact.preferred_identity_id, account__channel_id=channel_id).first()
    return preferred or identities.filter(account__channel_id=channel_id).order_by(
        "-last_inbound_at", "-created_at"
    ).first()


def notify_order_event(event: str, order_id, fulfillment_id=None) -> int:
    order = saleor_data.get_order(order_id)
    if order is None or event not in TEXTS:
        return 0
    if not settings_for(order.channel_id).notifies(event):
        return 0
    queued = 0
    for contact in recipients(order):
        identity = choose_identity(contact, order.channel_id)
        if identity is None:
            continue
        with transaction.atomic():
            conversation = conversation_for(contact, order.channel_id)
            row = queue_message(
                conversation, identity, Text(text=render(event, order)),
                purpose=f"{event}:{order.pk}", category=MessageCategory.TRANSACTIONAL,
            )
        queued += row is not None
    return queued
