"""The assistant's first answers: honest about being automated, facts only from Saleor.

It greets with the sales channel's opening message, reports the status of the
contact's *own* orders (their linked customer's, or from their chat checkouts) and
hands over to people on request or after repeated misunderstanding; while handed
over it stays silent.
"""

from __future__ import annotations

import re

from django.utils import timezone

from saleor_conversational.assistant import answers, model_backed
from saleor_conversational.assistant import link_account as link_dialogue
from saleor_conversational.assistant.answers import order_answer
from saleor_conversational.assistant.shopping import dialogue as shopping
from saleor_conversational.assistant.shopping.dialogue import (
    continue_checkout,
)
from saleor_conversational.assistant.words import (
    BACK_IN_STOCK,
    GREETINGS,
    HANDOVER,
    HANDOVER_AWAY,
    HANDOVER_WORDS,
    HELP_TEXT,
    MARKETING_OFF,
    MARKETING_ON,
    MAX_MISUNDERSTOOD,
    MISUNDERSTOOD,
    NO_CART,
    PAY_WORDS,
)
from saleor_conversational.channels.messages import Text
from saleor_conversational.commerce.errors import CheckoutError
from saleor_conversational.commerce.payment_links import send_payment_link
from saleor_conversational.core import business_hours
from saleor_conversational.inbox.conversations import hand_over
from saleor_conversational.messaging.outbound import queue_message
from saleor_conversational.models import (
    ChatCheckout,
    ContactIdentity,
    Conversation,
    Direction,
    Message,
    SalesChannelSettings,
)
from saleor_conversational.notifications.marketing import (
    subscribe_back_in_stock,
)


def on_message_received(
    sender, conversation, identity, message, keyword="", **kwargs
) -> None:
    """The assistant listens to ``messaging.signals.message_received``."""
    respond(conversation, identity, message, keyword=keyword)


def respond(
    conversation: Conversation,
    identity: ContactIdentity,
    message: Message,
    keyword: str = "",
) -> None:
    if keyword.startswith("marketing_"):
        # A consent change is always confirmed, even while people handle the conversation.
        text = MARKETING_ON if keyword == "marketing_subscribe" else MARKETING_OFF
        queue_message(conversation, identity, Text(text=text))
        return
    if conversation.handed_over:
        return
    # The opt-in model-backed assistant answers first; False: the built-in answers.
    language = SalesChannelSettings.objects.read(conversation.channel_id).language_code
    if model_backed.answer(conversation, identity, message, language, keyword=keyword):
        return
    reply = _answer(conversation, identity, message, keyword)
    for text in reply:  # plain text, or a message (cards, buttons, lists) from shopping
        queue_message(
            conversation, identity, Text(text=text) if isinstance(text, str) else text
        )


def _answer(conversation, identity, message, keyword) -> list[str]:
    text = message.text.strip()
    lowered = text.lower().strip(" .!?")
    first_contact = not Message.objects.filter(
        conversation=conversation, direction=Direction.OUTBOUND
    ).exists()
    if keyword == "help":
        return [HELP_TEXT]
    channel_settings = SalesChannelSettings.objects.for_channel(conversation.channel_id)
    if _asks_for_people(lowered, channel_settings):
        return [_hand_over(conversation, channel_settings)]
    linking_reply = link_dialogue.answer(conversation, text)
    if linking_reply is not None:
        Conversation.objects.filter(pk=conversation.pk).update(misunderstood_count=0)
        return linking_reply
    shopping_reply = shopping.answer(conversation, identity, message)
    if shopping_reply is not None:
        Conversation.objects.filter(pk=conversation.pk).update(misunderstood_count=0)
        return (
            [channel_settings.opening_text()] if first_contact else []
        ) + shopping_reply
    if BACK_IN_STOCK.search(text):
        sku = BACK_IN_STOCK.search(text).group("sku")
        return [
            subscribe_back_in_stock(
                conversation.contact,
                conversation.channel_id,
                sku,
                identity.account.kind,
            )
        ]
    if lowered in PAY_WORDS:
        return _payment_link_answer(conversation, identity)
    if lowered in GREETINGS or not text:
        return [channel_settings.opening_text()]
    language = channel_settings.language_code
    answer = (
        answers.faq_answer(
            text, conversation.channel_id, conversation.contact.language_code
        )
        or answers.shipping_answer(text, conversation.channel_id, language)
        or answers.stock_answer(text, conversation.channel_id)
        or order_answer(conversation, text)
    )
    if answer:
        Conversation.objects.filter(pk=conversation.pk).update(misunderstood_count=0)
        prefix = [channel_settings.opening_text()] if first_contact else []
        return prefix + [answer]
    if first_contact:
        return [channel_settings.opening_text()]
    conversation.misunderstood_count += 1
    Conversation.objects.filter(pk=conversation.pk).update(
        misunderstood_count=conversation.misunderstood_count
    )
    if conversation.misunderstood_count >= MAX_MISUNDERSTOOD:
        return [_hand_over(conversation, channel_settings)]
    return [MISUNDERSTOOD]


def _payment_link_answer(
    conversation: Conversation, identity: ContactIdentity
) -> list[str]:
    Conversation.objects.filter(pk=conversation.pk).update(misunderstood_count=0)
    chat_checkout = (
        ChatCheckout.objects.filter(
            contact=conversation.contact,
            channel_id=conversation.channel_id,
            order_id__isnull=True,
        )
        .order_by("-created_at")
        .first()
    )
    if chat_checkout is None:
        return [NO_CART]
    try:
        send_payment_link(
            chat_checkout, identity=identity
        )  # sends the link button itself
    except CheckoutError as exc:
        if exc.code == "INCOMPLETE":  # ask for what is missing, then the link follows
            return continue_checkout(conversation, identity)
        return [f"Sorry, I could not make a payment link: {exc.message}"]
    return []


def _asks_for_people(lowered: str, channel_settings: SalesChannelSettings) -> bool:
    """A built-in hand-over word, or one of the merchant's words or phrases."""
    if set(re.findall(r"\w+", lowered)) & HANDOVER_WORDS:
        return True
    message = answers.phrase(lowered)
    return any(
        isinstance(words, str) and words.strip() and answers.phrase(words) in message
        for words in channel_settings.handover_words
    )


def _hand_over(
    conversation: Conversation, channel_settings: SalesChannelSettings
) -> str:
    hand_over(conversation)
    opening = business_hours.next_opening(
        timezone.now(), channel_settings.business_hours, channel_settings.time_zone
    )
    if opening is None:
        return HANDOVER
    when = business_hours.describe(opening, timezone.now(), channel_settings.time_zone)
    return f"{HANDOVER_AWAY} Someone will answer from {when}."
