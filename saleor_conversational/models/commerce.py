"""Buying and paying in chat: chat checkouts, shopping state, back-in-stock subscriptions, payment accounts, links, notifications and alerts, the commerce App's token."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from saleor_conversational.core.base_urls import base_url_problem
from saleor_conversational.models.encrypted import EncryptedJSON


class ChatCheckout(models.Model):
    """A Saleor checkout that belongs to a chat contact (its order notifies them)."""

    contact = models.ForeignKey(
        "Contact", on_delete=models.CASCADE, related_name="checkouts"
    )
    channel = models.ForeignKey(
        "channel.Channel", on_delete=models.CASCADE, related_name="+"
    )
    checkout_token = models.UUIDField(unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Set once the checkout became an order through a chat payment.
    order_id = models.UUIDField(null=True, blank=True)


class ShoppingState(models.Model):
    """Where a conversation is in the in-chat shopping dialogue (commerce/dialogue.py).

    ``step`` is the question the shopper was last asked ("" = none); ``data`` holds what
    that step needs (the product being chosen, the candidate address, typed address
    fields); ``options`` are the ids of the last choices offered, in their numbered order,
    so that "2" typed on a channel without buttons picks the second one.
    """

    conversation = models.OneToOneField(
        "Conversation",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="shopping",
    )
    step = models.CharField(max_length=32, blank=True, default="")
    data = models.JSONField(default=dict, blank=True)
    options = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)


class BackInStockSubscription(models.Model):
    """A shopper asked in chat to be told once when a variant is back in a sales channel."""

    contact = models.ForeignKey("Contact", on_delete=models.CASCADE, related_name="+")
    variant = models.ForeignKey(
        "product.ProductVariant", on_delete=models.CASCADE, related_name="+"
    )
    channel = models.ForeignKey(
        "channel.Channel", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "variant", "channel"],
                name="conv_back_in_stock_unique",
            )
        ]
        indexes = [
            models.Index(
                fields=["variant", "channel"],
                name="conv_back_in_stock_waiting",
                condition=Q(notified_at__isnull=True),
            )
        ]


class CommerceAppCredential(models.Model):
    """The plugin's own Saleor App token (encrypted) used to call Saleor's public GraphQL API."""

    app = models.OneToOneField("app.App", on_delete=models.CASCADE, related_name="+")
    token_encrypted = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    raw_token = EncryptedJSON("token_encrypted", key="token")


class PaymentProvider(models.TextChoices):
    STRIPE = "stripe"
    MOLLIE = "mollie"


class PaymentAccount(models.Model):
    """A PSP account (Stripe or Mollie) that takes chat payments in one sales channel."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # None once Saleor's channelDelete removed the sales channel: the account takes no
    # new payments, but refunds of the orders Saleor moved elsewhere still reach the PSP.
    channel = models.ForeignKey(
        "channel.Channel",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    provider = models.CharField(max_length=16, choices=PaymentProvider.choices)
    name = models.CharField(max_length=128)
    is_active = models.BooleanField(default=True)
    base_url = models.URLField(
        blank=True, default=""
    )  # PSP API override (fakes, proxies)
    link_expiry_minutes = models.PositiveIntegerField(default=60)
    # Where the shopper lands after paying ("{token}" is the checkout token).
    return_url_template = models.CharField(max_length=500, blank=True, default="")
    secrets_encrypted = models.TextField(
        blank=True, default=""
    )  # api_key, webhook_secret
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:  # never includes secrets
        return f"{self.provider}:{self.name}"

    secrets = EncryptedJSON("secrets_encrypted")

    def clean(self) -> None:
        super().clean()
        if problem := base_url_problem(self.base_url):
            raise ValidationError({"base_url": problem})


class PaymentLinkStatus(models.TextChoices):
    OPEN = "open"
    SUPERSEDED = (
        "superseded"  # a fresh link was sent; this one can never complete an order
    )
    EXPIRED = "expired"
    PAID = "paid"  # payment verified, order created
    REFUNDED = "refunded"  # paid but the order could not be completed: money returned
    FAILED = "failed"  # paid but neither completed nor refunded: staff alerted


class PaymentLink(models.Model):
    """One PSP payment (Stripe Checkout Session, Mollie payment) for one chat checkout."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Null once the customer was erased: the link keeps only what a refund needs
    # (account, PSP reference, amount, transaction), nothing about the person.
    chat_checkout = models.ForeignKey(
        ChatCheckout,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="payment_links",
    )
    # A payment account that took payments is never deleted with its links.
    account = models.ForeignKey(
        PaymentAccount, on_delete=models.RESTRICT, related_name="+"
    )
    psp_reference = models.CharField(max_length=255, blank=True, default="")
    url = models.URLField(max_length=2000, blank=True, default="")
    amount = models.DecimalField(max_digits=20, decimal_places=3)
    currency = models.CharField(max_length=3)
    status = models.CharField(
        max_length=16, choices=PaymentLinkStatus.choices, default=PaymentLinkStatus.OPEN
    )
    expires_at = models.DateTimeField()
    transaction_id = models.UUIDField(
        null=True, blank=True
    )  # Saleor TransactionItem token
    order_id = models.UUIDField(null=True, blank=True)
    failure_reason = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account", "psp_reference"],
                condition=~Q(psp_reference=""),
                name="conv_payment_link_unique_psp_reference",
            )
        ]


class PaymentNotification(models.Model):
    """A verified PSP notification, stored once per PSP event (or payment) id."""

    account = models.ForeignKey(
        PaymentAccount, on_delete=models.CASCADE, related_name="+"
    )
    event_id = models.CharField(max_length=255)
    payment_link = models.ForeignKey(
        PaymentLink, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(
        null=True, blank=True
    )  # settled; the sweeper skips it
    outcome = models.CharField(
        max_length=32, blank=True, default=""
    )  # paid, refunded, mismatch...

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account", "event_id"], name="conv_payment_notification_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["received_at"],
                condition=Q(processed_at__isnull=True),
                name="conv_payment_notif_unsettled",
            ),
        ]


class RefundRequest(models.Model):
    """A refund staff requested in the Dashboard on a chat payment's transaction, from
    the PSP call to Saleor's record of it. Saleor's request event is the PSP's
    idempotency key; once the PSP has answered, only the report to Saleor is retried
    (by the task, then the sweeper) until it lands: the PSP is never asked twice."""

    request_event_id = models.BigIntegerField(unique=True)  # Saleor's REFUND_REQUEST
    transaction_token = models.UUIDField()
    payment_link = models.ForeignKey(
        PaymentLink, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    amount = models.DecimalField(max_digits=20, decimal_places=3)
    currency = models.CharField(max_length=3)
    psp_refund_id = models.CharField(max_length=255, blank=True, default="")
    failure = models.TextField(blank=True, default="")  # the PSP refused it
    reported_at = models.DateTimeField(null=True, blank=True)  # Saleor has the outcome
    report_attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True, default="")
    alerted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(
                fields=["created_at"],
                name="conv_refund_unreported",
                condition=Q(reported_at__isnull=True),
            )
        ]


class PaymentAlert(models.Model):
    """Something staff must look at: money moved but no order could be made, a mismatch,
    or notifications for an account that could not be verified (forged, stale, unknown).

    Alerts about one payment link are one row each. Refused notifications carry no
    trustworthy link: they are counted on one open row per account and code, so a flood
    of forged requests can not grow the table.
    """

    payment_link = models.ForeignKey(
        PaymentLink,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alerts",
    )
    account = models.ForeignKey(
        PaymentAccount,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    code = models.CharField(max_length=64)
    detail = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    occurrences = models.PositiveIntegerField(default=1)
    last_seen_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ("-last_seen_at", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "code"],
                name="conv_payment_alert_one_open_refusal",
                condition=Q(payment_link__isnull=True, resolved_at__isnull=True),
            )
        ]
        indexes = [
            models.Index(
                fields=["-last_seen_at"],
                name="conv_payment_alert_open",
                condition=Q(resolved_at__isnull=True),
            )
        ]
