"""The words and regular expressions that find claims in en, nl, de, fr and es text.

Month, weekday and relative-day names, currency signs, codes and words, stock phrases
and negations, all lower case with accents folded away (the text they are matched
against is folded the same way, see ``claims.fold``), and ``PATTERNS``, the compiled
expressions for links, e-mail addresses, dates, clock times, money amounts, order
numbers, codes, stock phrases, bare numbers and words. Only data: reading the
matches is ``claims``'s work.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MONTHS = {
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
WEEKDAYS = {
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
RELATIVE_DAYS = {
    "day after tomorrow": "day after tomorrow", "overmorgen": "day after tomorrow",
    "ubermorgen": "day after tomorrow", "apres-demain": "day after tomorrow",
    "apres demain": "day after tomorrow", "pasado manana": "day after tomorrow",
    "tomorrow": "tomorrow", "morgen": "tomorrow", "demain": "tomorrow",
    "manana": "tomorrow",
}  # fmt: skip
# "Guten Morgen", "la mañana": the word for tomorrow that means morning.
MORNING_BEFORE = {
    "guten", "heute", "gestern", "am", "jeden", "diesen", "goede", "deze", "la",
    "esta", "una", "cada",
}  # fmt: skip
CURRENCY_SIGNS = {"€": "EUR", "£": "GBP", "$": "$", "¥": "JPY"}
CURRENCY_CODES = {
    "eur", "usd", "gbp", "chf", "sek", "nok", "dkk", "pln", "czk", "huf", "cad",
    "aud", "nzd", "jpy", "mxn", "ars", "clp", "cop",
}  # fmt: skip
CURRENCY_WORDS = {
    "euro": "EUR", "euros": "EUR", "dollar": "$", "dollars": "$", "dolares": "$",
    "pound": "GBP", "pounds": "GBP", "franken": "CHF", "francs": "CHF",
}  # fmt: skip
STOCK_POSITIVE = [
    "back in stock", "in stock", "available", "op voorraad", "in voorraad",
    "voorradig", "beschikbaar", "leverbaar", "auf lager", "vorratig", "verfugbar",
    "lieferbar", "erhaltlich", "en stock", "disponible", "disponibles",
    "en existencia", "en existencias", "hay existencias", "hay stock",
]  # fmt: skip
STOCK_NEGATIVE = [
    "out of stock", "sold out", "unavailable", "on backorder", "backordered",
    "uitverkocht", "ausverkauft", "vergriffen", "en rupture de stock",
    "rupture de stock", "epuise", "epuisee", "epuises", "epuisees", "indisponible",
    "indisponibles", "agotado", "agotada", "agotados", "agotadas", "sin stock",
    "sin existencias", "fuera de stock",
]  # fmt: skip
NEGATIONS = {
    "en": {"not", "no", "never", "nor", "without", "isnt", "arent", "wasnt", "dont",
           "doesnt", "cant", "wont", "t"},  # "isn't" splits into "isn", "t"
    "nl": {"niet", "geen", "nooit"},
    "de": {"nicht", "kein", "keine", "keinen", "keiner", "nie", "niemals"},
    "fr": {"ne", "n", "pas", "jamais", "aucun", "aucune"},
    "es": {"no", "sin", "nunca", "ningun", "ninguna"},
}  # fmt: skip


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_MONTH = rf"(?P<mon>{_alternation(MONTHS)})\.?(?![a-z])"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|e|eme|º|°)?"
_YEAR = r"(?P<y>(?:19|20)\d\d)(?!\d)"
_AMOUNT = r"\d{1,3}(?:[.,\s']\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_CURRENCY = (
    rf"[€£$¥]|(?<![a-z])(?:{_alternation(CURRENCY_CODES)}|"
    rf"{_alternation(CURRENCY_WORDS)})(?![a-z])"
)
PATTERNS = {
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
    "weekday": re.compile(rf"(?<![a-z])(?P<w>{_alternation(WEEKDAYS)})s?(?![a-z])"),
    "relative": re.compile(rf"(?<![a-z])(?P<r>{_alternation(RELATIVE_DAYS)})(?![a-z])"),
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
        rf"(?<!\w)(?P<s>{_alternation(STOCK_POSITIVE + STOCK_NEGATIVE)})(?!\w)"
    ),
    "number": re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![.,]?\d)"),
    "word": re.compile(r"\w+"),
}


# "24h", "3rd", "5kg", "2xl": a number claim with its unit.
NUMBER_WITH_UNIT = re.compile(r"^\d+[a-z]{1,3}$")
