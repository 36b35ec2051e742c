"""The opt-in model-backed assistant: an OpenAI-compatible model answers, the built-in
assistant stays the fallback.

``answer`` is called by the router before the built-in answers. It returns True when
the model's answer was queued, False when the built-in assistant should answer. With
the sales channel's ``ModelAssistantSettings`` off it does nothing at all; on, every
inbound message it sees gets an ``AssistantTrace`` (on that message) saying which
assistant answered and why.

The model is not asked when the built-in assistant owns the message: a keyword (help,
start), a button or list choice, a WhatsApp catalog order, an open checkout question or
numbered choice of the shopping dialogue, account linking, a hand-over word, a greeting
or no text. Otherwise one turn runs (``model.turn.run_turn``) with the tools of
``model.tools`` (scoped to this conversation), the recent thread as context, the
merchant's FAQ in the system prompt, the sales channel's timeout as the turn's deadline
and, as its token budget, the least of what is left of the conversation's budget (last
24 hours) and the sales channel's (since midnight in its time zone).

Before it is sent, the answer is checked (``model.grounding``) against this turn's tool
results and the FAQ. Everything the turn does runs in a savepoint: when the model fails
(error, timeout, no tool calling, budget) or its answer is not grounded, the savepoint
is rolled back (a cart line added, a payment link queued, a hand-over: all undone, and
nothing is sent) and the built-in assistant answers; the reason is in the trace.
"""

from __future__ import annotations

import datetime
import logging
import re
import time
from typing import Any

from django.db import transaction
from django.utils import timezone

from saleor_conversational.assistant import link_account
from saleor_conversational.assistant.model.client import (
    BudgetExhausted,
    ChatCompletionsClient,
    ModelError,
    ModelTimeout,
    ToolsUnsupported,
    TurnResult,
    Usage,
    run_turn,
)
from saleor_conversational.assistant.model.grounding import (
    check_grounding,
)
from saleor_conversational.assistant.model.prompt import (
    faq_entries,
    faq_fact,
    grounding_language,
    prompt_messages,
)
from saleor_conversational.assistant.model.tools import Toolbox
from saleor_conversational.assistant.shopping.words import BROWSING
from saleor_conversational.assistant.words import GREETINGS, HANDOVER_WORDS
from saleor_conversational.channels.degrade import match_numbered_reply
from saleor_conversational.channels.events import InboundKind
from saleor_conversational.channels.messages import Text
from saleor_conversational.contacts import linking
from saleor_conversational.core.crypto import DecryptionError
from saleor_conversational.messaging.codec import decode_event
from saleor_conversational.messaging.outbound import queue_message
from saleor_conversational.models import (
    AssistantKind,
    AssistantTrace,
    ContactIdentity,
    Conversation,
    Direction,
    Message,
    ModelAssistantSettings,
    SalesChannelSettings,
    ShoppingState,
)
from saleor_conversational.saleor_data import reads as saleor_data

logger = logging.getLogger(__name__)

MAX_ROUNDS = 4
MAX_ANSWER_TOKENS = 512
CONVERSATION_WINDOW = datetime.timedelta(hours=24)


def answer(
    conversation: Conversation,
    identity: ContactIdentity,
    message: Message,
    language: str,
    keyword: str = "",
) -> bool:
    """True when the model's answer to ``message`` was queued; False when the built-in
    assistant should answer (the model is off, not asked, failed or not grounded)."""
    settings = ModelAssistantSettings.objects.read(conversation.channel_id)
    if not settings.active:
        return False
    started = time.monotonic()
    trace = AssistantTrace(
        message=message,
        channel_id=conversation.channel_id,
        assistant=AssistantKind.FALLBACK,
        model=settings.model,
    )
    try:
        sent = _answer(
            conversation, identity, message, language, keyword, settings, trace
        )
    except Exception as exc:  # noqa: BLE001 - the shopper still gets the built-in answer
        logger.exception("Model assistant failed for conversation %s", conversation.pk)
        trace.assistant = AssistantKind.FALLBACK
        trace.reason = f"internal error: {type(exc).__name__}"
        sent = False
    if not sent and trace.assistant == AssistantKind.FALLBACK:
        # A hand-over or other change the rolled-back turn made is not in the database.
        conversation.refresh_from_db(
            fields=["handed_over", "misunderstood_count", "status"]
        )
    trace.duration_ms = round((time.monotonic() - started) * 1000)
    _save(trace)
    return sent


