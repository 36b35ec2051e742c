"""Messaging accounts, conversations, their messages and notes, and stored inbound provider events."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.indexes import BrinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from saleor_conversational.channels.base import get_adapter_class
from saleor_conversational.channels.events import DeliveryStatus
from saleor_conversational.core.base_urls import base_url_problem
from saleor_conversational.core.ratelimit import rate_problem
from saleor_conversational.models.encrypted import EncryptedJSON


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

    credentials = EncryptedJSON("credentials_encrypted")

    def clean(self) -> None:
        super().clean()
        if problem := base_url_problem(self.base_url):
            raise ValidationError({"base_url": problem})
        if self.messages_per_second is not None and (
            problem := rate_problem(self.messages_per_second)
        ):
            raise ValidationError({"messages_per_second": problem})

    def adapter_config(self) -> dict[str, str]:
        return {**self.settings, **self.credentials}

    def adapter(self):
        return get_adapter_class(self.kind)(
            self.adapter_config(), base_url=self.base_url or None
        )

    @property
    def capabilities(self):
        return get_adapter_class(self.kind).capabilities

    def rate_limit(self) -> float:
        return self.messages_per_second or self.capabilities.messages_per_second


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
        "Contact", on_delete=models.CASCADE, related_name="conversations"
    )
    # None once Saleor's channelDelete removed the sales channel: the thread stays as
    # history (its orders live on in the channel Saleor moved them to).
    channel = models.ForeignKey(
        "channel.Channel",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
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


class MessageSender(models.TextChoices):
    """Who wrote a message. Empty on messages stored before migration 0015."""

    SHOPPER = "shopper"  # every inbound message
    ASSISTANT = "assistant"  # the built-in or model-backed assistant, answering one
    STAFF = "staff"  # a person (or an integration) through the inbox or the API
    SYSTEM = "system"  # the plugin's own: order and payment updates, marketing


class Message(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    identity = models.ForeignKey(
        "ContactIdentity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # None once the messaging account was deleted: the message stays, and
    # ``account_kind``/``account_name`` keep which messaging channel it went through.
    account = models.ForeignKey(
        MessagingAccount,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    account_kind = models.CharField(
        max_length=32, blank=True, default="", db_default=""
    )
    account_name = models.CharField(
        max_length=128, blank=True, default="", db_default=""
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
    sender = models.CharField(
        max_length=16, choices=MessageSender.choices, blank=True, default=""
    )
    # Outbound: the language it was written in ("" for staff messages). Inbound: the
    # reply language the assistant answered it in, set when the assistant took the
    # message; "" when people had the conversation. Such an inbound message is an
    # assistant exchange (inbox/outcomes.py).
    language_code = models.CharField(max_length=35, blank=True, default="")
    # An assistant reply: the inbound message it answers.
    reply_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assistant_replies",
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
            models.Index(
                fields=["created_at"],
                name="conv_message_exchanges",
                condition=Q(direction="in") & ~Q(language_code=""),
            ),
        ]

    @property
    def delivery_status(self) -> DeliveryStatus:
        return DeliveryStatus(self.status)

    @property
    def messaging_channel(self) -> str:
        """The adapter name (``whatsapp``…), also once the account was deleted."""
        return self.account.kind if self.account_id else self.account_kind


class InboundEvent(models.Model):
    """A verified provider event, stored before the 2xx and processed by a task."""

    # Indexed by conv_inbound_dedupe, whose first column it is.
    account = models.ForeignKey(
        MessagingAccount, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    dedupe_key = models.CharField(max_length=300)
    payload = models.JSONField(
        default=dict
    )  # emptied once processed: no personal data kept
    contact = models.ForeignKey(
        "Contact", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # The provider's address of the sender: erasing a customer erases the payloads of
    # events that failed before they could be tied to the customer's contact.
    sender = models.CharField(max_length=255, blank=True, default="")
    received_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True, default="")
    # Given up after MAX_INBOUND_ATTEMPTS: staff see it with ``error``; never retried.
    failed_at = models.DateTimeField(null=True, blank=True)

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
            ),
            models.Index(
                fields=["account", "sender"],
                name="conv_inbound_unerased",
                condition=Q(processed_at__isnull=True),
            ),
        ]


class InboundReplayKey(models.Model):
    """A provider event's de-duplication key, seen: a keyed hash of the account id and
    the key (``messaging/replay.py``), when it was first received, and nothing else.

    For Meta, Telegram, Twilio and Viber requests this is the only replay defence (they
    carry no usable timestamp). It hangs off nothing personal, so erasing a customer,
    whose ``InboundEvent`` rows go with their contact, leaves it: a replayed signed
    request or a late redelivery stores nothing. Kept for
    ``CONVERSATIONAL_INBOUND_REPLAY_WINDOW_DAYS`` (the periodic purge removes older
    ones)."""

    # The keyed hash's first 128 bits, in a uuid column: 16 bytes, and no text index.
    key_hash = models.UUIDField(primary_key=True)
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # Rows arrive in seen_at order: a BRIN index serves the purge and costs the
        # insert almost nothing.
        indexes = [BrinIndex(fields=["seen_at"], name="conv_replay_key_seen")]


class EndedWebChatSession(models.Model):
    """A web chat session the shopper ended (start over, storefront logout): its token
    is refused from then on, however long it had left."""

    account = models.ForeignKey(
        MessagingAccount, on_delete=models.CASCADE, related_name="+"
    )
    session_id = models.CharField(max_length=64)
    reason = models.CharField(max_length=16)
    ended_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account", "session_id"], name="conv_webchat_session_ended"
            )
        ]


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


class ConversationEventKind(models.TextChoices):
    HANDED_OVER = "handed_over"  # people take the conversation from the assistant
    GIVEN_BACK = "given_back"  # the assistant answers again
    RESOLVED = "resolved"
    REOPENED = "reopened"  # a resolved conversation is open again


class ConversationEvent(models.Model):
    """Who handles a conversation, as history: hand-overs, give-backs, resolutions and
    reopenings. ``actor`` is a ``MessageSender`` value (a hand-over the shopper asked
    for is the shopper's); ``message`` is the inbound message in whose answer it
    happened, or that reopened the conversation."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(max_length=16, choices=ConversationEventKind.choices)
    actor = models.CharField(max_length=16, choices=MessageSender.choices)
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(
                fields=["conversation", "created_at"],
                name="conv_event_conversation_time",
            )
        ]
