"""Viber: the conformance suite plus Viber-specific behaviour, against the fake API."""

from __future__ import annotations

import hashlib
import hmac
import json

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saleor_conversational.channels.degrade import degrade
from saleor_conversational.channels.errors import (
    ConfigurationError,
    MalformedRequest,
    PermanentSendError,
    RetryableSendError,
    VerificationFailed,
)
from saleor_conversational.channels.events import (
    DeliveryStatus,
    InboundKind,
    InboundMessage,
    InboundRequest,
    StatusUpdate,
)
from saleor_conversational.channels.messages import (
    Button,
    Image,
    ListMessage,
    ListRow,
    ListSection,
    Product,
    ProductCards,
    ReplyButtons,
    Text,
)
from saleor_conversational.channels.viber.adapter import ViberAdapter
from tests.support.fakes.server import Answer
from tests.support.fakes.viber import ViberFake
from tests.unit.channels.conformance import SAMPLE_MESSAGES, ChannelConformance

AUTH_TOKEN = "445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9"
USER_ID = "01234567890A="
WEBHOOK_URL = "https://shop.example.com/plugins/conversational/webhooks/viber/7"


def sign(body: bytes, token: str = AUTH_TOKEN) -> str:
    return hmac.new(token.encode(), body, hashlib.sha256).hexdigest()


def inbound(payload: dict | bytes, token: str = AUTH_TOKEN) -> InboundRequest:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return InboundRequest(
        method="POST",
        url=WEBHOOK_URL,
        headers={
            "content-type": "application/json",
            "x-viber-content-signature": sign(body, token),
        },
        query={},
        body=body,
    )


def message_event(message: dict, token: int | str = 4912661846655238145) -> dict:
    """Viber's documented ``message`` callback."""
    return {
        "event": "message",
        "timestamp": 1457764197627,
        "message_token": token,
        "sender": {
            "id": USER_ID,
            "name": "John McClane",
            "avatar": "http://avatar.example.com",
            "country": "UK",
            "language": "en",
            "api_version": 1,
        },
        "message": message,
    }


def status_event(event: str, token: int | str, **extra) -> dict:
    return {
        "event": event,
        "timestamp": 1457764197627,
        "message_token": token,
        "user_id": USER_ID,
        **extra,
    }


class TestViberConformance(ChannelConformance):
    adapter_cls = ViberAdapter
    receives_webhooks = True
    wakes_after_send = False
    initial_config_fields = frozenset()

    def make_fake(self):
        return ViberFake(AUTH_TOKEN)

    def make_config(self):
        return {"auth_token": AUTH_TOKEN, "sender_name": "Saleor Shop"}

    def recipient(self):
        return USER_ID

    def signed_inbound_text(self, config, text):
        return inbound(
            message_event({"type": "text", "text": text}), config["auth_token"]
        )

    def signed_status(self, config, provider_message_id, status):
        event = {
            DeliveryStatus.DELIVERED: "delivered",
            DeliveryStatus.READ: "seen",
            DeliveryStatus.FAILED: "failed",
        }[status]
        return inbound(status_event(event, provider_message_id), config["auth_token"])

    def with_body(self, request, body, resign, config):
        headers = dict(request.headers)
        if resign:
            headers["x-viber-content-signature"] = sign(body, config["auth_token"])
        return InboundRequest(request.method, request.url, headers, request.query, body)

    def without_signature(self, request):
        headers = {
            k: v for k, v in request.headers.items() if k != "x-viber-content-signature"
        }
        return InboundRequest(
            request.method, request.url, headers, request.query, request.body
        )

    def wrong_secret_config(self, config):
        return {**config, "auth_token": "another-bots-token-0000000000000000"}

    def rate_limited(self):
        return Answer(200, {"status": 12, "status_message": "tooManyRequests"})

    def permanent_error(self):
        return Answer(200, {"status": 6, "status_message": "receiverNotSubscribed"})


# -- fixtures for the Viber-specific tests ------------------------------------------------
@pytest.fixture
def fake():
    fake = ViberFake(AUTH_TOKEN).start()
    yield fake
    fake.stop()
    assert not fake.violations, "\n".join(fake.violations)