def _answer(
    conversation, identity, message, language, keyword, settings, trace
) -> bool:
    channel_settings = SalesChannelSettings.objects.read(conversation.channel_id)
    owner = builtin_owns(conversation, message, keyword, channel_settings)
    if owner:
        trace.assistant = AssistantKind.BUILTIN
        trace.reason = owner
        return False
    budget, spent = token_budget(settings, conversation, channel_settings)
    if budget <= 0:
        trace.reason = f"token budget spent: {spent}"
        return False
    try:
        api_key = settings.api_key
    except DecryptionError:
        trace.reason = (
            "the API key cannot be decrypted (were the encryption keys changed?)"
        )
        return False

    toolbox = Toolbox(
        conversation, identity, channel_settings=channel_settings, language=language
    )
    faq = faq_entries(conversation.channel_id, language)
    trace.faq = faq
    first_contact = not Message.objects.filter(
        conversation=conversation, direction=Direction.OUTBOUND
    ).exists()
    prompt = prompt_messages(conversation, message, language, faq)
    try:
        client = _Metered(
            ChatCompletionsClient(
                settings.base_url,
                settings.model,
                api_key,
                timeout=settings.timeout_seconds,
            )
        )
    except ValueError as exc:  # settings saved without the API's validation
        trace.reason = f"the settings are not usable: {exc}"
        return False
    try:
        with transaction.atomic():  # undone unless the answer is sent
            try:
                result = _turn(client, prompt, toolbox, budget, settings, trace)
            finally:
                client.close()
                _count(trace, client.usage)
            if result is None:
                raise _Undo
            facts = result.facts + [faq_fact(entry) for entry in faq]
            names = set(saleor_data.channel_product_names(conversation.channel_id))
            report = check_grounding(
                result.answer,
                facts,
                catalogue_names=sorted(names | toolbox.seen_names),
                language=grounding_language(language),
            )
            trace.grounded = report.ok
            trace.violations = report.violations
            if not report.ok:
                trace.reason = "not grounded: " + "; ".join(report.violations)
                raise _Undo
            if first_contact:
                queue_message(
                    conversation, identity, Text(text=channel_settings.opening_text())
                )
            trace.reply = queue_message(
                conversation, identity, Text(text=result.answer)
            )
            for extra in toolbox.after_reply:
                queue_message(
                    conversation,
                    identity,
                    Text(text=extra) if isinstance(extra, str) else extra,
                )
            Conversation.objects.filter(pk=conversation.pk).update(
                misunderstood_count=0
            )
            conversation.misunderstood_count = 0
    except _Undo:
        if trace.tool_calls:
            trace.reason += " (what its tools changed was undone)"
        return False
    trace.assistant = AssistantKind.MODEL
    return True


class _Undo(Exception):
    """Roll the turn's savepoint back: the built-in assistant answers instead."""


def _turn(client, prompt, toolbox, budget, settings, trace) -> TurnResult | None:
    try:
        result = run_turn(
            client,
            prompt,
            toolbox.tools(),
            toolbox.specs,
            token_budget=budget,
            max_rounds=MAX_ROUNDS,
            max_tokens=MAX_ANSWER_TOKENS,
            timeout=settings.timeout_seconds,
        )
    except ToolsUnsupported as exc:
        trace.reason = f"the server does not do tool calling: {exc}"
    except ModelTimeout as exc:
        trace.reason = f"timeout: {exc}"
    except BudgetExhausted as exc:
        trace.reason = f"token budget: {exc}"
    except ModelError as exc:
        trace.reason = f"{type(exc).__name__}: {exc}"
    else:
        trace.tool_calls = [_call(record) for record in result.calls]
        trace.rounds = result.rounds
        trace.model = result.model
        trace.answer = result.answer
        return result
    # The calls made before it failed, from the toolbox's own record.
    trace.tool_calls = list(toolbox.records)
    return None


