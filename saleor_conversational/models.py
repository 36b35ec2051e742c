"""What the plugin stores: accounts per sales channel, contacts, conversations, messages.

Words: a *sales channel* is Saleor's ``Channel``; a *messaging channel* is WhatsApp,
Telegram… (``MessagingAccount.kind`` names the adapter). Everything personal hangs off
``Contact`` with CASCADE, and ``Contact.user`` cascades from Saleor's ``User``, so
deleting a customer deletes their chat data in the same transaction.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from saleor_conversational.channels.events import DeliveryStatus
from saleor_conversational.core.crypto import decrypt_json, encrypt_json

DEFAULT_OPENING_MESSAGE = (
    "Hi! I'm the shop's automated assistant. I can tell you where your order is (send "
    'your order number), whether a product is in stock and how we ship. Type "human" '
    "at any time to reach a person."
)


class SalesChannelSettings(models.Model):
    """What differs per Saleor sales channel."""

    channel = models.OneToOneField(
        "channel.Channel", on_delete=models.CASCADE, related_name="+"
    )
    opening_message = models.TextField(blank=True, default="")
    language_code = models.CharField(max_length=35, default="en")
    notify_events = models.JSONField(
        default=list,
        blank=True,
        help_text="Event names that notify shoppers; empty means every supported event.",
    )
    fallback_account = models.ForeignKey(
        "MessagingAccount",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Where a tracking number that is not itself a URL can be followed: "{tracking}" is
    # replaced by the number, e.g. "https://parcel.example/track?id={tracking}".
    tracking_url_template = models.CharField(max_length=500, blank=True, default="")
    # Abandoned checkouts: idle minutes before the one reminder, and the storefront link
    # back to the cart ("{token}" is replaced by the checkout token). No link, no reminder.
    abandoned_checkout_minutes = models.PositiveIntegerField(default=60)
    checkout_url_template = models.CharField(max_length=500, blank=True, default="")
    # Marketing messages (abandoned cart, back in stock) wait out these local hours, in
    # the sales channel's IANA time zone; e.g. 21:00-09:00 in "Europe/Amsterdam".
    time_zone = models.CharField(max_length=64, default="UTC")
    quiet_hours_start = models.TimeField(null=True, blank=True)
    quiet_hours_end = models.TimeField(null=True, blank=True)
    # When people answer, in ``time_zone``: {"mon": ["09:00-17:00"], …} (see business_hours).
    business_hours = models.JSONField(default=dict, blank=True)
    # Words in any language that hand a conversation to people, besides the built-in ones.
    handover_words = models.JSONField(default=list, blank=True)

    def clean(self):
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        from django.core.exceptions import ValidationError

        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValidationError(
                {"time_zone": f"unknown time zone {self.time_zone!r}"}
            ) from exc
        from saleor_conversational.core.business_hours import InvalidHours, parse

        try:
            parse(self.business_hours)
        except InvalidHours as exc:
            raise ValidationError({"business_hours": str(exc)}) from exc

    def quiet_until(self, now):
        from saleor_conversational.core.quiet_hours import quiet_until

        return quiet_until(
            now, self.quiet_hours_start, self.quiet_hours_end, self.time_zone
        )

    def opening_text(self) -> str:
        return self.opening_message or DEFAULT_OPENING_MESSAGE

    def notifies(self, event: str) -> bool:
        return not self.notify_events or event in self.notify_events


class FaqEntry(models.Model):
    """One of the merchant's own answers, per sales channel. The bot answers with it when
    the shopper's message contains one of its keywords (words or phrases)."""

    channel = models.ForeignKey(
        "channel.Channel", on_delete=models.CASCADE, related_name="+"
    )
    question = models.CharField(max_length=300)
    keywords = models.JSONField(default=list)
    answer = models.TextField()
    language_code = models.CharField(max_length=8, blank=True, default="")  # blank: any
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("position", "pk")