@pytest.fixture
def config():
    return {
        "auth_token": AUTH_TOKEN,
        "sender_name": "Saleor Shop",
        "sender_avatar": "https://shop.example.com/logo.png",
    }


@pytest.fixture
def adapter(fake, config):
    return ViberAdapter(config, base_url=fake.base_url)


def only_body(fake) -> dict:
    [request] = fake.sent()
    assert request.headers["x-viber-auth-token"] == AUTH_TOKEN
    return request.json()


# -- configuration ------------------------------------------------------------------------
def test_capabilities_and_config():
    caps = ViberAdapter.capabilities
    assert caps.service_window_hours == 24
    assert caps.max_text_length == 7000
    assert not caps.typing_indicator and not caps.read_receipts
    assert {f.name for f in ViberAdapter.config_fields if f.secret} == {"auth_token"}
    assert ViberAdapter.default_base_url == "https://chatapi.viber.com"


def test_sender_name_longer_than_28_is_a_configuration_error():
    with pytest.raises(ConfigurationError, match="28"):
        ViberAdapter({"auth_token": AUTH_TOKEN, "sender_name": "x" * 29})


def test_missing_token_is_a_configuration_error():
    with pytest.raises(ConfigurationError, match="Auth token"):
        ViberAdapter({"sender_name": "Shop"})


def test_base_url_from_config(fake):
    adapter = ViberAdapter(
        {
            "auth_token": AUTH_TOKEN,
            "sender_name": "Shop",
            "base_url": fake.base_url + "/",
        }
    )
    assert adapter.base_url == fake.base_url
    adapter.send(USER_ID, Text("hi"))
    assert fake.sent()[0].path == "/pa/send_message"


# -- outbound shapes ----------------------------------------------------------------------
def test_text_message_body(adapter, fake):
    result = adapter.send(USER_ID, Text("Hello"))
    body = only_body(fake)
    assert body == {
        "receiver": USER_ID,
        "min_api_version": 1,
        "type": "text",
        "text": "Hello",
        "sender": {
            "name": "Saleor Shop",
            "avatar": "https://shop.example.com/logo.png",
        },
    }
    assert result.provider_message_id.isdigit()


def test_picture_with_caption(adapter, fake):
    adapter.send(
        USER_ID, Image(url="https://shop.example.com/a.jpg", text="Best seller")
    )
    body = only_body(fake)
    assert (body["type"], body["media"], body["text"]) == (
        "picture",
        "https://shop.example.com/a.jpg",
        "Best seller",
    )


def test_reply_buttons_become_a_reply_keyboard_with_a_reply_map(adapter, fake):
    adapter.send(USER_ID, SAMPLE_MESSAGES["buttons"])
    body = only_body(fake)
    assert body["type"] == "text" and body["text"] == "Which size?"
    buttons = body["keyboard"]["Buttons"]
    assert [
        (b["ActionType"], b["ActionBody"], b["Text"], b["Columns"]) for b in buttons
    ] == [("reply", "41", "41", 3), ("reply", "42", "42", 3)]
    assert json.loads(body["tracking_data"]) == {
        "replies": {"41": "size-41", "42": "size-42"}
    }


def test_list_rows_become_keyboard_buttons_with_descriptions(adapter, fake):
    adapter.send(USER_ID, SAMPLE_MESSAGES["list"])
    body = only_body(fake)
    texts = [b["Text"] for b in body["keyboard"]["Buttons"]]
    assert texts == ["DHL – 2-3 days", "UPS – 1 day"]
    assert json.loads(body["tracking_data"])["replies"] == {
        "DHL – 2-3 days": "dhl",
        "UPS – 1 day": "ups",
    }


def test_duplicate_titles_still_map_to_distinct_ids(adapter, fake):
    adapter.send(
        USER_ID, ReplyButtons("Pick", (Button("a", "Same"), Button("b", "Same")))
    )
    replies = json.loads(only_body(fake)["tracking_data"])["replies"]
    assert sorted(replies.values()) == ["a", "b"] and len(replies) == 2


