"""Every command a translated text tells the shopper to send is one the assistant
understands: the shopping dialogue's commands (search, cart, change, remove, empty,
code, cancel) and the requests the router understands (back in stock, a person)."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from saleor_conversational.assistant import words
from saleor_conversational.assistant.shopping import checkout_steps as steps
from saleor_conversational.assistant.shopping import words as shopping_words
from saleor_conversational.assistant.understanding import Intent, understand

QUOTED = re.compile(r'"([^"]+)"|„([^“]+)“|«\s?([^»]+?)\s?»')
LANGUAGES = ["en", "nl", "de", "fr", "es"]

# Texts that quote something for the shopper to send, with example values.
TEXTS = [
    (shopping_words.ASK_SEARCH, {}),
    (shopping_words.NOTHING_FOUND, {"q": "%(q)s"}),
    (shopping_words.NO_CART, {}),
    (shopping_words.NO_SUCH_LINE, {"n": 7}),
    (shopping_words.CART_HELP, {}),
    (shopping_words.LEFT, {}),
    (shopping_words.GONE, {}),
    (steps.PICK_FROM_LIST, {}),
    (steps.CART_EMPTY, {}),
    (words.ASK_BACK_IN_STOCK_SKU, {}),
    # written in place (actions.py, answers.py): looked up by their msgids
    ('Please send how many you\'d like as a number, e.g. 2, or "cancel".', {}),
    (
        'That choice is no longer open. Send "cart" to see your cart or "search" to shop.',
        {},
    ),
    (
        '%(name)s: out of stock. Say "tell me when %(sku)s is back" to hear when it is.',
        {"name": "Linen shirt", "sku": "LINEN-SHIRT"},
    ),
]


def _understood_by_the_dialogue(command: str) -> bool:
    lowered = " ".join(command.lower().strip(" .!?").split())
    return bool(
        lowered
        in shopping_words.BROWSE
        | shopping_words.CART
        | shopping_words.EMPTY
        | shopping_words.CHECKOUT
        | shopping_words.CANCEL
        or shopping_words.SEARCH.match(command)
        or shopping_words.CHANGE.match(lowered)
        or shopping_words.REMOVE.match(lowered)
        or shopping_words.CODE.match(command)
    )


def _understood(command: str, language: str) -> bool:
    understood = understand(command, language)
    return _understood_by_the_dialogue(command) or (
        understood.intent in (Intent.BACK_IN_STOCK, Intent.HUMAN)
        and understood.confidence >= 0.8
    )


def _commands(text: str) -> list[str]:
    quoted = [next(g for g in m.groups() if g) for m in QUOTED.finditer(text)]
    return [q for q in quoted if "%(" not in q]


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_quoted_command_is_understood(language):
    not_understood = []
    found = 0
    with translation.override(language):
        for text, values in TEXTS:
            rendered = translation.gettext(text) if isinstance(text, str) else str(text)
            rendered = rendered % values if values else rendered
            for command in _commands(rendered):
                found += 1
                if not _understood(command, language):
                    not_understood.append((command, rendered))
    assert found >= 8, found
    assert not_understood == []
