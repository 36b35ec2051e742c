"""The channel rules, checked right before every send: consent, opt-out, windows."""

from __future__ import annotations

from saleor_conversational.channels.http import truncate
from saleor_conversational.channels.messages import Template
from saleor_conversational.contacts.consent import consent_state
from saleor_conversational.models import (
    ConsentPurpose,
    Message,
    MessageCategory,
)

OPT_OUT_WORDS = {"stop", "stopall", "unsubscribe", "cancel", "end", "quit"}
OPT_IN_WORDS = {"start", "unstop", "yes"}
HELP_WORDS = {"help", "info"}
# WhatsApp refuses a template whose body, parameters filled in, is over 1024 characters
# (error 132005): the window template's one parameter is clipped to that.
MAX_TEMPLATE_PARAMETER = 1024
# Marketing consent in chat, on every messaging channel (en, nl, de, fr, es). On SMS the
# carrier words above win: "unsubscribe" there stops everything.
MARKETING_OPT_IN_WORDS = {
    "subscribe",
    "aanmelden",
    "anmelden",
    "abonnieren",
    "abonner",
    "m'abonner",
    "suscribir",
    "suscribirme",
}
MARKETING_OPT_OUT_WORDS = {
    "unsubscribe",
    "stop",
    "afmelden",
    "abmelden",
    "désabonner",
    "desabonner",
    "me désabonner",
    "baja",
    "darme de baja",
}


def marketing_keyword(text: str) -> str:
    """ "subscribe" or "unsubscribe" when the whole message asks for it, else ""."""
    words = " ".join(text.lower().replace("!", " ").replace(".", " ").split())
    if words in MARKETING_OPT_IN_WORDS:
        return "subscribe"
    if words in MARKETING_OPT_OUT_WORDS:
        return "unsubscribe"
    return ""


def declared_template(account, name: str) -> dict | None:
    """The approved template ``name`` as the merchant declared it on the account:
    ``settings["templates"][name] = {"language": "en", "header": 0, "body": 1, "buttons": 0}``."""
    declared = (account.settings.get("templates") or {}).get(name)
    return declared if isinstance(declared, dict) else None


def window_fallback(row: Message, message):
    """Outside the window, free text goes out as the account's window template, if any.

    ``settings["window_template"]`` names an approved template whose single body
    parameter carries the text (e.g. "We have a reply for you: {{1}}").
    """
    identity = row.identity
    if isinstance(message, Template) or identity is None or identity.window_open():
        return message
    name = row.account.settings.get("window_template") or ""
    declared = declared_template(row.account, name)
    if declared is None or "template" not in row.account.capabilities.kinds:
        return message
    text = truncate(message.preview(), MAX_TEMPLATE_PARAMETER)
    return Template(
        name=name,
        language=declared.get("language", "en"),
        body_params=(text,),
        text=text,
    )


def template_problem(row: Message, message, adapter) -> str:
    """Why a template cannot be sent as it is (checked before any provider call)."""
    if (
        not isinstance(message, Template)
        or "template" not in adapter.capabilities.kinds
    ):
        return ""
    declared = declared_template(row.account, message.name)
    if declared is None:
        return f"template {message.name!r} is not declared as approved on this account"
    try:
        adapter.validate_template(message, declared)
    except Exception as exc:  # the adapter's own precise error, reported as the reason
        return str(exc)
    return ""


def blocked_reason(row: Message, message) -> str:
    """Why this message may not be sent now, or "" when it may."""
    identity = row.identity
    if identity is None:
        return "the contact has no address on this messaging channel"
    account = row.account
    if not account.is_active:
        return f"the {account.kind} account '{account.name}' is inactive"
    contact_id = row.conversation.contact_id
    caps = account.capabilities
    if (
        caps.opt_out_keywords
        and consent_state(contact_id, account.kind, ConsentPurpose.TRANSACTIONAL)
        is False
    ):
        # STOP on SMS stops everything, replies included, until START.
        return (
            "the recipient opted out (STOP); they must send START to receive messages"
        )
    if row.category == MessageCategory.TRANSACTIONAL:
        if not consent_state(contact_id, account.kind, ConsentPurpose.TRANSACTIONAL):
            return "no transactional consent on this messaging channel"
    elif row.category == MessageCategory.MARKETING:
        if not consent_state(contact_id, account.kind, ConsentPurpose.MARKETING):
            return "no marketing consent on this messaging channel"
    if not isinstance(message, Template) and not identity.window_open():
        return (
            f"outside the {caps.service_window_hours}-hour customer-service window and "
            "no approved template is configured for this message"
        )
    return ""
