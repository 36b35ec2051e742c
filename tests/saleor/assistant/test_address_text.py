"""Reading a whole address typed in one chat message (no database)."""

from __future__ import annotations

import pytest

from saleor_conversational.assistant.shopping.address_text import (
    country_code,
    looks_like_whole_address,
    parse,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "John Doe\nTęczowa 7\n53-601 Wrocław\nPoland",
            {
                "firstName": "John",
                "lastName": "Doe",
                "streetAddress1": "Tęczowa 7",
                "postalCode": "53-601",
                "city": "Wrocław",
                "country": "PL",
            },
        ),
        (
            "Ann Smith, 350 Fifth Avenue, New York, NY 10118, USA, +1 212 736 3100",
            {
                "firstName": "Ann",
                "lastName": "Smith",
                "streetAddress1": "350 Fifth Avenue",
                "postalCode": "10118",
                "city": "New York",
                "countryArea": "NY",
                "country": "US",
                "phone": "+12127363100",
            },
        ),
        (
            "Jan de Vries; Damrak 1; 1012 AB Amsterdam; the Netherlands",
            {
                "firstName": "Jan",
                "lastName": "de Vries",
                "streetAddress1": "Damrak 1",
                "postalCode": "1012 AB",
                "city": "Amsterdam",
                "country": "NL",
            },
        ),
        (
            "Jane Roe\n10 Downing Street\nLondon SW1A 2AA\nUK\ntel: +44 20 7925 0918",
            {
                "firstName": "Jane",
                "lastName": "Roe",
                "streetAddress1": "10 Downing Street",
                "postalCode": "SW1A 2AA",
                "city": "London",
                "country": "GB",
                "phone": "+442079250918",
            },
        ),
        (
            "Max Muster, Hauptstr. 5, 10115, Berlin, Deutschland, 030 1234567",  # a local number is left out
            {
                "firstName": "Max",
                "lastName": "Muster",
                "streetAddress1": "Hauptstr. 5",
                "postalCode": "10115",
                "city": "Berlin",
                "country": "DE",
            },
        ),
    ],
)
def test_addresses_written_as_on_an_envelope_are_read(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "John Doe",  # a name: the step-by-step dialogue's first answer
        "John Doe, Tęczowa 7",  # too few parts
        "John, Tęczowa 7, 53-601 Wrocław, Poland",  # no last name
        "John Doe, Tęczowa 7, 53-601 Wrocław, Narnia",  # no such country
        "John Doe, Tęczowa, Wrocław, Poland",  # no postal code anywhere
        "Tęczowa 7, 53-601 Wrocław, Poland, John Doe",  # another order of parts
    ],
)
def test_anything_not_read_with_confidence_is_none(text):
    assert parse(text) is None


def test_country_names_codes_and_common_aliases():
    assert [
        country_code(v)
        for v in (
            "Poland",
            "pl",
            "PL",
            "the Netherlands",
            "USA",
            "Deutschland",
            "Narnia",
        )
    ] == ["PL", "PL", "PL", "NL", "US", "DE", ""]


def test_a_name_is_not_taken_for_a_whole_address():
    assert not looks_like_whole_address("John Doe")
    assert looks_like_whole_address("John Doe, Tęczowa 7, Wrocław")