def test_link_button_is_an_open_url_keyboard_button(adapter, fake):
    adapter.send(USER_ID, SAMPLE_MESSAGES["link"])
    body = only_body(fake)
    assert body["text"] == "Your cart is ready"
    [button] = body["keyboard"]["Buttons"]
    assert (button["ActionType"], button["ActionBody"], button["Text"]) == (
        "open-url",
        "https://pay.example.com/x",
        "Pay now",
    )


def test_product_cards_become_a_rich_media_carousel(adapter, fake):
    products = tuple(
        Product(
            title=f"Shoe <{i}> & co",
            price="€49.00",
            url=f"https://shop.example.com/p/{i}",
            image_url=f"https://shop.example.com/{i}.jpg" if i % 2 else "",
            description="d" * 400,
        )
        for i in range(8)
    )
    adapter.send(USER_ID, ProductCards(text="We found", products=products))
    body = only_body(fake)
    assert body["type"] == "rich_media" and body["min_api_version"] >= 2
    rich = body["rich_media"]
    assert (rich["ButtonsGroupColumns"], rich["ButtonsGroupRows"]) == (6, 7)
    cards = [b for b in rich["Buttons"] if "Text" in b]
    assert len(cards) == 6  # Viber carousels hold at most six items
    assert cards[0]["Text"].startswith("<b>Shoe &lt;0&gt; &amp; co</b><br>€49.00")
    assert all(len(b["Text"]) <= 250 for b in cards)
    images = [b for b in rich["Buttons"] if "Image" in b]
    assert [b["ActionBody"] for b in images] == [
        f"https://shop.example.com/p/{i}" for i in (1, 3, 5)
    ]
    assert "We found" in body["alt_text"] and "Shoe <7> & co" in body["alt_text"]


def test_every_sample_after_degradation_is_sent_natively(adapter, fake):
    kinds = {}
    for name, message in SAMPLE_MESSAGES.items():
        degraded = degrade(message, adapter.capabilities)
        adapter.send(USER_ID, degraded)
        kinds[name] = fake.sent()[-1].json()["type"]
    assert kinds["products"] == "rich_media" and kinds["image"] == "picture"
    # twelve options still fit a Viber keyboard
    assert (
        len(
            fake.sent()[list(SAMPLE_MESSAGES).index("too_many_buttons")].json()[
                "keyboard"
            ]["Buttons"]
        )
        == 12
    )


def test_long_list_titles_are_cut_to_what_viber_accepts(adapter, fake):
    rows = tuple(ListRow(f"r{i}", "t" * 300, "d" * 300) for i in range(3))
    adapter.send(USER_ID, ListMessage("Choose", "Open", (ListSection("", rows),)))
    body = only_body(fake)
    assert all(len(b["Text"]) <= 250 for b in body["keyboard"]["Buttons"])


# -- errors -------------------------------------------------------------------------------
EXPECTED = {
    1: PermanentSendError,
    2: PermanentSendError,
    3: PermanentSendError,
    4: PermanentSendError,
    5: PermanentSendError,
    6: PermanentSendError,
    7: PermanentSendError,
    8: PermanentSendError,
    9: PermanentSendError,
    10: PermanentSendError,
    11: PermanentSendError,
    12: RetryableSendError,
    13: PermanentSendError,
    14: PermanentSendError,
    15: PermanentSendError,
    16: PermanentSendError,
    17: PermanentSendError,
    18: RetryableSendError,
    19: PermanentSendError,
    20: PermanentSendError,
    999: PermanentSendError,
}


@pytest.mark.parametrize("status", sorted(EXPECTED))
def test_status_code_classification(adapter, fake, status):
    fake.fail_next(Answer(200, {"status": status, "status_message": f"name{status}"}))
    with pytest.raises((PermanentSendError, RetryableSendError)) as excinfo:
        adapter.send(USER_ID, Text("hi"))
    assert type(excinfo.value) is EXPECTED[status]
    assert excinfo.value.code == str(status)
    assert excinfo.value.reason and f"name{status}" in excinfo.value.reason


