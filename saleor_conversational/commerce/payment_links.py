"""Payment links for chat checkouts.

``send_payment_link`` asks the sales channel's active ``PaymentAccount`` for a payment of
exactly Saleor's checkout total (read through Saleor's public API) and sends it in chat
as a link button (plain text where the channel has no buttons). A fresh link supersedes
the previous one, which is also expired at the PSP. What happens once it is paid is in
``settlement.py``; refunds staff request are in ``refunds.py``.
"""

from __future__ import annotations

import datetime
import logging
from decimal import Decimal

from babel.numbers import format_currency
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from saleor_conversational.channels.messages import LinkButton, Text
from saleor_conversational.commerce import checkout_api
from saleor_conversational.commerce.errors import CheckoutError
from saleor_conversational.commerce.payments import PspError, provider_for
from saleor_conversational.commerce.payments.base import ZERO_DECIMAL_CURRENCIES
from saleor_conversational.contacts.identities import choose_identity
from saleor_conversational.core.crypto import DecryptionError
from saleor_conversational.core.urls import plugin_url
from saleor_conversational.messaging.outbound import queue_message
from saleor_conversational.models import (
    ChatCheckout,
    Conversation,
    PaymentAccount,
    PaymentLink,
    PaymentLinkStatus,
    SalesChannelSettings,
)
from saleor_conversational.notifications.rendering import contact_language, render
from saleor_conversational.notifications.texts import PAY_BUTTON, PAYMENT_REASONS

logger = logging.getLogger(__name__)


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
        with translation.override(language):
            variables["reason"] = str(PAYMENT_REASONS.get(reason, reason))
    return render(event, language, variables, chat_checkout.channel_id).text


def _say(
    chat_checkout: ChatCheckout | None, event: str, purpose: str, **variables
) -> None:
    if chat_checkout is None:  # the customer was erased: nobody to tell
        return
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
    conversation, _created = Conversation.objects.get_or_create(
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
    The error's message is in the language active at the call (the shopper's in chat).
    """
    chat_checkout = ChatCheckout.objects.select_related("contact").get(
        pk=chat_checkout.pk
    )
    if chat_checkout.order_id:
        raise CheckoutError(
            "checkout", "ALREADY_ORDERED", _("This checkout is already an order.")
        )
    account = active_account(chat_checkout.channel_id)
    if account is None:
        raise CheckoutError(
            "payment",
            "NOT_CONFIGURED",
            _("No payment account is active in this sales channel."),
        )
    summary = checkout_api.fetch(chat_checkout)
    if summary is None:
        raise CheckoutError(
            "checkout", "NOT_FOUND", _("The checkout no longer exists.")
        )
    if summary.missing:
        # A link paid now could never become an order: Saleor refuses to complete it.
        raise CheckoutError(
            "checkout",
            "INCOMPLETE",
            # Translators: %(missing)s lists what is missing: "email, shipping address".
            _("The checkout still needs: %(missing)s.")
            % {"missing": ", ".join(summary.missing)},
        )
    amount = _quantize(summary.total, summary.currency)
    if amount <= 0:
        raise CheckoutError("checkout", "INVALID", _("There is nothing to pay."))
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
    language = _language(chat_checkout)
    with translation.override(language):
        # Translators: the item shown on the payment provider's page; %(reference)s is
        # the first 8 characters of the cart's token.
        description = _("Order from chat %(reference)s") % {"reference": token[:8]}
    try:
        session = provider_for(account).create_payment(
            amount=amount,
            currency=summary.currency,
            description=description,
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
            _("The payment provider could not make a link; try again."),
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
    text = _text(
        chat_checkout,
        "payment_link",
        language,
        amount=amount,
        currency=link.currency,
        until=until,
    )
    with translation.override(language):
        label = str(PAY_BUTTON)
    with transaction.atomic():
        tell(
            chat_checkout,
            LinkButton(text=text, label=label, url=link.url),
            purpose=f"payment-link:{link.pk}",
            identity=identity,
        )
    return link
