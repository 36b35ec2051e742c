"""Grounding: an answer goes out only if what it states comes from this turn's facts.

``check_grounding`` pulls the checkable claims out of a model's answer and looks each
one up in ``facts``, the JSON-dumped tool results of the turn (a JSON object or array;
any other text is read as FAQ text) plus the FAQ answers the model was given. Facts
are read like the answer, so a fact quoted word for word backs itself. An unbacked
claim is a violation and the answer must not be sent. When unsure whether some text is a claim it is treated as one: a blocked answer falls
back to the built-in assistant, a wrong one misleads a shopper.

Claims, looked for in en, nl, de, fr and es whatever ``language`` says (it only
decides how ambiguous numbers and dates are read and which negations count):

- links and e-mail addresses: the same text is in the facts;
- product names from ``catalogue_names`` (case and accents aside, whole words): the
  name is in the facts;
- dates (ISO, 03-12-2026, 3 December 2026, Dec 3, 3 dec, 3. Dezember, 3 décembre,
  3 de diciembre, December 2026) and weekdays: the same calendar date, in any format,
  is in the facts (a date without a year matches any year; a weekday matches a fact
  date on that day or the weekday's name). In English a numeric date that reads as
  both day-month and month-day is ambiguous and always a violation. "Tomorrow" and
  its translations are backed only by the same word in the facts: the check does not
  know today's date;
- clock times (14:00, 14h30, 2 pm, 14 Uhr): the same time in the facts; an hour
  alone ("2h", "14 Uhr", which can also be a duration) is backed by that number too;
- money amounts (€12.50, 12,50 €, EUR 12.50, $1,299.00, 1.299,00 €, 12 euro): the
  amount is a number in the facts and, when the facts name currencies, its currency
  is one of them;
- order numbers (#1234, order 1234, bestelling 1234, Bestellung Nr. 1234,
  commande n° 1234, pedido 1234): the number is in the facts;
- tracking and other codes (8+ letters and digits mixed, or 8+ digits): the same code
  (case and dashes aside) is in the facts;
- stock claims (in stock, available, sold out, op voorraad, uitverkocht, auf Lager,
  ausverkauft, vorrätig, en stock, épuisé, disponible, agotado, en existencia…, a
  negation before one flips it): the tool results have an availability field of the
  same polarity. Fields that count (keys compared without case, ``_`` or ``-``):
  booleans ``in_stock``, ``available``, ``is_available``, ``available_for_purchase``,
  ``is_available_for_purchase``, ``has_stock`` (and, inverted, ``sold_out``,
  ``out_of_stock``); quantities ``quantity_available``, ``available_quantity``,
  ``stock``, ``stock_quantity``, ``quantity_in_stock``, ``stock_level`` (more than
  zero is in stock); strings ``availability``, ``stock_status`` with values such as
  ``in_stock`` / ``out_of_stock``. A stock phrase quoted from a fact with two words
  either side ("shipping is available for all orders" from the FAQ) is backed too;
- every other number (quantities, "24 hours", percentages): the number is in the
  facts.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

SUPPORTED_LANGUAGES = ("en", "nl", "de", "fr", "es")
NOT_IN_FACTS = "is not in this turn's tool results or FAQ"


@dataclasses.dataclass(frozen=True)
class GroundingReport:
    ok: bool
    violations: list[str]


# -- vocabulary (accents folded away, lower case) -------------------------------------
_MONTHS = {
    # en
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11,
    "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    # nl
    "januari": 1, "februari": 2, "maart": 3, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "oktober": 10, "mrt": 3, "okt": 10,
    # de
    "januar": 1, "janner": 1, "februar": 2, "marz": 3, "maerz": 3, "mai": 5,
    "dezember": 12, "mrz": 3, "dez": 12,
    # fr
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
    "janv": 1, "fevr": 2, "fev": 2, "avr": 4, "juil": 7,
    # es
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6,
    "julio": 7, "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10,
    "noviembre": 11, "diciembre": 12, "ene": 1, "abr": 4, "dic": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
    "maandag": 0, "dinsdag": 1, "woensdag": 2, "donderdag": 3, "vrijdag": 4,
    "zaterdag": 5, "zondag": 6,
    "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4,
    "samstag": 5, "sonnabend": 5, "sonntag": 6,
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5,
    "dimanche": 6,
    "lunes": 0, "martes": 1, "miercoles": 2, "jueves": 3, "viernes": 4, "sabado": 5,
    "domingo": 6,
}  # fmt: skip
_RELATIVE_DAYS = {
    "day after tomorrow": "day after tomorrow", "overmorgen": "day after tomorrow",
    "ubermorgen": "day after tomorrow", "apres-demain": "day after tomorrow",
    "apres demain": "day after tomorrow", "pasado manana": "day after tomorrow",
    "tomorrow": "tomorrow", "morgen": "tomorrow", "demain": "tomorrow",
    "manana": "tomorrow",
}  # fmt: skip
# "Guten Morgen", "la mañana": the word for tomorrow that means morning.
_MORNING_BEFORE = {
    "guten", "heute", "gestern", "am", "jeden", "diesen", "goede", "deze", "la",
    "esta", "una", "cada",
}  # fmt: skip
_CURRENCY_SIGNS = {"€": "EUR", "£": "GBP", "$": "$", "¥": "JPY"}
_CURRENCY_CODES = {
    "eur", "usd", "gbp", "chf", "sek", "nok", "dkk", "pln", "czk", "huf", "cad",
    "aud", "nzd", "jpy", "mxn", "ars", "clp", "cop",
}  # fmt: skip
_CURRENCY_WORDS = {
    "euro": "EUR", "euros": "EUR", "dollar": "$", "dollars": "$", "dolares": "$",
    "pound": "GBP", "pounds": "GBP", "franken": "CHF", "francs": "CHF",
}  # fmt: skip
_DOLLARS = {"USD", "CAD", "AUD", "NZD", "MXN", "ARS", "CLP", "COP", "$"}
_STOCK_POSITIVE = [
    "back in stock", "in stock", "available", "op voorraad", "in voorraad",
    "voorradig", "beschikbaar", "leverbaar", "auf lager", "vorratig", "verfugbar",
    "lieferbar", "erhaltlich", "en stock", "disponible", "disponibles",
    "en existencia", "en existencias", "hay existencias", "hay stock",
]  # fmt: skip
_STOCK_NEGATIVE = [
    "out of stock", "sold out", "unavailable", "on backorder", "backordered",
    "uitverkocht", "ausverkauft", "vergriffen", "en rupture de stock",
    "rupture de stock", "epuise", "epuisee", "epuises", "epuisees", "indisponible",
    "indisponibles", "agotado", "agotada", "agotados", "agotadas", "sin stock",
    "sin existencias", "fuera de stock",
]  # fmt: skip
_NEGATIONS = {
    "en": {"not", "no", "never", "nor", "without", "isnt", "arent", "wasnt", "dont",
           "doesnt", "cant", "wont", "t"},  # "isn't" splits into "isn", "t"
    "nl": {"niet", "geen", "nooit"},
    "de": {"nicht", "kein", "keine", "keinen", "keiner", "nie", "niemals"},
    "fr": {"ne", "n", "pas", "jamais", "aucun", "aucune"},
    "es": {"no", "sin", "nunca", "ningun", "ninguna"},
}  # fmt: skip
_STOCK_BOOL_KEYS = {
    "instock", "available", "isavailable", "availableforpurchase",
    "isavailableforpurchase", "hasstock",
}  # fmt: skip
_STOCK_INVERTED_KEYS = {"soldout", "outofstock", "issoldout", "isoutofstock"}
_STOCK_QUANTITY_KEYS = {
    "quantityavailable", "availablequantity", "stock", "stockquantity",
    "quantityinstock", "stocklevel",
}  # fmt: skip
_STOCK_STATUS_KEYS = {"availability", "stockstatus"}
_STOCK_STATUS_VALUES = {
    "instock": True, "available": True, "backinstock": True, "limitedstock": True,
    "outofstock": False, "soldout": False, "unavailable": False,
    "discontinued": False, "backorder": False, "preorder": False,
}  # fmt: skip


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_MONTH = rf"(?P<mon>{_alternation(_MONTHS)})\.?(?![a-z])"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|e|eme|º|°)?"
_YEAR = r"(?P<y>(?:19|20)\d\d)(?!\d)"
_AMOUNT = r"\d{1,3}(?:[.,\s']\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_CURRENCY = (
    rf"[€£$¥]|(?<![a-z])(?:{_alternation(_CURRENCY_CODES)}|"
    rf"{_alternation(_CURRENCY_WORDS)})(?![a-z])"
)
_PATTERNS = {
    "url": re.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]]+", re.I),
    "email": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    "iso_date": re.compile(
        r"(?<![\d.,/-])(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})"
        r"(?:[t ](?P<hh>\d\d):(?P<mm>\d\d)(?::\d\d(?:\.\d+)?)?(?:z|[+-]\d\d:?\d\d)?)?"
        r"(?![\d])"
    ),
    "numeric_date": re.compile(
        r"(?<![\d.,/-])(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)"
        r"(?P<y>\d{4}|\d{2})(?![\d]|[.,]\d)"
    ),
    "day_month": re.compile(
        rf"(?<![\w.,]){_DAY}\.?\s*(?:of\s+|de\s+)?{_MONTH}"
        rf"(?:,?\s*(?:de\s+|del\s+)?{_YEAR})?"
    ),
    "month_year": re.compile(rf"(?<![a-z]){_MONTH}\s+(?:de\s+)?{_YEAR}"),
    "month_day": re.compile(rf"(?<![a-z]){_MONTH}\s+{_DAY}(?![\d\w])(?:,?\s+{_YEAR})?"),
    "weekday": re.compile(rf"(?<![a-z])(?P<w>{_alternation(_WEEKDAYS)})s?(?![a-z])"),
    "relative": re.compile(
        rf"(?<![a-z])(?P<r>{_alternation(_RELATIVE_DAYS)})(?![a-z])"
    ),
    "money_before": re.compile(
        rf"(?P<cur>{_CURRENCY})\s?-?\s?(?P<amt>{_AMOUNT})(?P<dash>[.,]-)?(?![\d])"
    ),
    "money_after": re.compile(
        rf"(?<![\d.,])(?P<amt>{_AMOUNT})(?P<dash>[.,]-)?\s?(?P<cur>{_CURRENCY})"
    ),
    "clock": re.compile(
        r"(?<![\d.,:])(?P<h>[01]?\d|2[0-3])(?::(?P<m>[0-5]\d)|h(?P<fm>[0-5]\d)?(?![a-z])"
        r"|\.(?P<dm>[0-5]\d)\s?(?:uur|uhr|h)(?![a-z])|\s?(?:uur|uhr)(?![a-z]))"
        r"(?!\d)"
    ),
    "clock_12h": re.compile(
        r"(?<![\d.,:])(?P<h>1[0-2]|0?[1-9])(?::(?P<m>[0-5]\d))?\s?(?P<ap>[ap])\.?m\.?(?![a-z])"
    ),
    "order": re.compile(
        r"(?:(?<![\w&])#|(?<![a-z])(?:order|orders|bestelling|bestelnummer|ordernummer"
        r"|bestellung|bestellnummer|auftrag|auftragsnummer|commande|pedido|orden)"
        r"(?:\s*(?:number|no|nr|nummer|numero|num|n)\b\.?\s?[°º]?\.?)?"
        r"\s*[:#]?\s*)(?P<num>\d+)(?![\d]|[.,]\d)"
    ),
    "code": re.compile(r"(?<![\w-])(?=[a-z-]*\d)[a-z0-9]+(?:-[a-z0-9]+)*(?![\w-])"),
    "stock": re.compile(
        rf"(?<!\w)(?P<s>{_alternation(_STOCK_POSITIVE + _STOCK_NEGATIVE)})(?!\w)"
    ),
    "number": re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![.,]?\d)"),
    "word": re.compile(r"\w+"),
}


# "24h", "3rd", "5kg", "2xl": a number claim with its unit.
_NUMBER_WITH_UNIT = re.compile(r"^\d+[a-z]{1,3}$")

# -- text helpers --------------------------------------------------------------------
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


def _fold(text: str) -> str:
    """Lower case without accents, one character for one, so spans stay aligned."""
    return text.translate(_FOLD_TABLE)


def _words(text: str) -> list[str]:
    return _PATTERNS["word"].findall(text)


class _Text:
    """A folded text whose spans are taken, claim by claim, so none is read twice."""

    def __init__(self, text: str) -> None:
        self.original = text
        self.folded = _fold(text)
        self._taken = bytearray(len(text))

    def matches(self, pattern: str) -> Iterable[re.Match[str]]:
        for match in _PATTERNS[pattern].finditer(self.folded):
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


def _valid_date(year: int | None, month: int, day: int) -> bool:
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


# -- claims ----------------------------------------------------------------------------
@dataclasses.dataclass
class _Claims:
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


def _claims(
    text: str, language: str, names: dict[str, list[tuple[str, ...]]], *, lenient: bool
) -> _Claims:
    """Every claim in ``text``. ``lenient`` (for facts) keeps every reading of an
    ambiguous number or date; for answers, the language decides."""
    found = _Claims()
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
        elif has_digit and has_letter and not _NUMBER_WITH_UNIT.match(token):
            doc.take(match)  # "A4", "iPhone15": a model name, not a number claim
    _find_stock(doc, language, found)
    for match in doc.matches("weekday"):
        found.weekdays.append((doc.take(match), _WEEKDAYS[match["w"]]))
    for match in doc.matches("relative"):
        before = _words(doc.folded[max(0, match.start() - 12) : match.start()])
        if before and before[-1] in _MORNING_BEFORE:
            continue
        found.relative_days.append((doc.take(match), _RELATIVE_DAYS[match["r"]]))
    for match in doc.matches("number"):
        readings = _number_readings(
            match.group(), language, money=False, lenient=lenient
        )
        found.numbers.append((doc.take(match), readings))
    return found


def _find_names(
    doc: _Text, names: dict[str, list[tuple[str, ...]]], found: _Claims
) -> None:
    tokens = list(_PATTERNS["word"].finditer(doc.folded))
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


def _find_dates(doc: _Text, language: str, found: _Claims, lenient: bool) -> None:
    # Text that is no valid date ("33 mei", "2026-13-45") is left to the number check.
    for match in doc.matches("iso_date"):
        reading = (int(match["y"]), int(match["m"]), int(match["d"]))
        if not _valid_date(*reading):
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
            readings = [r for r in (day_first, month_first) if _valid_date(*r)]
        else:
            readings = [day_first] if _valid_date(*day_first) else []
        ambiguous = not lenient and len(readings) == 2 and first != second
        if readings:
            found.dates.append((doc.take(match), readings, ambiguous))
    for pattern in ("day_month", "month_year", "month_day"):
        for match in doc.matches(pattern):
            month = _MONTHS[match["mon"].rstrip(".")]
            year = _year(match.groupdict().get("y"))
            if pattern == "month_year":
                assert year is not None
                found.month_years.append((doc.take(match), (year, month)))
            elif _valid_date(year, month, int(match["d"])):
                reading = (year, month, int(match["d"]))
                found.dates.append((doc.take(match), [reading], False))


def _currency(sign: str) -> str:
    sign = sign.strip()
    return _CURRENCY_SIGNS.get(sign) or _CURRENCY_WORDS.get(sign) or sign.upper()


def _find_money(doc: _Text, language: str, found: _Claims, lenient: bool) -> None:
    for pattern in ("money_before", "money_after"):
        for match in doc.matches(pattern):
            currency = _currency(match["cur"])
            amount = match["amt"].rstrip()
            readings = _number_readings(amount, language, money=True, lenient=lenient)
            found.money.append((doc.take(match), readings, currency))
            found.currencies.add(currency)
    for sign in _CURRENCY_SIGNS:
        if sign in doc.folded:
            found.currencies.add(_CURRENCY_SIGNS[sign])
    for word in _words(doc.folded):
        if word in _CURRENCY_CODES or word in _CURRENCY_WORDS:
            found.currencies.add(_currency(word))


def _find_times(doc: _Text, found: _Claims) -> None:
    for match in doc.matches("clock_12h"):
        hour = int(match["h"]) % 12 + (12 if match["ap"] == "p" else 0)
        found.times.append((doc.take(match), (hour, int(match["m"] or 0)), False))
    for match in doc.matches("clock"):
        minute = match["m"] or match["fm"] or match["dm"]
        clock = (int(match["h"]), int(minute or 0))
        found.times.append((doc.take(match), clock, minute is None))


def _find_stock(doc: _Text, language: str, found: _Claims) -> None:
    negations = _NEGATIONS[language] | _NEGATIONS["en"]
    for match in doc.matches("stock"):
        phrase = match["s"]
        positive = phrase in _STOCK_POSITIVE
        clause_start = max(
            doc.folded.rfind(mark, 0, match.start()) for mark in ".;!?,:\n"
        )
        before = _words(doc.folded[clause_start + 1 : match.start()])
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
        after = _words(doc.folded[match.end() : clause_end])
        quoted = " ".join([*before[-2:], *_words(phrase), *after[:2]])
        shown = repr(doc.take(match)) + (", negated," if negated else "")
        found.stock.append((shown, positive, quoted))


# -- facts ------------------------------------------------------------------------------
@dataclasses.dataclass
class _Facts:
    numbers: set[Decimal] = dataclasses.field(default_factory=set)
    dates: set[tuple[int, int, int]] = dataclasses.field(default_factory=set)
    month_days: set[tuple[int, int]] = dataclasses.field(default_factory=set)
    yearless: set[tuple[int, int]] = dataclasses.field(default_factory=set)
    month_years: set[tuple[int, int]] = dataclasses.field(default_factory=set)
    weekdays: set[int] = dataclasses.field(default_factory=set)
    relative_days: set[str] = dataclasses.field(default_factory=set)
    times: set[tuple[int, int]] = dataclasses.field(default_factory=set)
    currencies: set[str] = dataclasses.field(default_factory=set)
    codes: set[str] = dataclasses.field(default_factory=set)
    stock: set[bool] = dataclasses.field(default_factory=set)
    texts: list[str] = dataclasses.field(default_factory=list)
    folded: str = ""
    words: str = ""  # " | "-separated word sequences of every text, space-padded

    def add(self, claims: _Claims) -> None:
        for _, readings in claims.numbers:
            self.numbers |= readings
        for _, readings, _ in claims.money:
            self.numbers |= readings
        for _, number in claims.orders:
            self.numbers.add(number)
        for _, readings, _ in claims.dates:
            for year, month, day in readings:
                if not _valid_date(year, month, day):
                    continue
                self.month_days.add((month, day))
                if year is None:
                    self.yearless.add((month, day))
                else:
                    self.dates.add((year, month, day))
                    self.month_years.add((year, month))
                    self.weekdays.add(datetime.date(year, month, day).weekday())
        self.month_years |= {value for _, value in claims.month_years}
        self.weekdays |= {value for _, value in claims.weekdays}
        self.relative_days |= {value for _, value in claims.relative_days}
        self.times |= {clock for _, clock, _ in claims.times}
        self.codes |= {value for _, value in claims.codes}
        self.currencies |= claims.currencies


def _walk(value: Any, facts: _Facts, key: str = "") -> None:
    simple_key = re.sub(r"[\s_-]", "", key.lower())
    if isinstance(value, bool):
        if simple_key in _STOCK_BOOL_KEYS:
            facts.stock.add(value)
        elif simple_key in _STOCK_INVERTED_KEYS:
            facts.stock.add(not value)
    elif isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return
        facts.numbers.add(Decimal(str(value)))
        if isinstance(value, int) and abs(value) >= 10_000_000:
            facts.codes.add(str(abs(value)))
        if simple_key in _STOCK_QUANTITY_KEYS:
            facts.stock.add(value > 0)
    elif isinstance(value, str):
        facts.texts.append(value)
        if simple_key in _STOCK_STATUS_KEYS:
            status = _STOCK_STATUS_VALUES.get(re.sub(r"[\s_-]", "", value.lower()))
            if status is not None:
                facts.stock.add(status)
        if value.lower() in _CURRENCY_CODES:
            facts.currencies.add(value.upper())
    elif isinstance(value, dict):
        for child_key, child in value.items():
            _walk(child, facts, str(child_key))
    elif isinstance(value, list):
        for child in value:
            _walk(child, facts, key)


def _index_facts(
    facts: Sequence[str], language: str, names: dict[str, list[tuple[str, ...]]]
) -> _Facts:
    index = _Facts()
    for fact in facts:
        if not isinstance(fact, str):
            raise TypeError(f"a fact is JSON or FAQ text, not {type(fact).__name__}")
        try:
            value = json.loads(fact)
        except ValueError:
            value = None
        # Tool results are objects; "1.299" or "true" is FAQ text that parses as JSON.
        if isinstance(value, (dict, list)):
            _walk(value, index)
        else:
            index.texts.append(fact)
    # One pass over all texts: no pattern reads across the "|" line between two.
    # The names too, so a fact's text is read as the answer's is ("2-Shirt").
    index.add(_claims("\n|\n".join(index.texts), language, names, lenient=True))
    folded = [_fold(text) for text in index.texts]
    index.folded = "\n".join(folded)
    index.words = " | " + " | ".join(" ".join(_words(text)) for text in folded) + " | "
    return index


# -- the check ---------------------------------------------------------------------------
def check_grounding(
    answer: str,
    facts: Sequence[str],
    *,
    catalogue_names: Iterable[str] = (),
    language: str = "en",
) -> GroundingReport:
    """Whether every claim in ``answer`` is backed by ``facts``; why not, if not."""
    language = language.split("-")[0].split("_")[0].lower()
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(
            f"language {language!r}: one of {', '.join(SUPPORTED_LANGUAGES)}"
        )
    names = _name_index(tuple(catalogue_names))
    claims = _claims(answer, language, names, lenient=False)
    known = _index_facts(facts, language, names)
    violations: list[str] = []

    def unbacked(reason: str) -> None:
        if reason not in violations:
            violations.append(reason)

    for shown, folded in claims.links:
        if folded not in known.folded:
            unbacked(f"link {shown} {NOT_IN_FACTS}")
    for shown, words in claims.names:
        if f" {words} " not in known.words:
            unbacked(f"product {shown!r} {NOT_IN_FACTS}")
    for shown, readings, ambiguous in claims.dates:
        if ambiguous:
            unbacked(f"date {shown} is ambiguous (day-month or month-day)")
        elif not any(_date_backed(reading, known) for reading in readings):
            unbacked(f"date {shown} {NOT_IN_FACTS}")
    for shown, month_year in claims.month_years:
        if month_year not in known.month_years:
            unbacked(f"date {shown} {NOT_IN_FACTS}")
    for shown, weekday in claims.weekdays:
        if weekday not in known.weekdays:
            unbacked(f"day {shown} {NOT_IN_FACTS}")
    for shown, relative in claims.relative_days:
        if relative not in known.relative_days:
            unbacked(f"day {shown!r} {NOT_IN_FACTS}")
    for shown, clock, hour_only in claims.times:
        if clock in known.times or (hour_only and Decimal(clock[0]) in known.numbers):
            continue
        unbacked(f"time {shown} {NOT_IN_FACTS}")
    for shown, readings, currency in claims.money:
        if not readings & known.numbers:
            unbacked(f"amount {shown} {NOT_IN_FACTS}")
        elif currency and known.currencies and not _currency_backed(currency, known):
            unbacked(
                f"amount {shown} is in another currency than the tool results "
                f"({', '.join(sorted(known.currencies))})"
            )
    for _shown, number in claims.orders:
        if number not in known.numbers:
            unbacked(f"order number {number} is not in this turn's tool results")
    for shown, code in claims.codes:
        if code not in known.codes:
            unbacked(f"code {shown} is not in this turn's tool results")
    for shown, positive, quoted in claims.stock:
        if f" {quoted} " in known.words:
            continue
        if not known.stock:
            unbacked(
                f"stock claim {shown} has no availability field in this turn's tool "
                "results"
            )
        elif positive not in known.stock:
            unbacked(f"stock claim {shown} contradicts this turn's tool results")
    for shown, readings in claims.numbers:
        if not readings & known.numbers:
            unbacked(f"number {shown} {NOT_IN_FACTS}")
    return GroundingReport(ok=not violations, violations=violations)


@functools.lru_cache(maxsize=8)
def _name_index(catalogue_names: tuple[str, ...]) -> dict[str, list[tuple[str, ...]]]:
    """Product names as word sequences, by first word, longest first; a shop passes
    the same catalogue turn after turn."""
    names: dict[str, list[tuple[str, ...]]] = {}
    for name in catalogue_names:
        words = tuple(_words(_fold(name)))
        if words and not all(w.isdigit() for w in words):
            names.setdefault(words[0], []).append(words)
    for candidates in names.values():
        candidates.sort(key=len, reverse=True)
    return names


def _date_backed(reading: tuple[int | None, int, int], known: _Facts) -> bool:
    year, month, day = reading
    if not _valid_date(year, month, day):
        return False
    if year is None:
        return (month, day) in known.month_days
    # A fact without a year ("closed on 25 December") holds every year.
    return (year, month, day) in known.dates or (month, day) in known.yearless


def _currency_backed(currency: str, known: _Facts) -> bool:
    if currency in _DOLLARS:
        return bool(known.currencies & _DOLLARS)
    return currency in known.currencies
