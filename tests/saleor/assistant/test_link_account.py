"""Linking the chat to a customer account from inside the chat, with the emailed code."""

from __future__ import annotations

import re

from django.core import mail

from saleor_conversational.assistant import link_account as link_dialogue
from saleor_conversational.models import Contact, ContactIdentity


def _contact(webchat) -> Contact:
    return ContactIdentity.objects.get(
        address=webchat.session.partition(".")[0]
    ).contact


def _code() -> str:
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)


def test_link_my_account_with_the_emailed_code(webchat, customer_user):
    webchat.open()
    webchat.say("hi")
    webchat.replies()
    webchat.say("Please link my account")
    assert webchat.replies() == [link_dialogue.ASK_EMAIL]
    webchat.say(customer_user.email.upper())
    assert webchat.replies() == [link_dialogue.CODE_SENT]
    assert mail.outbox[-1].to == [customer_user.email]
    code = _code()
    assert _contact(webchat).user_id is None  # typing the address proves nothing
    webchat.say(f"{code[:3]} {code[3:]}")
    assert webchat.replies() == [link_dialogue.LINKED]
    assert _contact(webchat).user_id == customer_user.pk
    webchat.say("link my account")
    assert webchat.replies() == [link_dialogue.ALREADY]


def test_unknown_address_gets_the_same_answer_and_no_email(webchat, customer_user):
    webchat.open()
    webchat.say("connect my account")
    webchat.replies()
    webchat.say("nobody@example.com")
    assert webchat.replies() == [link_dialogue.CODE_SENT]
    assert mail.outbox == []
    webchat.say("123456")
    assert webchat.replies() == [link_dialogue.WRONG]
    assert _contact(webchat).user_id is None


def test_three_wrong_codes_lock_and_a_right_one_then_fails(webchat, customer_user):
    webchat.open()
    webchat.say("link my account")
    webchat.say(customer_user.email)
    webchat.replies()
    code = _code()
    wrong = "000000" if code != "000000" else "111111"
    webchat.say(wrong, message_id="w1")
    webchat.say(wrong, message_id="w2")
    assert webchat.replies() == [link_dialogue.WRONG, link_dialogue.WRONG]
    webchat.say(wrong, message_id="w3")
    [locked] = webchat.replies()
    assert locked.startswith("Too many wrong codes")
    webchat.say(code, message_id="right")
    webchat.replies()
    assert _contact(webchat).user_id is None


def test_codes_and_addresses_mean_nothing_without_a_request(webchat, customer_user):
    webchat.open()
    webchat.say(customer_user.email)
    webchat.say("123456")
    assert link_dialogue.CODE_SENT not in webchat.replies()
    assert mail.outbox == []
    assert _contact(webchat).user_id is None
