"""A language's words for the intents, and how a cue pattern is written.

Cue patterns match the message's normal form: folded words ("envio", "grosse")
separated by single spaces, contractions expanded ("where is", "c est", "j ai"),
possessive "'s" as its own word ("my wife s order"). Besides plain regular
expressions a pattern may use:

- ``{name}``: the lexicon's word class ``name`` (an alternation, may use others);
- `` ~ `` between words: up to 4 words in between, `` ~~ `` up to 8;
- ``<q>``: the product looked for (the ``product_query`` slot).

A pattern matches whole words only (it is wrapped in word boundaries). A lexicon lists
an intent's cues as lines of text, ``<weight> <pattern>``, the weight (0..1) saying how
surely the pattern shows the intent; an indented line continues the line before it,
``#`` starts a comment line, and a pattern's top-level alternatives (``a|b``) are cues
of their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from saleor_conversational.assistant.understanding.intents import Intent

GAP = r"(?: \S+){0,4} "
LONG_GAP = r"(?: \S+){0,8} "
QUERY_LAZY = r"(?P<q>\S+(?: \S+)*?)"
QUERY_GREEDY = r"(?P<q>\S+(?: \S+)*)"
WORD_CLASS = re.compile(r"\{([a-z_]\w*)\}")
LITERAL_WORD = re.compile(r"[a-z]{3,}")
OPTIONAL_LETTER = re.compile(r"([a-z]{3,})([a-z])\?")
WILDCARD_STEM = re.compile(r"([a-z]{4,})\\S\*")


def joined_lines(text: str) -> list[str]:
    """The cue lines of ``text``; an indented line continues the one before it (the
    line break stands for one space)."""
    lines: list[str] = []
    for line in text.strip("\n").splitlines():
        if line[:1].isspace() and lines:
            lines[-1] += " " + line.strip()
        else:
            lines.append(line.strip())
    return lines


def top_level_alternatives(pattern: str) -> list[str]:
    """ "a|b (?:c|d)" -> ["a", "b (?:c|d)"]: each alternative is a cue of its own, so
    that ``<q>`` at the end of one takes the rest of the message."""
    alternatives, depth, current, escaped = [], 0, "", False
    for char in pattern:
        if escaped:
            current, escaped = current + char, False
            continue
        if char == "\\":
            escaped = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            alternatives.append(current)
            current = ""
            continue
        current += char
    return alternatives + [current]


@dataclass(frozen=True)
class Cue:
    intent: Intent
    weight: float
    pattern: re.Pattern[str]
    finds_query: bool


@dataclass(frozen=True, eq=False)
class Lexicon:
    language: str
    words: Mapping[str, str]
    cues: Mapping[Intent, str]
    # Folded words left out of ``keywords`` and trimmed off the ends of a product query.
    stop_words: frozenset[str]
    # More words trimmed off the ends of a product query ("please", "stock", "still").
    query_trim: frozenset[str] = frozenset()
    # Regexes with a group ``size``: "in size M", "maat 38".
    sizes: tuple[str, ...] = ()
    # A "product" holding one of these words is not a product: "show me my orders".
    not_products: str = r"$^"
    # A number right after one of these words names an order: "bestelling 1234".
    order_words: frozenset[str] = frozenset()
    # French and Spanish put the head noun first: "chemises en lin".
    head_first: bool = False
    singular: Callable[[str], str] = str
    stem: Callable[[str], str] = str
    extra_vocabulary: frozenset[str] = field(default_factory=frozenset)

    def cue_lines(self) -> list[tuple[Intent, str, float]]:
        found = []
        for intent, text in self.cues.items():
            for line in joined_lines(text):
                if line and not line.startswith("#"):
                    weight, pattern = line.split(None, 1)
                    for alternative in top_level_alternatives(pattern):
                        if alternative.count("<q>") > 1:
                            raise ValueError(f"one <q> per alternative: {pattern!r}")
                        found.append((intent, alternative, float(weight)))
        return found

    def expand(self, pattern: str) -> str:
        source = pattern.replace(" ~~ ", LONG_GAP).replace(" ~ ", GAP)
        for _ in range(3):  # word classes may use other word classes
            source = WORD_CLASS.sub(
                lambda m: "(?:" + self.words[m.group(1)] + ")", source
            )
        if "~" in source:
            raise ValueError(f"a gap needs a space on both sides: {pattern!r}")
        before, found, after = source.partition("<q>")
        if not found:
            return source
        # At the end the product takes the rest; elsewhere as little as will do.
        return before + (QUERY_GREEDY if after in ("", "$") else QUERY_LAZY) + after

    @cached_property
    def compiled(self) -> tuple[tuple[Intent, tuple[Cue, ...]], ...]:
        """Per intent, its cues strongest first."""
        by_intent: dict[Intent, list[Cue]] = {}
        for intent, pattern, weight in self.cue_lines():
            regex = re.compile(r"(?<!\S)(?:" + self.expand(pattern) + r")(?!\S)")
            cue = Cue(intent, weight, regex, "<q>" in pattern)
            by_intent.setdefault(intent, []).append(cue)
        compiled = [
            (intent, tuple(sorted(cues, key=lambda cue: -cue.weight)))
            for intent, cues in by_intent.items()
        ]
        return tuple(compiled)

    @cached_property
    def any_cue(self) -> dict[Intent, re.Pattern[str]]:
        """Per intent, one pattern matching where any of its cues does: most intents
        do not match a given message, and one search rules all their cues out."""
        sources: dict[Intent, list[str]] = {}
        for intent, pattern, _ in self.cue_lines():
            source = self.expand(pattern).replace("(?P<q>", "(?:")
            sources.setdefault(intent, []).append(source)
        return {
            intent: re.compile(r"(?<!\S)(?:" + "|".join(alternatives) + r")(?!\S)")
            for intent, alternatives in sources.items()
        }

    @cached_property
    def compiled_sizes(self) -> tuple[re.Pattern[str], ...]:
        return tuple(
            re.compile(r"(?<!\S)(?:" + self.expand(size) + r")(?!\S)")
            for size in self.sizes
        )

    @cached_property
    def compiled_not_products(self) -> re.Pattern[str]:
        return re.compile(r"(?<!\S)(?:" + self.expand(self.not_products) + r")(?!\S)")

    @cached_property
    def stems(self) -> frozenset[str]:
        """Word beginnings the cues take with any ending ("parti" of ``parti\\S*``)."""
        sources = [self.expand(pattern) for _, pattern, _ in self.cue_lines()]
        sources += list(self.words.values())
        return frozenset(
            stem for source in sources for stem in WILDCARD_STEM.findall(source)
        )

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """Every word the cues spell out, for mending typos towards them."""
        words = set(self.stop_words | self.query_trim | self.extra_vocabulary)
        sources = [self.expand(pattern) for _, pattern, _ in self.cue_lines()]
        sources += list(self.words.values())
        for source in sources:
            words.update(LITERAL_WORD.findall(source))
            for stem, last in OPTIONAL_LETTER.findall(source):
                words.update((stem, stem + last))
        return frozenset(words)
