"""Payment alerts: what staff must look at, logged loudly and kept until someone resolves it.

Two kinds. A problem with one payment link (money moved but no order, an amount that does
not match, a refund the PSP refused) is one alert, logged at ERROR and noted in the
shopper's conversation so whoever opens the thread sees it. A notification that could not
be verified (forged or stale signature, an id the PSP does not know) proves nothing about
any link: it is counted on one open alert per payment account and reason, so staff learn
that someone is sending them, and a flood of forged requests stays one row. The plugin's
Saleor App deactivated by the merchant is counted the same way, on one open alert.
"""

from __future__ import annotations

import logging

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from saleor_conversational.inbox.conversations import add_note
from saleor_conversational.models import (
    Conversation,
    PaymentAccount,
    PaymentAlert,
    PaymentLink,
)

logger = logging.getLogger(__name__)

REFUSED_PREFIX = "notification_"
COMMERCE_APP_DEACTIVATED = "commerce_app_deactivated"


def alert_link(link: PaymentLink, code: str, detail: str) -> PaymentAlert:
    logger.error(
        "Payment alert %s for payment link %s (%s): %s",
        code,
        link.pk,
        link.account,
        detail,
    )
    alert = PaymentAlert.objects.create(
        payment_link=link, account=link.account, code=code, detail=detail
    )
    chat_checkout = link.chat_checkout  # None once the customer was erased
    conversation = (
        Conversation.objects.filter(
            contact_id=chat_checkout.contact_id, channel_id=chat_checkout.channel_id
        ).first()
        if chat_checkout is not None
        else None
    )
    if conversation is not None:
        add_note(conversation, f"Payment alert ({code}): {detail}")
    return alert


def alert_refused_notification(
    account: PaymentAccount, reason: str, detail: str
) -> None:
    """Count a refused notification on the account's open alert for ``reason``."""
    code = f"{REFUSED_PREFIX}{reason}"
    logger.warning(
        "Payment notification for %s refused (%s): %s", account, code, detail
    )
    _count(account, code, detail)


def alert_commerce_app_deactivated(detail: str) -> None:
    """Count what the deactivated App stopped on one open alert for all staff."""
    logger.error("saleor-conversational: %s", detail)
    with transaction.atomic(), connection.cursor() as cursor:
        # No payment account: the unique constraint does not keep this to one open row.
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))", [COMMERCE_APP_DEACTIVATED]
        )
        _count(None, COMMERCE_APP_DEACTIVATED, detail)


def _count(account: PaymentAccount | None, code: str, detail: str) -> None:
    now = timezone.now()
    detail = detail[:500]
    for _ in range(
        2
    ):  # a racing first refusal may create the row between our two steps
        updated = PaymentAlert.objects.filter(
            account=account,
            code=code,
            payment_link__isnull=True,
            resolved_at__isnull=True,
        ).update(occurrences=F("occurrences") + 1, last_seen_at=now, detail=detail)
        if updated:
            return
        try:
            with transaction.atomic():
                PaymentAlert.objects.create(
                    account=account,
                    code=code,
                    detail=detail,
                    created_at=now,
                    last_seen_at=now,
                )
            return
        except IntegrityError:
            continue


def resolve(alert: PaymentAlert, user=None) -> PaymentAlert:
    if alert.resolved_at is None:
        alert.resolved_at = timezone.now()
        alert.resolved_by = user
        alert.save(update_fields=["resolved_at", "resolved_by"])
    return alert
