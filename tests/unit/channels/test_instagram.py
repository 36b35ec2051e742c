"""Instagram Messaging: the conformance suite plus what differs from Messenger."""

from __future__ import annotations

import json

import httpx
import pytest
from hypothesis import HealthCheck, given, settings

from saleor_conversational.channels.base import registered_adapters
from saleor_conversational.channels.degrade import degrade
from saleor_conversational.channels.errors import (
    ConfigurationError,
    MalformedRequest,
    OutsideServiceWindow,
    PermanentSendError,
    RetryableSendError,
    VerificationFailed,
)
from saleor_conversational.channels.events import (
    DeliveryStatus,
    InboundKind,
    InboundRequest,
    StatusUpdate,
)
from saleor_conversational.channels.instagram.adapter import InstagramAdapter
from saleor_conversational.channels.messages import LinkButton, Text
from saleor_conversational.channels.messenger.adapter import MessengerAdapter
from tests.support.fakes.meta_send_api import MetaSendApiFake, graph_error, signed
from tests.unit.channels.conformance import SAMPLE_MESSAGES
from tests.unit.channels.meta_fixtures import MetaConformance
from tests.unit.channels.test_messenger import (
    json_values,
    meta_like,
    only_list_or_malformed,
)

IG_ID = "17841405822304914"
IGSID = "1254459154682919"
TOKEN = "EAAGm0PX4ZCpsBAKZAg3ZCZBtestIgToken"
APP_SECRET = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
VERIFY_TOKEN = "saleor-ig-verify"
WEBHOOK_URL = "https://shop.example.com/plugins/conversational/webhooks/instagram/4"
CONFIG = {
    "page_id": IG_ID,
    "page_access_token": TOKEN,
    "app_secret": APP_SECRET,
    "verify_token": VERIFY_TOKEN,
}


def webhook(payload, secret: str = APP_SECRET):
    body, signature = signed(payload, secret)
    return InboundRequest(
        "POST",
        WEBHOOK_URL,
        {"content-type": "application/json", "x-hub-signature-256": signature},
        {},
        body,
    )


def envelope(*events: dict) -> dict:
    """Instagram's documented webhook envelope (``object: "instagram"``)."""
    return {
        "object": "instagram",
        "entry": [{"id": IG_ID, "time": 1569262486134, "messaging": list(events)}],
    }


def event(**body) -> dict:
    return {
        "sender": {"id": IGSID},
        "recipient": {"id": IG_ID},
        "timestamp": 1569262485349,
        **body,
    }


def text_event(
    text: str, mid: str = "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQx", **extra
):
    return event(message={"mid": mid, "text": text, **extra})


class TestInstagramConformance(MetaConformance):
    adapter_cls = InstagramAdapter
    receives_webhooks = True
    wakes_after_send = False
    initial_config_fields = frozenset()
    # Instagram sends no delivery receipts, only "seen" (messaging_seen) with the mid.
    has_delivery_statuses = False

    def make_fake(self):
        return MetaSendApiFake(TOKEN, IG_ID, instagram=True)

    def make_config(self):
        return dict(CONFIG)

    def recipient(self):
        return IGSID

    def signed_inbound_text(self, config, text):
        return webhook(envelope(text_event(text)), config["app_secret"])

    def server_error(self):
        return graph_error(1, "An unknown error occurred", status=500)

    def rate_limited(self):
        return graph_error(4, "Application request limit reached")

    def permanent_error(self):
        return graph_error(100, "(#100) No matching user found", 2018001)


@pytest.fixture
def fake():
    fake = MetaSendApiFake(TOKEN, IG_ID, instagram=True).start()
    yield fake
    fake.stop()
    assert not fake.violations, "\n".join(fake.violations)


@pytest.fixture
def adapter(fake):
    return InstagramAdapter(CONFIG, base_url=fake.base_url)


def sent_message(adapter, fake, message) -> dict:
    adapter.send(IGSID, message)
    [request] = fake.sent()
    assert request.path == f"/v23.0/{IG_ID}/messages"
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    body = request.json()
    assert body["recipient"] == {"id": IGSID} and body["messaging_type"] == "RESPONSE"
    return body["message"]


