"""The channel rules, checked right before every send: consent, opt-out, windows."""

from __future__ import annotations

from ..channels.messages import Template
from ..models import Consent, ConsentPurpose, Message, MessageCategory

OPT_OUT_WORDS = {"stop", "stopall", "unsubscribe", "cancel", "end", "quit"}
OPT_IN_WORDS = {"start", "unstop", "yes"}
HELP_WORDS = {"help", "info"}


def consent_state(contact_id, messaging_channel: str, purpose: str) -> bool | None:
    consent = Consent.objects.filter(
        contact_id=contact_id, messaging_channel=messaging_channel, purpose=purpose
    ).first()
    return None if consent is None else consent.granted


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
    if caps.opt_out_keywords and consent_state(
        contact_id, account.kind, ConsentPurpose.TRANSACTIONAL
    ) is False:
        # STOP on SMS stops everything, replies included, until START.
        return "the recipient opted out (STOP); they must send START to receive messages"
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
