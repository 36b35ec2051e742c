"""Who the shopper is: contacts, their identities on messaging channels, consent, linking and merging."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


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
        "MessagingAccount", on_delete=models.CASCADE, related_name="+"
    )
    address = models.CharField(max_length=255)
    display_name = models.CharField(max_length=256, blank=True, default="")
    last_inbound_at = models.DateTimeField(
        null=True, blank=True
    )  # opens the service window
    # Web chat: the customer's Saleor token key when the session was identified as them;
    # once Saleor revokes their tokens (tokensDeactivateAll) the session ends too.
    user_token_key = models.CharField(max_length=12, blank=True, default="")
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
    # A keyed hash of the email address asked for (whether or not a customer has it):
    # wrong codes and code emails are limited per address, across contacts.
    address_key = models.CharField(max_length=64, blank=True, default="", db_default="")
    expires_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