# -- configuration -----------------------------------------------------------------------------
def test_a_separate_adapter_with_instagram_limits():
    adapters = registered_adapters()
    assert (
        adapters["instagram"] is InstagramAdapter
        and adapters["messenger"] is MessengerAdapter
    )
    caps = InstagramAdapter.capabilities
    assert caps.max_text_length == 1000 and caps.service_window_hours == 24
    assert (caps.max_buttons, caps.max_button_title) == (13, 20)
    assert (
        caps.typing_indicator and caps.read_receipts and caps.messages_per_second == 300
    )
    assert [f.label for f in InstagramAdapter.config_fields][
        0
    ] == "Instagram account ID"


def test_instagram_login_host_is_a_base_url_setting(fake):
    adapter = InstagramAdapter({**CONFIG, "base_url": "https://graph.instagram.com"})
    assert adapter.base_url == "https://graph.instagram.com"
    with pytest.raises(ConfigurationError):
        InstagramAdapter({**CONFIG, "api_version": "23"})


# -- outbound ----------------------------------------------------------------------------------
def test_long_text_is_cut_to_instagrams_limit_by_degradation(adapter, fake):
    degraded = degrade(Text("x" * 1500), adapter.capabilities)
    assert len(sent_message(adapter, fake, degraded)["text"]) == 1000


def test_link_button_is_a_card_with_a_web_url_button(adapter, fake):
    message = sent_message(adapter, fake, SAMPLE_MESSAGES["link"])
    assert message["attachment"]["payload"] == {
        "template_type": "generic",
        "elements": [
            {
                "title": "Your cart is ready",
                "buttons": [
                    {
                        "type": "web_url",
                        "url": "https://pay.example.com/x",
                        "title": "Pay now",
                    }
                ],
            }
        ],
    }


def test_link_button_with_a_long_text_uses_the_subtitle(adapter, fake):
    text = "y" * 120
    message = sent_message(
        adapter, fake, LinkButton(text, "Pay", "https://pay.example.com/x")
    )
    [element] = message["attachment"]["payload"]["elements"]
    assert element["title"] + element["subtitle"] == text[:79] + "……" + text[79:]


def test_link_button_with_a_very_long_text_is_plain_text(adapter, fake):
    text = "z" * 400
    message = sent_message(
        adapter, fake, LinkButton(text, "Pay", "https://pay.example.com/x")
    )
    assert message == {"text": f"{text}\nPay: https://pay.example.com/x"}


def test_buttons_and_products_use_the_messenger_shapes(adapter, fake):
    for sample in ("buttons", "products", "list"):
        adapter.send(IGSID, degrade(SAMPLE_MESSAGES[sample], adapter.capabilities))
    buttons, products, rows = (r.json()["message"] for r in fake.sent())
    assert [q["payload"] for q in buttons["quick_replies"]] == ["size-41", "size-42"]
    assert products["attachment"]["payload"]["elements"][0]["title"] == "Blue shoe"
    assert [
        e["buttons"][0]["type"] for e in rows["attachment"]["payload"]["elements"]
    ] == ["postback", "postback"]


def test_typing_and_seen(adapter, fake):
    adapter.send_typing(IGSID)
    adapter.mark_read("aWdf", IGSID)
    assert [r.json()["sender_action"] for r in fake.sent()] == [
        "typing_on",
        "mark_seen",
    ]


@pytest.mark.parametrize(
    "answer, expected",
    [
        (
            graph_error(
                10, "(#10) This message is sent outside of allowed window.", 2018278
            ),
            OutsideServiceWindow,
        ),
        (
            graph_error(551, "This person isn't available right now."),
            PermanentSendError,
        ),
        (
            graph_error(613, "Calls to this api have exceeded the rate limit."),
            RetryableSendError,
        ),
        (graph_error(190, "Error validating access token", 460), PermanentSendError),
    ],
)
def test_errors_are_classified_like_messenger(adapter, fake, answer, expected):
    fake.fail_next(answer)
    with pytest.raises((PermanentSendError, RetryableSendError)) as excinfo:
        adapter.send(IGSID, Text("hi"))
    assert type(excinfo.value) is expected and excinfo.value.code