def test_not_subscribed_reason_is_plain_language(adapter, fake):
    fake.fail_next(
        Answer(200, {"status": 6, "status_message": "receiverNotSubscribed"})
    )
    with pytest.raises(PermanentSendError, match="not subscribed to this bot"):
        adapter.send(USER_ID, Text("hi"))


def test_throttling_uses_retry_after_header(adapter, fake):
    fake.fail_next(
        Answer(
            200,
            {"status": 12, "status_message": "tooManyRequests"},
            headers={"Retry-After": "7"},
        )
    )
    with pytest.raises(RetryableSendError) as excinfo:
        adapter.send(USER_ID, Text("hi"))
    assert excinfo.value.retry_after == 7.0


def test_http_errors(adapter, fake):
    fake.fail_next(
        Answer(503, "busy", headers={"Retry-After": "3"}), Answer(404, "Not Found")
    )
    with pytest.raises(RetryableSendError) as retry:
        adapter.send(USER_ID, Text("hi"))
    assert retry.value.retry_after == 3.0
    with pytest.raises(PermanentSendError) as permanent:
        adapter.send(USER_ID, Text("hi"))
    assert permanent.value.code == "404"


def test_unreadable_success_is_not_retried(adapter, fake):
    fake.fail_next(Answer(200, "<html>proxy</html>"))
    with pytest.raises(PermanentSendError) as excinfo:
        adapter.send(USER_ID, Text("hi"))
    assert excinfo.value.code == "bad_response"


def test_wrong_token_is_refused_by_the_fake_like_viber(fake):
    adapter = ViberAdapter(
        {"auth_token": "wrong", "sender_name": "Shop"}, base_url=fake.base_url
    )
    with pytest.raises(PermanentSendError) as excinfo:
        adapter.send(USER_ID, Text("hi"))
    assert excinfo.value.code == "2"


# -- the fake refuses what Viber refuses ---------------------------------------------------
GOOD = {"receiver": USER_ID, "type": "text", "text": "hi", "sender": {"name": "Shop"}}


@pytest.mark.parametrize(
    "path, body, headers, expected",
    [
        ("/pa/send_message", GOOD, {}, "X-Viber-Auth-Token"),
        ("/pa/send_mesage", GOOD, None, "unknown Viber API method"),
        (
            "/pa/send_message",
            {k: v for k, v in GOOD.items() if k != "receiver"},
            None,
            "receiver",
        ),
        ("/pa/send_message", {**GOOD, "text": 5}, None, "missing text"),
        ("/pa/send_message", {**GOOD, "text": "x" * 7001}, None, "7000"),
        ("/pa/send_message", {**GOOD, "type": "carousel"}, None, "type must be one of"),
        ("/pa/send_message", {**GOOD, "sender": {"name": "x" * 29}}, None, "28"),
        (
            "/pa/send_message",
            {k: v for k, v in GOOD.items() if k != "sender"},
            None,
            "sender.name",
        ),
        ("/pa/send_message", {**GOOD, "type": "picture"}, None, "media URL"),
        (
            "/pa/send_message",
            {
                **GOOD,
                "keyboard": {
                    "Type": "keyboard",
                    "Buttons": [
                        {"ActionType": "submit", "ActionBody": "a", "Text": "A"}
                    ],
                },
            },
            None,
            "ActionType",
        ),
        (
            "/pa/send_message",
            {
                **GOOD,
                "keyboard": {
                    "Type": "keyboard",
                    "Buttons": [{"ActionType": "reply", "Text": "A"}],
                },
            },
            None,
            "ActionBody",
        ),
        (
            "/pa/send_message",
            {
                **GOOD,
                "keyboard": {
                    "Type": "keyboard",
                    "Buttons": [
                        {"ActionType": "open-url", "ActionBody": "pay", "Text": "A"}
                    ],
                },
            },
            None,
            "URL",
        ),
        (
            "/pa/send_message",
            {
                **GOOD,
                "type": "rich_media",
                "min_api_version": 2,
                "rich_media": {
                    "Type": "rich_media",
                    "ButtonsGroupColumns": 6,
                    "ButtonsGroupRows": 7,
                    "Buttons": [
                        {"Columns": 7, "Rows": 1, "ActionBody": "x", "Text": "t"}
                    ],
                },
            },
            None,
            "Columns",
        ),
        ("/pa/send_message", {**GOOD, "colour": "red"}, None, "unknown field"),
        ("/pa/set_webhook", {"url": "http://insecure.example.com"}, None, "HTTPS"),
    ],
)
def test_fake_catches_requests_viber_would_refuse(path, body, headers, expected):
    fake = ViberFake(AUTH_TOKEN).start()
    try:
        auth = {"X-Viber-Auth-Token": AUTH_TOKEN} if headers is None else headers
        response = httpx.post(fake.base_url + path, json=body, headers=auth)
    finally:
        fake.stop()
    assert any(expected in v for v in fake.violations), fake.violations
    assert response.status_code == 404 or response.json()["status"] != 0


