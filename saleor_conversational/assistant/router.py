"""The assistant's answer to one inbound message: honest about being automated, facts
only from Saleor and the merchant's FAQ, in the shopper's language.

``respond`` listens to ``messaging.signals.message_received``. It picks the reply
language (``assistant.language``) and answers inside it: the opt-in model-backed
assistant first (``model_backed``), else the built-in one, which reads the message with
``understanding`` (five languages, the shopper's own words) and answers from the
contact's *own* orders, the catalogue, shipping options, the FAQ, or the shopping and
account-linking dialogues. Requests it cannot fulfil (change an address, cancel, return,
complain, someone else's data) are said so and handed to the team; so is asking for a
person, and repeated misunderstanding. While handed over it stays silent.
"""

from __future__ import annotations

import re

from django.utils import timezone, translation

from saleor_conversational.assistant import answers, model_backed
from saleor_conversational.assistant import link_account as link_dialogue
from saleor_conversational.assistant.language import reply_language
from saleor_conversational.assistant.shopping import dialogue as shopping
from saleor_conversational.assistant.shopping.dialogue import continue_checkout
from saleor_conversational.assistant.understanding import (
    Intent,
    Understanding,
    understand,
)
from saleor_conversational.assistant.words import (
    ASK_BACK_IN_STOCK_SKU,
    BACK_IN_STOCK,
    CANNOT_CANCEL,
    CANNOT_CHANGE_ADDRESS,
    CANNOT_CHANGE_ORDER,
    CANNOT_RETURN,
    COMPLAINT,
    DECLINED,
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
    NO_SHIPPING,
    OTHER_PERSON,
    PAY_WORDS,
    PAYMENT_LINK_FAILED,
    SOMEONE_ANSWERS,
    WELCOME,
)
from saleor_conversational.channels.messages import Text
from saleor_conversational.commerce import alerts
from saleor_conversational.commerce.errors import CheckoutError
from saleor_conversational.commerce.payment_links import send_payment_link
from saleor_conversational.contacts import linking
from saleor_conversational.core import business_hours
from saleor_conversational.inbox.conversations import hand_over
from saleor_conversational.messaging.codec import decode_event
from saleor_conversational.messaging.outbound import queue_message
from saleor_conversational.messaging.senders import speaking_as
from saleor_conversational.models import (
    ChatCheckout,
    ContactIdentity,
    Conversation,
    Direction,
    Message,
    MessageSender,
    SalesChannelSettings,
)
from saleor_conversational.notifications.marketing import subscribe_back_in_stock
from saleor_conversational.saleor_data.api import CommerceAppDeactivated

# Below this an understood request to hand over or a request the assistant cannot
# fulfil is not acted on before the dialogues have had the message.
SURE = 0.8

CANNOT_DO = {
    Intent.CHANGE_ADDRESS: CANNOT_CHANGE_ADDRESS,
    Intent.CHANGE_ORDER: CANNOT_CHANGE_ORDER,
    Intent.CANCEL_ORDER: CANNOT_CANCEL,
    Intent.RETURN_ORDER: CANNOT_RETURN,
    Intent.COMPLAINT: COMPLAINT,
    Intent.OTHER_PERSON: OTHER_PERSON,
}


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
    channel_settings = SalesChannelSettings.objects.for_channel(conversation.channel_id)
    language = reply_language(
        conversation.contact,
        message.text,
        channel_settings,
        answers_a_question=_answers_a_question(conversation, message),
    )
    with (
        translation.override(language),
        speaking_as(MessageSender.ASSISTANT, reply_to=message),
    ):
        if not conversation.handed_over:
            _take(message, language)
        if keyword.startswith("marketing_"):
            # A consent change is always confirmed, even while people handle the
            # conversation.
            text = MARKETING_ON if keyword == "marketing_subscribe" else MARKETING_OFF
            queue_message(conversation, identity, Text(text=str(text)))
            return
        if conversation.handed_over:
            return
        if model_backed.answer(
            conversation, identity, message, language, keyword=keyword
        ):
            return
        try:
            reply = _answer(
                conversation, identity, message, keyword, channel_settings, language
            )
        except CommerceAppDeactivated as exc:  # the merchant stopped chat commerce
            alerts.alert_commerce_app_deactivated(str(exc))
            reply = [_hand_over(conversation, channel_settings)]
        for text in reply:  # text, or a message (cards, buttons, lists) from shopping
            queue_message(conversation, identity, text)


def _take(message: Message, language: str) -> None:
    """The assistant answers ``message``: an assistant exchange, in the reply language."""
    Message.objects.filter(pk=message.pk).update(language_code=language)
    message.language_code = language


def _answers_a_question(conversation: Conversation, message: Message) -> bool:
    """A button or list reply, or text typed where a dialogue asked something."""
    inbound = message.direction == Direction.INBOUND and message.content
    event = decode_event(message.content) if inbound else None
    if event is not None and event.reply_id:
        return True
    contact = conversation.contact
    return shopping.expects_answer(conversation) or (
        not contact.user_id and linking.request_is_open(contact)
    )