class NotificationText(models.Model):
    """The merchant's own text for one event in one language (defaults live in code).

    ``whatsapp_template`` names the approved template sent instead when the shopper's
    customer-service window is closed; ``template_parameters`` lists the variables that
    fill its body parameters, in order (e.g. ["number", "total"]).
    """

    channel = models.ForeignKey(
        "channel.Channel", on_delete=models.CASCADE, related_name="+"
    )
    event = models.CharField(max_length=64)
    language_code = models.CharField(max_length=8)
    text = models.TextField(blank=True, default="")
    whatsapp_template = models.CharField(max_length=512, blank=True, default="")
    template_parameters = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "event", "language_code"],
                name="conv_notification_text_unique",
            )
        ]


class MessagingAccount(models.Model):
    """One provider account (a WhatsApp number, a Telegram bot…) in one sales channel."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    channel = models.ForeignKey(
        "channel.Channel", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=32)
    name = models.CharField(max_length=128)
    is_active = models.BooleanField(default=True)
    # Provider base URL override (fakes in tests, regional endpoints, proxies).
    base_url = models.URLField(blank=True, default="")
    settings = models.JSONField(default=dict, blank=True)  # non-secret configuration
    credentials_encrypted = models.TextField(blank=True, default="")
    messages_per_second = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["channel", "kind"])]

    def __str__(self) -> str:  # never includes credentials
        return f"{self.kind}:{self.name}"

    @property
    def credentials(self) -> dict[str, str]:
        return decrypt_json(self.credentials_encrypted)

    def set_credentials(self, values: dict[str, str]) -> None:
        self.credentials_encrypted = encrypt_json(values)

    def adapter_config(self) -> dict[str, str]:
        return {**self.settings, **self.credentials}

    def adapter(self):
        from saleor_conversational.channels.base import get_adapter_class

        return get_adapter_class(self.kind)(
            self.adapter_config(), base_url=self.base_url or None
        )

    @property
    def capabilities(self):
        from saleor_conversational.channels.base import get_adapter_class

        return get_adapter_class(self.kind).capabilities

    def rate_limit(self) -> float:
        return self.messages_per_second or self.capabilities.messages_per_second


class Contact(models.Model):
    """One person, across every messaging channel."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    name = models.CharField(max_length=256, blank=True, default="")
    email = models.EmailField(blank=True, default="")
    phone = models.CharField(max_length=20, blank=True, default="")  # E.164
    language_code = models.CharField(max_length=35, blank=True, default="")
    preferred_identity = models.ForeignKey(
        "ContactIdentity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["phone"]), models.Index(fields=["email"])]


class ContactIdentity(models.Model):
    """A contact's address on one messaging channel account (phone, PSID, chat id…)."""

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="identities"
    )
    account = models.ForeignKey(
        MessagingAccount, on_delete=models.CASCADE, related_name="+"
    )
    address = models.CharField(max_length=255)
    display_name = models.CharField(max_length=256, blank=True, default="")
    last_inbound_at = models.DateTimeField(
        null=True, blank=True
    )  # opens the service window
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account", "address"], name="conv_identity_unique_address"
            )
        ]

    def window_open(self, now=None) -> bool:
        hours = self.account.capabilities.service_window_hours
        if hours is None:
            return True
        if self.last_inbound_at is None:
            return False
        now = now or timezone.now()
        return (now - self.last_inbound_at).total_seconds() < hours * 3600


class ConversationStatus(models.TextChoices):
    OPEN = "open"
    PENDING = "pending"
    RESOLVED = "resolved"
    SNOOZED = (
        "snoozed"  # back to open at ``snoozed_until`` or on the shopper's next message
    )


