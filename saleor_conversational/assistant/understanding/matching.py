"""Scoring a message against the lexicons, the precedence between intents, the slots."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from saleor_conversational.assistant.understanding import de, en, es, fr, nl
from saleor_conversational.assistant.understanding.intents import (
    ABOUT_AN_ORDER,
    CANNOT_FULFIL,
    SOCIAL,
    TASKS,
    Intent,
    Understanding,
)
from saleor_conversational.assistant.understanding.lexicon import Lexicon
from saleor_conversational.assistant.understanding.text import (
    EMAIL,
    HASH_NUMBER,
    Speller,
    Token,
    tokens,
)

LEXICONS: dict[str, Lexicon] = {
    lexicon.language: lexicon
    for lexicon in (en.LEXICON, nl.LEXICON, de.LEXICON, fr.LEXICON, es.LEXICON)
}
LANGUAGES = tuple(LEXICONS)
# Matches in a language other than the conversation's count a little less, so that the
# conversation's language wins a tie.
OTHER_LANGUAGE = 0.95
MIN_SCORE = 0.5
BARE_NUMBER = re.compile(r"^[1-9]\d{0,9}$")  # not "0612345678", a phone number
# The patterns' gaps make time grow with the square of a message's length: of a long
# message only the beginning and the end, where requests are made, are read.
HEAD_WORDS, TAIL_WORDS = 60, 40
# A bare number in the message names an order only for requests about an order, and
# only when it is long enough not to be a quantity or a size.
LOOSE_ORDER_NUMBER = re.compile(r"^\d{3,8}$")
PRODUCT_INTENTS = frozenset({Intent.STOCK, Intent.PRODUCT_SEARCH, Intent.BACK_IN_STOCK})
SKU_WORDS = frozenset(
    """sku skus artikelnummer artikelnr article ref reference referentie code
    codigo""".split()
)


@dataclass(frozen=True)
class Hit:
    intent: Intent
    score: float
    lexicon: Lexicon
    match: re.Match[str]
    query: re.Match[str] | None  # the strongest match that found the product


@dataclass(frozen=True)
class Message:
    text: str
    tokens: tuple[Token, ...]
    norm: str  # the tokens' normal forms joined by single spaces
    starts: tuple[int, ...]  # where each token starts in ``norm``

    def token_range(self, start: int, end: int) -> range:
        first = bisect.bisect_right(self.starts, start) - 1
        last = bisect.bisect_left(self.starts, end)
        return range(max(first, 0), last)


@cache
def speller() -> Speller:
    return Speller(
        {language: lexicon.vocabulary for language, lexicon in LEXICONS.items()},
        frozenset().union(*(lexicon.stems for lexicon in LEXICONS.values())),
    )


@cache
def order_words() -> frozenset[str]:
    return frozenset().union(*(lexicon.order_words for lexicon in LEXICONS.values()))


def lexicon_for(language: str) -> Lexicon | None:
    return LEXICONS.get(language.lower()[:2])


def read(text: str, language: str, mend: bool) -> Message:
    found = tokens(EMAIL.sub(" ", text))
    if len(found) > HEAD_WORDS + TAIL_WORDS:
        found = found[:HEAD_WORDS] + found[-TAIL_WORDS:]
    if mend:
        spell = speller().mend
        found = [Token(t.original, spell(t.norm, language), t.glued) for t in found]
    starts, position = [], 0
    for token in found:
        starts.append(position)
        position += len(token.norm) + 1
    norm = " ".join(token.norm for token in found)
    return Message(text, tuple(found), norm, tuple(starts))


def score(message: Message, own: Lexicon | None) -> dict[Intent, Hit]:
    """Each intent's strongest hit over all lexicons, the conversation's first."""
    scored: dict[Intent, Hit] = {}
    for lexicon in sorted(LEXICONS.values(), key=lambda lex: lex is not own):
        factor = 1.0 if lexicon is own else OTHER_LANGUAGE
        for intent, hit in hits(message, lexicon, factor).items():
            if intent not in scored or hit.score > scored[intent].score:
                scored[intent] = hit
    return scored


def hits(message: Message, lexicon: Lexicon, factor: float) -> dict[Intent, Hit]:
    found = {}
    for intent, cues in lexicon.compiled:
        if not lexicon.any_cue[intent].search(message.norm):
            continue
        best = query = None
        for cue in cues:
            match = cue.pattern.search(message.norm)
            if match is None:
                continue
            if cue.finds_query:
                if intent in PRODUCT_INTENTS and lexicon.compiled_not_products.search(
                    match.group("q")
                ):
                    continue  # "show me my orders" is not a product search
                query = query or match
            best = best or (cue, match)
            if query is not None:
                break
        if best is not None:
            cue, match = best
            found[intent] = Hit(intent, cue.weight * factor, lexicon, match, query)
    return found


def decide(scored: dict[Intent, Hit]) -> Hit | None:
    def strongest(group: tuple[Intent, ...]) -> Hit | None:
        candidates = [
            scored[i] for i in group if i in scored and scored[i].score >= MIN_SCORE
        ]
        # max() keeps the first of equal scores: the group's order breaks ties.
        return max(candidates, key=lambda hit: hit.score, default=None)

    return (
        strongest(CANNOT_FULFIL)
        or strongest((Intent.HUMAN,))
        or strongest(TASKS)
        or strongest(SOCIAL)
    )


def rank(hit: Hit | None) -> tuple[int, float]:
    """How a decision ranks in the precedence: its group, then its score."""
    if hit is None:
        return (-1, 0.0)
    groups = (SOCIAL, TASKS, (Intent.HUMAN,), CANNOT_FULFIL)
    return next(n for n, group in enumerate(groups) if hit.intent in group), hit.score


def understand(text: str, language: str) -> Understanding:
    own = lexicon_for(language)
    conversation_language = own.language if own else "en"
    message = read(text, conversation_language, mend=False)
    best = decide(score(message, own))
    if best is None or best.intent not in CANNOT_FULFIL:
        # Typos mended, the message may ask for more ("how much is shiping", "cancle
        # my order"); a reading with mended words is kept only when it ranks higher,
        # so a product one letter from a lexicon word ("shirt", "short") stays as typed.
        mended = read(text, conversation_language, mend=True)
        if mended.norm != message.norm:
            retry = decide(score(mended, own))
            if rank(retry) > rank(best):
                message, best = mended, retry
    email = EMAIL.search(text)
    email_slot = email.group() if email else ""
    if best is None:
        if BARE_NUMBER.match(message.norm):
            return Understanding(
                Intent.ORDER_STATUS, conversation_language, 0.8, int(message.norm)
            )
        if email_slot and not message.norm.strip():
            return Understanding(
                Intent.LINK_ACCOUNT, conversation_language, 0.6, email=email_slot
            )
        number = order_number(message, Intent.UNKNOWN)
        if number is not None:
            return Understanding(
                Intent.ORDER_STATUS, conversation_language, 0.7, number
            )
        return Understanding(Intent.UNKNOWN, conversation_language, email=email_slot)
    product, sku, size = "", "", ""
    if best.intent in PRODUCT_INTENTS:
        product, sku, size = product_slots(message, best)
    return Understanding(
        best.intent,
        best.lexicon.language,
        round(min(best.score, 1.0), 3),
        order_number(message, best.intent),
        product,
        sku,
        email_slot,
        size,
    )


def order_number(message: Message, intent: Intent) -> int | None:
    marked = HASH_NUMBER.search(message.text)
    if marked:
        return int(marked.group(1))
    numbers = [i for i, token in enumerate(message.tokens) if token.norm.isdigit()]
    for index in numbers:
        if index > 0 and message.tokens[index - 1].norm in order_words():
            if len(message.tokens[index].norm) <= 10:
                return int(message.tokens[index].norm)
    loose = [i for i in numbers if LOOSE_ORDER_NUMBER.match(message.tokens[i].norm)]
    if intent in ABOUT_AN_ORDER and len(loose) == 1:
        return int(message.tokens[loose[0]].norm)
    return None


def product_slots(message: Message, hit: Hit) -> tuple[str, str, str]:
    """(product query, sku, size) of a stock, search or back-in-stock request."""
    lexicon = hit.lexicon
    size, size_tokens = "", set()
    for pattern in lexicon.compiled_sizes:
        found = pattern.search(message.norm)
        if found:
            size_range = message.token_range(*found.span("size"))
            size = " ".join(message.tokens[i].original for i in size_range)
            size_tokens = set(message.token_range(*found.span()))
            break
    if hit.query is not None:
        segments = [list(message.token_range(*hit.query.span("q")))]
    else:  # the words around the cue: "blue hoodie in stock?"
        matched = message.token_range(*hit.match.span())
        segments = [
            list(range(matched.stop, len(message.tokens))),
            list(range(0, matched.start)),
        ]
    trim = lexicon.stop_words | lexicon.query_trim
    for segment in segments:
        # "blue hoodie in size M please": the product ends where the size begins.
        cut = next((n for n, i in enumerate(segment) if i in size_tokens), None)
        kept = segment[:cut] if cut else [i for i in segment if i not in size_tokens]
        units = words_of(message, kept)
        sku_marked = bool(units) and units[0][0].norm in SKU_WORDS
        while units and unit_norm(units[0]) in trim | SKU_WORDS:
            units.pop(0)
        while units and unit_norm(units[-1]) in trim:
            units.pop()
        if not units:
            continue
        if len(units) == 1 and (sku_marked or looks_like_sku(units[0][0].original)):
            return "", units[0][0].original, size
        return query_text(units, lexicon), "", size
    return "", "", size


def looks_like_sku(word: str) -> bool:
    has_digit = any(char.isdigit() for char in word)
    has_letter = any(char.isalpha() for char in word)
    if not has_digit:
        return False
    return (
        not has_letter
        or "-" in word
        or "_" in word
        or (word.isupper() and len(word) >= 5)
    )


def words_of(message: Message, indices: list[int]) -> list[list[Token]]:
    """The tokens at ``indices`` as words: "t" "shirt" glued by a hyphen is one."""
    words: list[list[Token]] = []
    for index in indices:
        token = message.tokens[index]
        if token.glued and words and index - 1 in indices:
            words[-1].append(token)
        else:
            words.append([token])
    return words


def unit_norm(word: list[Token]) -> str:
    return "-".join(token.norm for token in word)


def query_text(words: list[list[Token]], lexicon: Lexicon) -> str:
    lowered = ["-".join(token.original.lower() for token in word) for word in words]
    if lexicon.head_first:
        for index, word in enumerate(words):
            if unit_norm(word) in lexicon.stop_words:
                break
            lowered[index] = lexicon.singular(lowered[index])
    else:
        lowered[-1] = lexicon.singular(lowered[-1])
    return " ".join(lowered)
