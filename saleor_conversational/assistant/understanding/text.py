"""From a shopper's message to matchable words: folding, contractions, tokens, typos.

A message becomes a list of ``Token``s, each keeping the shopper's own word (for the
slots: "Leinenhemd", "SKU-123") beside its normal form (lower case, accents folded,
typos mended) that the lexicons match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})*\.[a-z]{2,63}\b", re.I)
HASH_NUMBER = re.compile(r"#\s?(\d{1,10})\b")
# Words, with SKUs and hyphenated words kept together ("SKU-123", "t-shirt").
WORD = re.compile(r"\w+(?:[-/]\w+)*")
# After a hyphen, these French clitics are words of their own: "est-ce", "vais-je".
CLITICS = frozenset(
    "je tu il elle on nous vous ils elles ce moi toi le la les lui leur y en ci".split()
)
APOSTROPHE = re.compile(r"[’‘`´ʼ]")
_SPECIAL_FOLDS = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l"})

# Apostrophe forms, most specific first; all case-insensitive.
CONTRACTIONS = tuple(
    (re.compile(pattern, re.I), replacement)
    for pattern, replacement in (
        (r"\bcan't\b", "can not"),
        (r"\bwon't\b", "will not"),
        (r"\bshan't\b", "shall not"),
        (r"(\w)n't\b", r"\1 not"),
        (r"\bi'm\b", "i am"),
        (r"(\w)'re\b", r"\1 are"),
        (r"(\w)'ll\b", r"\1 will"),
        (r"(\w)'ve\b", r"\1 have"),
        (r"\b(i|you|he|she|we|they)'d\b", r"\1 would"),
        (r"\blet's\b", "let us"),
        (r"\b(where|what|who|how|it|that|there|here|when|why|she|he)'s\b", r"\1 is"),
        (r"\bda's\b", "dat is"),  # nl
        (r"\bm'n\b", "mijn"),
        (r"\bz'n\b", "zijn"),
        (r"\bd'r\b", "haar"),
        (r"(?<!\w)'t\b", "het"),
        (r"\b(gibt|geht|ist|war|hat|wie|wann|wo)'s\b", r"\1 es"),  # de
        (r"(\w)'s\b", r"\1 s"),  # possessive: "wife's" -> "wife s"
        (r"\b(qu|jusqu|lorsqu|puisqu|[ljdcnmst])'", r"\1 "),  # fr elision
        (r"'", " "),
    )
)


def fold(text: str) -> str:
    """Lower case without accents: "Envío" -> "envio", "Größe" -> "grosse"."""
    text = text.lower().translate(_SPECIAL_FOLDS)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@dataclass(frozen=True)
class Token:
    original: str  # the shopper's spelling, case and accents kept
    norm: str  # folded, typo mended: what the lexicons match
    glued: bool = False  # joined to the token before by a hyphen ("t" "shirt")


def expand_contractions(text: str) -> str:
    text = APOSTROPHE.sub("'", text)
    for pattern, replacement in CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return text


def tokens(text: str) -> list[Token]:
    """The message's words; emails are taken out beforehand (see ``EMAIL``)."""
    found = []
    for match in WORD.finditer(expand_contractions(text)):
        word = match.group()
        parts = word.replace("/", "-").split("-")
        keep_whole = (
            len(parts) > 1
            and any(char.isdigit() for char in word)
            and any(char.isalpha() for char in word)
        )
        if len(parts) == 1 or keep_whole:
            found.append(Token(word, fold(word)))
            continue
        if fold(parts[-1]) in CLITICS or fold(parts[0]) in CLITICS - {"t"}:
            found.extend(Token(part, fold(part)) for part in parts if part)
            continue
        found.extend(
            Token(part, fold(part), glued=index > 0)
            for index, part in enumerate(parts)
            if part
        )
    return found


def distance_at_most_one(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by one insertion, deletion, substitution or swap of
    neighbours (optimal string alignment distance <= 1)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    start = 0
    while start < len(a) and a[start] == b[start]:
        start += 1
    if len(a) < len(b):
        return a[start:] == b[start + 1 :]
    if a[start + 1 :] == b[start + 1 :]:
        return True
    return (
        start + 1 < len(a)
        and a[start] == b[start + 1]
        and a[start + 1] == b[start]
        and a[start + 2 :] == b[start + 2 :]
    )


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Speller:
    """Mends a word one typo away from a lexicon word ("bestlling" -> "bestelling",
    "ordr" -> "order").

    Only lexicon words of at least ``MIN_TARGET`` letters of the conversation's
    language or English are targets, the first letter must be right (typos rarely hit
    it, and "jacket" must not become "packet"), and a word that any lexicon knows, or
    that begins with a stem a cue takes with any ending, is never changed. Lookup is
    by single deletions (symmetric delete), then checked exactly.
    """

    MIN_TARGET = 5
    MIN_WORD = 4
    ALWAYS = "en"  # the dialogue's commands are English in every conversation

    def __init__(
        self, vocabularies: dict[str, Iterable[str]], stems: Iterable[str] = ()
    ):
        self.known: set[str] = set()
        self.stems = frozenset(stems)
        self.by_deletion: dict[str, set[str]] = {}
        self.language_of: dict[str, set[str]] = {}
        for language, words in vocabularies.items():
            for word in words:
                self.known.add(word)
                if len(word) < self.MIN_TARGET or not word.isalpha():
                    continue
                self.language_of.setdefault(word, set()).add(language)
                for key in _deletions(word) | {word}:
                    self.by_deletion.setdefault(key, set()).add(word)

    def is_known(self, word: str) -> bool:
        return word in self.known or any(
            word[:length] in self.stems for length in range(4, len(word) + 1)
        )

    def mend(self, word: str, language: str) -> str:
        if len(word) < self.MIN_WORD or not word.isalpha() or self.is_known(word):
            return word
        candidates = set()
        for key in _deletions(word) | {word}:
            candidates |= self.by_deletion.get(key, set())
        close = sorted(
            candidate
            for candidate in candidates
            if candidate[0] == word[0]
            and self.language_of[candidate] & {language, self.ALWAYS}
            # A four-letter word is only mended by a letter left out ("ordr").
            and (len(word) > self.MIN_WORD or len(candidate) > len(word))
            and distance_at_most_one(word, candidate)
        )
        if not close:
            return word
        own = [
            candidate for candidate in close if language in self.language_of[candidate]
        ]
        return (own or close)[0]
