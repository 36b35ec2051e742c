"""Account linking cannot be brute-forced with fresh chats, nor used to flood an inbox:
wrong codes and code emails count per email address and per client, across contacts."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time

from saleor_conversational.assistant import link_account as link_dialogue
from saleor_conversational.contacts import linking
from saleor_conversational.models import ContactIdentity
from tests.support.fixtures import WebChat


@pytest.fixture
def chat(plugin, django_capture_on_commit_callbacks, channel_USD):
    """A new web chat (a fresh session) from the client at ``ip``."""

    def new_chat(ip: str = "203.0.113.7") -> WebChat:
        widget = WebChat(
            Client(REMOTE_ADDR=ip), django_capture_on_commit_callbacks, channel_USD.slug
        )
        widget.open()
        return widget

    return new_chat


def _ask_code(widget: WebChat, email: str) -> list[str]:
    """The reply to the email address, in a chat that asked to link."""
    widget.say("link my account")
    widget.replies()
    widget.say(email)
    return widget.replies()


def _linked_user(widget: WebChat):
    return ContactIdentity.objects.get(
        address=widget.session.partition(".")[0]
    ).contact.user_id


def _code() -> str:
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)


def _wrong(code: str) -> str:
    return "000000" if code != "000000" else "111111"


def test_wrong_codes_from_fresh_chats_lock_the_address(chat, customer_user):
    victim = chat("198.51.100.20")
    _ask_code(victim, customer_user.email)
    code = _code()
    # The attacker opens a new chat for every guess, each from a new address too.
    for n in range(linking.MAX_FAILED_ATTEMPTS):
        attacker = chat(f"203.0.113.{n + 1}")
        _ask_code(attacker, customer_user.email)
        attacker.say(_wrong(code))
        attacker.replies()
    emails_before = len(mail.outbox)

    victim.say(code)
    [reply] = victim.replies()

    assert reply.startswith("Too many wrong codes")
    assert _linked_user(victim) is None
    # While the address is locked, asking again sends nothing (and says the same).
    assert _ask_code(chat("198.51.100.21"), customer_user.email) == [
        link_dialogue.CODE_SENT
    ]
    assert len(mail.outbox) == emails_before


def test_after_the_lock_expires_the_customer_links(chat, customer_user):
    code = None
    for n in range(linking.MAX_FAILED_ATTEMPTS):
        attacker = chat(f"203.0.113.{n + 1}")
        _ask_code(attacker, customer_user.email)
        code = _code()
        attacker.say(_wrong(code))
        attacker.replies()
    # Past the lock, and into the next hour of code emails (the attackers used them).
    with freeze_time(timezone.now() + timedelta(hours=1, minutes=1)):
        victim = chat("198.51.100.20")
        assert _ask_code(victim, customer_user.email) == [link_dialogue.CODE_SENT]
        victim.say(_code())
        assert victim.replies() == [link_dialogue.LINKED]
        assert _linked_user(victim) == customer_user.pk


def test_wrong_codes_from_one_client_lock_it_for_every_address(chat, customer_user):
    # One address per guess (many victims at once), every guess from a fresh chat.
    attempts = linking.WRONG_CODES_PER_CLIENT.count + 1
    for n in range(attempts):
        attacker = chat()
        _ask_code(attacker, f"victim{n}@example.com")
        attacker.say("123456")
        [reply] = attacker.replies()
    assert reply.startswith("Too many wrong codes")

    # The locked client cannot use the right code of a real customer either.
    attacker = chat()
    [reply] = _ask_code(attacker, customer_user.email)
    assert reply.startswith("Too many wrong codes")
    assert _linked_user(attacker) is None


def test_code_emails_are_limited_per_address_across_chats(chat, customer_user):
    allowed = linking.CODE_EMAILS_PER_ADDRESS.count
    for n in range(allowed + 2):
        widget = chat(f"203.0.113.{n + 1}")
        assert _ask_code(widget, customer_user.email) == [link_dialogue.CODE_SENT]
    assert len(mail.outbox) == allowed


def test_code_emails_are_limited_per_client_across_chats(chat, customer_user):
    allowed = linking.CODE_EMAILS_PER_CLIENT.count
    for n in range(allowed):
        _ask_code(chat(), f"someone{n}@example.com")
    [reply] = _ask_code(chat(), customer_user.email)
    assert reply.startswith("Too many codes")
    assert mail.outbox == []
    # Another client is not affected.
    assert _ask_code(chat("198.51.100.20"), customer_user.email) == [
        link_dialogue.CODE_SENT
    ]
    assert mail.outbox[-1].to == [customer_user.email]


def test_codes_are_compared_in_constant_time(chat, customer_user, monkeypatch):
    compared = []
    real = linking.hmac.compare_digest

    def spy(a, b):
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(linking.hmac, "compare_digest", spy)
    widget = chat()
    _ask_code(widget, customer_user.email)
    widget.say(_wrong(_code()))
    assert widget.replies() == [link_dialogue.WRONG]
    assert compared, "the code was not compared with hmac.compare_digest"