class Conversation(models.Model):
    """One thread per contact and sales channel, across messaging channels."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="conversations"
    )
    channel = models.ForeignKey(
        "channel.Channel", on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        max_length=16,
        choices=ConversationStatus.choices,
        default=ConversationStatus.OPEN,
    )
    handed_over = models.BooleanField(default=False)  # the bot stays silent while True
    misunderstood_count = models.PositiveSmallIntegerField(default=0)
    last_message_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    snoozed_until = models.DateTimeField(null=True, blank=True)
    # Staff have read everything up to here; later inbound messages are unread.
    last_read_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "channel"], name="conv_one_thread_per_channel"
            )
        ]
        indexes = [models.Index(fields=["channel", "status", "-last_message_at"])]


class Direction(models.TextChoices):
    INBOUND = "in"
    OUTBOUND = "out"


class MessageCategory(models.TextChoices):
    REPLY = "reply"  # an answer to the shopper (bot or staff)
    TRANSACTIONAL = "transactional"  # order, payment and shipping updates
    MARKETING = "marketing"  # abandoned checkout, back in stock


class Message(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    identity = models.ForeignKey(
        ContactIdentity,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    account = models.ForeignKey(
        MessagingAccount, on_delete=models.CASCADE, related_name="+"
    )
    direction = models.CharField(max_length=3, choices=Direction.choices)
    kind = models.CharField(max_length=32, default="text")
    text = models.TextField(blank=True, default="")
    content = models.JSONField(
        default=dict, blank=True
    )  # the normalized message or event
    provider_message_id = models.CharField(max_length=255, blank=True, default="")
    status = models.CharField(
        max_length=16,
        choices=[(s.value, s.value) for s in DeliveryStatus],
        default=DeliveryStatus.QUEUED,
    )
    error_code = models.CharField(max_length=64, blank=True, default="")
    error_reason = models.TextField(blank=True, default="")
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)  # for the sweeper
    # Why this message exists (a notification key, "bot", "staff"…); unique per contact
    # where set, which makes notifications exactly-once.
    purpose = models.CharField(max_length=128, blank=True, default="")
    category = models.CharField(
        max_length=16, choices=MessageCategory.choices, default=MessageCategory.REPLY
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account", "provider_message_id"],
                condition=~Q(provider_message_id=""),
                name="conv_message_unique_provider_id",
            ),
            models.UniqueConstraint(
                fields=["conversation", "purpose"],
                condition=~Q(purpose=""),
                name="conv_message_unique_purpose",
            ),
        ]
        indexes = [
            models.Index(fields=["conversation", "-created_at"]),
            models.Index(
                fields=["status", "next_attempt_at"],
                name="conv_message_pending",
                condition=Q(status__in=["queued", "sending"]),
            ),
        ]

    @property
    def delivery_status(self) -> DeliveryStatus:
        return DeliveryStatus(self.status)


class ConsentPurpose(models.TextChoices):
    TRANSACTIONAL = "transactional"
    MARKETING = "marketing"


class Consent(models.Model):
    """Contact × messaging channel × purpose; ``granted=False`` records an opt-out."""

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="consents"
    )
    messaging_channel = models.CharField(max_length=32)  # adapter name, e.g. "whatsapp"
    purpose = models.CharField(max_length=16, choices=ConsentPurpose.choices)
    granted = models.BooleanField()
    source = models.CharField(
        max_length=64
    )  # conversation_started, keyword_stop, checkout…
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "messaging_channel", "purpose"],
                name="conv_consent_unique",
            )
        ]


class InboundEvent(models.Model):
    """A verified provider event, stored before the 2xx and processed by a task."""

    account = models.ForeignKey(
        MessagingAccount, on_delete=models.CASCADE, related_name="+"
    )
    dedupe_key = models.CharField(max_length=300)
    payload = models.JSONField(
        default=dict
    )  # emptied once processed: no personal data kept
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    received_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account", "dedupe_key"], name="conv_inbound_dedupe"
            )
        ]
        indexes = [
            models.Index(
                fields=["received_at"],
                name="conv_inbound_unprocessed",
                condition=Q(processed_at__isnull=True),
            )
        ]


class ChatCheckout(models.Model):
    """A Saleor checkout that belongs to a chat contact (its order notifies them)."""

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="checkouts"
    )
    channel = models.ForeignKey(
        "channel.Channel", on_delete=models.CASCADE, related_name="+"
    )
    checkout_token = models.UUIDField(unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Set once the checkout became an order through a chat payment.
    order_id = models.UUIDField(null=True, blank=True)


class BackInStockSubscription(models.Model):
    """A shopper asked in chat to be told once when a variant is back in a sales channel."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
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