# -- the fake knows Instagram's narrower Send API ----------------------------------------------
GOOD = {
    "recipient": {"id": IGSID},
    "messaging_type": "RESPONSE",
    "message": {"text": "hi"},
}


@pytest.mark.parametrize(
    "body, expected",
    [
        ({**GOOD, "message": {"text": "x" * 1001}}, "message.text"),
        (
            {
                **GOOD,
                "message": {
                    "attachment": {
                        "type": "template",
                        "payload": {
                            "template_type": "button",
                            "text": "t",
                            "buttons": [
                                {
                                    "type": "web_url",
                                    "url": "https://a.b/c",
                                    "title": "x",
                                }
                            ],
                        },
                    }
                },
            },
            "template_type",
        ),
        (
            {
                **GOOD,
                "message": {
                    "text": "hi",
                    "quick_replies": [{"content_type": "user_email"}],
                },
            },
            "content_type",
        ),
        (
            {**GOOD, "messaging_type": "MESSAGE_TAG", "tag": "POST_PURCHASE_UPDATE"},
            "HUMAN_AGENT",
        ),
        (
            {
                **GOOD,
                "message": {
                    "attachment": {
                        "type": "file",
                        "payload": {"url": "https://a.b/c.pdf"},
                    }
                },
            },
            "attachment.type",
        ),
    ],
)
def test_fake_catches_what_instagram_refuses(body, expected):
    fake = MetaSendApiFake(TOKEN, IG_ID, instagram=True).start()
    try:
        response = httpx.post(
            f"{fake.base_url}/v23.0/{IG_ID}/messages",
            json=body,
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
    finally:
        fake.stop()
    assert any(expected in v for v in fake.violations), fake.violations
    assert response.json()["error"]["code"] == 100


# -- inbound -----------------------------------------------------------------------------------
def test_signature_and_handshake(adapter):
    request = webhook(envelope(text_event("hi")))
    adapter.verify(request)
    with pytest.raises(VerificationFailed):
        adapter.verify(
            webhook(envelope(text_event("hi")), secret="messenger-app-secret")
        )
    reply = adapter.handshake(
        InboundRequest(
            "GET",
            WEBHOOK_URL,
            {},
            {
                "hub.mode": "subscribe",
                "hub.verify_token": VERIFY_TOKEN,
                "hub.challenge": "42",
            },
            b"",
        )
    )
    assert (reply.status, reply.body) == (200, b"42")


def test_text_and_quick_reply(adapter):
    text, tap = adapter.parse(
        webhook(
            envelope(
                text_event("hello"),
                text_event("41", mid="aWdf2", quick_reply={"payload": "size-41"}),
            )
        )
    )
    assert (text.sender, text.kind, text.text) == (IGSID, InboundKind.TEXT, "hello")
    assert (tap.kind, tap.reply_id, tap.text) == (
        InboundKind.BUTTON_REPLY,
        "size-41",
        "41",
    )


def test_postback_from_a_card_button(adapter):
    [msg] = adapter.parse(
        webhook(
            envelope(
                event(postback={"mid": "aWdf3", "title": "Choose", "payload": "ups"})
            )
        )
    )
    assert (msg.kind, msg.reply_id) == (InboundKind.BUTTON_REPLY, "ups")


def test_seen_names_the_message(adapter):
    [update] = adapter.parse(webhook(envelope(event(read={"mid": "aWdf4"}))))
    assert isinstance(update, StatusUpdate)
    assert (update.provider_message_id, update.status, update.recipient) == (
        "aWdf4",
        DeliveryStatus.READ,
        IGSID,
    )
    assert update.timestamp.year == 2019


def test_seen_for_a_sent_message_matches_its_id(adapter, fake):
    result = adapter.send(IGSID, Text("hi"))
    [update] = adapter.parse(
        webhook(envelope(event(read={"mid": result.provider_message_id})))
    )
    assert update.provider_message_id == result.provider_message_id


@pytest.mark.parametrize(
    "message",
    [
        {"mid": "aWdf5", "text": "hi", "is_echo": True},
        {"mid": "aWdf6", "is_deleted": True},
    ],
)
def test_echoes_and_unsent_messages_are_ignored(adapter, message):
    assert adapter.parse(webhook(envelope(event(message=message)))) == []


@pytest.mark.parametrize(
    "attachment, kind",
    [
        (
            {
                "type": "image",
                "payload": {"url": "https://lookaside.fbsbx.com/ig_messaging_cdn/1"},
            },
            InboundKind.MEDIA,
        ),
        (
            {
                "type": "story_mention",
                "payload": {"url": "https://lookaside.fbsbx.com/story"},
            },
            InboundKind.OTHER,
        ),
        (
            {
                "type": "ig_reel",
                "payload": {"reel_video_id": "1", "title": "x", "url": "https://x.y"},
            },
            InboundKind.OTHER,
        ),
    ],
)
def test_attachments(adapter, attachment, kind):
    [msg] = adapter.parse(
        webhook(envelope(event(message={"mid": "aWdf7", "attachments": [attachment]})))
    )
    assert msg.kind == kind


def test_messenger_page_events_are_not_instagrams(adapter):
    page = {
        "object": "page",
        "entry": [{"id": "1", "time": 1, "messaging": [text_event("x")]}],
    }
    assert adapter.parse(webhook(page)) == []
    comments = {
        "object": "instagram",
        "entry": [
            {
                "id": IG_ID,
                "time": 1,
                "changes": [
                    {"field": "comments", "value": {"id": "1", "text": "nice"}}
                ],
            }
        ],
    }
    assert adapter.parse(webhook(comments)) == []


def test_one_delivery_for_two_accounts_keeps_only_this_accounts_events(adapter):
    other_id = "17841400000000001"
    other_entry = {
        "id": other_id,
        "time": 1569262486134,
        "messaging": [
            {
                **event(message={"mid": "aWdf_theirs", "text": "not ours"}),
                "recipient": {"id": other_id},
            }
        ],
    }
    payload = envelope(text_event("for us", mid="aWdf_ours"))
    payload["entry"].append(other_entry)
    assert [e.provider_message_id for e in adapter.parse(webhook(payload))] == [
        "aWdf_ours"
    ]


@pytest.mark.parametrize(
    "payload",
    [
        envelope(event(read="aWdf")),
        envelope(event(message={"text": "no mid"})),
        {"object": "instagram", "entry": "x"},
    ],
)
def test_incomplete_events_are_malformed(adapter, payload):
    with pytest.raises(MalformedRequest):
        adapter.parse(webhook(payload))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payload=meta_like("instagram") | json_values)
