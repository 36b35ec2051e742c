"""Payment links for chat checkouts, and what happens when the PSP says they were paid.

* ``send_payment_link`` asks the sales channel's active ``PaymentAccount`` for a payment of
  exactly Saleor's checkout total (read through Saleor's public API) and sends it in chat
  as a link button (plain text where the channel has no buttons). A fresh link supersedes
  the previous one, which is also expired at the PSP; a superseded or expired link can
  never complete an order: money paid through it is refunded.
* ``settle_notification`` (a Celery task's body) turns a verified PSP notification into a
  Saleor order: under a row lock on the link, the payment is read back from the PSP,
  checked against the link and Saleor's current total, recorded as a Saleor transaction
  (``transactionCreate`` with the charged amount) and the checkout completed
  (``checkoutComplete``), all through Saleor's public API as the plugin's App. A checkout
  that cannot be completed (out of stock since the link was sent...) is refunded at the
  PSP and the shopper is told why.
* ``refund_transaction`` serves refunds staff request in the Dashboard.
"""

from __future__ import annotations

import datetime
import logging
from decimal import Decimal

import graphene
from babel.numbers import format_currency
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from saleor.core.db.connection import allow_writer

from saleor_conversational.channels.messages import LinkButton, Text
from saleor_conversational.commerce import alerts, checkout_api
from saleor_conversational.commerce.errors import CheckoutError
from saleor_conversational.commerce.payments import PspError, provider_for
from saleor_conversational.commerce.payments.base import ZERO_DECIMAL_CURRENCIES
from saleor_conversational.contacts.identities import choose_identity
from saleor_conversational.core.crypto import DecryptionError
from saleor_conversational.core.urls import plugin_url
from saleor_conversational.jobs import backoff_seconds, task
from saleor_conversational.messaging.outbound import queue_message
from saleor_conversational.models import (
    ChatCheckout,
    Conversation,
    PaymentAccount,
    PaymentLink,
    PaymentLinkStatus,
    PaymentNotification,
    SalesChannelSettings,
)
from saleor_conversational.notifications.rendering import contact_language, render
from saleor_conversational.notifications.texts import PAY_BUTTON, PAYMENT_REASONS
from saleor_conversational.saleor_data import api as saleor_api
from saleor_conversational.saleor_data.api import SaleorApiError

logger = logging.getLogger(__name__)

UNSETTLED = {
    PaymentLinkStatus.OPEN,
    PaymentLinkStatus.SUPERSEDED,
    PaymentLinkStatus.EXPIRED,
}

TRANSACTION_CREATE = """
mutation($id: ID!, $transaction: TransactionCreateInput!, $event: TransactionEventInput) {
  transactionCreate(id: $id, transaction: $transaction, transactionEvent: $event) {
    transaction { token }
    errors { field code message }
  }
}
"""

CHECKOUT_COMPLETE = """
mutation($id: ID!) {
  checkoutComplete(id: $id) {
    order { id number status }
    errors { field code message }
  }
}
"""

TRANSACTION_EVENT_REPORT = """
mutation($token: UUID!, $psp: String!, $type: TransactionEventTypeEnum!, $amount: PositiveDecimal,
         $message: String) {
  transactionEventReport(token: $token, pspReference: $psp, type: $type, amount: $amount,
                         message: $message) {
    alreadyProcessed
    errors { field code message }
  }
}
"""


def webhook_url(account: PaymentAccount, public_url: str = "") -> str:
    return plugin_url(f"payments/{account.provider}/{account.pk}/", public_url)


def active_account(channel_id: int) -> PaymentAccount | None:
    return (
        PaymentAccount.objects.filter(channel_id=channel_id, is_active=True)
        .order_by("created_at")
        .first()
    )


def _quantize(amount: Decimal, currency: str) -> Decimal:
    places = 0 if currency.upper() in ZERO_DECIMAL_CURRENCIES else 2
    return amount.quantize(Decimal(1).scaleb(-places))


def _return_url(account: PaymentAccount, token: str) -> str:
    if account.return_url_template:
        return account.return_url_template.replace("{token}", token)
    return (getattr(settings, "PUBLIC_URL", "") or "https://example.com").rstrip(
        "/"
    ) + "/"


