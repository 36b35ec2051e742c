"""The assistant: honest about being automated, hands over to people, then stays silent."""

from __future__ import annotations

from django.utils import translation

from saleor_conversational.assistant.words import HANDOVER, MISUNDERSTOOD
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


def _answer_to(webchat, text):
    webchat.say(text)
    return webchat.replies()[-1]


def test_the_merchants_own_faq_answers_first(webchat, channel_USD, channel_PLN):
    from saleor_conversational.models import FaqEntry

    FaqEntry.objects.create(
        channel=channel_USD,
        question="Returns",
        keywords=["return", "refund policy"],
        answer="You can return anything within 30 days.",
    )
    FaqEntry.objects.create(
        channel=channel_PLN,
        question="Returns",
        keywords=["return"],
        answer="Another shop's answer.",
    )
    webchat.open()
    webchat.say("hi")
    webchat.poll()
    assert (
        _answer_to(webchat, "How do I return a jacket?")
        == "You can return anything within 30 days."
    )
    assert (
        _answer_to(webchat, "what's your REFUND POLICY")
        == "You can return anything within 30 days."
    )
    # A keyword is a whole word, endings aside: "returns" holds "return", "turn" does not.
    assert (
        _answer_to(webchat, "what about returns")
        == "You can return anything within 30 days."
    )
    assert (
        _answer_to(webchat, "how do I turn on the lamp")
        != "You can return anything within 30 days."
    )


def test_shipping_options_and_delivery_times_come_from_saleor(webchat, shipping_method):
    webchat.open()
    webchat.say("hi")
    webchat.poll()
    answer = _answer_to(webchat, "What are your shipping costs?")
    assert "DHL" in answer and "$10.00" in answer and "5-10 days" in answer
    assert _answer_to(webchat, "how long does delivery take") == answer


def test_stock_for_a_product_comes_from_the_sales_channels_warehouses(webchat, product):
    from saleor.warehouse.models import Stock

    webchat.open()
    webchat.say("hi")
    webchat.poll()
    assert _answer_to(webchat, "Is test product in stock?") == "Test product: in stock."
    Stock.objects.filter(product_variant__product=product).update(quantity=0)
    answer = _answer_to(webchat, "do you have Test Product")
    assert (
        answer.startswith("Test product: out of stock.")
        and "tell me when 123 is back" in answer
    )
    assert (
        _answer_to(webchat, "do you have unicorn saddles?")
        == 'I can\'t find "unicorn saddle" in this shop.'  # the words searched for
    )


def test_an_unpublished_product_is_not_found(webchat, product, channel_USD):
    product.channel_listings.filter(channel=channel_USD).update(is_published=False)
    webchat.open()
    webchat.say("hi")
    webchat.poll()
    assert (
        _answer_to(webchat, "is test product available")
        == 'I can\'t find "test product" in this shop.'
    )


def test_hand_over_words_in_other_languages_and_the_merchants_own(webchat, channel_USD):
    from saleor_conversational.models import SalesChannelSettings

    SalesChannelSettings.objects.update_or_create(
        channel=channel_USD, defaults={"handover_words": ["klantenservice bellen"]}
    )
    webchat.open()
    webchat.say("hi")
    webchat.poll()
    webchat.say("Ik wil de klantenservice bellen")
    with translation.override("nl"):  # answered in the shopper's language
        assert webchat.replies() == [str(HANDOVER)]


def test_outside_business_hours_the_shopper_is_told_when_someone_answers(
    webchat, channel_USD
):
    from datetime import timedelta

    from django.utils import timezone

    from saleor_conversational.models import SalesChannelSettings

    # Open only on the weekday three days from now, so people are away now.
    day = (timezone.now() + timedelta(days=3)).strftime("%a").lower()
    SalesChannelSettings.objects.update_or_create(
        channel=channel_USD,
        defaults={"business_hours": {day: ["09:00-17:00"]}, "time_zone": "UTC"},
    )
    webchat.open()
    webchat.say("hi")
    webchat.poll()
    webchat.say("agent please")
    [reply] = webchat.replies()
    weekday = (timezone.now() + timedelta(days=3)).strftime("%A")
    assert "nobody is in right now" in reply
    assert f"Someone will answer from {weekday} at 09:00 (UTC time)." in reply
    assert Conversation.objects.get().handed_over is True


def test_give_back_lets_the_bot_answer_again(webchat):
    from saleor_conversational.inbox.conversations import give_back

    webchat.open()
    webchat.say("human")
    webchat.poll()
    webchat.say("hello?")
    assert webchat.replies() == []
    give_back(Conversation.objects.get())
    webchat.say("hi")
    assert "automated assistant" in webchat.replies()[0]