def test_any_signed_json_gives_events_or_malformed(payload):
    only_list_or_malformed(
        InstagramAdapter(CONFIG), json.dumps(payload).encode(), APP_SECRET
    )


# -- account management ------------------------------------------------------------------------
def test_check_credentials_reads_the_instagram_account(adapter, fake):
    assert adapter.check_credentials() == []
    [lookup] = fake.requests
    assert (lookup.method, lookup.path, lookup.query["fields"]) == (
        "GET",
        f"/v23.0/{IG_ID}",
        ["id,username"],
    )


def test_check_credentials_with_a_wrong_account_id(fake):
    adapter = InstagramAdapter(
        {**CONFIG, "page_id": "17841400000000000"}, base_url=fake.base_url
    )
    [problem] = adapter.check_credentials()
    assert "Instagram account ID 17841400000000000 was not found" in problem


def test_check_credentials_with_an_expired_token(fake):
    adapter = InstagramAdapter(
        {**CONFIG, "page_access_token": "old"}, base_url=fake.base_url
    )
    [problem] = adapter.check_credentials()
    assert "Instagram account access token is invalid or has expired" in problem


def test_register_webhook_calls_nothing(adapter, fake):
    assert adapter.register_webhook(WEBHOOK_URL) is None
    assert fake.requests == []
