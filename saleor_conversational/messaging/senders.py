"""Who is speaking when a message is queued or a conversation changes hands.

The assistant's answer to an inbound message runs inside ``speaking_as(ASSISTANT,
reply_to=message)``, the API's mutations inside ``speaking_as(STAFF)``; everything else
(order and payment updates, marketing, the sweeper) is the plugin's own, ``SYSTEM``.
``queue_message`` and the hand-over and status changes read it, so the many places that
queue a message on the assistant's or staff's behalf need not pass it along.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from saleor_conversational.models import Message, MessageSender


@dataclass(frozen=True)
class Speaker:
    sender: str
    reply_to: Message | None = None  # the inbound message the assistant is answering


SYSTEM = Speaker(MessageSender.SYSTEM)

_speaker: ContextVar[Speaker] = ContextVar("conversational_speaker", default=SYSTEM)


@contextmanager
def speaking_as(sender: str, reply_to: Message | None = None) -> Iterator[Speaker]:
    speaker = Speaker(sender, reply_to)
    token = _speaker.set(speaker)
    try:
        yield speaker
    finally:
        _speaker.reset(token)


def current_speaker() -> Speaker:
    return _speaker.get()
