"""Order updates to the shopper: exactly once per event, order (or fulfillment) and contact.

Recipients are only those proven to own the order: the contact linked to the order's
customer, and the contact whose chat checkout became the order. Never a guessed match.
Channel: the contact's preferred messaging channel in the order's sales channel; when its
customer-service window is closed, the event's approved template, else the merchant's
fallback messaging channel; otherwise the message is stored with the reason it could not
be sent. Consent is checked right before sending (pipeline/policy.py).
"""

from __future__ import annotations

import re
import uuid

from babel.numbers import format_currency
from django.db import transaction
from django.db.models import Q
from django.utils import translation

from saleor_conversational.contacts.consent import consent_state, set_consent
from saleor_conversational.contacts.identities import choose_identity, conversation_for
from saleor_conversational.core.language import pick_language
from saleor_conversational.messaging.outbound import queue_message
from saleor_conversational.models import (
    ConsentPurpose,
    Contact,
    ContactIdentity,
    MessageCategory,
    PaymentLink,
    PaymentLinkStatus,
    SalesChannelSettings,
)
from saleor_conversational.notifications.rendering import render, route
from saleor_conversational.notifications.texts import (
    ORDER_EVENTS,
    TRACKING_NUMBER_SENTENCE,
    TRACKING_SENTENCE,
)
from saleor_conversational.saleor_data import reads as saleor_data

CHECKOUT_OPT_IN_KEY = "conversational.optIn"


def language_for(order, channel_settings: SalesChannelSettings) -> str:
    """The customer's language, then the sales channel's default."""
    user_language = getattr(order.user, "language_code", "") if order.user_id else ""
    return pick_language(user_language, channel_settings.language_code)


def format_total(order, language: str) -> str:
    return format_currency(order.total_gross_amount, order.currency, locale=language)


def order_variables(
    order, fulfillment, language: str, channel_settings
) -> dict[str, str]:
    variables = {
        "number": str(order.number),
        "total": format_total(order, language),
        "items": ", ".join(
            f"{line.quantity} × {line.product_name}" for line in order.lines.all()
        ),
        "tracking": "",
        "tracking_number": "",
        "tracking_url": "",
    }
    if fulfillment is not None and fulfillment.tracking_number:
        number = fulfillment.tracking_number
        variables["tracking_number"] = number
        if re.match(r"^[-\w]+://", number):
            variables["tracking_url"] = number
        elif channel_settings.tracking_url_template:
            variables["tracking_url"] = channel_settings.tracking_url_template.replace(
                "{tracking}", number
            )
        sentence = (
            TRACKING_SENTENCE if variables["tracking_url"] else TRACKING_NUMBER_SENTENCE
        )
        with translation.override(language):
            variables["tracking"] = " " + str(sentence).format(**variables)
    return variables


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


def record_checkout_opt_in(order, contacts) -> None:
    """A shopper who ticked "updates in chat" at checkout gave a transactional basis."""
    if str(order.metadata.get(CHECKOUT_OPT_IN_KEY, "")).lower() != "true":
        return
    for contact in contacts:
        for identity in ContactIdentity.objects.select_related("account").filter(
            contact=contact
        ):
            if (
                consent_state(
                    contact.pk, identity.account.kind, ConsentPurpose.TRANSACTIONAL
                )
                is None
            ):
                set_consent(
                    contact.pk,
                    identity.account.kind,
                    ConsentPurpose.TRANSACTIONAL,
                    True,
                    "checkout",
                )


def purpose_key(event: str, order, fulfillment) -> str:
    if event == "tracking_number_updated" and fulfillment is not None:
        return f"{event}:{fulfillment.pk}:{fulfillment.tracking_number}"[:128]
    if fulfillment is not None:
        return f"{event}:{fulfillment.pk}"
    if event == "order_refunded":
        # Each partial refund is its own update; the same refund reported twice is not.
        return f"{event}:{order.pk}:{saleor_data.refunded_total(order)}"
    return f"{event}:{order.pk}"


# A chat payment's own confirmation ("we received your payment, order #N is confirmed")
# already says what these say, at the same moment: the buyer gets one message, not four.
TOLD_AT_PAYMENT = {"order_created", "order_fully_paid"}


def told_at_payment(event: str, order) -> set:
    """Contacts who bought ``order`` through a chat payment link and need no ``event``."""
    if event not in TOLD_AT_PAYMENT and not (
        event == "order_confirmed"
        and order.channel.automatically_confirm_all_new_orders
    ):
        return set()
    return set(
        PaymentLink.objects.filter(order_id=order.pk, status=PaymentLinkStatus.PAID)
        .exclude(chat_checkout__isnull=True)
        .values_list("chat_checkout__contact_id", flat=True)
    )


def notify_order_event(event: str, order_id, fulfillment_id=None) -> int:
    if event not in ORDER_EVENTS:
        return 0
    fulfillment = (
        saleor_data.get_fulfillment(fulfillment_id) if fulfillment_id else None
    )
    order = (
        fulfillment.order
        if fulfillment is not None
        else saleor_data.get_order(order_id)
    )
    if order is None:
        return 0
    channel_settings = SalesChannelSettings.objects.for_channel(order.channel_id)
    if not channel_settings.notifies(event):
        return 0
    if event == "order_refunded" and saleor_data.is_fully_refunded(order):
        return 0  # Saleor also fires order_fully_refunded: one message, not two
    contacts = list(recipients(order))
    if event == "order_created":
        record_checkout_opt_in(order, contacts)
    language = language_for(order, channel_settings)
    variables = order_variables(order, fulfillment, language, channel_settings)
    rendered = render(event, language, variables, order.channel_id)
    queued = 0
    told = told_at_payment(event, order)
    for contact in contacts:
        if contact.pk in told:
            continue
        identity = choose_identity(contact, order.channel_id)
        if identity is None:
            continue
        identity, message = route(contact, identity, rendered, channel_settings)
        with transaction.atomic():
            conversation = conversation_for(contact, order.channel_id)
            row = queue_message(
                conversation,
                identity,
                message,
                purpose=purpose_key(event, order, fulfillment),
                category=MessageCategory.TRANSACTIONAL,
            )
        queued += row is not None
    return queued
