"""Ten everyday shopper messages per language through the public endpoints of the web
chat, WhatsApp and Telegram (the providers played by their contract-checked fakes),
against Saleor's fixtures with a translated catalogue: the built-in assistant must
resolve at least 90 % of them, in the shopper's language.

A message is resolved when the reply is the one the request calls for, rendered in the
shopper's language (the expected texts are rendered with ``translation.override``:
what is tested is that the message was understood, routed and answered in the right
language). The set and the checks are in shopper_set.py.
"""

from __future__ import annotations

import pytest

from tests.saleor.assistant.shopper_set import (
    MESSAGES,
    REQUIRED,
    shop,  # noqa: F401 (fixture)
    shopper,
    unresolved_messages,
)


@pytest.mark.parametrize("language", sorted(MESSAGES))
@pytest.mark.parametrize("channel", ["webchat", "whatsapp", "telegram"])
def test_everyday_messages_are_resolved_in_the_shoppers_language(
    webchat,
    shop,  # noqa: F811
    channel_USD,
    customer_user,
    client,
    django_capture_on_commit_callbacks,
    channel,
    language,
):
    assert len(MESSAGES[language]) >= 10
    asker = shopper(
        channel,
        webchat,
        channel_USD,
        customer_user,
        client,
        django_capture_on_commit_callbacks,
    )
    try:
        unresolved = unresolved_messages(asker, language, shop)
    finally:
        asker.stop()
    share = 1 - len(unresolved) / len(MESSAGES[language])
    assert share >= REQUIRED, f"{channel}, {language}: {share:.0%}; not: {unresolved}"
