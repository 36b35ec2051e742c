"""A whole shipping address typed in one chat message, read into Saleor's ``AddressInput``.

Shoppers paste addresses the way they write them on an envelope: one part per line, or
parts separated by commas, optionally with a phone number::

    John Doe                      John Doe, Tęczowa 7, 53-601 Wrocław, Poland
    Tęczowa 7                     Ann Smith, 350 Fifth Avenue, New York, NY 10118, US, +1 212 736 3100
    53-601 Wrocław
    Poland

The order is name, street, locality (postal code and city, in either order, with a
region where the country has one), country. ``parse`` returns None for anything it
cannot read with confidence: the dialogue then asks field by field, and the shopper
confirms a parsed address before Saleor (which validates it for the country) gets it.
"""

from __future__ import annotations

import re

from django_countries import countries

SEPARATORS = re.compile(r"\s*(?:\n|;|,)\s*")
PHONE = re.compile(
    r"^(?:(?:tel|phone|mobile|ph)\.?:?\s*)?(?P<number>\+?\d[\d\s\-()./]{5,}\d)$", re.I
)
# "53-601 Wrocław", "1012 AB Amsterdam", "75001 Paris"
POSTAL_FIRST = re.compile(
    r"^(?P<postal>\d[\d\-]{2,9}(?:\s?[A-Z]{2}(?=\s))?)\s+(?P<city>\D.*)$"
)
# "London SW1A 1AA", "New York NY 10118", "Toronto ON M5V 2T6", "Wrocław 53-601"
POSTAL_LAST = re.compile(
    r"^(?P<city>\D.*?)\s+(?:(?P<area>[A-Z]{2})\s+)?"
    r"(?P<postal>\d[\d\-]{2,9}|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d)$"
)
# The part that is only a postal code, possibly after a region: "NY 10118", "53-601"
POSTAL_ONLY = re.compile(
    r"^(?:(?P<area>[A-Z]{2})\s+)?"
    r"(?P<postal>\d[\d\-]{2,9}(?:\s?[A-Z]{2})?|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d)$"
)


# What shoppers write that isn't django-countries' English short name.
COUNTRY_ALIASES = {
    "usa": "US",
    "united states": "US",
    "united states of america": "US",
    "america": "US",
    "uk": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "holland": "NL",
    "nederland": "NL",
    "deutschland": "DE",
    "polska": "PL",
    "españa": "ES",
    "espana": "ES",
    "österreich": "AT",
    "osterreich": "AT",
    "schweiz": "CH",
    "suisse": "CH",
    "belgië": "BE",
    "belgie": "BE",
    "belgique": "BE",
    "italia": "IT",
    "česko": "CZ",
}


def country_code(value: str) -> str:
    """ISO code for a country name or code ("Poland", "the Netherlands", "pl", "UK"), or ""."""
    value = " ".join(value.strip(" .").split())
    if len(value) == 2 and value.upper() in dict(countries):
        return value.upper()
    lowered = value.lower().removeprefix("the ")
    return (
        COUNTRY_ALIASES.get(lowered)
        or countries.by_name(value)
        or countries.by_name(lowered)
        or countries.by_name(lowered.title())
        or ""
    )


def looks_like_whole_address(text: str) -> bool:
    """More than a name: several parts the shopper separated themselves."""
    return len([p for p in SEPARATORS.split(text.strip()) if p]) >= 3


def parse(text: str) -> dict | None:
    parts = [p for p in SEPARATORS.split(text.strip()) if p]
    phone, rest = "", []
    for part in parts:
        match = PHONE.match(part)
        if match and not phone and len(re.sub(r"\D", "", match["number"])) >= 7:
            phone = (
                "+" + re.sub(r"\D", "", match["number"])
                if match["number"].startswith("+")
                else ""
            )
            continue
        rest.append(part)
    if len(rest) < 4:
        return None
    country = country_code(rest[-1])
    name = rest[0].split(None, 1)
    if (
        not country
        or len(name) < 2
        or not any(ch.isdigit() for ch in rest[1] + rest[2])
    ):
        return None
    locality = _locality(rest[2:-1])
    if locality is None:
        return None
    address = {
        "firstName": name[0],
        "lastName": name[1],
        "streetAddress1": rest[1][:256],
        **locality,
        "country": country,
    }
    if phone:  # only international numbers: a local one can't be read without guessing the country code
        address["phone"] = phone
    return address


def _locality(parts: list[str]) -> dict | None:
    """Postal code, city and region from the parts between the street and the country."""
    if len(parts) == 1:
        text = parts[0]
        match = POSTAL_FIRST.match(text) or POSTAL_LAST.match(text)
        if match is None:
            return None
        found = {"postalCode": match["postal"], "city": match["city"].strip()}
        if match.re is POSTAL_LAST and match["area"]:
            found["countryArea"] = match["area"]
        return found
    if len(parts) == 2:
        for postal_part, city_part in ((parts[1], parts[0]), (parts[0], parts[1])):
            match = POSTAL_ONLY.match(postal_part)
            if match and not any(ch.isdigit() for ch in city_part):
                found = {"postalCode": match["postal"], "city": city_part}
                if match["area"]:
                    found["countryArea"] = match["area"]
                return found
    return None
