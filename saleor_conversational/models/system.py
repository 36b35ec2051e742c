"""Plumbing: hook work waiting for the broker, the inbox App's token."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from saleor_conversational.models.encrypted import EncryptedJSON


class PendingHookEvent(models.Model):
    """A hook event whose task could not be enqueued (broker down); the sweeper retries."""

    task_name = models.CharField(max_length=128)
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)


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

    token = EncryptedJSON("token_encrypted", key="auth_token")


class PendingErasure(models.Model):
    """A deleted Saleor customer whose chat data is still to be erased. Only this row's
    id travels through the broker; the email address the customer had (which finds
    contacts never linked to them) stays here, encrypted, until the erasure ran."""

    user_id = models.IntegerField()
    email_encrypted = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    email = EncryptedJSON("email_encrypted", key="email")

    def __str__(self) -> str:  # never includes the address
        return f"pending erasure of customer {self.user_id}"
