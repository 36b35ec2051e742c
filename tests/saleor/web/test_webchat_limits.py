"""Web chat flooding: sessions, messages, links and polls are limited per client and
per session (limits the merchant sets on the web chat account), and a deactivated web
chat accepts nothing."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time
from saleor.account.models import Group
from saleor.account.tests.fixtures.user import (
    dangerously_create_test_user as create_user,
)
from saleor.permission.models import Permission

from saleor_conversational.channels.webchat.adapter import LIMITS
from saleor_conversational.models import Contact, InboundEvent, MessagingAccount
from saleor_conversational.views.webchat import webchat_account
from tests.support.api import Api, gid, user_token
from tests.support.fixtures import WebChat

UPDATE = """mutation($id: ID!, $input: MessagingAccountUpdateInput!) {
  messagingAccountUpdate(id: $id, input: $input) {
    account { id } errors { field code message } } }"""


@pytest.fixture(autouse=True)
def fresh_window():
    """Limits count in fixed one-minute windows: a test that fills one must not straddle
    two (on a loaded machine, filling a window can take seconds)."""
    left = 60 - time.time() % 60
    if left < 20:
        time.sleep(left + 0.1)


@pytest.fixture
def chat(plugin, django_capture_on_commit_callbacks, channel_USD):
    def new_chat(ip: str = "203.0.113.7") -> WebChat:
        return WebChat(
            Client(REMOTE_ADDR=ip), django_capture_on_commit_callbacks, channel_USD.slug
        )

    return new_chat


@pytest.fixture
def merchant(plugin, client, django_capture_on_commit_callbacks):
    user = create_user(email="owner@example.com", password="x", is_staff=True)
    group = Group.objects.create(name="owners")
    group.permissions.add(*Permission.objects.filter(codename="manage_plugins"))
    user.groups.add(group)
    return Api(client, django_capture_on_commit_callbacks, user_token(user))


def _update(merchant: Api, account: MessagingAccount, **input) -> dict:
    return merchant.data(
        UPDATE, {"id": gid("MessagingAccount", account.pk), "input": input}
    )["messagingAccountUpdate"]


def _assert_throttled(response) -> None:
    assert response.status_code == 429, response.content
    retry_after = int(response["Retry-After"])
    assert 1 <= retry_after <= 60
    body = response.json()
    assert "too many requests" in body["error"]
    assert body["retryAfter"] == retry_after


def test_sessions_are_limited_per_client(chat):
    allowed = LIMITS["sessions_per_client_per_minute"][1]
    widget = chat()
    statuses = [widget.post("session/", session="").status_code for _ in range(allowed)]
    assert statuses == [201] * allowed

    response = widget.post("session/", session="")

    _assert_throttled(response)
    assert "sessions-per-client" in response.json()["error"]
    assert chat("198.51.100.20").post("session/", session="").status_code == 201


def _sessions_from(chat, remote: str, forwarded_for) -> list[int]:
    allowed = LIMITS["sessions_per_client_per_minute"][1]
    statuses = []
    for n in range(allowed + 1):
        widget = chat(remote)
        widget.client.defaults["HTTP_X_FORWARDED_FOR"] = forwarded_for(n)
        statuses.append(widget.post("session/", session="").status_code)
    return statuses


def test_behind_trusted_proxies_a_forged_forwarded_for_is_still_one_client(
    chat, settings
):
    """The client puts a new X-Forwarded-For entry on every request; the proxy in front
    of Saleor appends the address it saw (always the same)."""
    settings.CONVERSATIONAL_TRUSTED_PROXY_HOPS = 1
    allowed = LIMITS["sessions_per_client_per_minute"][1]
    statuses = _sessions_from(chat, "10.0.0.2", lambda n: f"192.0.2.{n}, 203.0.113.9")
    assert statuses == [201] * allowed + [429]
    # Another client behind the same proxy is counted apart.
    assert _sessions_from(chat, "10.0.0.2", lambda n: "198.51.100.4")[0] == 201


def test_without_trusted_proxies_saleors_rule_is_kept(chat, settings):
    settings.CONVERSATIONAL_TRUSTED_PROXY_HOPS = None
    statuses = _sessions_from(chat, "10.0.0.2", lambda n: f"192.0.2.{n}, 203.0.113.9")
    assert 429 not in statuses  # documented: Saleor's rule trusts the first entry


def test_with_no_proxy_the_socket_address_is_the_client(chat, settings):
    settings.CONVERSATIONAL_TRUSTED_PROXY_HOPS = 0
    allowed = LIMITS["sessions_per_client_per_minute"][1]
    statuses = _sessions_from(chat, "203.0.113.50", lambda n: f"192.0.2.{n}")
    assert statuses == [201] * allowed + [429]


def test_messages_are_limited_per_session(chat):
    allowed = LIMITS["messages_per_session_per_minute"][1]
    widget = chat()
    widget.open()
    for n in range(allowed):
        widget.say(f"hello {n}")

    response = widget.post("messages/", {"id": "one-too-many", "text": "hello"})

    _assert_throttled(response)
    assert InboundEvent.objects.count() == allowed
    # Another session of the same client still gets through.
    other = chat()
    other.open()
    other.say("hello")
    assert InboundEvent.objects.count() == allowed + 1


def test_the_window_ends(chat):
    allowed = LIMITS["messages_per_session_per_minute"][1]
    widget = chat()
    widget.open()
    for n in range(allowed):
        widget.say(f"hello {n}")
    _assert_throttled(widget.post("messages/", {"id": "late", "text": "hello"}))
    with freeze_time(timezone.now() + timedelta(seconds=61)):
        widget.say("hello again", message_id="later")
    assert InboundEvent.objects.count() == allowed + 1


def test_the_merchant_sets_the_limits(chat, merchant, channel_USD):
    account = webchat_account(channel_USD)
    payload = _update(
        merchant,
        account,
        config={
            "messages_per_client_per_minute": "3",
            "sessions_per_client_per_minute": "0",  # 0: no limit
        },
    )
    assert payload["errors"] == []
    first, second = chat(), chat()  # two sessions of one client share its limit
    first.open()
    first.say("hello")
    first.say("again")
    second.open()
    second.say("hello")
    widget = second
    response = widget.post("messages/", {"id": "fourth", "text": "hello"})
    _assert_throttled(response)
    assert "messages-per-client" in response.json()["error"]
    assert InboundEvent.objects.count() == 3
    # The session limit is off: far more than the default sessions per minute.
    for _ in range(LIMITS["sessions_per_client_per_minute"][1] + 5):
        assert chat().post("session/", session="").status_code == 201


def test_a_limit_that_is_not_a_number_is_refused(merchant, channel_USD):
    account = webchat_account(channel_USD)
    payload = _update(
        merchant, account, config={"messages_per_session_per_minute": "lots"}
    )
    assert [e["field"] for e in payload["errors"]] == ["config"]
    assert "messages_per_session_per_minute" in payload["errors"][0]["message"]
    account.refresh_from_db()
    assert "messages_per_session_per_minute" not in account.settings


def test_checkout_links_are_limited_per_session(chat):
    allowed = LIMITS["links_per_session_per_minute"][1]
    widget = chat()
    widget.open()
    for _ in range(allowed):
        response = widget.post("checkout/", {"checkoutToken": str(uuid.uuid4())})
        assert response.status_code == 404  # counted, though no such checkout
    _assert_throttled(widget.post("checkout/", {"checkoutToken": str(uuid.uuid4())}))
    _assert_throttled(widget.post("identify/", {"customerToken": "x"}))


def test_polls_are_limited_per_session(chat):
    allowed = LIMITS["polls_per_session_per_minute"][1]
    widget = chat()
    widget.open()
    for _ in range(allowed):
        widget.poll()
    _assert_throttled(widget.post("poll/", {}))


def test_a_deactivated_web_chat_accepts_nothing(chat, merchant, channel_USD):
    widget = chat()
    widget.open()
    widget.say("hello")
    account = webchat_account(channel_USD)
    assert _update(merchant, account, isActive=False)["errors"] == []
    events, contacts = InboundEvent.objects.count(), Contact.objects.count()

    responses = {
        "session/": widget.post("session/", session=""),
        "messages/": widget.post("messages/", {"id": "after", "text": "hello"}),
        "poll/": widget.post("poll/", {}),
        "checkout/": widget.post("checkout/", {"checkoutToken": str(uuid.uuid4())}),
        "identify/": widget.post("identify/", {"customerToken": "x"}),
    }

    for path, response in responses.items():
        assert response.status_code == 403, (path, response.content)
        assert (
            response.json()["error"] == "web chat is switched off in this sales channel"
        )
    assert (InboundEvent.objects.count(), Contact.objects.count()) == (events, contacts)
    assert MessagingAccount.objects.filter(kind="webchat").count() == 1