def _money(amount: Decimal, currency: str) -> str:
    return f"{amount} {currency}"


def _language(chat_checkout: ChatCheckout) -> str:
    """The shopper's language, then the sales channel's."""
    return contact_language(
        chat_checkout.contact,
        SalesChannelSettings.objects.read(chat_checkout.channel_id),
    )


def _text(
    chat_checkout: ChatCheckout,
    event: str,
    language: str,
    *,
    amount=None,
    currency="",
    reason: str = "",
    **variables,
) -> str:
    """The event's text (merchant override or default) in the shopper's language."""
    if amount is not None:
        variables["total"] = format_currency(amount, currency, locale=language)
    if reason:
        variables["reason"] = PAYMENT_REASONS.get(reason, {}).get(language, reason)
    return render(event, language, variables, chat_checkout.channel_id).text


def _say(chat_checkout: ChatCheckout, event: str, purpose: str, **variables) -> None:
    language = _language(chat_checkout)
    tell(
        chat_checkout,
        Text(text=_text(chat_checkout, event, language, **variables)),
        purpose,
    )


def tell(chat_checkout: ChatCheckout, message, purpose: str, identity=None) -> None:
    """Send ``message`` to the shopper of ``chat_checkout`` (once per purpose)."""
    identity = identity or choose_identity(
        chat_checkout.contact, chat_checkout.channel_id
    )
    if identity is None:
        logger.warning(
            "Chat checkout %s: the shopper has no messaging channel left",
            chat_checkout.pk,
        )
        return
    conversation, _ = Conversation.objects.get_or_create(
        contact=chat_checkout.contact, channel_id=chat_checkout.channel_id
    )
    queue_message(conversation, identity, message, purpose=purpose)


# -- sending a link -------------------------------------------------------------------
def send_payment_link(chat_checkout: ChatCheckout, identity=None) -> PaymentLink:
    """A payment link for exactly the checkout's current total, sent in chat (to
    ``identity``, else the shopper's preferred messaging channel).

    Raises ``CheckoutError`` (nothing sent, nothing written) when the checkout is gone,
    already ordered or still incomplete (code ``INCOMPLETE``: no email, addresses or
    shipping method yet), no payment account is active in the sales channel, or the PSP refuses.
    """
    chat_checkout = ChatCheckout.objects.select_related("contact").get(
        pk=chat_checkout.pk
    )
    if chat_checkout.order_id:
        raise CheckoutError(
            "checkout", "ALREADY_ORDERED", "This checkout is already an order."
        )
    account = active_account(chat_checkout.channel_id)
    if account is None:
        raise CheckoutError(
            "payment",
            "NOT_CONFIGURED",
            "No payment account is active in this sales channel.",
        )
    summary = checkout_api.fetch(chat_checkout)
    if summary is None:
        raise CheckoutError("checkout", "NOT_FOUND", "The checkout no longer exists.")
    if summary.missing:
        # A link paid now could never become an order: Saleor refuses to complete it.
        raise CheckoutError(
            "checkout",
            "INCOMPLETE",
            "The checkout still needs: " + ", ".join(summary.missing) + ".",
        )
    amount = _quantize(summary.total, summary.currency)
    if amount <= 0:
        raise CheckoutError("checkout", "INVALID", "There is nothing to pay.")
    now = timezone.now()
    expires_at = now + datetime.timedelta(minutes=account.link_expiry_minutes)
    with transaction.atomic():
        ChatCheckout.objects.select_for_update().filter(pk=chat_checkout.pk).first()
        previous = list(
            PaymentLink.objects.select_for_update()
            .select_related("account")
            .filter(chat_checkout=chat_checkout, status=PaymentLinkStatus.OPEN)
        )
        PaymentLink.objects.filter(pk__in=[p.pk for p in previous]).update(
            status=PaymentLinkStatus.SUPERSEDED, updated_at=now
        )
        link = PaymentLink.objects.create(
            chat_checkout=chat_checkout,
            account=account,
            amount=amount,
            currency=summary.currency,
            expires_at=expires_at,
        )
    token = str(chat_checkout.checkout_token)
    try:
        session = provider_for(account).create_payment(
            amount=amount,
            currency=summary.currency,
            description=f"Order from chat {token[:8]}",
            metadata={"checkout_token": token, "payment_link": str(link.pk)},
            expires_at=expires_at,
            return_url=_return_url(account, token),
            webhook_url=webhook_url(account),
        )
    except (PspError, DecryptionError) as exc:
        PaymentLink.objects.filter(pk=link.pk).update(
            status=PaymentLinkStatus.EXPIRED,
            failure_reason=f"not created: {exc}",
            updated_at=timezone.now(),
        )
        logger.warning("Payment link %s not created at %s: %s", link.pk, account, exc)
        raise CheckoutError(
            "payment",
            "PSP_ERROR",
            "The payment provider could not make a link; try again.",
        ) from None
    PaymentLink.objects.filter(pk=link.pk).update(
        psp_reference=session.psp_reference,
        url=session.url,
        expires_at=min(expires_at, session.expires_at),
        updated_at=timezone.now(),
    )
    link.refresh_from_db()
    for old in (
        previous
    ):  # expire them at the PSP too (best effort: they can't complete anyway)
        if old.psp_reference:
            try:
                provider_for(old.account).cancel(old.psp_reference)
            except (PspError, DecryptionError) as exc:
                logger.info(
                    "Superseded payment link %s not cancelled at the PSP: %s",
                    old.pk,
                    exc,
                )
    until = timezone.localtime(link.expires_at, datetime.UTC).strftime("%H:%M UTC")
    language = _language(chat_checkout)
    text = _text(
        chat_checkout,
        "payment_link",
        language,
        amount=amount,
        currency=link.currency,
        until=until,
    )
    with transaction.atomic():
        tell(
            chat_checkout,
            LinkButton(text=text, label=PAY_BUTTON[language], url=link.url),
            purpose=f"payment-link:{link.pk}",
            identity=identity,
        )
    return link


