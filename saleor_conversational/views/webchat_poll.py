"""``webchat/<channel>/poll/``: the replies the widget has not shown yet.

``{}`` answers at once, ``{"history": true}`` with the last messages, ``{"wait": 20}``
as soon as a reply is ready or after that many seconds. Saleor serves its plugins'
URLs through one synchronous view, so a waiting poll's wait is the body of its
response: a coroutine in the event loop (Saleor runs under ASGI). While it waits no
code of it runs in a thread and it holds no database connection nor a Redis connection
of its own; it is woken through the process's one subscription (``messaging.wakeup``).
Django's ASGI handler still keeps an idle thread per open request, async views
included; the caps bound them. Waiting polls are capped per session, per client and
per process; the ones beyond get 429 with ``Retry-After``.
"""

from __future__ import annotations

import json
import logging
import os

from asgiref.sync import async_to_sync, sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils import timezone

from saleor_conversational.channels.events import DeliveryStatus
from saleor_conversational.core.concurrency import CapReached, ConcurrencyCaps
from saleor_conversational.messaging.wakeup import (
    MAX_WAIT_SECONDS,
    reply_waiters,
    session_key,
)
from saleor_conversational.messaging.webchat_sessions import has_ended
from saleor_conversational.models import Direction, Message, MessagingAccount
from saleor_conversational.views.limits import client_key
from saleor_conversational.views.provider_http import json_error
from saleor_conversational.views.webchat import session_call

logger = logging.getLogger(__name__)

HISTORY_SIZE = 50
RETRY_AFTER_SECONDS = 5
SLOT_MARGIN_SECONDS = 10  # a slot whose release was lost frees itself this much later
DEFAULT_CAPS = {"session": 2, "client": 20, "process": 500}

waiting_polls = ConcurrencyCaps()


def caps() -> dict[str, int]:
    """Waiting polls allowed at once in this process, from the environment."""
    return {
        scope: _positive_int(
            os.environ.get(f"CONVERSATIONAL_WEBCHAT_WAITING_POLLS_PER_{scope.upper()}"),
            default,
        )
        for scope, default in DEFAULT_CAPS.items()
    }


def _positive_int(value, default: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if number > 0 else default


def serialize(message: Message) -> dict:
    return {
        "id": str(message.id),
        "direction": message.direction,
        "kind": message.kind,
        "text": message.text,
        "content": message.content if message.direction == Direction.OUTBOUND else {},
        "createdAt": message.created_at.isoformat(),
    }


def _mine(account_id, session: str):
    # Replies to this session; the identity appears with the first processed message.
    return Message.objects.filter(
        identity__account_id=account_id, identity__address=session
    )


def take_unseen(account_id, session: str) -> list[dict]:
    """The session's sent replies, now delivered: each handed to one poll only."""
    with transaction.atomic():
        fresh = list(
            _mine(account_id, session)
            .select_for_update(skip_locked=True, of=("self",))
            .filter(direction=Direction.OUTBOUND, status=DeliveryStatus.SENT)
            .order_by("sent_at", "created_at")
        )
        now = timezone.now()
        Message.objects.filter(pk__in=[m.pk for m in fresh]).update(
            status=DeliveryStatus.DELIVERED, delivered_at=now, updated_at=now
        )
    return [serialize(m) for m in fresh]


def history(account_id, session: str) -> list[dict]:
    shown = _mine(account_id, session).exclude(
        status__in=[
            DeliveryStatus.QUEUED,
            DeliveryStatus.SENDING,
            DeliveryStatus.FAILED,
        ]
    )
    return [
        serialize(m) for m in reversed(shown.order_by("-created_at")[:HISTORY_SIZE])
    ]


def _release_connection() -> None:
    # Nobody waits holding a database connection (tests run inside a transaction).
    if not connection.in_atomic_block:
        connection.close()


def _briefly(func):
    """``func`` for the event loop: in a thread, its connection closed after."""

    def run(*args):
        try:
            return func(*args)
        finally:
            _release_connection()

    return sync_to_async(run)


def _reply_or_end(account: MessagingAccount, session: str) -> bool:
    return _mine(account.pk, session).filter(
        direction=Direction.OUTBOUND, status=DeliveryStatus.SENT
    ).exists() or has_ended(account, session)


async def _answer_when_ready(slot, account: MessagingAccount, session: str, wait):
    try:
        await reply_waiters().wait(
            session_key(account.pk, session),
            wait,
            lambda: _briefly(_reply_or_end)(account, session),
        )
        messages = await _briefly(take_unseen)(account.pk, session)
    except Exception:  # the replies stay unseen: the next poll gets them
        logger.exception("A web chat long poll failed")
        messages = []
    finally:
        slot.release()
    yield json.dumps({"messages": messages}).encode()


def _too_many(scope: str) -> JsonResponse:
    response = json_error(
        429, f"too many waiting polls for this {scope}; retry after a moment"
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def poll(request: HttpRequest, channel_slug: str) -> HttpResponse:
    call = session_call(request, channel_slug, "polls")
    if isinstance(call, JsonResponse):
        return call
    account, session, body = call
    wait = body.get("wait", 0)
    if (
        not isinstance(wait, (int, float))
        or isinstance(wait, bool)
        or not 0 <= wait <= MAX_WAIT_SECONDS
    ):
        return json_error(
            400, f"'wait' must be a number of seconds from 0 to {MAX_WAIT_SECONDS}"
        )
    if body.get("history") is True:
        take_unseen(account.pk, session)
        return JsonResponse({"messages": history(account.pk, session)})
    if not wait:
        return JsonResponse({"messages": take_unseen(account.pk, session)})
    limits = caps()
    scopes = {
        f"session:{session_key(account.pk, session)}": "session",
        f"client:{client_key(request)}": "client",
        "process": "process",
    }
    try:
        slot = waiting_polls.acquire(
            [(key, limits[scope]) for key, scope in scopes.items()],
            seconds=wait + SLOT_MARGIN_SECONDS,
        )
    except CapReached as full:
        return _too_many(scopes[full.key])
    _release_connection()
    body = _answer_when_ready(slot, account, session, wait)
    if isinstance(request, ASGIRequest):
        return StreamingHttpResponse(body, content_type="application/json")
    # Under WSGI (and Django's sync test client) the request thread waits, as WSGI does.
    return HttpResponse(async_to_sync(_read)(body), content_type="application/json")


async def _read(body) -> bytes:
    return b"".join([chunk async for chunk in body])
