"""The language the assistant replies in, for one inbound message.

The shop's languages are those the merchant chose for the sales channel
(``SalesChannelSettings.languages``; by default all five the plugin speaks). The reply
is in one of them, first to last:

1. the message's own language, when Lingua tells it among them with confidence
   (``core.language.identify``); leaving the language the conversation is in (the
   first of 2 to 4) takes two words or more and a clearer margin (``SWITCH_MARGIN``),
   or a request understood in words of a language Lingua ranks first or second; an
   answer to the assistant's own question never does;
2. the language this contact wrote in last (remembered on the contact, so "ok" after a
   Dutch conversation is answered in Dutch);
3. the Saleor customer's ``languageCode``, for a linked contact;
4. the sales channel's language.
"""

from __future__ import annotations

from saleor_conversational.assistant.understanding import Intent, understand
from saleor_conversational.core.language import (
    SWITCH_MARGIN,
    detectable_words,
    identify,
    normalize_language_code,
    ranked,
)
from saleor_conversational.models import Contact, SalesChannelSettings

MIN_SWITCH_WORDS = 2


def reply_language(
    contact: Contact,
    text: str,
    channel_settings: SalesChannelSettings,
    answers_a_question: bool = False,
) -> str:
    """The language to answer ``text`` in (see the module's order), remembering a
    language told from the message on the contact.

    ``answers_a_question``: the message answers the assistant's own question (a button
    or list reply, an address line, a name): it keeps the conversation's language,
    whatever "Amsterdam" or "DHL" look like.
    """
    languages = channel_settings.reply_languages()
    user_language = contact.user.language_code if contact.user_id else ""
    current = next(
        (
            base
            for base in map(
                normalize_language_code, (contact.language_code or "", user_language)
            )
            if base in languages
        ),
        languages[0],
    )
    if answers_a_question:
        return current
    told = identify(text, languages)
    if told != current:
        # Leaving the conversation's language needs a clearer message of two words or
        # more: one word is too often a name ("Madrid", "DHL") or a loan word. Lingua
        # is clear, or the request's own words are of a language Lingua ranks in its
        # first two ("que contient mon panier": French 0.46, "panier" a French cue).
        told = None
        if len(detectable_words(text).split()) >= MIN_SWITCH_WORDS:
            told = identify(text, languages, min_margin=SWITCH_MARGIN)
            if told is None:
                told = _told_by_its_words(text, current, languages)
    if told is None:
        return current
    if normalize_language_code(contact.language_code or "") != told:
        contact.language_code = told
        Contact.objects.filter(pk=contact.pk).update(language_code=told)
    return told


def _told_by_its_words(text: str, current: str, languages: list[str]) -> str | None:
    understood = understand(text, current)
    if (
        understood.intent != Intent.UNKNOWN
        and understood.language != current
        and understood.language in ranked(text, languages)[:2]
    ):
        return understood.language
    return None
