"""Lazy translated texts (``gettext_lazy``) made plain before a message is stored.

A lazy text becomes text in the language active when it is read: read later (by the
sending task, in another language or none) it would come out wrong, and JSON cannot
store it. ``plain_message`` reads every lazy text of a message at once, in the language
active at the call (the reply's ``translation.override``).
"""

from __future__ import annotations

import dataclasses

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from saleor_conversational.channels.degrade import DegradeTexts
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


# -- the words degrading adds (numbered options on channels without buttons) ---------
REPLY_WITH_NUMBER = gettext_lazy("Reply with the number of your choice.")
# Translators: the label of the button that opens a list of choices.
OPTIONS = gettext_lazy("Options")


def degrade_texts(row) -> DegradeTexts:
    """The words ``degrade`` adds to the outbound message ``row``, in its language (the
    reply language it was written in; the active language when none was recorded)."""
    language = getattr(row, "language_code", "") or translation.get_language()
    with translation.override(language):
        return DegradeTexts(
            reply_with_number=str(REPLY_WITH_NUMBER), options=str(OPTIONS)
        )
