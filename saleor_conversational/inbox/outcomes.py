"""The assistant's outcome figures per sales channel and reply language.

The unit is the *assistant exchange*: an inbound message the assistant (built-in or
model-backed) took, because people did not have the conversation. The router marks it
with the reply language (``Message.language_code`` on the inbound message). For each:

- *answered*: an assistant reply to it (``Message.reply_to``) that did not fail;
  *unanswered* otherwise.
- *handed over*: answering it handed the conversation to people, by the assistant or
  because the shopper asked (a ``HANDED_OVER`` event of that message).
- *fallback*: the model-backed assistant was asked and failed or was not grounded, so
  the built-in assistant answered (its ``AssistantTrace`` says ``FALLBACK``).
- *resolved*: answered, and within ``RESOLUTION_WINDOW`` after it no staff message, no
  hand-over (its own or a later one) and no reopening in its conversation; *pending*
  while that holds and the window has not passed yet. Everything else is settled as
  not resolved as soon as it happens.

All of it is one aggregate query (correlated ``EXISTS`` per exchange, grouped in the
database), never a loop over messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
)
from django.utils import timezone

from saleor_conversational.channels.events import DeliveryStatus
from saleor_conversational.models import (
    AssistantKind,
    AssistantTrace,
    ConversationEvent,
    ConversationEventKind,
    Direction,
    Message,
    MessageSender,
)

RESOLUTION_WINDOW = timedelta(days=7)
DEFAULT_PERIOD = timedelta(days=30)


@dataclass(frozen=True)
class Outcome:
    channel_id: int
    language_code: str
    exchanges: int
    resolved: int
    pending: int
    handed_over: int
    unanswered: int
    fallback: int

    @property
    def settled(self) -> int:
        """Exchanges whose outcome is known (all but the pending ones)."""
        return self.exchanges - self.pending

    @property
    def resolution_rate(self) -> float | None:
        """Resolved among the settled exchanges; None while none is settled."""
        return _rate(self.resolved, self.settled)

    @property
    def hand_over_rate(self) -> float | None:
        return _rate(self.handed_over, self.exchanges)

    @property
    def unanswered_rate(self) -> float | None:
        return _rate(self.unanswered, self.exchanges)

    @property
    def fallback_rate(self) -> float | None:
        return _rate(self.fallback, self.exchanges)


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def exchanges():
    """Every assistant exchange (inbound messages the assistant took)."""
    return Message.objects.filter(direction=Direction.INBOUND).exclude(language_code="")


def outcomes(
    *,
    channel_ids=None,
    since: datetime | None = None,
    until: datetime | None = None,
    now: datetime | None = None,
) -> list[Outcome]:
    """The figures of the exchanges from ``since`` (default: 30 days before ``until``)
    up to ``until`` (default: now), per sales channel and language, in the sales
    channels ``channel_ids`` (None: all of them)."""
    now = now or timezone.now()
    until = until or now
    since = since or until - DEFAULT_PERIOD
    qs = exchanges().filter(created_at__gte=since, created_at__lt=until)
    if channel_ids is not None:
        qs = qs.filter(conversation__channel_id__in=channel_ids)

    answered = Exists(
        Message.objects.filter(
            reply_to=OuterRef("pk"), sender=MessageSender.ASSISTANT
        ).exclude(status=DeliveryStatus.FAILED)
    )
    handed_over = Exists(
        ConversationEvent.objects.filter(
            message=OuterRef("pk"), kind=ConversationEventKind.HANDED_OVER
        )
    )
    fallback = Exists(
        AssistantTrace.objects.filter(
            message=OuterRef("pk"), assistant=AssistantKind.FALLBACK
        )
    )
    window_end = ExpressionWrapper(
        OuterRef("created_at") + RESOLUTION_WINDOW, output_field=DateTimeField()
    )
    staff_wrote = Exists(
        Message.objects.filter(
            conversation=OuterRef("conversation"),
            direction=Direction.OUTBOUND,
            sender=MessageSender.STAFF,
            created_at__gte=OuterRef("created_at"),
            created_at__lte=window_end,
        )
    )
    later_trouble = Exists(
        ConversationEvent.objects.filter(
            Q(message__isnull=True) | ~Q(message=OuterRef("pk")),
            conversation=OuterRef("conversation"),
            kind__in=[
                ConversationEventKind.HANDED_OVER,
                ConversationEventKind.REOPENED,
            ],
            created_at__gte=OuterRef("created_at"),
            created_at__lte=window_end,
        )
    )
    holds = Q(answered) & ~Q(handed_over) & ~Q(staff_wrote) & ~Q(later_trouble)
    window_passed = Q(created_at__lte=now - RESOLUTION_WINDOW)
    rows = (
        qs.values("conversation__channel_id", "language_code")
        .annotate(
            exchanges=Count("pk"),
            # The cheap time test first: each row's EXISTS run once, not twice.
            resolved=Count("pk", filter=window_passed & holds),
            pending=Count("pk", filter=~window_passed & holds),
            handed_over=Count("pk", filter=Q(handed_over)),
            unanswered=Count("pk", filter=~Q(answered)),
            fallback=Count("pk", filter=Q(fallback)),
        )
        .order_by("conversation__channel_id", "language_code")
    )
    return [
        Outcome(
            channel_id=row.pop("conversation__channel_id"),
            **row,
        )
        for row in rows
    ]
