"""Texts the shop starts, rendered in the shopper's language and routed to where they
can be delivered: inside the window, as an approved template, or on the fallback
messaging channel."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation

from saleor_conversational.channels.messages import OutboundMessage, Template, Text
from saleor_conversational.core.language import pick_language
from saleor_conversational.models import Contact, ContactIdentity, NotificationText
from saleor_conversational.notifications.texts import DEFAULT_TEXTS


@dataclass
class Rendered:
    text: str
    variables: dict[str, str]
    override: NotificationText | None


def render(
    event: str, language: str, variables: dict[str, str], channel_id: int
) -> Rendered:
    """The merchant's text for the event and language, else the default (the catalogue's
    translation into ``language``); plain text either way."""
    override = NotificationText.objects.filter(
        channel_id=channel_id, event=event, language_code=language
    ).first()
    with translation.override(language):
        default = str(DEFAULT_TEXTS[event])
    template = (override.text if override and override.text else None) or default
    try:
        text = template.format(**variables)
    except (
        KeyError,
        IndexError,
        ValueError,
    ):  # a merchant's text with an unknown {variable}
        text = default.format(**variables)
    return Rendered(text=text, variables=variables, override=override)


def route(
    contact,
    identity,
    rendered: Rendered,
    channel_settings,
    message: OutboundMessage | None = None,
) -> tuple[ContactIdentity, OutboundMessage]:
    """The message inside the window; else the event's template; else the fallback channel."""
    text = message or Text(text=rendered.text)
    if identity.window_open():
        return identity, text
    override = rendered.override
    if (
        override
        and override.whatsapp_template
        and "template" in identity.account.capabilities.kinds
    ):
        params = tuple(
            rendered.variables.get(name, "") for name in override.template_parameters
        )
        declared = (identity.account.settings.get("templates") or {}).get(
            override.whatsapp_template, {}
        )
        return identity, Template(
            name=override.whatsapp_template,
            language=declared.get("language", override.language_code),
            body_params=params,
            text=rendered.text,
        )
    fallback = channel_settings.fallback_account
    if fallback is not None and fallback.is_active:
        other = (
            ContactIdentity.objects.select_related("account")
            .filter(contact=contact, account=fallback)
            .first()
        )
        if other is not None and other.window_open():
            return other, text
    # Stored with the window reason by the send task (or sent as the account's window
    # template, if it has one).
    return identity, text


def contact_language(contact: Contact, channel_settings) -> str:
    user_language = contact.user.language_code if contact.user_id else ""
    return pick_language(
        user_language, contact.language_code, channel_settings.language_code
    )
