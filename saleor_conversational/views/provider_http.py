"""A provider's HTTP request in and out: read it within limits, answer the handshake,
verify the signature over the raw bytes, parse, store, acknowledge fast."""

from __future__ import annotations

import dataclasses
import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from saleor_conversational.channels.base import ChannelAdapter
from saleor_conversational.channels.errors import (
    ChannelError,
    MalformedRequest,
    VerificationFailed,
)
from saleor_conversational.channels.events import InboundMessage, InboundRequest
from saleor_conversational.core.crypto import DecryptionError
from saleor_conversational.messaging.inbound import store_events
from saleor_conversational.models import MessagingAccount

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024


def json_error(status: int, reason: str) -> JsonResponse:
    return JsonResponse({"error": reason}, status=status)


def public_url(request: HttpRequest) -> str:
    """The URL the provider called, as it signed it (Twilio signs the URL)."""
    base = getattr(settings, "CONVERSATIONAL_PUBLIC_URL", "") or getattr(
        settings, "PUBLIC_URL", ""
    )
    if base:
        return base.rstrip("/") + request.get_full_path()
    return request.build_absolute_uri()


def read_request(request: HttpRequest) -> InboundRequest | JsonResponse:
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return json_error(400, "invalid Content-Length")
    if declared > MAX_BODY_BYTES:
        return json_error(413, f"request body larger than {MAX_BODY_BYTES} bytes")
    try:
        body = request.body
    except Exception:  # RequestDataTooBig and broken client streams
        return json_error(413, "request body could not be read")
    if len(body) > MAX_BODY_BYTES:
        return json_error(413, f"request body larger than {MAX_BODY_BYTES} bytes")
    return InboundRequest(
        method=request.method or "GET",
        url=public_url(request),
        headers={k.lower(): v for k, v in request.headers.items()},
        query={k: v for k, v in request.GET.items()},
        body=body,
    )


def misconfigured(account_id, exc: Exception) -> JsonResponse:
    logger.error("Messaging account %s is misconfigured: %s", account_id, exc)
    return json_error(503, "this messaging account is not configured; try again later")


def receive(
    account: MessagingAccount,
    request: HttpRequest,
    client: str = "",
    adapter: ChannelAdapter | None = None,
) -> HttpResponse:
    """``client``: who sent the request when that is not the provider (web chat);
    ``adapter``: the account's, when the caller has it already."""
    inbound = read_request(request)
    if isinstance(inbound, JsonResponse):
        return inbound
    if adapter is None:
        try:
            adapter = account.adapter()
        except (ChannelError, DecryptionError) as exc:
            return misconfigured(account.pk, exc)
    reply = adapter.handshake(inbound)
    if reply is not None:
        return HttpResponse(
            reply.body, status=reply.status, content_type=reply.content_type
        )
    if inbound.method != "POST":
        return json_error(405, "only POST is accepted here")
    try:
        adapter.verify(inbound)
    except VerificationFailed as exc:
        return json_error(401, f"signature check failed: {exc}")
    try:
        events = adapter.parse(inbound)
    except MalformedRequest as exc:
        return json_error(400, f"malformed request: {exc}")
    if client:
        events = [
            dataclasses.replace(e, client=client)
            if isinstance(e, InboundMessage)
            else e
            for e in events
        ]
    _, refusals = store_events(account, events)
    if refusals:
        # One bad event must not cost the good ones of its batch (the provider would
        # retry them all): those are stored and acknowledged.
        logger.warning(
            "Refused %d of %d inbound events for account %s: %s",
            len(refusals),
            len(events),
            account.pk,
            refusals[0],
        )
        if len(refusals) == len(events):
            return json_error(400, f"malformed request: {refusals[0]}")
    reply = adapter.acknowledge(inbound)
    return HttpResponse(
        reply.body, status=reply.status, content_type=reply.content_type
    )
