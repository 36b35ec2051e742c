"""Lazy translated texts (``gettext_lazy``) made plain before a message is stored.

A lazy text becomes text in the language active when it is read: read later (by the
sending task, in another language or none) it would come out wrong, and JSON cannot
store it. ``plain_message`` reads every lazy text of a message at once, in the language
active at the call (the reply's ``translation.override``).
"""

from __future__ import annotations

import dataclasses

from django.utils.functional import Promise

from saleor_conversational.channels.messages import OutboundMessage, Text


def plain_message(message) -> OutboundMessage:
    """``message`` with its lazy texts made ``str``; a bare text becomes a ``Text``."""
    if isinstance(message, (str, Promise)):
        return Text(text=str(message))
    return _plain(message)


def _plain(value):
    if isinstance(value, Promise):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            field.name: _plain(getattr(value, field.name))
            for field in dataclasses.fields(value)
        }
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple):
        return tuple(_plain(item) for item in value)
    return value
