"""The facts side of the grounding check: the turn's tool results and FAQ, indexed.

``index_facts`` walks each JSON tool result (numbers, long integer codes, currency
codes, availability fields by their key) and reads every string in it, and every FAQ
text, with ``find_claims`` as an answer is read but keeping each reading of an
ambiguous number or date. The result, ``Facts``, holds sets to look claims up in
(numbers, calendar dates with and without a year, weekdays, times, codes, currencies,
stock polarity) plus the folded texts and their word sequences for quoted phrases.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import math
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from saleor_conversational.assistant.model.claim_patterns import CURRENCY_CODES
from saleor_conversational.assistant.model.claims import (
    Claims,
    find_claims,
    fold,
    valid_date,
    words_of,
)

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


@dataclasses.dataclass
class Facts:
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

    def add(self, claims: Claims) -> None:
        for _, readings in claims.numbers:
            self.numbers |= readings
        for _, readings, _ in claims.money:
            self.numbers |= readings
        for _, number in claims.orders:
            self.numbers.add(number)
        for _, readings, _ in claims.dates:
            for year, month, day in readings:
                if not valid_date(year, month, day):
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


def _walk(value: Any, facts: Facts, key: str = "") -> None:
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
        if value.lower() in CURRENCY_CODES:
            facts.currencies.add(value.upper())
    elif isinstance(value, dict):
        for child_key, child in value.items():
            _walk(child, facts, str(child_key))
    elif isinstance(value, list):
        for child in value:
            _walk(child, facts, key)


def index_facts(
    facts: Sequence[str], language: str, names: dict[str, list[tuple[str, ...]]]
) -> Facts:
    index = Facts()
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
    index.add(find_claims("\n|\n".join(index.texts), language, names, lenient=True))
    folded = [fold(text) for text in index.texts]
    index.folded = "\n".join(folded)
    index.words = (
        " | " + " | ".join(" ".join(words_of(text)) for text in folded) + " | "
    )
    return index
