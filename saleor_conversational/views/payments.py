"""``payments/<provider>/<account>/``: where Stripe and Mollie report payments.

Stripe's ``Stripe-Signature`` is verified over the raw bytes before anything is parsed;
Mollie's unsigned ``id=tr_...`` is believed only once the payment is fetched back from
Mollie with the account's key. Unverified or unknown: a 4xx with the reason, no payment
touched, and the refusal counted on the account's payment alert (one row per reason). Verified: one ``PaymentNotification`` per PSP event id, a Celery task enqueued
after the commit, and a fast 200.
"""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse

from saleor_conversational import jobs
from saleor_conversational.commerce import alerts
from saleor_conversational.commerce.payments import NotVerified, PspError, provider_for
from saleor_conversational.commerce.settlement import settle_payment_notification
from saleor_conversational.core.crypto import DecryptionError
from saleor_conversational.models import (
    PaymentAccount,
    PaymentLink,
    PaymentNotification,
)
from saleor_conversational.views.provider_http import json_error

logger = logging.getLogger(__name__)
MAX_BODY = 256 * 1024


def psp_webhook(request: HttpRequest, provider: str, account_id) -> HttpResponse:
    account = PaymentAccount.objects.filter(
        pk=account_id, provider=provider, is_active=True
    ).first()
    if account is None:
        return json_error(404, "unknown payment account")
    body = request.body
    if len(body) > MAX_BODY:
        return json_error(413, "notification too large")
    try:
        payment = provider_for(account).verify(body, request.headers)
    except NotVerified as exc:
        alerts.alert_refused_notification(account, exc.reason, str(exc))
        return json_error(400, f"not verified: {exc}")
    except (PspError, DecryptionError) as exc:  # the PSP will retry
        logger.warning("Payment notification for %s not checked: %s", account, exc)
        if isinstance(exc, DecryptionError):  # a key was rotated away: staff must act
            alerts.alert_refused_notification(
                account,
                "undecryptable",
                "the payment account's secrets cannot be decrypted with the current "
                "CONVERSATIONAL_ENCRYPTION_KEYS: paid notifications cannot be checked",
            )
        return json_error(
            503,
            "could not check the notification with the payment provider; retry later",
        )
    if payment is None:
        return JsonResponse({"received": True, "action": "none"})
    link = PaymentLink.objects.filter(
        account=account, psp_reference=payment.session_reference
    ).first()
    claimed = payment.metadata.get("payment_link")
    if link is None and not claimed:
        # Genuine, but not a chat payment (another integration on the same PSP account):
        # acknowledge it, or the PSP retries it for days and disables the endpoint.
        return JsonResponse(
            {"received": True, "action": "none", "reason": "not a chat payment"}
        )
    if link is None or claimed not in (None, str(link.pk)):
        alerts.alert_refused_notification(
            account,
            "unmatched_link",
            f"verified payment {payment.session_reference} claims payment link {claimed}, which does not match",
        )
        return json_error(404, "no payment link for this payment")
    try:
        with transaction.atomic():
            notification = PaymentNotification.objects.create(
                account=account, event_id=payment.event_id[:255], payment_link=link
            )
            notification_id = notification.pk
            transaction.on_commit(lambda: _enqueue(notification_id))
    except IntegrityError:  # the PSP delivered this event before
        return JsonResponse({"received": True, "duplicate": True})
    return JsonResponse({"received": True})


def _enqueue(notification_id: int) -> None:
    jobs.enqueue(settle_payment_notification, notification_id)