# -- settling a paid notification ---------------------------------------------------------
def settle_notification(notification_id: int) -> str:
    """Settle one verified notification; records its outcome (the sweeper skips it then)."""
    notification = PaymentNotification.objects.filter(pk=notification_id).first()
    if notification is None:
        return "gone"
    if notification.processed_at is not None:
        return notification.outcome
    with transaction.atomic():
        outcome = _settle_locked(notification)
        PaymentNotification.objects.filter(pk=notification.pk).update(
            processed_at=timezone.now(), outcome=outcome[:32]
        )
    return outcome


def _settle_locked(notification: PaymentNotification) -> str:
    if notification.payment_link_id is None:
        return "no link"
    link = (
        PaymentLink.objects.select_for_update(of=("self",))
        .select_related("account", "chat_checkout__contact")
        .get(pk=notification.payment_link_id)
    )
    if link.status not in UNSETTLED:
        return f"already {link.status}"  # a second delivery or a racing worker
    client = provider_for(link.account)
    payment = client.fetch(link.psp_reference)  # PspError: the task retries
    if not payment.paid:
        if payment.closed and link.status == PaymentLinkStatus.OPEN:
            link.status = PaymentLinkStatus.EXPIRED
            link.save(update_fields=["status", "updated_at"])
            return "expired"
        return "not paid"
    return _settle(link, payment, client)


def _alert(
    link: PaymentLink, code: str, detail: str, status=PaymentLinkStatus.FAILED
) -> None:
    alerts.alert_link(link, code, detail)
    link.status = status
    link.failure_reason = detail
    link.save(update_fields=["status", "failure_reason", "updated_at"])


