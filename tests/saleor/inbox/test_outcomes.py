"""The assistant's outcome figures: what counts as an exchange, resolved, pending, handed
over, unanswered and fallback, per sales channel and language, in one query."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from saleor_conversational.channels.events import DeliveryStatus
from saleor_conversational.inbox import conversations
from saleor_conversational.inbox.outcomes import outcomes
from saleor_conversational.messaging.senders import speaking_as
from saleor_conversational.models import (
    AssistantKind,
    AssistantTrace,
    Conversation,
    ConversationEvent,
    ConversationEventKind,
    ConversationStatus,
    Direction,
    Message,
    MessageSender,
)
from tests.support.api import make_thread

NOW = timezone.now()
OLD = NOW - timedelta(days=10)  # the 7-day window has passed
RECENT = NOW - timedelta(days=2)


def exchange(thread, at, *, language="en", answered=True, reply_status="sent"):
    """An inbound message the assistant took at ``at``, and its answer unless not."""
    inbound = Message.objects.create(
        conversation=thread.conversation,
        identity=thread.identity,
        account=thread.identity.account,
        direction=Direction.INBOUND,
        sender=MessageSender.SHOPPER,
        text="a question",
        status=DeliveryStatus.DELIVERED,
        language_code=language,
        created_at=at,
    )
    if answered:
        outbound(thread, at + timedelta(seconds=1), MessageSender.ASSISTANT, inbound)
        Message.objects.filter(reply_to=inbound).update(status=reply_status)
    return inbound


def outbound(thread, at, sender, reply_to=None):
    return Message.objects.create(
        conversation=thread.conversation,
        identity=thread.identity,
        account=thread.identity.account,
        direction=Direction.OUTBOUND,
        sender=sender,
        reply_to=reply_to,
        text="an answer",
        status=DeliveryStatus.SENT,
        created_at=at,
    )


def event(thread, kind, at, actor=MessageSender.ASSISTANT, message=None):
    return ConversationEvent.objects.create(
        conversation=thread.conversation,
        kind=kind,
        actor=actor,
        message=message,
        created_at=at,
    )


def figures(**kwargs):
    return {(o.channel_id, o.language_code): o for o in outcomes(now=NOW, **kwargs)}


@pytest.fixture
def thread(plugin, channel_USD):
    return make_thread(channel_USD, address="s-1", text="not taken by the assistant")


def test_an_answered_exchange_older_than_the_window_is_resolved(thread, channel_USD):
    exchange(thread, OLD)
    [row] = outcomes(now=NOW)
    assert (row.channel_id, row.language_code) == (channel_USD.pk, "en")
    assert (row.exchanges, row.resolved, row.pending) == (1, 1, 0)
    assert (row.handed_over, row.unanswered, row.fallback) == (0, 0, 0)
    assert row.resolution_rate == 1.0 and row.hand_over_rate == 0.0


def test_a_younger_exchange_is_pending_not_resolved(thread):
    exchange(thread, RECENT)
    [row] = outcomes(now=NOW)
    assert (row.exchanges, row.resolved, row.pending) == (1, 0, 1)
    assert row.resolution_rate is None  # nothing settled yet


def test_a_staff_message_within_the_window_settles_it_as_not_resolved(thread):
    first = exchange(thread, OLD)
    outbound(thread, first.created_at + timedelta(days=3), MessageSender.STAFF)
    young = exchange(thread, RECENT)
    outbound(thread, young.created_at + timedelta(hours=1), MessageSender.STAFF)
    [row] = outcomes(now=NOW)
    # Both are settled: neither resolved, and the young one is not pending any more.
    assert (row.exchanges, row.resolved, row.pending) == (2, 0, 0)
    assert row.resolution_rate == 0.0


def test_what_happens_after_the_window_does_not_count(thread):
    first = exchange(thread, NOW - timedelta(days=20))
    later = first.created_at + timedelta(days=8)
    outbound(thread, later, MessageSender.STAFF)
    event(thread, ConversationEventKind.HANDED_OVER, later)
    [row] = outcomes(now=NOW)
    assert row.resolved == 1


def test_an_exchange_that_hands_over_is_counted_and_not_resolved(thread):
    handed = exchange(thread, OLD)
    event(
        thread,
        ConversationEventKind.HANDED_OVER,
        OLD + timedelta(seconds=1),
        actor=MessageSender.SHOPPER,
        message=handed,
    )
    [row] = outcomes(now=NOW)
    assert (row.exchanges, row.handed_over, row.resolved, row.pending) == (1, 1, 0, 0)
    assert row.hand_over_rate == 1.0


def test_a_later_hand_over_in_the_conversation_spoils_earlier_exchanges(thread):
    exchange(thread, OLD)
    later = exchange(thread, OLD + timedelta(days=2))
    event(
        thread,
        ConversationEventKind.HANDED_OVER,
        later.created_at + timedelta(seconds=1),
        message=later,
    )
    [row] = outcomes(now=NOW)
    assert (row.exchanges, row.handed_over, row.resolved) == (2, 1, 0)


def test_a_reopening_spoils_earlier_exchanges_but_not_the_message_that_reopened(
    thread,
):
    before = exchange(thread, OLD)
    reopener = exchange(thread, OLD + timedelta(days=1))
    event(
        thread,
        ConversationEventKind.REOPENED,
        reopener.created_at,
        actor=MessageSender.SHOPPER,
        message=reopener,
    )
    other = make_thread(thread.conversation.channel, address="s-2")
    untouched = exchange(other, OLD)
    event(other, ConversationEventKind.REOPENED, OLD - timedelta(days=1))  # before it
    [row] = outcomes(now=NOW)
    assert (row.exchanges, row.resolved) == (3, 2)
    assert {before.pk, reopener.pk, untouched.pk} == set(
        Message.objects.filter(direction=Direction.INBOUND)
        .exclude(language_code="")
        .values_list("pk", flat=True)
    )


def test_unanswered_exchanges_no_reply_or_only_failed_ones(thread):
    exchange(thread, OLD, answered=False)
    exchange(thread, OLD, reply_status=DeliveryStatus.FAILED)
    exchange(thread, OLD)
    [row] = outcomes(now=NOW)
    assert (row.exchanges, row.unanswered, row.resolved, row.pending) == (3, 2, 1, 0)
    assert row.unanswered_rate == pytest.approx(2 / 3)


def test_a_model_fallback_is_counted_and_can_still_resolve(thread, channel_USD):
    fell_back = exchange(thread, OLD)
    answered_by_model = exchange(thread, OLD)
    for message, kind in [
        (fell_back, AssistantKind.FALLBACK),
        (answered_by_model, AssistantKind.MODEL),
    ]:
        AssistantTrace.objects.create(
            message=message, channel=channel_USD, assistant=kind, reason="timeout"
        )
    [row] = outcomes(now=NOW)
    assert (row.exchanges, row.fallback, row.resolved) == (2, 1, 2)
    assert row.fallback_rate == 0.5


def test_figures_per_sales_channel_and_language(plugin, channel_USD, channel_PLN):
    usd = make_thread(channel_USD, address="usd")
    pln = make_thread(channel_PLN, address="pln")
    exchange(usd, OLD, language="en")
    exchange(usd, OLD, language="nl")
    exchange(usd, OLD, language="nl", answered=False)
    exchange(pln, OLD, language="en")
    rows = figures()
    assert set(rows) == {
        (channel_USD.pk, "en"),
        (channel_USD.pk, "nl"),
        (channel_PLN.pk, "en"),
    }
    assert (
        rows[channel_USD.pk, "nl"].exchanges,
        rows[channel_USD.pk, "nl"].resolved,
    ) == (
        2,
        1,
    )
    assert rows[channel_PLN.pk, "en"].exchanges == 1
    only_pln = figures(channel_ids={channel_PLN.pk})
    assert set(only_pln) == {(channel_PLN.pk, "en")}


def test_the_period_chooses_the_exchanges(thread):
    exchange(thread, NOW - timedelta(days=40))
    exchange(thread, NOW - timedelta(days=10))
    [default] = outcomes(now=NOW)  # the last 30 days
    assert default.exchanges == 1
    [both] = outcomes(now=NOW, since=NOW - timedelta(days=60))
    assert both.exchanges == 2
    [early] = outcomes(
        now=NOW, since=NOW - timedelta(days=60), until=NOW - timedelta(days=20)
    )
    assert early.exchanges == 1


def test_one_query_however_many_exchanges(
    thread, channel_PLN, django_assert_num_queries
):
    other = make_thread(channel_PLN, address="pln")
    for day in range(12):
        exchange(thread, NOW - timedelta(days=day + 1), language="de")
        exchange(other, NOW - timedelta(days=day + 1), answered=day % 2 == 0)
    with django_assert_num_queries(1):
        rows = outcomes(now=NOW)
    assert sum(row.exchanges for row in rows) == 24


# -- what the pipeline records, through the web chat -------------------------------------
def test_the_web_chat_records_exchanges_replies_and_hand_overs(webchat, channel_USD):
    webchat.open()
    webchat.say("hi")
    webchat.say("can I talk to a human please")
    webchat.say("hello? anyone?")  # people have the conversation: not an exchange
    inbound = list(
        Message.objects.filter(direction=Direction.INBOUND).order_by("created_at")
    )
    assert [m.sender for m in inbound] == [MessageSender.SHOPPER] * 3
    assert [m.language_code for m in inbound] == ["en", "en", ""]
    replies = Message.objects.filter(direction=Direction.OUTBOUND)
    assert replies.count() == 2
    assert all(
        r.sender == MessageSender.ASSISTANT and r.language_code == "en" for r in replies
    )
    assert {r.reply_to_id for r in replies} == {inbound[0].pk, inbound[1].pk}
    [handed] = ConversationEvent.objects.all()
    assert (handed.kind, handed.actor, handed.message_id) == (
        ConversationEventKind.HANDED_OVER,
        MessageSender.SHOPPER,
        inbound[1].pk,
    )
    [row] = outcomes()
    assert (row.channel_id, row.exchanges, row.handed_over, row.pending) == (
        channel_USD.pk,
        2,
        1,
        0,  # the hand-over settles the first exchange too
    )
    [row] = outcomes(now=timezone.now() + timedelta(days=8))
    assert row.resolved == 0


def test_the_reply_language_is_the_exchanges_language(webchat):
    webchat.open()
    webchat.say("Hallo, waar is mijn bestelling?")
    [inbound] = Message.objects.filter(direction=Direction.INBOUND)
    assert inbound.language_code == "nl"
    assert set(
        Message.objects.filter(reply_to=inbound).values_list("language_code", flat=True)
    ) == {"nl"}


def test_staff_replies_resolving_and_reopening_are_recorded(webchat):
    webchat.open()
    webchat.say("hi")
    conversation = Conversation.objects.get()
    with speaking_as(MessageSender.STAFF):
        conversations.set_status(conversation, ConversationStatus.RESOLVED)
    webchat.say("one more question")  # reopens the resolved conversation
    reopener = Message.objects.filter(direction=Direction.INBOUND).latest("created_at")
    row = conversations.send_staff_message(conversation, text="Happy to help")
    assert (row.sender, row.language_code) == (MessageSender.STAFF, "")
    kinds = list(
        ConversationEvent.objects.order_by("pk").values_list("kind", "actor", "message")
    )
    assert kinds == [
        (ConversationEventKind.RESOLVED, MessageSender.STAFF, None),
        (ConversationEventKind.REOPENED, MessageSender.SHOPPER, reopener.pk),
        # The staff reply takes the conversation without a hand-over event: the
        # staff message itself is the record.
    ]
    [row] = outcomes()
    assert (row.exchanges, row.resolved, row.pending) == (2, 0, 0)
