"""The claims of a text: what an answer states that the facts must back.

``find_claims`` reads a text once, kind by kind (links, product names, dates, money,
clock times, order numbers, codes, stock phrases, weekdays, relative days, then every
other number), and takes each claim's span so that no later kind reads it again: the
"12" of "€12.50" is an amount, not also a number. Text is folded (lower case, accents
away, one character for one) before it is matched; numbers and dates keep every
reading the language allows. The same reading serves the answer and, ``lenient``,
the facts, so a fact quoted word for word backs itself.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from saleor_conversational.assistant.model.claim_patterns import (
    CURRENCY_CODES,
    CURRENCY_SIGNS,
    CURRENCY_WORDS,
    MONTHS,
    MORNING_BEFORE,
    NEGATIONS,
    NUMBER_WITH_UNIT,
    PATTERNS,
    RELATIVE_DAYS,
    STOCK_POSITIVE,
    WEEKDAYS,
)

_SAME_LENGTH_REPLACEMENTS = {"’": "'", "‘": "'", "–": "-", "—": "-", "‑": "-"}


def _fold_char(char: str) -> str:
    char = _SAME_LENGTH_REPLACEMENTS.get(char, char)
    decomposed = unicodedata.normalize("NFD", char)
    if len(decomposed) > 1 and all(unicodedata.combining(c) for c in decomposed[1:]):
        char = decomposed[0]
    lower = char.lower()
    return lower if len(lower) == 1 else char


class _FoldTable(dict[int, str]):
    """str.translate's table, filled in as characters are first seen."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower case without accents, one character for one, so spans stay aligned."""
    return text.translate(_FOLD_TABLE)


def words_of(text: str) -> list[str]:
    return PATTERNS["word"].findall(text)


class _Text:
    """A folded text whose spans are taken, claim by claim, so none is read twice."""

    def __init__(self, text: str) -> None:
        self.original = text
        self.folded = fold(text)
        self._taken = bytearray(len(text))

    def matches(self, pattern: str) -> Iterable[re.Match[str]]:
        for match in PATTERNS[pattern].finditer(self.folded):
            start, end = match.span()
            if end > start and self.free(start, end):
                yield match

    def free(self, start: int, end: int) -> bool:
        return self._taken.find(1, start, end) == -1

    def take(self, match: re.Match[str] | tuple[int, int]) -> str:
        start, end = match.span() if isinstance(match, re.Match) else match
        self._taken[start:end] = b"\x01" * (end - start)
        return self.original[start:end].strip().rstrip(".,;:")


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _number_readings(
    text: str, language: str, *, money: bool, lenient: bool
) -> set[Decimal]:
    """The values a written number can have: one, unless ``lenient`` and ambiguous."""
    digits = re.sub(r"[\s']", "", text)
    separators = [c for c in digits if c in ".,"]
    if not separators:
        value = _decimal(digits)
        return {value} if value is not None else set()
    last = max(digits.rfind("."), digits.rfind(","))
    as_decimal = re.sub(r"[.,]", "", digits[:last]) + "." + digits[last + 1 :]
    as_grouped = re.sub(r"[.,]", "", digits)
    if len(set(separators)) == 2:
        readings = [as_decimal]  # 1.299,00 or 1,299.00: the last one is the decimal
    elif len(separators) > 1:
        readings = [as_grouped]  # 1.299.000
    elif len(digits) - last - 1 != 3:
        readings = [as_decimal]  # 12,50 or 12.5
    elif lenient:
        readings = [as_grouped, as_decimal]
    elif money:
        readings = [as_grouped]  # €1.299: amounts have no three decimals
    else:
        grouping = "," if language == "en" else "."
        readings = [as_grouped if separators[0] == grouping else as_decimal]
    return {v for v in map(_decimal, readings) if v is not None}


def valid_date(year: int | None, month: int, day: int) -> bool:
    try:
        datetime.date(year or 2000, month, day)  # 2000: a leap year, 29 Feb is valid
    except ValueError:
        return False
    return True


def _year(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text)
    return year + 2000 if year < 100 else year