def _settle(link: PaymentLink, payment, client) -> str:
    paid = f"{payment.amount} {payment.currency}"
    if (
        payment.amount is None
        or payment.amount != link.amount
        or payment.currency != link.currency
    ):
        _alert(
            link,
            "amount_mismatch",
            f"the PSP reports {paid} paid; the link was for {_money(link.amount, link.currency)}",
        )
        _say(
            link.chat_checkout,
            "payment_mismatch",
            f"payment-mismatch:{link.pk}",
            amount=payment.amount or Decimal(0),
            currency=payment.currency or link.currency,
        )
        return "mismatch"
    if link.status != PaymentLinkStatus.OPEN or (
        payment.paid_at and payment.paid_at > link.expires_at
    ):
        return _refund_unfulfilled(link, payment, client, None, "superseded")
    summary = checkout_api.fetch(link.chat_checkout)
    if summary is None:
        return _refund_unfulfilled(link, payment, client, None, "gone")
    if (
        _quantize(summary.total, summary.currency) != link.amount
        or summary.currency != link.currency
    ):
        _alert(
            link,
            "amount_mismatch",
            (
                f"{paid} paid, but the checkout total is now {_money(summary.total, summary.currency)}"
            ),
        )
        _say(
            link.chat_checkout,
            "payment_mismatch",
            f"payment-mismatch:{link.pk}",
            amount=payment.amount,
            currency=payment.currency,
        )
        return "mismatch"
    checkout_id = graphene.Node.to_global_id(
        "Checkout", link.chat_checkout.checkout_token
    )
    created = saleor_api.execute(
        TRANSACTION_CREATE,
        {
            "id": checkout_id,
            "transaction": {
                "name": f"{client.name.capitalize()} (chat)",
                "pspReference": payment.payment_reference,
                "availableActions": ["REFUND"],
                "amountCharged": {
                    "amount": str(link.amount),
                    "currency": link.currency,
                },
                "metadata": [
                    {"key": "conversational.paymentLink", "value": str(link.pk)}
                ],
            },
            "event": {
                "pspReference": payment.payment_reference,
                "message": "Paid through a chat payment link",
            },
        },
    )["transactionCreate"]
    if created["errors"]:
        return _refund_unfulfilled(
            link, payment, client, None, _reason(created["errors"])
        )
    transaction_token = created["transaction"]["token"]
    link.transaction_id = transaction_token
    completed = saleor_api.execute(CHECKOUT_COMPLETE, {"id": checkout_id})[
        "checkoutComplete"
    ]
    if completed["errors"] or not completed["order"]:
        return _refund_unfulfilled(
            link, payment, client, transaction_token, _reason(completed["errors"])
        )
    order_id = graphene.Node.from_global_id(completed["order"]["id"])[1]
    link.status = PaymentLinkStatus.PAID
    link.order_id = order_id
    link.save(update_fields=["status", "order_id", "transaction_id", "updated_at"])
    ChatCheckout.objects.filter(pk=link.chat_checkout_id).update(order_id=order_id)
    confirmed = (
        completed["order"]["status"] != "UNCONFIRMED"
    )  # the sales channel may confirm by hand
    _say(
        link.chat_checkout,
        "payment_confirmed" if confirmed else "payment_received",
        f"payment-confirmed:{link.pk}",
        amount=link.amount,
        currency=link.currency,
        number=str(completed["order"]["number"]),
    )
    return "paid"


def _reason(errors) -> str:
    """A PAYMENT_REASONS key, or Saleor's own message."""
    if not errors:
        return "Saleor did not create the order"
    codes = {e.get("code") for e in errors}
    if codes & {
        "INSUFFICIENT_STOCK",
        "PRODUCT_UNAVAILABLE_FOR_PURCHASE",
        "UNAVAILABLE_VARIANT_IN_CHANNEL",
        "PRODUCT_NOT_PUBLISHED",
    }:
        return "unavailable"
    return "; ".join(e.get("message") or e.get("code") or "" for e in errors)


def _staff_reason(reason: str) -> str:
    return PAYMENT_REASONS.get(reason, {}).get("en", reason)


