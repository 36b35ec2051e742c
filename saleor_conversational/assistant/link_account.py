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
from saleor_conversational.core.throttle import anonymous_key
from saleor_conversational.models import ContactIdentity, Conversation, Message

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
    conversation: Conversation,
    text: str,
    asks_to_link: bool = False,
    client: str | None = None,
) -> list[str] | None:
    """The reply when ``text`` belongs to linking, else None. ``asks_to_link``: the
    router understood the message as a request to link, in any of its languages.
    ``client``: who sent the message (see ``client_of``), for the linking limits."""
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
            linking.request_code(contact, text, client=client)
            return [str(CODE_SENT)]
        if CODE.match(text):
            linking.confirm_code(contact, text.replace(" ", ""), client=client)
            return [str(LINKED)]
    except linking.LinkError as exc:
        return [str(WRONG) if exc.code == "invalid_code" else str(exc.message)]
    return None


def client_of(identity: ContactIdentity, message: Message) -> str:
    """Who sent ``message``: the web chat browser the view saw (a fresh chat is free,
    a browser's address is not), else the identity on its provider."""
    client = (message.content or {}).get("client", "")
    if isinstance(client, str) and client:
        return client
    return "identity:" + anonymous_key(f"{identity.account_id}:{identity.address}")