@dataclasses.dataclass
class Claims:
    links: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    names: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    # (shown, readings of (year or None, month, day), ambiguous)
    dates: list[tuple[str, list[tuple[int | None, int, int]], bool]] = (
        dataclasses.field(default_factory=list)
    )
    month_years: list[tuple[str, tuple[int, int]]] = dataclasses.field(
        default_factory=list
    )
    weekdays: list[tuple[str, int]] = dataclasses.field(default_factory=list)
    relative_days: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    # (shown, (hour, minute), only an hour: "14h", "14 Uhr", which may be a duration)
    times: list[tuple[str, tuple[int, int], bool]] = dataclasses.field(
        default_factory=list
    )
    money: list[tuple[str, set[Decimal], str | None]] = dataclasses.field(
        default_factory=list
    )
    orders: list[tuple[str, Decimal]] = dataclasses.field(default_factory=list)
    codes: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    stock: list[tuple[str, bool, str]] = dataclasses.field(default_factory=list)
    numbers: list[tuple[str, set[Decimal]]] = dataclasses.field(default_factory=list)
    currencies: set[str] = dataclasses.field(default_factory=set)


def find_claims(
    text: str, language: str, names: dict[str, list[tuple[str, ...]]], *, lenient: bool
) -> Claims:
    """Every claim in ``text``. ``lenient`` (for facts) keeps every reading of an
    ambiguous number or date; for answers, the language decides."""
    found = Claims()
    doc = _Text(text)
    for kind in ("url", "email"):
        for match in doc.matches(kind):
            start, end = match.span()
            while end > start and doc.folded[end - 1] in ".,;:!?":
                end -= 1
            found.links.append((doc.take((start, end)), doc.folded[start:end]))
    if names:
        _find_names(doc, names, found)
    _find_dates(doc, language, found, lenient)
    _find_money(doc, language, found, lenient)
    _find_times(doc, found)
    for match in doc.matches("order"):
        found.orders.append((doc.take(match), Decimal(match["num"])))
    for match in doc.matches("code"):
        token = match.group().replace("-", "")
        has_digit = any(c.isdigit() for c in token)
        has_letter = any(c.isalpha() for c in token)
        if len(token) >= 8 and has_digit:
            found.codes.append((doc.take(match), token.upper()))
        elif has_digit and has_letter and not NUMBER_WITH_UNIT.match(token):
            doc.take(match)  # "A4", "iPhone15": a model name, not a number claim
    _find_stock(doc, language, found)
    for match in doc.matches("weekday"):
        found.weekdays.append((doc.take(match), WEEKDAYS[match["w"]]))
    for match in doc.matches("relative"):
        before = words_of(doc.folded[max(0, match.start() - 12) : match.start()])
        if before and before[-1] in MORNING_BEFORE:
            continue
        found.relative_days.append((doc.take(match), RELATIVE_DAYS[match["r"]]))
    for match in doc.matches("number"):
        readings = _number_readings(
            match.group(), language, money=False, lenient=lenient
        )
        found.numbers.append((doc.take(match), readings))
    return found


def _find_names(
    doc: _Text, names: dict[str, list[tuple[str, ...]]], found: Claims
) -> None:
    tokens = list(PATTERNS["word"].finditer(doc.folded))
    index = 0
    while index < len(tokens):
        for name in names.get(tokens[index].group(), ()):
            end = index + len(name)
            span = (tokens[index].start(), tokens[min(end, len(tokens)) - 1].end())
            if (
                end <= len(tokens)
                and tuple(t.group() for t in tokens[index:end]) == name
                and doc.free(*span)
            ):
                found.names.append((doc.take(span), " ".join(name)))
                index = end
                break
        else:
            index += 1


