"""Grounding: an answer goes out only if what it states comes from this turn's facts.

``check_grounding`` pulls the checkable claims out of a model's answer and looks each
one up in ``facts``, the JSON-dumped tool results of the turn (a JSON object or array;
any other text is read as FAQ text) plus the FAQ answers the model was given. Facts
are read like the answer, so a fact quoted word for word backs itself. An unbacked
claim is a violation and the answer must not be sent. When unsure whether some text
is a claim it is treated as one: a blocked answer falls back to the built-in
assistant, a wrong one misleads a shopper. The claims are found by ``claims`` (with
the words of ``claim_patterns``), the facts indexed by ``facts``; this module
compares the two.

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
from collections.abc import Iterable, Sequence
from decimal import Decimal

from saleor_conversational.assistant.model.claims import (
    find_claims,
    name_index,
    valid_date,
)
from saleor_conversational.assistant.model.facts import Facts, index_facts

SUPPORTED_LANGUAGES = ("en", "nl", "de", "fr", "es")
NOT_IN_FACTS = "is not in this turn's tool results or FAQ"
_DOLLARS = {"USD", "CAD", "AUD", "NZD", "MXN", "ARS", "CLP", "COP", "$"}


@dataclasses.dataclass(frozen=True)
class GroundingReport:
    ok: bool
    violations: list[str]


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
    names = name_index(tuple(catalogue_names))
    claims = find_claims(answer, language, names, lenient=False)
    known = index_facts(facts, language, names)
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


def _date_backed(reading: tuple[int | None, int, int], known: Facts) -> bool:
    year, month, day = reading
    if not valid_date(year, month, day):
        return False
    if year is None:
        return (month, day) in known.month_days
    # A fact without a year ("closed on 25 December") holds every year.
    return (year, month, day) in known.dates or (month, day) in known.yearless


def _currency_backed(currency: str, known: Facts) -> bool:
    if currency in _DOLLARS:
        return bool(known.currencies & _DOLLARS)
    return currency in known.currencies
