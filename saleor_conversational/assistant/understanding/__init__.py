"""Understanding shoppers' messages without an external service or a model.

``understand(text, language)`` tells which request a message makes (``Intent``) and
picks out its slots (order number, product, SKU, email, size), in English, Dutch,
German, French and Spanish, from the words shoppers use. Requests the assistant cannot
fulfil (change an address, cancel, return, complain, someone else's data) are
recognised as such and win over everything else. ``keywords(text, language)`` gives a
message's content words, for matching the merchant's FAQ entries.
"""

from __future__ import annotations

from saleor_conversational.assistant.understanding.intents import Intent, Understanding
from saleor_conversational.assistant.understanding.matching import (
    LANGUAGES,
    lexicon_for,
    understand,
)
from saleor_conversational.assistant.understanding.text import EMAIL, tokens

__all__ = ["LANGUAGES", "Intent", "Understanding", "keywords", "understand"]


def keywords(text: str, language: str) -> set[str]:
    """The content words of ``text``: folded ("envío" -> "envio"), the language's stop
    words left out, plurals and common endings cut ("verzendkosten" -> "verzendkost").

    Apply it to both sides (the FAQ entry's keywords and the message) and compare the
    sets. A language other than the five keeps all words, folded.
    """
    lexicon = lexicon_for(language)
    found = set()
    for token in tokens(EMAIL.sub(" ", text)):
        word = token.norm
        if len(word) < 2 or (lexicon is not None and word in lexicon.stop_words):
            continue
        found.add(lexicon.stem(word) if lexicon is not None else word)
    return found
