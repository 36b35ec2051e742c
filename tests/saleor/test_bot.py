"""The assistant: honest about being automated, hands over to people, then stays silent."""

from __future__ import annotations

from saleor_conversational.bot import HANDOVER, MISUNDERSTOOD
from saleor_conversational.models import Conversation


def test_asking_for_a_human_hands_over_and_the_bot_goes_silent(webchat):
    webchat.open()
    webchat.say("hi")
    webchat.poll()

    webchat.say("can I talk to a human please")
    assert webchat.replies() == [HANDOVER]
    assert Conversation.objects.get().handed_over is True

    webchat.say("where is my order 1")
    webchat.say("hello?")
    assert webchat.replies() == []


def test_two_misunderstandings_hand_over(webchat):
    webchat.open()
    webchat.say("hi")
    webchat.poll()

    webchat.say("blue banana")
    assert webchat.replies() == [MISUNDERSTOOD]
    webchat.say("purple elephant")
    assert webchat.replies() == [HANDOVER]
    assert Conversation.objects.get().handed_over is True


def test_an_understood_question_resets_the_misunderstanding_count(webchat):
    webchat.open()
    webchat.say("hi")
    webchat.say("blue banana")
    webchat.say("where is my order")
    webchat.say("purple elephant")
    replies = [m["text"] for m in webchat.poll(history=True) if m["direction"] == "out"]
    assert replies[-1] == MISUNDERSTOOD
    assert Conversation.objects.get().handed_over is False


def test_bot_resumes_after_staff_resolve_and_give_it_back(webchat):
    webchat.open()
    webchat.say("agent")
    webchat.poll()
    Conversation.objects.update(status="resolved", handed_over=False)

    webchat.say("hi")
    [reply] = webchat.replies()
    assert "automated assistant" in reply
    assert Conversation.objects.get().status == "open"
