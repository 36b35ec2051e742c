"""What the shopper agreed to be sent, per messaging channel and purpose."""

from __future__ import annotations

from django.utils import timezone

from saleor_conversational.models import Consent


def set_consent(
    contact_id, messaging_channel: str, purpose: str, granted: bool, source: str
) -> None:
    Consent.objects.update_or_create(
        contact_id=contact_id,
        messaging_channel=messaging_channel,
        purpose=purpose,
        defaults={"granted": granted, "source": source, "updated_at": timezone.now()},
    )


def consent_state(contact_id, messaging_channel: str, purpose: str) -> bool | None:
    consent = Consent.objects.filter(
        contact_id=contact_id, messaging_channel=messaging_channel, purpose=purpose
    ).first()
    return None if consent is None else consent.granted
