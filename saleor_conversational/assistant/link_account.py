"""Linking a chat to a Saleor customer from inside the chat, with the one-time email code.

"link my account" → the shopper sends their account's email address → a code goes to
that address if it belongs to a customer (the reply never says whether it does) → the
shopper sends the code → linked. The state is the contact's ``ContactLinkCode`` row.
Replies are plain ``str`` in the language active at the call.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from saleor_conversational.contacts import linking
from saleor_conversational.models import Conversation

ASK = re.compile(
    r"\b(?:link|connect|verify)\b(?:\s+\w+)?\s+\b(?:account|profile|me)\b|^(?:log\s?in|sign\s?in)$",
    re.I,
)
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{2,63}$")
CODE = re.compile(r"^\d{3}\s?\d{3}$")

ASK_EMAIL = _(
    "To link this chat to your customer account, send me the email address of your account. "
    "I'll email you a one-time code."
)
ALREADY = _("This chat is already linked to your customer account.")
CODE_SENT = _(
    "If that address belongs to an account, we've emailed it a 6-digit code. Send the code "
    "here within 15 minutes."
)
LINKED = _("Done: this chat is now linked to your customer account.")
WRONG = _("That code is not right. Check the email and send the 6-digit code again.")


def answer(
    conversation: Conversation, text: str, asks_to_link: bool = False
) -> list[str] | None:
    """The reply when ``text`` belongs to linking, else None. ``asks_to_link``: the
    router understood the message as a request to link, in any of its languages."""
    contact = conversation.contact
    text = text.strip()
    if asks_to_link or ASK.search(text):
        if contact.user_id:
            return [str(ALREADY)]
        linking.open_request(contact)
        return [str(ASK_EMAIL)]
    if contact.user_id or not linking.request_is_open(contact):
        return None
    try:
        if EMAIL.match(text):
            linking.request_code(contact, text)
            return [str(CODE_SENT)]
        if CODE.match(text):
            linking.confirm_code(contact, text.replace(" ", ""))
            return [str(LINKED)]
    except linking.LinkError as exc:
        return [str(WRONG) if exc.code == "invalid_code" else str(exc.message)]
    return None