def test_fake_accepts_a_documented_request():
    fake = ViberFake(AUTH_TOKEN).start()
    try:
        response = httpx.post(
            fake.base_url + "/pa/send_message",
            json=GOOD,
            headers={"X-Viber-Auth-Token": AUTH_TOKEN},
        )
    finally:
        fake.stop()
    assert fake.violations == []
    assert response.json()["status"] == 0 and isinstance(
        response.json()["message_token"], int
    )


# -- webhook signature -----------------------------------------------------------------------
def test_signature_with_the_real_token(adapter):
    request = inbound(message_event({"type": "text", "text": "hi"}))
    adapter.verify(request)
    tampered = InboundRequest(
        "POST", WEBHOOK_URL, request.headers, {}, request.body.replace(b"hi", b"ho")
    )
    with pytest.raises(VerificationFailed, match="does not match"):
        adapter.verify(tampered)


def test_signature_of_another_bot_fails(adapter):
    with pytest.raises(VerificationFailed):
        adapter.verify(
            inbound(message_event({"type": "text", "text": "hi"}), "other-token")
        )


def test_missing_signature_header_names_the_header(adapter):
    request = inbound(b"{}")
    request = InboundRequest("POST", WEBHOOK_URL, {}, {}, request.body)
    with pytest.raises(VerificationFailed, match="X-Viber-Content-Signature"):
        adapter.verify(request)


# -- inbound parsing ----------------------------------------------------------------------------
def test_text_message_fields(adapter):
    [msg] = adapter.parse(inbound(message_event({"type": "text", "text": "hello"})))
    assert msg.provider_message_id == "4912661846655238145"
    assert (msg.sender, msg.sender_name, msg.kind, msg.text) == (
        USER_ID,
        "John McClane",
        InboundKind.TEXT,
        "hello",
    )
    assert msg.timestamp.year == 2016


def test_keyboard_tap_round_trip_gives_the_reply_id(adapter, fake):
    adapter.send(USER_ID, SAMPLE_MESSAGES["buttons"])
    tracking = only_body(fake)["tracking_data"]
    # Viber echoes tracking_data with the shopper's next message; the tap's text is ActionBody.
    [msg] = adapter.parse(
        inbound(
            message_event({"type": "text", "text": "42", "tracking_data": tracking})
        )
    )
    assert (msg.kind, msg.reply_id, msg.text) == (
        InboundKind.BUTTON_REPLY,
        "size-42",
        "42",
    )


def test_list_row_tap_gives_the_row_id(adapter, fake):
    adapter.send(USER_ID, SAMPLE_MESSAGES["list"])
    tracking = only_body(fake)["tracking_data"]
    [msg] = adapter.parse(
        inbound(
            message_event(
                {"type": "text", "text": "UPS – 1 day", "tracking_data": tracking}
            )
        )
    )
    assert (msg.kind, msg.reply_id) == (InboundKind.BUTTON_REPLY, "ups")


@pytest.mark.parametrize(
    "tracking",
    ["tracking data", '{"replies": {"41": "size-41"}}', "[1]", '{"replies": 3}'],
)
def test_free_text_or_foreign_tracking_data_is_plain_text(adapter, tracking):
    [msg] = adapter.parse(
        inbound(
            message_event(
                {"type": "text", "text": "something else", "tracking_data": tracking}
            )
        )
    )
    assert (msg.kind, msg.reply_id) == (InboundKind.TEXT, "")


