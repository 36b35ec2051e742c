"""Marketing messages found by periodic scans (Saleor has no hook for either):
abandoned-checkout reminders and back-in-stock alerts. Both need marketing consent,
checked right before sending; both are sent at most once (``Message.purpose``).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from saleor_conversational.channels.messages import LinkButton
from saleor_conversational.contacts.consent import consent_state
from saleor_conversational.contacts.identities import choose_identity, conversation_for
from saleor_conversational.messaging.outbound import queue_message
from saleor_conversational.models import (
    BackInStockSubscription,
    ConsentPurpose,
    Contact,
    MessageCategory,
    SalesChannelSettings,
)
from saleor_conversational.notifications.rendering import (
    contact_language,
    render,
    route,
)
from saleor_conversational.saleor_data import reads as saleor_data

SCAN_WINDOW = timedelta(days=7)  # carts idle for longer than this are not reminded
BATCH = 500

# The button under an abandoned-cart reminder.
LINK_LABEL = pgettext_lazy("button", "View cart")


def _send(
    contact,
    channel_settings,
    event,
    variables,
    purpose,
    link: tuple[str, str] | None = None,
):
    identity = choose_identity(contact, channel_settings.channel_id)
    if identity is None:
        return None
    language = contact_language(contact, channel_settings)
    rendered = render(event, language, variables, channel_settings.channel_id)
    message = None
    if link is not None:
        with translation.override(language):
            label = str(LINK_LABEL)
        message = LinkButton(text=rendered.text, label=label, url=link[1])
    identity, message = route(contact, identity, rendered, channel_settings, message)
    with transaction.atomic():
        conversation = conversation_for(contact, channel_settings.channel_id)
        return queue_message(
            conversation,
            identity,
            message,
            purpose=purpose,
            category=MessageCategory.MARKETING,
        )


def remind_abandoned_checkouts(now=None) -> int:
    now = now or timezone.now()
    queued = 0
    for channel_settings in SalesChannelSettings.objects.exclude(
        checkout_url_template=""
    ):
        if not channel_settings.notifies("abandoned_checkout"):
            continue
        idle_since = now - timedelta(
            minutes=channel_settings.abandoned_checkout_minutes
        )
        for checkout in saleor_data.idle_checkouts(
            channel_settings.channel_id, idle_since, idle_since - SCAN_WINDOW
        ):
            condition = Q(checkouts__checkout_token=checkout.token)
            if checkout.user_id:
                condition |= Q(user_id=checkout.user_id)
            url = channel_settings.checkout_url_template.replace(
                "{token}", str(checkout.token)
            )
            for contact in (
                Contact.objects.filter(condition).select_related("user").distinct()
            ):
                row = _send(
                    contact,
                    channel_settings,
                    "abandoned_checkout",
                    {"url": url},
                    f"abandoned_checkout:{checkout.token}",
                    link=("cart", url),
                )
                queued += row is not None
    return queued


def subscribe_back_in_stock(
    contact: Contact, channel_id: int, sku: str, messaging_channel: str
) -> str:
    """The bot's answer to "tell me when SKU-1 is back", in the active language."""
    variant = saleor_data.variant_by_sku(sku, channel_id)
    if variant is None:
        return _("I can't find a product with the code %(sku)s in this shop.") % {
            "sku": sku
        }
    name = saleor_data.variant_display_name(variant)
    if saleor_data.variant_available_in_channel(variant.pk, channel_id):
        return _("%(product)s is in stock right now.") % {"product": name}
    BackInStockSubscription.objects.get_or_create(
        contact=contact, variant=variant, channel_id=channel_id
    )
    answer = _("I'll tell you here once when %(product)s is back in stock.") % {
        "product": name
    }
    if not consent_state(contact.pk, messaging_channel, ConsentPurpose.MARKETING):
        answer += " " + _(
            # Translators: SUBSCRIBE and STOP are words the shopper sends back; these
            # work too: aanmelden, anmelden, abonnieren, abonner, suscribir (subscribe)
            # and afmelden, abmelden, désabonner, baja (stop); see messaging/policy.py.
            "To allow that message, reply SUBSCRIBE (and STOP at any time to stop)."
        )
    return answer


def notify_back_in_stock(now=None) -> int:
    """Tell waiting subscribers whose variant is available again in their sales channel."""
    now = now or timezone.now()
    queued = 0
    waiting = (
        BackInStockSubscription.objects.filter(notified_at__isnull=True)
        .values_list("variant_id", "channel_id")
        .distinct()
    )
    for variant_id, channel_id in list(waiting):
        if not saleor_data.variant_available_in_channel(variant_id, channel_id):
            continue
        if not saleor_data.variant_shown_in_channel(variant_id, channel_id):
            continue  # hidden since the shopper asked: they wait until it is shown
        channel_settings = SalesChannelSettings.objects.for_channel(channel_id)
        product = saleor_data.variant_display_name(saleor_data.get_variant(variant_id))
        while True:
            with transaction.atomic():
                batch = list(
                    BackInStockSubscription.objects.select_for_update(
                        skip_locked=True, of=("self",)
                    )
                    .filter(
                        variant_id=variant_id,
                        channel_id=channel_id,
                        notified_at__isnull=True,
                    )
                    .select_related("contact__user")[:BATCH]
                )
                if not batch:
                    break
                for subscription in batch:
                    row = _send(
                        subscription.contact,
                        channel_settings,
                        "back_in_stock",
                        {"product": product},
                        f"back_in_stock:{subscription.pk}",
                    )
                    queued += row is not None
                BackInStockSubscription.objects.filter(
                    pk__in=[s.pk for s in batch]
                ).update(notified_at=now)
    return queued


def request_back_in_stock(
    contact: Contact, channel_id: int, sku: str, messaging_channel: str
) -> dict:
    """What ``subscribe_back_in_stock`` does, as data (for the model-backed assistant):
    ``{"found": False}``, ``{"found": True, "product": ..., "in_stock": True}`` (nothing
    to wait for) or ``{..., "in_stock": False, "subscribed": True,
    "needs_marketing_consent": bool}`` (the shopper replies SUBSCRIBE to allow it)."""
    variant = saleor_data.variant_by_sku(sku, channel_id)
    if variant is None:
        return {"found": False}
    found = {"found": True, "product": saleor_data.variant_display_name(variant)}
    if saleor_data.variant_available_in_channel(variant.pk, channel_id):
        return {**found, "in_stock": True, "subscribed": False}
    BackInStockSubscription.objects.get_or_create(
        contact=contact, variant=variant, channel_id=channel_id
    )
    consent = consent_state(contact.pk, messaging_channel, ConsentPurpose.MARKETING)
    return {
        **found,
        "in_stock": False,
        "subscribed": True,
        "needs_marketing_consent": not consent,
    }