class _Metered:
    """The client, counting every completion's tokens: a turn that fails half-way still
    spends them."""

    def __init__(self, client: ChatCompletionsClient) -> None:
        self.client = client
        self.timeout = client.timeout
        self.usage = Usage()
        self.model = client.model

    def complete(self, *args, **kwargs):
        completion = self.client.complete(*args, **kwargs)
        self.usage += completion.usage
        self.model = completion.model
        return completion

    def close(self) -> None:
        self.client.close()


def _count(trace: AssistantTrace, usage: Usage) -> None:
    trace.prompt_tokens = usage.prompt_tokens
    trace.completion_tokens = usage.completion_tokens
    trace.total_tokens = usage.total_tokens
    trace.tokens_estimated = usage.estimated


def _call(record) -> dict[str, Any]:
    return {
        "name": record.name,
        "arguments": record.arguments,
        "result": record.result,
        "error": record.error,
    }


def _save(trace: AssistantTrace) -> None:
    fields = {
        field.attname: getattr(trace, field.attname)
        for field in AssistantTrace._meta.concrete_fields
        if field.attname not in {"id", "message_id"}
    }
    try:
        with transaction.atomic():
            AssistantTrace.objects.update_or_create(
                message_id=trace.message_id, defaults=fields
            )
    except Exception:  # noqa: BLE001 - a trace never costs the shopper their answer
        logger.exception(
            "Could not store the assistant trace of message %s", trace.message_id
        )


# -- what the built-in assistant keeps --------------------------------------------------
def builtin_owns(
    conversation: Conversation,
    message: Message,
    keyword: str,
    channel_settings: SalesChannelSettings,
) -> str:
    """Why the built-in assistant answers ``message`` without asking the model ("" when
    the model may answer)."""
    text = (message.text or "").strip()
    lowered = " ".join(text.lower().strip(" .!?").split())
    if keyword:
        return f"the keyword {keyword!r}"
    event = decode_event(message.content) if message.content else None
    if event is not None and getattr(event, "kind", None) == InboundKind.ORDER:
        return "a WhatsApp catalog order"
    if event is not None and getattr(event, "reply_id", ""):
        return "a button or list choice"
    if not text:
        return "no text"
    if lowered in GREETINGS:
        return "a greeting"
    words = set(re.findall(r"\w+", lowered))
    padded = " " + " ".join(re.findall(r"\w+", lowered)) + " "
    if words & HANDOVER_WORDS or any(
        isinstance(phrase, str)
        and phrase.strip()
        and " " + " ".join(re.findall(r"\w+", phrase.lower())) + " " in padded
        for phrase in channel_settings.handover_words
    ):
        return "the shopper asked for a person"
    state = ShoppingState.objects.filter(conversation=conversation).first()
    if state is not None:
        if state.step and state.step not in BROWSING:
            return f"the shopping dialogue is waiting for an answer ({state.step})"
        if state.options and match_numbered_reply(text, state.options):
            return "a numbered choice of the shopping dialogue"
    contact = conversation.contact
    if link_account.ASK.search(text) or (
        not contact.user_id and linking.request_is_open(contact)
    ):
        return "account linking"
    return ""


# -- budget -------------------------------------------------------------------------------
def token_budget(
    settings: ModelAssistantSettings,
    conversation: Conversation,
    channel_settings: SalesChannelSettings,
    now=None,
) -> tuple[int, str]:
    """(tokens this turn may use, what was spent when that is nothing)."""
    now = now or timezone.now()
    traces = AssistantTrace.objects
    in_conversation = traces.of_conversation_since(
        conversation.pk, now - CONVERSATION_WINDOW
    ).tokens()
    today = traces.of_channel_today(
        conversation.channel_id, channel_settings.time_zone, now
    ).tokens()
    conversation_left = settings.tokens_per_conversation - in_conversation
    day_left = settings.tokens_per_day - today
    if conversation_left <= day_left:
        spent = (
            f"{in_conversation} of {settings.tokens_per_conversation} tokens in this "
            "conversation in the last 24 hours"
        )
    else:
        spent = (
            f"{today} of {settings.tokens_per_day} tokens in this sales channel today"
        )
    return min(conversation_left, day_left), spent