@pytest.mark.parametrize(
    "message, kind, media_type",
    [
        (
            {
                "type": "picture",
                "text": "look",
                "media": "https://dl.viber.com/p.jpg",
                "thumbnail": "https://dl.viber.com/t.jpg",
            },
            InboundKind.MEDIA,
            "image",
        ),
        (
            {"type": "video", "media": "https://dl.viber.com/v.mp4", "size": 10},
            InboundKind.MEDIA,
            "video",
        ),
        (
            {
                "type": "file",
                "media": "https://dl.viber.com/f.pdf",
                "file_name": "invoice.pdf",
            },
            InboundKind.MEDIA,
            "document",
        ),
        (
            {
                "type": "sticker",
                "sticker_id": 46105,
                "media": "https://dl.viber.com/s.png",
            },
            InboundKind.MEDIA,
            "sticker",
        ),
        (
            {"type": "location", "location": {"lat": 50.76891, "lon": 6.11499}},
            InboundKind.LOCATION,
            None,
        ),
        (
            {
                "type": "contact",
                "contact": {"name": "Alice", "phone_number": "+972511123123"},
            },
            InboundKind.OTHER,
            None,
        ),
    ],
)
def test_other_message_types(adapter, message, kind, media_type):
    [msg] = adapter.parse(inbound(message_event(message)))
    assert msg.kind == kind
    if media_type:
        assert (
            msg.media[0].media_type == media_type
            and msg.media[0].url == message["media"]
        )
    if kind == InboundKind.LOCATION:
        assert msg.text == "50.76891,6.11499"


def test_file_name_is_the_caption(adapter):
    [msg] = adapter.parse(
        inbound(
            message_event(
                {
                    "type": "file",
                    "media": "https://dl.viber.com/f.pdf",
                    "file_name": "invoice.pdf",
                }
            )
        )
    )
    assert msg.media[0].caption == "invoice.pdf"


@pytest.mark.parametrize(
    "event, status",
    [
        ("delivered", DeliveryStatus.DELIVERED),
        ("seen", DeliveryStatus.READ),
        ("failed", DeliveryStatus.FAILED),
    ],
)
def test_every_status_event(adapter, event, status):
    extra = {"desc": "failure description"} if event == "failed" else {}
    [update] = adapter.parse(inbound(status_event(event, 4912661846655238145, **extra)))
    assert isinstance(update, StatusUpdate)
    assert (update.provider_message_id, update.status, update.recipient) == (
        "4912661846655238145",
        status,
        USER_ID,
    )
    assert update.error_reason == ("failure description" if event == "failed" else "")
    assert update.timestamp is not None


def test_status_for_a_sent_message_matches_its_id(adapter, fake):
    result = adapter.send(USER_ID, Text("hi"))
    token = int(result.provider_message_id)
    [update] = adapter.parse(inbound(status_event("delivered", token)))
    assert update.provider_message_id == result.provider_message_id


@pytest.mark.parametrize(
    "payload",
    [
        {
            "event": "webhook",
            "timestamp": 1457764197627,
            "chat_hostname": "SN-172_",
            "message_token": 241256543215,
        },
        {
            "event": "subscribed",
            "timestamp": 1457764197627,
            "message_token": 1,
            "user": {"id": USER_ID, "name": "John McClane"},
        },
        {
            "event": "unsubscribed",
            "timestamp": 1457764197627,
            "user_id": USER_ID,
            "message_token": 1,
        },
        {
            "event": "conversation_started",
            "timestamp": 1457764197627,
            "message_token": 1,
            "type": "open",
            "context": "ctx",
            "user": {"id": USER_ID},
            "subscribed": False,
        },
        {"event": "client_status", "timestamp": 1},
    ],
)
def test_webhook_check_and_subscription_events_store_nothing(adapter, payload):
    request = inbound(payload)
    assert (
        adapter.handshake(request) is None
    )  # Viber's check is a signed POST, answered 200
    adapter.verify(request)
    assert adapter.parse(request) == []
    assert adapter.acknowledge(request).status == 200