def _refund_unfulfilled(
    link: PaymentLink, payment, client, transaction_token, reason: str
) -> str:
    """Paid but no order can be made: refund in full at the PSP and tell the shopper."""
    try:
        refund_id = client.refund(
            payment.payment_reference,
            payment.amount,
            payment.currency,
            f"conv-refund-{link.pk}",
        )
    except (PspError, DecryptionError) as exc:
        _alert(
            link,
            "refund_failed",
            f"no order ({_staff_reason(reason)}) and the automatic refund failed: {exc}",
        )
        _say(
            link.chat_checkout,
            "payment_refund_failed",
            f"payment-unfulfilled:{link.pk}",
            reason=reason,
        )
        return "refund failed"
    if transaction_token:
        _report(
            transaction_token,
            refund_id,
            "REFUND_SUCCESS",
            payment.amount,
            f"Automatic refund: {_staff_reason(reason)}",
        )
    link.status = PaymentLinkStatus.REFUNDED
    link.failure_reason = _staff_reason(reason)
    link.save(
        update_fields=["status", "failure_reason", "transaction_id", "updated_at"]
    )
    logger.warning(
        "Payment link %s refunded (%s): %s", link.pk, refund_id, _staff_reason(reason)
    )
    _say(
        link.chat_checkout,
        "payment_refunded",
        f"payment-refunded:{link.pk}",
        amount=payment.amount,
        currency=payment.currency,
        reason=reason,
    )
    return "refunded"


def _report(
    transaction_token,
    psp_reference: str,
    event_type: str,
    amount: Decimal,
    message: str,
) -> None:
    result = saleor_api.execute(
        TRANSACTION_EVENT_REPORT,
        {
            "token": str(transaction_token),
            "psp": psp_reference,
            "type": event_type,
            "amount": str(amount),
            "message": message[:512],
        },
    )["transactionEventReport"]
    if result["errors"]:
        raise SaleorApiError(_reason(result["errors"]))


# -- refunds requested in the Dashboard ---------------------------------------------------
def refund_transaction(
    transaction_token: str, amount: str, request_event_id: int
) -> str:
    """Refund ``amount`` of a chat payment at its PSP and report the result to Saleor."""
    from saleor.payment.models import TransactionItem

    item = TransactionItem.objects.filter(token=transaction_token).first()
    link = (
        PaymentLink.objects.select_related("account")
        .filter(transaction_id=transaction_token)
        .first()
    )
    if item is None:
        return "no transaction"
    value = Decimal(amount)
    if link is None:
        _report(
            transaction_token,
            f"refund-request-{request_event_id}",
            "REFUND_FAILURE",
            value,
            "No chat payment link belongs to this transaction",
        )
        return "unknown link"
    try:
        refund_id = provider_for(link.account).refund(
            item.psp_reference,
            value,
            item.currency,
            f"conv-saleor-refund-{request_event_id}",
        )
    except (PspError, DecryptionError) as exc:
        alerts.alert_link(
            link, "refund_failed", f"Dashboard refund of {value} {item.currency}: {exc}"
        )
        _report(
            transaction_token,
            f"refund-request-{request_event_id}",
            "REFUND_FAILURE",
            value,
            str(exc),
        )
        return "failed"
    _report(
        transaction_token,
        refund_id,
        "REFUND_SUCCESS",
        value,
        "Refunded at the payment provider",
    )
    return "refunded"


REQUEUE_UNSETTLED_AFTER = datetime.timedelta(minutes=2)
UNSETTLED_PAYMENTS_FOR = datetime.timedelta(
    days=3
)  # Stripe retries webhooks for three days too


@task(bind=True, max_retries=20)
@allow_writer()
def settle_payment_notification(self, notification_id: int) -> str:
    """A verified PSP notification: one order, a refund, or an alert (idempotent)."""

    try:
        return settle_notification(notification_id)
    except PspError as exc:  # the PSP could not be asked: try again later
        logger.warning("Payment notification %s: %s; retrying", notification_id, exc)
        raise self.retry(countdown=backoff_seconds(self.request.retries + 1)) from exc


def requeue_unsettled(now) -> int:
    """Notifications whose task gave up or was lost: settle them now (idempotent)."""
    waiting = PaymentNotification.objects.filter(
        processed_at__isnull=True,
        received_at__lt=now - REQUEUE_UNSETTLED_AFTER,
        received_at__gt=now - UNSETTLED_PAYMENTS_FOR,
    ).values_list("pk", flat=True)[:200]
    for notification_id in waiting:
        settle_payment_notification.delay(notification_id)
    return len(waiting)
