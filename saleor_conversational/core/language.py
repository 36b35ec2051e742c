"""Which language to reply in: the shopper's message, else their profile, else the channel.

``identify`` tells the language of a short chat message among the shop's languages with
Lingua (``lingua-language-detector``, models bundled in its wheel, nothing downloaded),
or abstains; ``resolve_language`` applies the fallback order. Django-free.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lingua import LanguageDetector

SUPPORTED_LANGUAGES = ("en", "nl", "de", "fr", "es")

# Tuned on bench/language_messages.py (python bench/language_id.py --sweep), not on
# the unit tests' messages: the margin with the least 10 x wrong + abstained over the
# bench's candidate sets (no wrong answer there, 3.5 % abstained). The confidences sum
# to 1, so the margin also sets a floor on the top one: 0.60 with two candidates, 0.36
# with five; a separate floor changed nothing below 0.35 and only abstained more above.
MIN_MARGIN = 0.20
# Leaving the language a conversation is in takes more: a message that is only a product
# name ("linen shirt": German 0.48, Dutch 0.19) must not switch an English chat.
SWITCH_MARGIN = 0.40
# Fewer letters than this in what is judged ("5 x XL" leaves "x") tell nothing.
MIN_LETTERS = 3

# Said as-is in chat whatever the shopper's language, or spelled the same in two or more
# of SUPPORTED_LANGUAGES: they tell nothing, and they are left out of what is detected
# ("hallo, waar is mijn pakket" is judged on "waar is mijn pakket").
UNIVERSAL_TOKENS = frozenset(
    {
        # greetings and acknowledgements
        "ok", "okay", "oke", "oké", "okey", "okidoki", "k", "kk",
        "hi", "hey", "hello", "hallo", "hoi", "ciao", "bye",
        "thx", "tx", "ty", "merci", "sorry", "pardon", "pls", "plz", "asap", "btw", "np",
        "super", "top", "cool", "perfect", "nice", "yes", "ja", "si", "no",
        "lol", "haha", "hahaha", "xd", "omg", "wow", "hmm", "ah", "oh", "eh", "uh",
        # chat keywords, units, sizes, brands and food shared by every language
        "stop", "start", "info", "help", "menu", "test", "order",
        "xs", "s", "m", "l", "xl", "xxl", "xxxl", "cm", "mm", "kg", "gb", "tb",
        "eur", "euro", "euros", "usd",
        "iphone", "ipad", "samsung", "nike", "adidas", "air", "pro", "max", "mini",
        "paypal", "ideal", "klarna",
        "pizza", "sushi", "pasta",
    }
)  # fmt: skip

_LINGUA_NAMES = {
    "en": "ENGLISH",
    "nl": "DUTCH",
    "de": "GERMAN",
    "fr": "FRENCH",
    "es": "SPANISH",
}
# A link, an email address, a @handle or #reference, or a token holding a digit (order
# numbers, phone numbers, prices, "1m80", "256gb").
_NOT_WORDS = re.compile(
    r"(?:https?://|www\.)\S+|\S+@\S+|[#@]\S+|\S*\d\S*", re.IGNORECASE
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")

_detectors: dict[frozenset[str], LanguageDetector] = {}
_detectors_lock = threading.Lock()


def normalize_language_code(code: str) -> str:
    """The lowercase base language of a code: "nl-NL", "NL", "nl_BE" -> "nl"."""
    return re.split(r"[-_]", code.strip(), maxsplit=1)[0].lower()


def identify(
    text: str, candidates: Iterable[str], min_margin: float = MIN_MARGIN
) -> str | None:
    """The language of ``text`` among ``candidates`` when it can be told, else None.

    Only the candidates in SUPPORTED_LANGUAGES count (codes are normalized first); with
    fewer than two of them there is nothing to tell apart and the answer is None.

    The text is reduced to its words: links, email addresses, @handles, #references,
    tokens holding a digit, emoji and punctuation go, and so do UNIVERSAL_TOKENS. None
    when fewer than MIN_LETTERS letters are left (empty text, "ok 👍", "#1234",
    "pizza", "5 x XL").

    Lingua then gives each candidate a confidence (they sum to 1). The top candidate is
    the answer when its confidence exceeds the second's by at least MIN_MARGIN (0.20:
    with two candidates, top >= 0.60); otherwise the text is too short or too ambiguous
    to be sure and the answer is None, so that the caller falls back to the shopper's
    profile language: a reply in the wrong language is worse than a fallback.
    """
    languages = _supported(candidates)
    if len(languages) < 2:
        return None
    words = detectable_words(text)
    if sum(character.isalpha() for character in words) < MIN_LETTERS:
        return None
    confidences = detector_for(languages).compute_language_confidence_values(words)
    top, second = confidences[0], confidences[1]
    if top.value - second.value < min_margin:
        return None
    return top.language.iso_code_639_1.name.lower()


def ranked(text: str, candidates: Iterable[str]) -> list[str]:
    """The supported candidates, likeliest first for ``text`` ([] when nothing is
    judged: fewer than two candidates, or fewer than MIN_LETTERS letters)."""
    languages = _supported(candidates)
    words = detectable_words(text)
    if len(languages) < 2 or sum(c.isalpha() for c in words) < MIN_LETTERS:
        return []
    confidences = detector_for(languages).compute_language_confidence_values(words)
    return [value.language.iso_code_639_1.name.lower() for value in confidences]


def detectable_words(text: str) -> str:
    """The words of ``text`` that ``identify`` judges, joined by spaces ("" if none)."""
    return " ".join(
        word
        for word in _WORD.findall(_NOT_WORDS.sub(" ", text))
        if word.lower() not in UNIVERSAL_TOKENS
    )


def resolve_language(
    message_text: str,
    candidates: Iterable[str],
    customer_language: str = "",
    channel_language: str = "",
    default: str = "en",
) -> str:
    """The language to reply in, the first of:

    1. the language of ``message_text`` when ``identify`` tells it among ``candidates``;
    2. ``customer_language`` (normalized: "nl-NL" -> "nl") if it is a candidate;
    3. ``channel_language`` (normalized) if it is a candidate;
    4. ``default``, as given.

    A candidate is a code of ``candidates`` after normalization; the candidates are not
    restricted to SUPPORTED_LANGUAGES here (only ``identify`` is).
    """
    candidate_codes = {normalize_language_code(code) for code in candidates}
    identified = identify(message_text, candidate_codes)
    if identified is not None:
        return identified
    for code in (customer_language, channel_language):
        base = normalize_language_code(code or "")
        if base and base in candidate_codes:
            return base
    return default


def detector_for(languages: Iterable[str]) -> LanguageDetector:
    """The cached Lingua detector for these supported language codes (any order).

    Built once per set of languages and safe to call from several threads. Lingua
    pages its models in on first use: the first call takes some 30 ms, and five
    languages' models add under 30 MiB, shared by every detector of the process.
    """
    key = frozenset(languages)
    detector = _detectors.get(key)
    if detector is not None:
        return detector
    with _detectors_lock:
        detector = _detectors.get(key)
        if detector is None:
            detector = _build_detector(key)
            _detectors[key] = detector
    return detector


def _build_detector(codes: frozenset[str]) -> LanguageDetector:
    unsupported = codes.difference(SUPPORTED_LANGUAGES)
    if unsupported or len(codes) < 2:
        raise ValueError(
            f"a detector needs two or more of {SUPPORTED_LANGUAGES}, got {sorted(codes)}"
        )
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, _LINGUA_NAMES[code]) for code in sorted(codes)]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def _supported(candidates: Iterable[str]) -> frozenset[str]:
    return frozenset(
        code
        for code in map(normalize_language_code, candidates)
        if code in SUPPORTED_LANGUAGES
    )


def pick_language(*codes: str) -> str:
    """The first of ``codes`` (normalized) that the plugin has texts in, else "en"."""
    for code in codes:
        base = normalize_language_code(code or "")
        if base in SUPPORTED_LANGUAGES:
            return base
    return "en"