def _answer(conversation, identity, message, keyword, channel_settings, language):
    text = message.text.strip()
    understood = (
        understand(text, language) if text else Understanding(Intent.UNKNOWN, language)
    )
    first_contact = not Message.objects.filter(
        conversation=conversation, direction=Direction.OUTBOUND
    ).exists()
    if keyword == "help":
        return [str(HELP_TEXT)]
    if _asks_for_people(text.lower(), channel_settings) or (
        understood.intent == Intent.HUMAN and understood.confidence >= SURE
    ):
        return [_hand_over(conversation, channel_settings, requested=True)]
    if understood.intent in CANNOT_DO and understood.confidence >= SURE:
        return _cannot_do(conversation, channel_settings, understood, text, language)

    linking_reply = link_dialogue.answer(
        conversation,
        text,
        asks_to_link=understood.intent == Intent.LINK_ACCOUNT and not understood.email,
        client=link_dialogue.client_of(identity, message),
    )
    if linking_reply is not None:
        return _understood(conversation, linking_reply)
    shopping_reply = shopping.answer(conversation, identity, message)
    if shopping_reply is None:
        shopping_reply = _shopping_request(conversation, identity, understood)
    if shopping_reply is not None:
        opening = [channel_settings.opening_text()] if first_contact else []
        return opening + _understood(conversation, shopping_reply)

    reply = _built_in_answer(
        conversation, identity, understood, text, channel_settings, language
    )
    if reply is not None:
        opening = channel_settings.opening_text()
        if first_contact and reply and reply[0] != opening:
            reply = [opening] + reply
        return _understood(conversation, reply)
    if first_contact:
        return [channel_settings.opening_text()]
    return _misunderstood(conversation, channel_settings)


def _built_in_answer(
    conversation, identity, understood, text, channel_settings, language
) -> list | None:
    """The answer to a request understood (or the FAQ's), None when there is none."""
    intent, channel_id = understood.intent, conversation.channel_id
    if intent == Intent.BACK_IN_STOCK or BACK_IN_STOCK.search(text):
        sku = understood.sku or _sku_in(text)
        if not sku:
            return [str(ASK_BACK_IN_STOCK_SKU)]
        return [
            subscribe_back_in_stock(
                conversation.contact, channel_id, sku, identity.account.kind
            )
        ]
    if intent == Intent.PAYMENT_LINK or text.lower().strip(" .!?") in PAY_WORDS:
        return _payment_link_answer(conversation, identity)
    if intent == Intent.GREETING or not text or text.lower() in GREETINGS:
        return [channel_settings.opening_text()]
    faq = answers.faq_answer(text, channel_id, language)
    if faq:
        return [faq]
    if intent in (Intent.ORDER_STATUS, Intent.TRACKING):
        return [answers.order_answer(conversation, understood.order_number)]
    if intent == Intent.STOCK or (
        intent == Intent.PRODUCT_SEARCH and understood.product_query
    ):  # a search that found nothing for sale: out of stock, or not in this shop
        return [answers.stock_answer(understood.product_query, channel_id, language)]
    if intent == Intent.SHIPPING:
        shipping = answers.shipping_answer(channel_id, language)
        if shipping:
            return [shipping]
        hand_over(conversation)
        return [str(NO_SHIPPING)]
    if intent == Intent.THANKS:
        return [str(WELCOME)]
    if intent == Intent.DECLINE:
        return [str(DECLINED)]
    if intent == Intent.HELP:
        return [str(HELP_TEXT)]
    return None


def _shopping_request(conversation, identity, understood) -> list | None:
    if understood.intent == Intent.PRODUCT_SEARCH and understood.product_query:
        return shopping.act(conversation, identity, "search", understood.product_query)
    if understood.intent == Intent.CART:
        return shopping.act(conversation, identity, "cart")
    if understood.intent == Intent.CHECKOUT:
        return shopping.act(conversation, identity, "checkout")
    return None


def _cannot_do(conversation, channel_settings, understood, text, language) -> list:
    """Said honestly, handed over; the merchant's FAQ entry on it goes first when there
    is one. A returns question the FAQ answers (the merchant's returns policy) gets
    that answer alone: the policy is how returns are made."""
    faq = answers.faq_answer(text, conversation.channel_id, language)
    if faq and understood.intent == Intent.RETURN_ORDER:
        return [faq]
    handed = _hand_over(
        conversation, channel_settings, str(CANNOT_DO[understood.intent])
    )
    return ([faq] if faq else []) + [handed]


def _understood(conversation, reply: list) -> list:
    Conversation.objects.filter(pk=conversation.pk).update(misunderstood_count=0)
    return reply


def _misunderstood(conversation, channel_settings) -> list:
    conversation.misunderstood_count += 1
    Conversation.objects.filter(pk=conversation.pk).update(
        misunderstood_count=conversation.misunderstood_count
    )
    if conversation.misunderstood_count >= MAX_MISUNDERSTOOD:
        return [_hand_over(conversation, channel_settings)]
    return [str(MISUNDERSTOOD)]


def _sku_in(text: str) -> str:
    found = BACK_IN_STOCK.search(text)
    return found.group("sku") if found else ""


def _payment_link_answer(
    conversation: Conversation, identity: ContactIdentity
) -> list[str]:
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
        return [str(NO_CART)]
    try:
        send_payment_link(chat_checkout, identity=identity)  # sends the link button
    except CheckoutError as exc:
        if exc.code == "INCOMPLETE":  # ask for what is missing, then the link follows
            return continue_checkout(conversation, identity)
        return [PAYMENT_LINK_FAILED % {"reason": exc.message}]
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
    conversation: Conversation,
    channel_settings: SalesChannelSettings,
    reason: str = "",
    *,
    requested: bool = False,
) -> str:
    """Hands over and says so: ``reason`` (which already says it passes the shopper
    on), else the plain hand-over text; outside business hours, also when someone
    answers. ``requested``: the shopper asked for a person."""
    hand_over(conversation, requested=requested)
    opening = business_hours.next_opening(
        timezone.now(), channel_settings.business_hours, channel_settings.time_zone
    )
    if opening is None:
        return reason or str(HANDOVER)
    when = business_hours.describe(opening, timezone.now(), channel_settings.time_zone)
    said = reason or str(HANDOVER_AWAY)
    return f"{said} {SOMEONE_ANSWERS % {'when': when}}"
