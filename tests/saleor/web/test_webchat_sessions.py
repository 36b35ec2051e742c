"""Web chat sessions end: after the merchant's lifetime, when the shopper starts over, and
when the storefront logs the shopper out (security review M10)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time
from saleor.account.models import Group
from saleor.account.tests.fixtures.user import (
    dangerously_create_test_user as create_user,
)
from saleor.permission.models import Permission

from saleor_conversational.models import ContactIdentity, MessagingAccount
from tests.support.api import Api, gid, user_token
from tests.support.fixtures import WebChat


def _refused(webchat, words: str) -> None:
    for path, body in (
        ("poll/", {}),
        ("messages/", {"id": "late", "text": "still there?"}),
        ("identify/", {"customerToken": "x"}),
        ("checkout/", {"checkoutToken": "00000000-0000-0000-0000-000000000000"}),
    ):
        response = webchat.post(path, body)
        assert response.status_code == 401, (path, response.content)
        assert words in response.json()["error"], (path, response.content)


def test_a_session_expires_after_the_default_lifetime(webchat):
    webchat.open()
    webchat.say("hi")
    assert len(webchat.replies()) == 1
    with freeze_time(timezone.now() + timedelta(hours=23)):
        assert webchat.poll() == []
    with freeze_time(timezone.now() + timedelta(hours=25)):
        _refused(webchat, "expired")
        fresh = webchat.post("session/")
    assert fresh.status_code == 201
    assert (
        fresh.json()["expiresAt"] > (timezone.now() + timedelta(hours=25)).timestamp()
    )


def test_a_forged_issue_time_is_refused(webchat):
    session_id, issued, signature = webchat.open().split(".")
    later = str(int(issued) + 3600)
    response = webchat.post("poll/", {}, session=f"{session_id}.{later}.{signature}")
    assert response.status_code == 401


@pytest.fixture
def merchant(plugin, client, django_capture_on_commit_callbacks, db):
    user = create_user(email="owner@example.com", password="x", is_staff=True)
    group = Group.objects.create(name="owners")
    group.permissions.add(Permission.objects.get(codename="manage_plugins"))
    user.groups.add(group)
    return Api(client, django_capture_on_commit_callbacks, user_token(user))


UPDATE = """mutation($id: ID!, $config: GenericScalar) {
  messagingAccountUpdate(id: $id, input: {config: $config}) {
    account { settings } errors { field code message } } }"""


def test_the_merchant_sets_the_session_lifetime(webchat, merchant):
    webchat.open()
    account = MessagingAccount.objects.get(kind="webchat")
    variables = {"id": gid("MessagingAccount", account.pk)}
    for wrong in ("0", "two", "100000"):
        payload = merchant.data(
            UPDATE, {**variables, "config": {"session_lifetime_hours": wrong}}
        )["messagingAccountUpdate"]
        assert (
            payload["errors"]
            and "session_lifetime_hours" in payload["errors"][0]["message"]
        )
    payload = merchant.mutate(
        "messagingAccountUpdate",
        UPDATE,
        {**variables, "config": {"session_lifetime_hours": "2"}},
    )
    assert payload["account"]["settings"]["session_lifetime_hours"] == "2"
    assert "session_secret" not in str(payload)
    with freeze_time(timezone.now() + timedelta(hours=1)):
        assert webchat.poll() == []
    with freeze_time(timezone.now() + timedelta(hours=3)):
        _refused(webchat, "expired")


def test_start_over_ends_the_session_and_a_new_one_starts_empty(
    webchat, client, django_capture_on_commit_callbacks, channel_USD
):
    webchat.open()
    webchat.say("hi")
    assert webchat.replies()
    response = webchat.post("session/end/", {})
    assert response.status_code == 200, response.content
    assert response.json() == {"ended": True}
    _refused(webchat, "ended")
    assert webchat.post("session/end/", {}).status_code == 401

    again = WebChat(client, django_capture_on_commit_callbacks, channel_USD.slug)
    again.open()
    assert again.poll(history=True) == []
    again.say("hello")
    assert len(again.replies()) == 1


def test_storefront_logout_ends_the_customers_chat_session(
    webchat, customer_user, client, django_capture_on_commit_callbacks, channel_USD
):
    webchat.open()
    webchat.say("hi")
    identified = webchat.post("identify/", {"customerToken": user_token(customer_user)})
    assert identified.status_code == 200, identified.content
    linked = ContactIdentity.objects.get(address=webchat.session.split(".")[0])
    assert linked.contact.user_id == customer_user.pk

    assert webchat.post("session/end/", {"reason": "logout"}).status_code == 200

    _refused(webchat, "ended")
    next_shopper = WebChat(client, django_capture_on_commit_callbacks, channel_USD.slug)
    next_shopper.open()
    next_shopper.say("where is my order?")
    assert next_shopper.poll(history=True)[0]["text"] == "where is my order?"
    identity = ContactIdentity.objects.get(address=next_shopper.session.split(".")[0])
    assert identity.contact.user_id is None
    assert identity.contact_id != linked.contact_id


def test_an_unknown_end_reason_is_refused_and_ends_nothing(webchat):
    webchat.open()
    assert webchat.post("session/end/", {"reason": "because"}).status_code == 400
    assert webchat.poll() == []


def test_the_widget_can_start_over_and_log_out(plugin, client):
    script = b"".join(
        client.get("/plugins/global/saleor.conversational/webchat/widget.js")
    ).decode()
    for api in ("reset:", "logout:", "session/end/", "Start over"):
        assert api in script


def test_ended_sessions_are_forgotten_once_their_tokens_expired_anyway(webchat):
    from saleor_conversational.channels.webchat.adapter import MAX_SESSION_HOURS
    from saleor_conversational.models import EndedWebChatSession
    from saleor_conversational.tasks import sweep

    webchat.open()
    assert webchat.post("session/end/", {}).status_code == 200
    (ended,) = EndedWebChatSession.objects.all()
    # Kept while the longest lifetime a token can have has not passed…
    with freeze_time(ended.ended_at + timedelta(hours=MAX_SESSION_HOURS - 1)):
        assert sweep()["ended_sessions"] == 0
        assert EndedWebChatSession.objects.exists()
    # …and then forgotten: the token is refused as expired instead.
    with freeze_time(ended.ended_at + timedelta(hours=MAX_SESSION_HOURS + 1)):
        assert sweep()["ended_sessions"] == 1
        assert not EndedWebChatSession.objects.exists()
        _refused(webchat, "expired")


def test_signing_out_everywhere_in_saleor_ends_the_identified_chat_session(
    webchat, customer_user, user_api_client, client, django_capture_on_commit_callbacks
):
    webchat.open()
    webchat.say("hi")
    assert (
        webchat.post("identify/", {"customerToken": user_token(customer_user)})
    ).status_code == 200
    assert webchat.poll() is not None  # still fine

    response = user_api_client.post_graphql(
        "mutation { tokensDeactivateAll { errors { message } } }"
    )
    assert response.json()["data"]["tokensDeactivateAll"]["errors"] == []

    _refused(webchat, "ended")
    from saleor_conversational.models import EndedWebChatSession

    (ended,) = EndedWebChatSession.objects.all()
    assert ended.reason == "signed-out"
    # A chat never identified as the customer is not affected.
    other = WebChat(
        client, django_capture_on_commit_callbacks, webchat.base.split("/")[-2]
    )
    other.open()
    other.say("hello")
    assert other.poll(history=True)[0]["text"] == "hello"