@pytest.mark.parametrize(
    "payload",
    [
        {
            "event": "message",
            "message_token": 1,
            "message": {"type": "text", "text": "x"},
        },
        {"event": "message", "message_token": 1, "sender": {"id": USER_ID}},
        {"event": "message", "sender": {"id": USER_ID}, "message": {"type": "text"}},
        {"event": "delivered", "message_token": True},
        {"event": "seen", "message_token": None},
        {"event": 5},
    ],
)
def test_incomplete_events_are_malformed(adapter, payload):
    with pytest.raises(MalformedRequest):
        adapter.parse(inbound(payload))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
viber_like = st.fixed_dictionaries(
    {
        "event": st.sampled_from(
            ["message", "delivered", "seen", "failed", "webhook", "subscribed", "x"]
        )
        | json_values
    },
    optional={
        "message_token": json_values,
        "timestamp": json_values,
        "user_id": json_values,
        "desc": json_values,
        "sender": st.fixed_dictionaries(
            {}, optional={"id": json_values, "name": json_values}
        )
        | json_values,
        "message": st.fixed_dictionaries(
            {},
            optional={
                "type": st.sampled_from(["text", "picture", "location", "url"])
                | json_values,
                "text": json_values,
                "media": json_values,
                "location": json_values,
                "tracking_data": json_values,
            },
        )
        | json_values,
    },
)


def _only_list_or_malformed(adapter, body: bytes):
    request = inbound(body)
    adapter.verify(request)
    try:
        events = adapter.parse(request)
    except MalformedRequest:
        return
    assert isinstance(events, list)
    assert all(isinstance(e, (InboundMessage, StatusUpdate)) for e in events)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payload=viber_like | json_values)
def test_any_signed_json_gives_events_or_malformed(payload):
    adapter = ViberAdapter({"auth_token": AUTH_TOKEN, "sender_name": "Shop"})
    _only_list_or_malformed(adapter, json.dumps(payload).encode())


@settings(max_examples=200, deadline=None)
@given(body=st.binary(max_size=200) | st.just(b"[" * 100_000))
def test_any_signed_bytes_give_events_or_malformed(body):
    adapter = ViberAdapter({"auth_token": AUTH_TOKEN, "sender_name": "Shop"})
    _only_list_or_malformed(adapter, body)


# -- account management --------------------------------------------------------------------------
def test_register_webhook_then_check_credentials(adapter, fake):
    assert adapter.check_credentials() == [
        "No webhook is registered for this Viber bot yet: save the channel settings to "
        "register it."
    ]
    adapter.register_webhook(WEBHOOK_URL)
    set_webhook = next(r for r in fake.requests if r.path == "/pa/set_webhook").json()
    assert set_webhook["url"] == WEBHOOK_URL
    assert {"delivered", "seen", "failed"} <= set(set_webhook["event_types"])
    assert adapter.check_credentials() == []
    assert [r.path for r in fake.requests].count("/pa/get_account_info") == 2


def test_check_credentials_with_a_wrong_token(fake):
    adapter = ViberAdapter(
        {"auth_token": "revoked", "sender_name": "Shop"}, base_url=fake.base_url
    )
    [problem] = adapter.check_credentials()
    assert "auth token is not valid" in problem


def test_check_credentials_with_a_suspended_account(adapter, fake):
    fake.fail_next(
        Answer(200, {"status": 9, "status_message": "publicAccountSuspended"})
    )
    [problem] = adapter.check_credentials()
    assert "suspended" in problem and "9" in problem


def test_check_credentials_when_viber_is_unreachable(config):
    adapter = ViberAdapter(config, base_url="http://127.0.0.1:9")
    [problem] = adapter.check_credentials()
    assert "could not be reached" in problem


def test_refused_webhook_is_a_configuration_error(adapter, fake):
    fake.fail_next(Answer(200, {"status": 1, "status_message": "invalidUrl"}))
    with pytest.raises(ConfigurationError, match="HTTPS"):
        adapter.register_webhook(WEBHOOK_URL)
