"""Per-sales-channel settings and the texts merchants write: FAQ, order-update texts, canned responses."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from saleor_conversational.core.business_hours import InvalidHours, parse
from saleor_conversational.core.language import SUPPORTED_LANGUAGES
from saleor_conversational.core.quiet_hours import quiet_until

DEFAULT_OPENING_MESSAGE = gettext_lazy(
    # Translators: "human" is a word the shopper can type; the translated word works
    # too (mens, medewerker, mensch, mitarbeiter, humain, conseiller, humano, persona).
    "Hi! I'm the shop's automated assistant. I can tell you where your order is (send "
    'your order number), whether a product is in stock and how we ship. Type "human" '
    "at any time to reach a person."
)


class SalesChannelSettingsManager(models.Manager):
    def for_channel(self, channel_id: int) -> SalesChannelSettings:
        """The sales channel's settings, saved with the defaults on first use."""
        settings, _ = self.get_or_create(channel_id=channel_id)
        return settings

    def read(self, channel_id: int) -> SalesChannelSettings:
        """The saved settings, else the defaults (unsaved): never writes."""
        return self.filter(channel_id=channel_id).first() or self.model(
            channel_id=channel_id
        )


class SalesChannelSettings(models.Model):
    """What differs per Saleor sales channel."""

    objects = SalesChannelSettingsManager()

    channel = models.OneToOneField(
        "channel.Channel", on_delete=models.CASCADE, related_name="+"
    )
    opening_message = models.TextField(blank=True, default="")
    language_code = models.CharField(max_length=35, default="en")
    # The languages the assistant answers in (of core.language.SUPPORTED_LANGUAGES),
    # told from each message; empty: all of them.
    languages = models.JSONField(default=list, blank=True)
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

        unknown = [code for code in self.languages if code not in SUPPORTED_LANGUAGES]
        if unknown:
            raise ValidationError(
                {
                    "languages": f"unknown {', '.join(map(str, unknown))}: "
                    f"the languages are {', '.join(SUPPORTED_LANGUAGES)}"
                }
            )
        try:
            parse(self.business_hours)
        except InvalidHours as exc:
            raise ValidationError({"business_hours": str(exc)}) from exc

    def quiet_until(self, now):
        return quiet_until(
            now, self.quiet_hours_start, self.quiet_hours_end, self.time_zone
        )

    def reply_languages(self) -> list[str]:
        """The languages the assistant answers in, the sales channel's own first."""
        own = self.language_code.split("-")[0].split("_")[0].lower()
        chosen = [code for code in SUPPORTED_LANGUAGES if code in self.languages]
        found = [own, *(chosen or SUPPORTED_LANGUAGES)]
        return [
            code
            for index, code in enumerate(found)
            if code in (chosen or SUPPORTED_LANGUAGES) and code not in found[:index]
        ]

    def opening_text(self) -> str:
        """The merchant's opening message, else the default in the active language."""
        return self.opening_message or str(DEFAULT_OPENING_MESSAGE)

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


class CannedResponse(models.Model):
    """A saved reply staff insert in the inbox; ``{{first_name}}``-style variables are
    filled from the conversation (see canned.py)."""

    name = models.CharField(max_length=100, unique=True)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name",)
