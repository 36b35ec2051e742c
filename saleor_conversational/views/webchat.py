"""Web chat endpoints for the storefront widget (all POST: Saleor's CORS allows POST).

* ``webchat/<channel>/session/``  -> a new session token
* ``webchat/<channel>/session/end/`` -> the shopper starts over or logs out of the
  storefront: the session's token is refused from then on
* ``webchat/<channel>/messages/`` -> the shopper sends a message (inbound pipeline)
* ``webchat/<channel>/poll/``     -> replies not yet shown (``webchat_poll``)
* ``webchat/<channel>/checkout/`` -> tie the storefront checkout to this chat, for order updates
  (a customer's checkout once the chat is identified as them)
* ``webchat/<channel>/identify/`` -> the shopper is logged in on the storefront: link the chat to
  their Saleor customer (``{"customerToken": <access token from tokenCreate>}``)
* ``webchat/widget.js``           -> the embeddable widget
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse

from saleor_conversational.channels.errors import VerificationFailed
from saleor_conversational.channels.webchat.adapter import LIMITS, WebChatAdapter
from saleor_conversational.contacts.identities import find_or_create_identity
from saleor_conversational.contacts.linking import LinkError, link
from saleor_conversational.contacts.merging import merge
from saleor_conversational.core import json_limits, throttle
from saleor_conversational.messaging.accounts import split_config
from saleor_conversational.messaging.webchat_sessions import (
    END_REASONS,
    end_session,
    has_ended,
    remember_identified,
)
from saleor_conversational.models import (
    ChatCheckout,
    Contact,
    MessagingAccount,
    SalesChannelSettings,
)
from saleor_conversational.saleor_data import reads as saleor_data
from saleor_conversational.saleor_data.api import customer_of_token
from saleor_conversational.views.limits import client_key, refused
from saleor_conversational.views.provider_http import json_error, read_request, receive

WIDGET = (
    Path(__file__).resolve().parent.parent
    / "static"
    / "saleor_conversational"
    / "webchat.js"
)


def webchat_account(channel) -> MessagingAccount:
    """The sales channel's web chat account, created on first use (web chat is on by
    default); a deactivated one is returned as it is (see ``_account``)."""
    account = MessagingAccount.objects.filter(
        channel=channel, kind="webchat", is_active=True
    ).first()
    if account is not None:
        return account
    with transaction.atomic():
        SalesChannelSettings.objects.get_or_create(channel=channel)
        SalesChannelSettings.objects.select_for_update().get(channel=channel)
        account = MessagingAccount.objects.filter(
            channel=channel, kind="webchat"
        ).first()
        if account is None:
            account = MessagingAccount(channel=channel, kind="webchat", name="Web chat")
            account.settings, account.credentials = split_config(
                WebChatAdapter, WebChatAdapter.initial_config()
            )
            account.save()
    return account


def _account(channel_slug: str) -> MessagingAccount | JsonResponse:
    channel = saleor_data.channel_by_slug(channel_slug)
    if channel is None:
        return json_error(404, "unknown sales channel")
    account = webchat_account(channel)
    if not account.is_active:
        return json_error(403, "web chat is switched off in this sales channel")
    return account


def _limits(account: MessagingAccount, kind: str, request, session: str = ""):
    """(limit, key) pairs for one ``kind`` of request (sessions, messages, links,
    polls): per session when there is one, then per client."""
    adapter = account.adapter()

    def limit(per: str, key: str):
        name = f"{kind}_per_{per}_per_minute"
        return (
            throttle.Limit(f"webchat-{kind}-per-{per}", adapter.limit(name), 60),
            f"{account.pk}:{key}",
        )

    # Not every kind is limited per session (new sessions are counted per client only).
    per_session = session and f"{kind}_per_session_per_minute" in LIMITS
    checks = [limit("session", session)] if per_session else []
    return [*checks, limit("client", client_key(request))]


def _session(account: MessagingAccount, request: HttpRequest) -> str | JsonResponse:
    inbound = read_request(request)
    if isinstance(inbound, JsonResponse):
        return inbound
    try:
        session = account.adapter().session_from_request(inbound)
    except VerificationFailed as exc:
        return json_error(401, str(exc))
    if has_ended(account, session):
        return json_error(401, "this web chat session has ended; start a new session")
    return session


def _json_body(request: HttpRequest) -> dict | JsonResponse:
    if not request.body:
        return {}
    try:
        data = json_limits.loads(request.body)
    except json_limits.UnfitJson as exc:
        return json_error(400, str(exc))
    return (
        data
        if isinstance(data, dict)
        else json_error(400, "body must be a JSON object")
    )


def open_session(request: HttpRequest, channel_slug: str) -> HttpResponse:
    account = _account(channel_slug)
    if isinstance(account, JsonResponse):
        return account
    too_many = refused(_limits(account, "sessions", request))
    if too_many is not None:
        return too_many
    adapter = account.adapter()
    _, token = adapter.new_session()
    return JsonResponse(
        {
            "session": token,
            "pollWait": 20,
            "expiresAt": adapter.session_expires_at(token),
        },
        status=201,
    )


def end(request: HttpRequest, channel_slug: str) -> HttpResponse:
    """The shopper starts over, or the storefront logs them out: the token stops working."""
    call = session_call(request, channel_slug, "sessions")
    if isinstance(call, JsonResponse):
        return call
    account, session, body = call
    reason = body.get("reason", "reset")
    if reason not in END_REASONS:
        return json_error(400, f"'reason' must be one of {', '.join(END_REASONS)}")
    end_session(account, session, reason)
    return JsonResponse({"ended": True})


def send(request: HttpRequest, channel_slug: str) -> HttpResponse:
    account = _account(channel_slug)
    if isinstance(account, JsonResponse):
        return account
    session = _session(account, request)
    if isinstance(session, JsonResponse):
        return session
    too_many = refused(_limits(account, "messages", request, session))
    if too_many is not None:
        return too_many
    response = receive(account, request, client=client_key(request))
    return (
        JsonResponse({"accepted": True}, status=202)
        if response.status_code == 200
        else response
    )


def session_call(request: HttpRequest, channel_slug: str, kind: str):
    """(account, session id, JSON body) of a call made with a session token, or the
    error; counted against the ``kind`` limits (see ``_limits``)."""
    account = _account(channel_slug)
    if isinstance(account, JsonResponse):
        return account
    session = _session(account, request)
    if isinstance(session, JsonResponse):
        return session
    too_many = refused(_limits(account, kind, request, session))
    if too_many is not None:
        return too_many
    body = _json_body(request)
    if isinstance(body, JsonResponse):
        return body
    return account, session, body


def link_checkout(request: HttpRequest, channel_slug: str) -> HttpResponse:
    """The storefront proves it holds both the chat session and the checkout token.

    The token alone is enough for a guest's checkout (the first chat to present it
    keeps it). A customer's checkout needs the chat identified as that customer too
    (``identify/`` or account linking in the chat): its token travels in return URLs,
    reminder links and browser history. Whoever holds both takes the link over.
    """
    call = session_call(request, channel_slug, "links")
    if isinstance(call, JsonResponse):
        return call
    account, session, body = call
    try:
        token = uuid.UUID(str(body.get("checkoutToken", "")))
    except ValueError:
        return json_error(400, "'checkoutToken' must be a checkout token (UUID)")
    checkout = saleor_data.checkout_in_channel(token, account.channel_id)
    if checkout is None:
        return json_error(404, "no such checkout in this sales channel")
    identity = find_or_create_identity(account, session)
    contact = identity.contact
    owned = checkout.user_id is not None
    if owned and contact.user_id != checkout.user_id:
        return json_error(
            403,
            "this checkout belongs to a customer account: identify the chat as that "
            "customer first (identify/ with their access token)",
        )
    try:
        with transaction.atomic():
            ChatCheckout.objects.create(
                contact=contact, channel_id=account.channel_id, checkout_token=token
            )
    except IntegrityError:
        linked = ChatCheckout.objects.get(checkout_token=token)
        if linked.contact_id != contact.pk:
            if not owned:
                return json_error(
                    409, "this checkout is already linked to another chat"
                )
            ChatCheckout.objects.filter(pk=linked.pk).update(contact=contact)
    return JsonResponse({"linked": True})


def identify(request: HttpRequest, channel_slug: str) -> HttpResponse:
    """A logged-in shopper proves who they are with their own Saleor access token.

    The session's contact joins the customer's contact when there is one (one profile
    across messaging channels); otherwise it is linked to the customer.
    """

    call = session_call(request, channel_slug, "links")
    if isinstance(call, JsonResponse):
        return call
    account, session, body = call
    token = body.get("customerToken")
    if not isinstance(token, str) or not token:
        return json_error(
            400, "'customerToken' must be the customer's Saleor access token"
        )
    user = customer_of_token(token)
    if user is None:
        return json_error(401, "the customer token is not valid")
    identity = find_or_create_identity(account, session)
    contact = identity.contact
    if contact.user_id not in (None, user.pk):
        return json_error(
            409, "this chat session belongs to another customer; start a new session"
        )
    if contact.user_id is None:
        existing = (
            Contact.objects.filter(user=user)
            .exclude(pk=contact.pk)
            .order_by("created_at")
            .first()
        )
        try:
            if existing is not None:
                merge(source=contact, target=existing)
            else:
                link(contact, user)
        except LinkError as exc:
            return json_error(409, exc.message)
    remember_identified(account, session, user)
    return JsonResponse({"linked": True})


def widget(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(WIDGET.read_bytes(), content_type="application/javascript")
    response["Cache-Control"] = "public, max-age=300"
    return response