def _find_dates(doc: _Text, language: str, found: Claims, lenient: bool) -> None:
    # Text that is no valid date ("33 mei", "2026-13-45") is left to the number check.
    for match in doc.matches("iso_date"):
        reading = (int(match["y"]), int(match["m"]), int(match["d"]))
        if not valid_date(*reading):
            continue
        found.dates.append((doc.take(match), [reading], False))
        if match["hh"]:
            clock = (int(match["hh"]), int(match["mm"]))
            found.times.append((match.group(), clock, False))
    for match in doc.matches("numeric_date"):
        first, second, year = int(match["a"]), int(match["b"]), _year(match["y"])
        day_first = (year, second, first)
        month_first = (year, first, second)
        if lenient or language == "en":
            # English has both orders; the facts could be written in either.
            readings = [r for r in (day_first, month_first) if valid_date(*r)]
        else:
            readings = [day_first] if valid_date(*day_first) else []
        ambiguous = not lenient and len(readings) == 2 and first != second
        if readings:
            found.dates.append((doc.take(match), readings, ambiguous))
    for pattern in ("day_month", "month_year", "month_day"):
        for match in doc.matches(pattern):
            month = MONTHS[match["mon"].rstrip(".")]
            year = _year(match.groupdict().get("y"))
            if pattern == "month_year":
                assert year is not None
                found.month_years.append((doc.take(match), (year, month)))
            elif valid_date(year, month, int(match["d"])):
                reading = (year, month, int(match["d"]))
                found.dates.append((doc.take(match), [reading], False))


def _currency(sign: str) -> str:
    sign = sign.strip()
    return CURRENCY_SIGNS.get(sign) or CURRENCY_WORDS.get(sign) or sign.upper()


def _find_money(doc: _Text, language: str, found: Claims, lenient: bool) -> None:
    for pattern in ("money_before", "money_after"):
        for match in doc.matches(pattern):
            currency = _currency(match["cur"])
            amount = match["amt"].rstrip()
            readings = _number_readings(amount, language, money=True, lenient=lenient)
            found.money.append((doc.take(match), readings, currency))
            found.currencies.add(currency)
    for sign in CURRENCY_SIGNS:
        if sign in doc.folded:
            found.currencies.add(CURRENCY_SIGNS[sign])
    for word in words_of(doc.folded):
        if word in CURRENCY_CODES or word in CURRENCY_WORDS:
            found.currencies.add(_currency(word))


def _find_times(doc: _Text, found: Claims) -> None:
    for match in doc.matches("clock_12h"):
        hour = int(match["h"]) % 12 + (12 if match["ap"] == "p" else 0)
        found.times.append((doc.take(match), (hour, int(match["m"] or 0)), False))
    for match in doc.matches("clock"):
        minute = match["m"] or match["fm"] or match["dm"]
        clock = (int(match["h"]), int(minute or 0))
        found.times.append((doc.take(match), clock, minute is None))


def _find_stock(doc: _Text, language: str, found: Claims) -> None:
    negations = NEGATIONS[language] | NEGATIONS["en"]
    for match in doc.matches("stock"):
        phrase = match["s"]
        positive = phrase in STOCK_POSITIVE
        clause_start = max(
            doc.folded.rfind(mark, 0, match.start()) for mark in ".;!?,:\n"
        )
        before = words_of(doc.folded[clause_start + 1 : match.start()])
        negated = bool(negations & set(before[-3:]))
        if negated:
            positive = not positive
        clause_end = min(
            (
                i
                for i in (doc.folded.find(m, match.end()) for m in ".;!?,:\n")
                if i >= 0
            ),
            default=len(doc.folded),
        )
        after = words_of(doc.folded[match.end() : clause_end])
        quoted = " ".join([*before[-2:], *words_of(phrase), *after[:2]])
        shown = repr(doc.take(match)) + (", negated," if negated else "")
        found.stock.append((shown, positive, quoted))


@functools.lru_cache(maxsize=8)
def name_index(catalogue_names: tuple[str, ...]) -> dict[str, list[tuple[str, ...]]]:
    """Product names as word sequences, by first word, longest first; a shop passes
    the same catalogue turn after turn."""
    names: dict[str, list[tuple[str, ...]]] = {}
    for name in catalogue_names:
        words = tuple(words_of(fold(name)))
        if words and not all(w.isdigit() for w in words):
            names.setdefault(words[0], []).append(words)
    for candidates in names.values():
        candidates.sort(key=len, reverse=True)
    return names
