"""Web chat end to end through Saleor's URLconf, with Saleor's own fixtures."""

from __future__ import annotations

import uuid

from saleor_conversational.assistant.words import NOT_FOUND
from saleor_conversational.models import (
    ChatCheckout,
    Consent,
    Contact,
    ContactIdentity,
    InboundEvent,
    Message,
    MessagingAccount,
)


def test_hi_gets_the_honest_opening_message(webchat):
    webchat.open()
    webchat.say("hi")

    replies = webchat.replies()

    assert len(replies) == 1
    assert "automated assistant" in replies[0]
    assert "human" in replies[0]
    assert Message.objects.get(direction="out").status == "delivered"
    consent = Consent.objects.get()
    assert (consent.purpose, consent.granted, consent.source) == (
        "transactional",
        True,
        "conversation_started",
    )


def test_opening_message_is_configurable_per_sales_channel(webchat, channel_USD):
    from saleor_conversational.models import SalesChannelSettings

    SalesChannelSettings.objects.create(
        channel=channel_USD,
        opening_message="Bot here (automated). Type human for a person.",
    )
    webchat.open()
    webchat.say("hello")
    assert webchat.replies() == ["Bot here (automated). Type human for a person."]


def test_order_status_for_the_sessions_own_order(
    webchat, order_with_lines, channel_USD
):
    webchat.open()
    webchat.say("hi")
    webchat.poll()
    checkout_token = uuid.uuid4()
    order_with_lines.checkout_token = str(checkout_token)
    order_with_lines.save(update_fields=["checkout_token"])
    identity = ContactIdentity.objects.get()
    ChatCheckout.objects.create(
        contact=identity.contact, channel=channel_USD, checkout_token=checkout_token
    )

    webchat.say(f"where is my order #{order_with_lines.number}?")

    [reply] = webchat.replies()
    assert f"Order #{order_with_lines.number}" in reply
    assert "being prepared" in reply or "waiting for confirmation" in reply


def test_someone_elses_order_is_refused_without_data(webchat, order_with_lines):
    webchat.open()
    webchat.say("hi")
    webchat.poll()

    webchat.say(f"status of order {order_with_lines.number}")

    [reply] = webchat.replies()
    assert reply == NOT_FOUND
    assert str(order_with_lines.total_gross_amount) not in reply


def test_same_message_posted_twice_is_stored_once(webchat):
    webchat.open()
    webchat.say("hi", message_id="abc")
    webchat.say("hi", message_id="abc")

    assert InboundEvent.objects.count() == 1
    assert Message.objects.filter(direction="in").count() == 1
    assert len(webchat.replies()) == 1


def test_bad_session_token_is_refused_and_writes_nothing(webchat):
    webchat.open()
    forged = webchat.session.split(".")[0] + ".AAAA"
    response = webchat.post("messages/", {"id": "1", "text": "hi"}, session=forged)
    assert response.status_code == 401
    assert "session token" in response.json()["error"]
    missing = webchat.post("messages/", {"id": "1", "text": "hi"}, session="")
    assert missing.status_code == 401
    assert InboundEvent.objects.count() == 0
    assert Contact.objects.count() == 0


def test_malformed_and_oversized_bodies_get_4xx_and_write_nothing(webchat):
    webchat.open()
    for raw, status in [
        (b"{not json", 400),
        (b"[]", 400),
        (b'{"id": "1"}', 400),
        (b'{"id": "1", "text": 5}', 400),
        (b'{"id": "1", "text": "' + b"x" * 300_000 + b'"}', 413),
    ]:
        response = webchat.post("messages/", raw=raw)
        assert response.status_code == status, (raw[:30], response.content)
        assert response.json()["error"]
    assert InboundEvent.objects.count() == 0


def test_unknown_endpoint_and_method(plugin, client):
    assert client.post("/plugins/global/saleor.conversational/nope/").status_code == 404
    response = client.get("/plugins/global/saleor.conversational/webchat/x/session/")
    assert response.status_code == 405


def test_unknown_sales_channel_is_404(plugin, client):
    response = client.post(
        "/plugins/global/saleor.conversational/webchat/no-such-channel/session/"
    )
    assert response.status_code == 404


def test_widget_script_is_served(plugin, client):
    response = client.get("/plugins/global/saleor.conversational/webchat/widget.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript"
    assert b"SaleorChat" in b"".join(response)


def test_sessions_do_not_see_each_others_messages(
    webchat, client, django_capture_on_commit_callbacks, channel_USD
):
    from tests.support.fixtures import WebChat

    webchat.open()
    webchat.say("hi")
    other = WebChat(client, django_capture_on_commit_callbacks, channel_USD.slug)
    other.open()
    assert other.poll() == []
    assert other.poll(history=True) == []
    assert len(webchat.poll(history=True)) == 2


def test_web_chat_account_is_created_once_per_sales_channel(webchat):
    webchat.open()
    webchat.open()
    assert MessagingAccount.objects.filter(kind="webchat").count() == 1
    account = MessagingAccount.objects.get()
    assert "session_secret" not in account.credentials_encrypted
    assert account.credentials["session_secret"]


def test_long_poll_without_replies_waits_then_answers_empty(webchat):
    import time

    webchat.open()
    webchat.say("hi")
    webchat.poll()
    started = time.monotonic()
    assert webchat.poll(wait=1.5) == []
    assert 1.4 <= time.monotonic() - started < 5


def test_wait_must_be_a_bounded_number(webchat):
    webchat.open()
    for wait in (-1, 26, "10", True, [1]):
        response = webchat.post("poll/", {"wait": wait})
        assert response.status_code == 400, wait
