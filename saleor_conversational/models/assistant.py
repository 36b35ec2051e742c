"""The opt-in model-backed assistant: its settings per sales channel and the trace of
each answer (which assistant answered, with what tools, facts and tokens, and why a
model answer was not sent)."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Sum
from django.utils import timezone

from saleor_conversational.models.encrypted import EncryptedJSON

MIN_TIMEOUT_SECONDS = 1.0
MAX_TIMEOUT_SECONDS = 60.0
MAX_TOKEN_BUDGET = 100_000_000


class ModelAssistantSettingsManager(models.Manager):
    def for_channel(self, channel_id: int) -> ModelAssistantSettings:
        """The sales channel's settings, saved with the defaults on first use."""
        settings, _ = self.get_or_create(channel_id=channel_id)
        return settings

    def read(self, channel_id: int) -> ModelAssistantSettings:
        """The saved settings, else the defaults (unsaved, off): never writes."""
        return self.filter(channel_id=channel_id).first() or self.model(
            channel_id=channel_id
        )


def base_url_problem(value: str) -> str:
    """Why ``value`` is no chat-completions base URL ("" when it is one)."""
    parts = urlsplit(value)
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is no number
    except ValueError:
        return "the port is not a number"
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return "an http(s) URL, like http://127.0.0.1:11434/v1"
    if parts.query or parts.fragment:
        return "no query string or fragment"
    if parts.username or parts.password:
        return "no user name or password in the URL: put the key in apiKey"
    return ""


class ModelAssistantSettings(models.Model):
    """Which OpenAI-compatible server answers for one sales channel, and how much of it.

    Off unless ``enabled`` (and a base URL and model are set). ``tokens_per_conversation``
    caps one conversation's tokens over the last 24 hours, ``tokens_per_day`` the sales
    channel's since midnight in its time zone; both are counted from the traces. 0 means
    nothing left: every message gets the built-in assistant.
    """

    objects = ModelAssistantSettingsManager()

    channel = models.OneToOneField(
        "channel.Channel", on_delete=models.CASCADE, related_name="+"
    )
    enabled = models.BooleanField(default=False)
    base_url = models.CharField(max_length=500, blank=True, default="")
    model = models.CharField(max_length=200, blank=True, default="")
    api_key_encrypted = models.TextField(blank=True, default="")
    timeout_seconds = models.FloatField(default=8.0)
    tokens_per_conversation = models.PositiveIntegerField(default=20_000)
    tokens_per_day = models.PositiveIntegerField(default=500_000)
    updated_at = models.DateTimeField(auto_now=True)

    api_key = EncryptedJSON("api_key_encrypted", key="api_key")

    def __str__(self) -> str:  # never includes the key
        return f"model assistant for channel {self.channel_id}: {self.model or '-'}"

    @property
    def api_key_set(self) -> bool:
        return bool(self.api_key_encrypted)

    @property
    def active(self) -> bool:
        return bool(self.enabled and self.base_url and self.model)

    def clean(self) -> None:
        errors = {}
        if self.base_url and (problem := base_url_problem(self.base_url)):
            errors["base_url"] = f"base URL: {problem}"
        if not MIN_TIMEOUT_SECONDS <= self.timeout_seconds <= MAX_TIMEOUT_SECONDS:
            errors["timeout_seconds"] = (
                f"the timeout is from {MIN_TIMEOUT_SECONDS:g} to "
                f"{MAX_TIMEOUT_SECONDS:g} seconds"
            )
        for name in ("tokens_per_conversation", "tokens_per_day"):
            value = getattr(self, name)
            if value is None or not 0 <= value <= MAX_TOKEN_BUDGET:
                errors[name] = (
                    f"a budget is a number of tokens from 0 to {MAX_TOKEN_BUDGET}"
                )
        if self.enabled and not (self.base_url and self.model):
            errors["enabled"] = "the model assistant needs a base URL and a model"
        if errors:
            raise ValidationError(errors)


class AssistantKind(models.TextChoices):
    MODEL = "model"  # the model's answer was sent
    BUILTIN = "builtin"  # the model was not asked (a dialogue step the built-in owns)
    FALLBACK = "fallback"  # the model was asked and failed, or its answer was refused


class AssistantTraceQuerySet(models.QuerySet):
    def tokens(self) -> int:
        return self.aggregate(total=Sum("total_tokens"))["total"] or 0

    def of_conversation_since(self, conversation_id, since):
        return self.filter(
            message__conversation_id=conversation_id, created_at__gte=since
        )

    def of_channel_today(self, channel_id: int, time_zone: str, now=None):
        now = now or timezone.now()
        try:
            zone = ZoneInfo(time_zone or "UTC")
        except (ZoneInfoNotFoundError, ValueError):
            zone = datetime.UTC
        local = now.astimezone(zone)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        return self.filter(channel_id=channel_id, created_at__gte=midnight)


class AssistantTrace(models.Model):
    """Why the assistant answered an inbound message the way it did, for staff.

    One per inbound message answered while the sales channel's model assistant is on.
    It hangs on that inbound ``message`` (so it follows the message through contact
    merges and is erased with it); ``reply`` is the model's answer when it was sent.
    ``tool_calls`` holds each call with its arguments and result (the facts), ``faq``
    the merchant's entries the model was given, ``answer`` the model's text (also when
    it was not sent), ``violations`` the grounding check's findings and ``reason`` why
    the built-in assistant answered instead.
    """

    objects = AssistantTraceQuerySet.as_manager()

    message = models.OneToOneField(
        "Message", on_delete=models.CASCADE, related_name="assistant_trace"
    )
    reply = models.OneToOneField(
        "Message",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assistant_reply_trace",
    )
    channel = models.ForeignKey(
        "channel.Channel", on_delete=models.CASCADE, related_name="+"
    )
    assistant = models.CharField(max_length=16, choices=AssistantKind.choices)
    model = models.CharField(max_length=200, blank=True, default="")
    prompt_tokens = models.PositiveIntegerField(default=0)
    completion_tokens = models.PositiveIntegerField(default=0)
    total_tokens = models.PositiveIntegerField(default=0)
    tokens_estimated = models.BooleanField(default=False)
    rounds = models.PositiveSmallIntegerField(default=0)
    tool_calls = models.JSONField(default=list, blank=True)
    faq = models.JSONField(default=list, blank=True)
    answer = models.TextField(blank=True, default="")
    grounded = models.BooleanField(null=True, blank=True)  # None: not checked
    violations = models.JSONField(default=list, blank=True)
    reason = models.TextField(blank=True, default="")
    duration_ms = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["channel", "created_at"])]

    def __str__(self) -> str:
        return f"{self.assistant} answer to message {self.message_id}"