class PendingHookEvent(models.Model):
    """A hook event whose task could not be enqueued (broker down); the sweeper retries."""

    task_name = models.CharField(max_length=128)
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)


class CommerceAppCredential(models.Model):
    """The plugin's own Saleor App token (encrypted) used to call Saleor's public GraphQL API."""

    app = models.OneToOneField("app.App", on_delete=models.CASCADE, related_name="+")
    token_encrypted = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    @property
    def raw_token(self) -> str:
        return decrypt_json(self.token_encrypted)["token"]

    def set_raw_token(self, raw: str) -> None:
        self.token_encrypted = encrypt_json({"token": raw})


class PaymentProvider(models.TextChoices):
    STRIPE = "stripe"
    MOLLIE = "mollie"


class PaymentAccount(models.Model):
    """A PSP account (Stripe or Mollie) that takes chat payments in one sales channel."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    channel = models.ForeignKey(
        "channel.Channel", on_delete=models.CASCADE, related_name="+"
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

    @property
    def secrets(self) -> dict[str, str]:
        return decrypt_json(self.secrets_encrypted)

    def set_secrets(self, values: dict[str, str]) -> None:
        self.secrets_encrypted = encrypt_json(values)


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
    chat_checkout = models.ForeignKey(
        ChatCheckout, on_delete=models.CASCADE, related_name="payment_links"
    )
    account = models.ForeignKey(
        PaymentAccount, on_delete=models.PROTECT, related_name="+"
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


class DashboardAppToken(models.Model):
    """The auth token Saleor handed the inbox App at install (its tokenTargetUrl), encrypted.

    One row per installed App; uninstalling the App in Saleor deletes it.
    """

    app = models.OneToOneField("app.App", on_delete=models.CASCADE, related_name="+")
    saleor_api_url = models.URLField(max_length=512, blank=True, default="")
    token_encrypted = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:  # never includes the token
        return f"dashboard app token for app {self.app_id}"

    @property
    def token(self) -> str:
        return decrypt_json(self.token_encrypted).get("auth_token", "")

    def set_token(self, raw_token: str) -> None:
        self.token_encrypted = encrypt_json({"auth_token": raw_token})


class ConversationNote(models.Model):
    """An internal note on a conversation: staff see it, the shopper never does."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    app = models.ForeignKey(
        "app.App", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created_at", "-pk")


class ContactMerge(models.Model):
    """Contact ``source`` folded into ``target``; ``snapshot`` holds what undoing needs.

    The snapshot keeps the source contact's fields, its conversations, which messages,
    identities, checkouts and subscriptions were its own, and both contacts' consents.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    target = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="merges")
    source_id = models.UUIDField()
    # Erasing the source's Saleor customer must erase its snapshot too.
    source_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    snapshot = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    undone_at = models.DateTimeField(null=True, blank=True)


class ContactLinkCode(models.Model):
    """The one-time code that proves a contact owns a Saleor customer's email address.

    Failed attempts count across codes until a success or until the lock has passed.
    """

    contact = models.OneToOneField(
        Contact, on_delete=models.CASCADE, related_name="link_code"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    code_hash = models.CharField(max_length=128, blank=True, default="")
    expires_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)


class ShoppingState(models.Model):
    """Where a conversation is in the in-chat shopping dialogue (commerce/dialogue.py).

    ``step`` is the question the shopper was last asked ("" = none); ``data`` holds what
    that step needs (the product being chosen, the candidate address, typed address
    fields); ``options`` are the ids of the last choices offered, in their numbered order,
    so that "2" typed on a channel without buttons picks the second one.
    """

    conversation = models.OneToOneField(
        Conversation,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="shopping",
    )
    step = models.CharField(max_length=32, blank=True, default="")
    data = models.JSONField(default=dict, blank=True)
    options = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)


class CannedResponse(models.Model):
    """A saved reply staff insert in the inbox; ``{{first_name}}``-style variables are
    filled from the conversation (see canned.py)."""

    name = models.CharField(max_length=100, unique=True)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name",)
