"""Facebook Messenger: the conformance suite plus Messenger-specific behaviour."""

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
    OutsideServiceWindow,
    PermanentSendError,
    RetryableSendError,
    UncertainSendError,
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
    LinkButton,
    ListMessage,
    ListRow,
    ListSection,
    Product,
    ProductCards,
    ReplyButtons,
    Text,
)
from saleor_conversational.channels.messenger.adapter import MessengerAdapter
from tests.support.fakes.meta_send_api import MetaSendApiFake, graph_error, signed
from tests.support.fakes.server import Answer
from tests.unit.channels.conformance import SAMPLE_MESSAGES
from tests.unit.channels.meta_fixtures import MetaConformance

PAGE_ID = "1067280970047460"
PSID = "6783052715054329"
TOKEN = "EAAGm0PX4ZCpsBAKZAg3ZCZBtestPageToken"
APP_SECRET = "4a2b8e3f9c1d7e6a5b4c3d2e1f0a9b8c"
VERIFY_TOKEN = "saleor-verify-4b1c"
WEBHOOK_URL = "https://shop.example.com/plugins/conversational/webhooks/messenger/3"
CONFIG = {
    "page_id": PAGE_ID,
    "page_access_token": TOKEN,
    "app_secret": APP_SECRET,
    "verify_token": VERIFY_TOKEN,
}


def webhook(payload: dict | bytes, secret: str = APP_SECRET) -> InboundRequest:
    body, signature = signed(payload, secret)
    return InboundRequest(
        "POST",
        WEBHOOK_URL,
        {"content-type": "application/json", "x-hub-signature-256": signature},
        {},
        body,
    )


def envelope(*events: dict, obj: str = "page", account: str = PAGE_ID) -> dict:
    """Meta's documented ``{object, entry: [{id, time, messaging: [...]}]}`` envelope."""
    return {
        "object": obj,
        "entry": [{"id": account, "time": 1458692752478, "messaging": list(events)}],
    }


def event(account: str = PAGE_ID, sender: str = PSID, **body) -> dict:
    return {
        "sender": {"id": sender},
        "recipient": {"id": account},
        "timestamp": 1458692752478,
        **body,
    }


def text_event(
    text: str, mid: str = "m_1457764197618:41d102a3e1ae206a38", **extra
) -> dict:
    return event(message={"mid": mid, "text": text, **extra})


class TestMessengerConformance(MetaConformance):
    adapter_cls = MessengerAdapter
    receives_webhooks = True
    wakes_after_send = False
    initial_config_fields = frozenset()
    supported_statuses = (
        DeliveryStatus.DELIVERED,
    )  # read receipts carry only a watermark

    def make_fake(self):
        return MetaSendApiFake(TOKEN, PAGE_ID)

    def make_config(self):
        return dict(CONFIG)

    def recipient(self):
        return PSID

    def signed_inbound_text(self, config, text):
        return webhook(envelope(text_event(text)), config["app_secret"])

    def signed_status(self, config, provider_message_id, status):
        assert status is DeliveryStatus.DELIVERED
        return webhook(
            envelope(
                event(
                    delivery={"mids": [provider_message_id], "watermark": 1458668856253}
                )
            ),
            config["app_secret"],
        )

    def server_error(self):
        return graph_error(
            2,
            "An unexpected error has occurred. Please retry your request later.",
            status=500,
            is_transient=True,
        )

    def rate_limited(self):
        return graph_error(613, "Calls to this api have exceeded the rate limit.")

    def permanent_error(self):
        return graph_error(551, "This person isn't available right now.", 1545041)


# -- fixtures for the Messenger-specific tests ---------------------------------------------
@pytest.fixture
def fake():
    fake = MetaSendApiFake(TOKEN, PAGE_ID).start()
    yield fake
    fake.stop()
    assert not fake.violations, "\n".join(fake.violations)


@pytest.fixture
def adapter(fake):
    return MessengerAdapter(CONFIG, base_url=fake.base_url)


def only_body(fake) -> dict:
    [request] = fake.sent()
    assert request.path == f"/v23.0/{PAGE_ID}/messages"
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    return request.json()


def sent_message(adapter, fake, message) -> dict:
    adapter.send(PSID, message)
    body = only_body(fake)
    assert body["recipient"] == {"id": PSID} and body["messaging_type"] == "RESPONSE"
    return body["message"]


# -- configuration ---------------------------------------------------------------------------
def test_capabilities_and_config():
    caps = MessengerAdapter.capabilities
    assert caps.service_window_hours == 24 and caps.max_text_length == 2000
    assert (caps.max_buttons, caps.max_button_title, caps.max_list_rows) == (13, 20, 10)
    assert (
        caps.typing_indicator and caps.read_receipts and caps.messages_per_second == 300
    )
    assert "template" not in caps.kinds
    assert {f.name for f in MessengerAdapter.config_fields if f.secret} == {
        "page_access_token",
        "app_secret",
        "verify_token",
    }
    assert MessengerAdapter(CONFIG).config["api_version"] == "v23.0"
    assert MessengerAdapter.default_base_url == "https://graph.facebook.com"


@pytest.mark.parametrize("version", ["23.0", "v23", "latest"])
def test_malformed_api_version_is_a_configuration_error(version):
    with pytest.raises(ConfigurationError, match="v23.0"):
        MessengerAdapter({**CONFIG, "api_version": version})


def test_missing_app_secret_is_a_configuration_error():
    with pytest.raises(ConfigurationError, match="App secret"):
        MessengerAdapter({k: v for k, v in CONFIG.items() if k != "app_secret"})


def test_base_url_and_version_from_config(fake):
    adapter = MessengerAdapter(
        {**CONFIG, "base_url": fake.base_url + "/", "api_version": "v25.0"}
    )
    adapter.send(PSID, Text("hi"))
    assert fake.sent()[0].path == f"/v25.0/{PAGE_ID}/messages"


# -- outbound shapes ---------------------------------------------------------------------------
def test_text(adapter, fake):
    result = adapter.send(PSID, Text("Hello"))
    body = only_body(fake)
    assert body == {
        "recipient": {"id": PSID},
        "messaging_type": "RESPONSE",
        "message": {"text": "Hello"},
    }
    assert result.provider_message_id.startswith("m_")


def test_image_without_caption_is_a_reusable_attachment(adapter, fake):
    message = sent_message(adapter, fake, Image(url="https://shop.example.com/a.jpg"))
    assert message == {
        "attachment": {
            "type": "image",
            "payload": {"url": "https://shop.example.com/a.jpg", "is_reusable": True},
        }
    }


def test_image_with_caption_is_a_card_with_the_caption(adapter, fake):
    message = sent_message(adapter, fake, SAMPLE_MESSAGES["image"])
    payload = message["attachment"]["payload"]
    assert payload == {
        "template_type": "generic",
        "elements": [
            {
                "title": "Our best seller",
                "image_url": "https://shop.example.com/media/shoe.jpg",
            }
        ],
    }


def test_long_caption_continues_in_the_subtitle(adapter, fake):
    caption = "".join(str(i % 10) for i in range(120))
    message = sent_message(
        adapter, fake, Image(url="https://shop.example.com/a.jpg", text=caption)
    )
    [element] = message["attachment"]["payload"]["elements"]
    assert element["title"] == caption[:79] + "…"
    assert element["subtitle"] == "…" + caption[79:]


def test_reply_buttons_are_quick_replies(adapter, fake):
    message = sent_message(adapter, fake, SAMPLE_MESSAGES["buttons"])
    assert message == {
        "text": "Which size?",
        "quick_replies": [
            {"content_type": "text", "title": "41", "payload": "size-41"},
            {"content_type": "text", "title": "42", "payload": "size-42"},
        ],
    }


def test_twelve_buttons_still_fit_quick_replies(adapter, fake):
    degraded = degrade(SAMPLE_MESSAGES["too_many_buttons"], adapter.capabilities)
    assert isinstance(degraded, ReplyButtons)
    message = sent_message(adapter, fake, degraded)
    assert [q["payload"] for q in message["quick_replies"]] == [
        f"c{i}" for i in range(12)
    ]


def test_fourteen_buttons_degrade_to_numbered_text(adapter):
    message = ReplyButtons("Pick", tuple(Button(f"b{i}", f"B{i}") for i in range(14)))
    assert (
        degrade(message, adapter.capabilities).kind == "text"
    )  # more than 10 list rows


def test_buttons_with_long_titles_become_a_postback_carousel(adapter, fake):
    long = ReplyButtons(
        "Which one?", (Button("a", "The leather one with laces"), Button("b", "Suede"))
    )
    degraded = degrade(long, adapter.capabilities)
    assert degraded.kind == "list"
    elements = sent_message(adapter, fake, degraded)["attachment"]["payload"][
        "elements"
    ]
    assert [(e["title"], e["buttons"][0]["payload"]) for e in elements] == [
        ("The leather one with laces", "a"),
        ("Suede", "b"),
    ]
    assert elements[0]["subtitle"] == "Which one?"


def test_list_with_descriptions_is_a_postback_carousel(adapter, fake):
    message = sent_message(adapter, fake, SAMPLE_MESSAGES["list"])
    payload = message["attachment"]["payload"]
    assert payload["template_type"] == "generic"
    assert payload["elements"] == [
        {
            "title": "DHL",
            "subtitle": "2-3 days",
            "buttons": [{"type": "postback", "title": "Choose", "payload": "dhl"}],
        },
        {
            "title": "UPS",
            "subtitle": "1 day",
            "buttons": [{"type": "postback", "title": "Choose", "payload": "ups"}],
        },
    ]


def test_short_list_without_descriptions_is_quick_replies(adapter, fake):
    rows = (ListRow("std", "Standard"), ListRow("exp", "Express"))
    message = sent_message(
        adapter, fake, ListMessage("Shipping?", "Pick", (ListSection("", rows),))
    )
    assert message["text"] == "Shipping?"
    assert [(q["title"], q["payload"]) for q in message["quick_replies"]] == [
        ("Standard", "std"),
        ("Express", "exp"),
    ]


def test_list_intro_goes_into_the_first_card(adapter, fake):
    rows = (ListRow("a", "A row title that is longer than twenty"), ListRow("b", "B"))
    message = sent_message(
        adapter, fake, ListMessage("Pick one", "", (ListSection("", rows),))
    )
    elements = message["attachment"]["payload"]["elements"]
    assert [e["subtitle"] for e in elements] == ["Pick one", "Choose"]


def test_link_is_a_button_template_with_a_web_url(adapter, fake):
    message = sent_message(adapter, fake, SAMPLE_MESSAGES["link"])
    assert message["attachment"] == {
        "type": "template",
        "payload": {
            "template_type": "button",
            "text": "Your cart is ready",
            "buttons": [
                {
                    "type": "web_url",
                    "url": "https://pay.example.com/x",
                    "title": "Pay now",
                }
            ],
        },
    }


def test_product_cards_are_a_generic_carousel_of_at_most_ten(adapter, fake):
    products = tuple(
        Product(
            title=f"Shoe {i} " + "x" * 100,
            price="€49.00",
            description="Leather",
            url=f"https://shop.example.com/p/{i}",
            image_url=f"https://shop.example.com/{i}.jpg" if i % 2 else "",
        )
        for i in range(12)
    )
    message = sent_message(
        adapter, fake, ProductCards(text="We found", products=products)
    )
    elements = message["attachment"]["payload"]["elements"]
    assert len(elements) == 10
    first, second = elements[0], elements[1]
    assert len(first["title"]) == 80 and first["title"].endswith("…")
    assert first["subtitle"] == "€49.00 – Leather" and "image_url" not in first
    assert second["image_url"] == "https://shop.example.com/1.jpg"
    assert second["default_action"] == {
        "type": "web_url",
        "url": "https://shop.example.com/p/1",
    }
    assert second["buttons"] == [
        {"type": "web_url", "url": "https://shop.example.com/p/1", "title": "View"}
    ]


def test_product_without_url_has_no_buttons(adapter, fake):
    message = sent_message(
        adapter, fake, ProductCards("", (Product("Gift card", "€10"),))
    )
    assert message["attachment"]["payload"]["elements"] == [
        {"title": "Gift card", "subtitle": "€10"}
    ]


def test_template_degrades_to_text(adapter, fake):
    from saleor_conversational.channels.messages import Template

    degraded = degrade(
        Template(name="order_update", language="en", text="Shipped!"),
        adapter.capabilities,
    )
    assert sent_message(adapter, fake, degraded) == {"text": "Shipped!"}


def test_over_long_option_id_is_unsupported(adapter, fake):
    with pytest.raises(PermanentSendError, match="1000"):
        adapter.send(PSID, ReplyButtons("Pick", (Button("x" * 1001, "A"),)))
    assert fake.requests == []


def test_typing_and_mark_seen_are_sender_actions(adapter, fake):
    adapter.send_typing(PSID)
    adapter.mark_read("m_123", PSID)
    adapter.mark_read("m_123")  # without the person there is nothing to mark
    bodies = [r.json() for r in fake.sent()]
    assert bodies == [
        {"recipient": {"id": PSID}, "sender_action": "typing_on"},
        {"recipient": {"id": PSID}, "sender_action": "mark_seen"},
    ]


def test_quick_reply_round_trip_gives_the_button_id(adapter, fake):
    adapter.send(PSID, SAMPLE_MESSAGES["buttons"])
    reply = only_body(fake)["message"]["quick_replies"][1]
    [msg] = adapter.parse(
        webhook(
            envelope(
                text_event(reply["title"], quick_reply={"payload": reply["payload"]})
            )
        )
    )
    assert (msg.kind, msg.reply_id, msg.text) == (
        InboundKind.BUTTON_REPLY,
        "size-42",
        "42",
    )


# -- errors ------------------------------------------------------------------------------------
CLASSIFICATION = [
    # (code, subcode, http status, expected class, expected code)
    (613, None, 400, RetryableSendError, "613"),
    (4, None, 400, RetryableSendError, "4"),
    (17, None, 400, RetryableSendError, "17"),
    (32, None, 400, RetryableSendError, "32"),
    (1, None, 500, UncertainSendError, "1"),  # a 5xx: it may have gone out
    (2, None, 503, UncertainSendError, "2"),
    (1200, None, 400, RetryableSendError, "1200"),
    (10, 2018278, 400, OutsideServiceWindow, "10/2018278"),
    (10, 1893063, 400, PermanentSendError, "10/1893063"),
    (10, None, 403, PermanentSendError, "10"),
    (551, 1545041, 400, PermanentSendError, "551/1545041"),
    (100, None, 400, PermanentSendError, "100"),
    (100, 2018001, 400, PermanentSendError, "100/2018001"),
    (190, 463, 400, PermanentSendError, "190/463"),
    (200, None, 403, PermanentSendError, "200"),
    (368, 1390008, 400, PermanentSendError, "368/1390008"),
    (12345, None, 400, PermanentSendError, "12345"),
]


@pytest.mark.parametrize("code, subcode, status, expected, code_str", CLASSIFICATION)
def test_error_code_classification(
    adapter, fake, code, subcode, status, expected, code_str
):
    fake.fail_next(
        graph_error(code, f"(#{code}) message from Meta", subcode, status=status)
    )
    with pytest.raises((PermanentSendError, RetryableSendError)) as excinfo:
        adapter.send(PSID, Text("hi"))
    assert type(excinfo.value) is expected
    assert excinfo.value.code == code_str
    assert f"(#{code}) message from Meta" in excinfo.value.reason
    assert fake.sent() == []


@pytest.mark.parametrize(
    "code, words",
    [
        (551, "isn't available"),
        (190, "access token is invalid or has expired"),
        (613, "too many messages"),
    ],
)
def test_reasons_are_plain_language(adapter, fake, code, words):
    fake.fail_next(graph_error(code, "x"))
    with pytest.raises((PermanentSendError, RetryableSendError), match=words):
        adapter.send(PSID, Text("hi"))


def test_outside_window_says_so(adapter, fake):
    fake.fail_next(
        graph_error(
            10, "(#10) This message is sent outside of allowed window.", 2018278
        )
    )
    with pytest.raises(OutsideServiceWindow, match="24-hour window"):
        adapter.send(PSID, Text("hi"))


def test_unknown_transient_error_is_retryable(adapter, fake):
    fake.fail_next(graph_error(99999, "Temporary issue", is_transient=True))
    with pytest.raises(RetryableSendError) as excinfo:
        adapter.send(PSID, Text("hi"))
    assert excinfo.value.code == "99999"


def test_rate_limit_uses_retry_after_header(adapter, fake):
    fake.fail_next(graph_error(613, "slow down", headers={"Retry-After": "12"}))
    with pytest.raises(RetryableSendError) as excinfo:
        adapter.send(PSID, Text("hi"))
    assert excinfo.value.retry_after == 12.0


def test_rate_limit_uses_the_business_use_case_estimate(adapter, fake):
    usage = {
        PAGE_ID: [
            {
                "type": "pages",
                "call_count": 100,
                "total_cputime": 20,
                "total_time": 30,
                "estimated_time_to_regain_access": 4,
            }
        ]
    }
    fake.fail_next(
        graph_error(
            32,
            "Page request limit reached",
            headers={"X-Business-Use-Case-Usage": json.dumps(usage)},
        )
    )
    with pytest.raises(RetryableSendError) as excinfo:
        adapter.send(PSID, Text("hi"))
    assert excinfo.value.retry_after == 240.0


def test_rate_limit_without_hints_has_no_retry_after(adapter, fake):
    fake.fail_next(graph_error(4, "Application request limit reached"))
    with pytest.raises(RetryableSendError) as excinfo:
        adapter.send(PSID, Text("hi"))
    assert excinfo.value.retry_after is None


def test_non_graph_http_errors(adapter, fake):
    fake.fail_next(
        Answer(503, "<html>Unavailable</html>", headers={"Retry-After": "3"}),
        Answer(502, "<html>Bad Gateway</html>"),
        Answer(404, "Not Found"),
    )
    with pytest.raises(RetryableSendError) as retry:  # a refusal: not taken
        adapter.send(PSID, Text("hi"))
    assert retry.value.retry_after == 3.0
    assert not isinstance(retry.value, UncertainSendError)
    with pytest.raises(UncertainSendError):  # the gateway may have passed it on
        adapter.send(PSID, Text("hi"))
    with pytest.raises(PermanentSendError) as permanent:
        adapter.send(PSID, Text("hi"))
    assert permanent.value.code == "404"


@pytest.mark.parametrize(
    "answer", [Answer(200, "<html>proxy</html>"), Answer(200, {"recipient_id": PSID})]
)
def test_success_without_message_id_is_not_retried(adapter, fake, answer):
    fake.fail_next(answer)
    with pytest.raises(PermanentSendError) as excinfo:
        adapter.send(PSID, Text("hi"))
    assert excinfo.value.code == "bad_response"


def test_wrong_token_is_refused_like_meta(fake):
    adapter = MessengerAdapter(
        {**CONFIG, "page_access_token": "expired"}, base_url=fake.base_url
    )
    with pytest.raises(PermanentSendError) as excinfo:
        adapter.send(PSID, Text("hi"))
    assert excinfo.value.code == "190"


# -- the fake refuses what Meta refuses --------------------------------------------------------
GOOD = {
    "recipient": {"id": PSID},
    "messaging_type": "RESPONSE",
    "message": {"text": "hi"},
}


def _with_message(**message) -> dict:
    return {**GOOD, "message": message}


def _template(payload: dict) -> dict:
    return _with_message(attachment={"type": "template", "payload": payload})


BAD_REQUESTS = [
    ({}, GOOD, "no access token"),
    (None, {k: v for k, v in GOOD.items() if k != "recipient"}, "recipient.id"),
    (None, {**GOOD, "recipient": {"id": 6783052715054329}}, "recipient.id"),
    (None, {k: v for k, v in GOOD.items() if k != "messaging_type"}, "messaging_type"),
    (
        None,
        {**GOOD, "messaging_type": "NON_PROMOTIONAL_SUBSCRIPTION"},
        "messaging_type",
    ),
    (None, {**GOOD, "messaging_type": "MESSAGE_TAG"}, "needs a tag"),
    (
        None,
        {**GOOD, "sender_action": "typing_on"},
        "exactly one of message and sender_action",
    ),
    (
        None,
        {"recipient": {"id": PSID}, "sender_action": "typing"},
        "sender_action must be",
    ),
    (None, _with_message(text="x" * 2001), "message.text"),
    (None, _with_message(text=""), "message.text"),
    (None, _with_message(), "exactly one of text and attachment"),
    (None, _with_message(text="hi", colour="red"), "unknown field"),
    (
        None,
        _with_message(
            text="hi",
            quick_replies=[{"content_type": "text", "title": "x" * 21, "payload": "p"}],
        ),
        "title",
    ),
    (
        None,
        _with_message(
            text="hi",
            quick_replies=[
                {"content_type": "text", "title": str(i), "payload": "p"}
                for i in range(14)
            ],
        ),
        "13",
    ),
    (
        None,
        _with_message(
            text="hi", quick_replies=[{"content_type": "text", "title": "A"}]
        ),
        "payload",
    ),
    (None, _with_message(attachment={"type": "image", "payload": {"src": "x"}}), "src"),
    (
        None,
        _with_message(attachment={"type": "gif", "payload": {"url": "https://a.b/c"}}),
        "attachment.type",
    ),
    (
        None,
        _with_message(
            attachment={"type": "image", "payload": {"url": "ftp://a.b/c.jpg"}}
        ),
        "http(s) URL",
    ),
    (
        None,
        _template(
            {
                "template_type": "button",
                "text": "t",
                "buttons": [{"type": "web_url", "url": "https://a.b/c", "title": "x"}]
                * 4,
            }
        ),
        "1 to 3 buttons",
    ),
    (
        None,
        _template(
            {
                "template_type": "button",
                "text": "t" * 641,
                "buttons": [{"type": "web_url", "url": "https://a.b/c", "title": "x"}],
            }
        ),
        "640",
    ),
    (
        None,
        _template(
            {
                "template_type": "button",
                "text": "t",
                "buttons": [{"type": "web_url", "title": "x"}],
            }
        ),
        "url must be a URL",
    ),
    (
        None,
        _template({"template_type": "generic", "elements": [{"title": "only"}]}),
        "needs a title and one of",
    ),
    (
        None,
        _template(
            {
                "template_type": "generic",
                "elements": [{"title": "t", "subtitle": "s"}] * 11,
            }
        ),
        "1 to 10",
    ),
    (
        None,
        _template(
            {
                "template_type": "generic",
                "elements": [{"title": "t" * 81, "subtitle": "s"}],
            }
        ),
        "title",
    ),
    (
        None,
        _template(
            {
                "template_type": "generic",
                "elements": [
                    {
                        "title": "t",
                        "subtitle": "s",
                        "default_action": {
                            "type": "web_url",
                            "url": "https://a.b/c",
                            "title": "no",
                        },
                    }
                ],
            }
        ),
        "title",
    ),
    (None, _template({"template_type": "list", "elements": []}), "template_type"),
]


@pytest.mark.parametrize("headers, body, expected", BAD_REQUESTS)
def test_fake_catches_requests_meta_would_refuse(headers, body, expected):
    fake = MetaSendApiFake(TOKEN, PAGE_ID).start()
    try:
        auth = {"Authorization": f"Bearer {TOKEN}"} if headers is None else headers
        response = httpx.post(
            f"{fake.base_url}/v23.0/{PAGE_ID}/messages", json=body, headers=auth
        )
    finally:
        fake.stop()
    assert any(expected in v for v in fake.violations), fake.violations
    assert response.status_code == 400 and response.json()["error"]["code"] == 100


def test_fake_catches_unknown_methods():
    fake = MetaSendApiFake(TOKEN, PAGE_ID).start()
    try:
        response = httpx.post(
            f"{fake.base_url}/v23.0/{PAGE_ID}/send_message",
            json=GOOD,
            params={"access_token": TOKEN},
        )
        get = httpx.get(
            f"{fake.base_url}/v23.0/{PAGE_ID}/messages", params={"access_token": TOKEN}
        )
    finally:
        fake.stop()
    assert response.json()["error"]["code"] == 2500 and get.status_code == 400
    assert len(fake.violations) == 2


def test_fake_accepts_a_documented_request_with_the_token_as_query_parameter():
    fake = MetaSendApiFake(TOKEN, PAGE_ID).start()
    try:
        response = httpx.post(
            f"{fake.base_url}/v23.0/me/messages",
            json=GOOD,
            params={"access_token": TOKEN},
        )
    finally:
        fake.stop()
    assert fake.violations == []
    assert response.json()["recipient_id"] == PSID and response.json()["message_id"]


# -- webhook signature -------------------------------------------------------------------------
def test_signature_over_the_raw_bytes(adapter):
    # Meta signs the escaped-unicode JSON exactly as sent; re-encoding it would break this.
    body = b'{"object":"page","entry":[],"note":"Gr\\u00fc\\u00dfe"}'
    request = webhook(body)
    adapter.verify(request)
    reencoded = json.dumps(json.loads(body), ensure_ascii=False).encode()
    with pytest.raises(VerificationFailed, match="does not match"):
        adapter.verify(
            InboundRequest("POST", WEBHOOK_URL, request.headers, {}, reencoded)
        )


def test_legacy_sha1_header_alone_is_not_enough(adapter):
    body = json.dumps(envelope(text_event("hi"))).encode()
    sha1 = "sha1=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha1).hexdigest()
    with pytest.raises(VerificationFailed, match="missing"):
        adapter.verify(
            InboundRequest("POST", WEBHOOK_URL, {"x-hub-signature": sha1}, {}, body)
        )


# -- inbound parsing ---------------------------------------------------------------------------
def test_text_message_fields(adapter):
    [msg] = adapter.parse(webhook(envelope(text_event("hello, world!"))))
    assert (msg.provider_message_id, msg.sender, msg.kind, msg.text) == (
        "m_1457764197618:41d102a3e1ae206a38",
        PSID,
        InboundKind.TEXT,
        "hello, world!",
    )
    assert msg.timestamp.year == 2016 and msg.raw["recipient"]["id"] == PAGE_ID


def test_postback_is_a_button_reply(adapter):
    [msg] = adapter.parse(
        webhook(
            envelope(
                event(postback={"mid": "m_AG5Hz2", "title": "Choose", "payload": "dhl"})
            )
        )
    )
    assert (msg.provider_message_id, msg.kind, msg.reply_id, msg.text) == (
        "m_AG5Hz2",
        InboundKind.BUTTON_REPLY,
        "dhl",
        "Choose",
    )


def test_postback_without_mid_gets_a_stable_id(adapter):
    request = webhook(
        envelope(event(postback={"title": "Get Started", "payload": "start"}))
    )
    first, second = adapter.parse(request)[0], adapter.parse(request)[0]
    assert first.provider_message_id == second.provider_message_id
    assert PSID in first.provider_message_id and first.reply_id == "start"


@pytest.mark.parametrize(
    "attachment, media_type",
    [
        (
            {
                "type": "image",
                "payload": {"url": "https://scontent.xx.fbcdn.net/a.jpg"},
            },
            "image",
        ),
        (
            {"type": "video", "payload": {"url": "https://video.xx.fbcdn.net/v.mp4"}},
            "video",
        ),
        ({"type": "audio", "payload": {"url": "https://cdn.fbsbx.com/a.mp4"}}, "audio"),
        (
            {"type": "file", "payload": {"url": "https://cdn.fbsbx.com/invoice.pdf"}},
            "document",
        ),
        (
            {
                "type": "image",
                "payload": {
                    "url": "https://scontent.xx.fbcdn.net/s.png",
                    "sticker_id": 369239263222822,
                },
            },
            "sticker",
        ),
        (
            {
                "type": "sticker",
                "payload": {
                    "url": "https://scontent.xx.fbcdn.net/s.png",
                    "sticker_id": 369239263222822,
                },
            },
            "sticker",
        ),
    ],
)
def test_attachments_are_media(adapter, attachment, media_type):
    [msg] = adapter.parse(
        webhook(envelope(event(message={"mid": "m_1", "attachments": [attachment]})))
    )
    assert msg.kind == InboundKind.MEDIA
    assert [(m.media_type, m.url) for m in msg.media] == [
        (media_type, attachment["payload"]["url"])
    ]


def test_fallback_attachment_is_other(adapter):
    [msg] = adapter.parse(
        webhook(
            envelope(
                event(
                    message={
                        "mid": "m_1",
                        "attachments": [
                            {
                                "type": "fallback",
                                "payload": None,
                                "title": "A link",
                                "URL": "https://x.y",
                            }
                        ],
                    }
                )
            )
        )
    )
    assert msg.kind == InboundKind.OTHER and msg.media == ()


def test_echoes_of_our_own_messages_are_ignored(adapter):
    echo = event(
        sender=PAGE_ID,
        account=PSID,
        message={
            "is_echo": True,
            "app_id": 1517776481860111,
            "metadata": "order-42",
            "mid": "m_echo",
            "text": "Your order shipped",
        },
    )
    assert adapter.parse(webhook(envelope(echo))) == []


def test_delivery_lists_every_mid(adapter):
    [a, b] = adapter.parse(
        webhook(
            envelope(
                event(delivery={"mids": ["m_one", "m_two"], "watermark": 1458668856253})
            )
        )
    )
    assert all(isinstance(s, StatusUpdate) for s in (a, b))
    assert [(s.provider_message_id, s.status, s.recipient) for s in (a, b)] == [
        ("m_one", DeliveryStatus.DELIVERED, PSID),
        ("m_two", DeliveryStatus.DELIVERED, PSID),
    ]
    assert a.timestamp is not None


def test_watermark_only_receipts_name_no_message(adapter):
    delivery = event(delivery={"watermark": 1458668856253})
    read = event(read={"watermark": 1458668856253})
    assert adapter.parse(webhook(envelope(delivery, read))) == []


def test_sent_message_id_matches_the_delivery(adapter, fake):
    result = adapter.send(PSID, Text("hi"))
    [update] = adapter.parse(
        webhook(
            envelope(
                event(delivery={"mids": [result.provider_message_id], "watermark": 1})
            )
        )
    )
    assert update.provider_message_id == result.provider_message_id


def test_batched_entries_and_events(adapter):
    payload = envelope(text_event("one", mid="m_1"), text_event("two", mid="m_2"))
    payload["entry"].append(
        {
            "id": PAGE_ID,
            "time": 1,
            "messaging": [event(postback={"mid": "m_3", "title": "A", "payload": "a"})],
        }
    )
    events = adapter.parse(webhook(payload))
    assert [e.provider_message_id for e in events] == ["m_1", "m_2", "m_3"]


OTHER_PAGE_ID = "2098765432101234"


def test_one_delivery_for_two_pages_keeps_only_this_pages_events(adapter):
    """One Meta app sends every Page's events to the same callback."""
    payload = envelope(text_event("for us", mid="m_ours"))
    other = envelope(
        event(account=OTHER_PAGE_ID, message={"mid": "m_theirs", "text": "not ours"}),
        event(account=OTHER_PAGE_ID, delivery={"mids": ["m_sent"], "watermark": 1}),
        account=OTHER_PAGE_ID,
    )
    payload["entry"] += other["entry"]
    events = adapter.parse(webhook(payload))
    assert [e.provider_message_id for e in events] == ["m_ours"]


def test_an_event_addressed_to_another_page_is_skipped(adapter):
    payload = envelope(
        text_event("for us", mid="m_ours"),
        event(account=OTHER_PAGE_ID, message={"mid": "m_theirs", "text": "not ours"}),
    )
    assert [e.provider_message_id for e in adapter.parse(webhook(payload))] == [
        "m_ours"
    ]


@pytest.mark.parametrize(
    "payload",
    [
        envelope(
            event(
                reaction={
                    "mid": "m_1",
                    "action": "react",
                    "reaction": "love",
                    "emoji": "\u2764",
                }
            )
        ),
        envelope(event(referral={"ref": "ad", "source": "ADS", "type": "OPEN_THREAD"})),
        envelope(event(optin={"ref": "x"})),
        {
            "object": "page",
            "entry": [{"id": PAGE_ID, "time": 1, "changes": [{"field": "feed"}]}],
        },
        {
            "object": "page",
            "entry": [
                {"id": PAGE_ID, "time": 1, "standby": [text_event("for another app")]}
            ],
        },
        {
            "object": "instagram",
            "entry": [{"id": "1", "time": 1, "messaging": [text_event("x")]}],
        },
        {"object": "whatsapp_business_account", "entry": []},
    ],
)
def test_events_without_anything_to_store(adapter, payload):
    assert adapter.parse(webhook(payload)) == []


@pytest.mark.parametrize(
    "payload",
    [
        {"entry": []},
        {"object": "page"},
        {"object": "page", "entry": {"id": PAGE_ID}},
        {"object": "page", "entry": ["x"]},
        {"object": "page", "entry": [{"messaging": {}}]},
        {"object": "page", "entry": [{"messaging": [1]}]},
        envelope(event(message={"text": "no mid"})),
        envelope({"message": {"mid": "m_1", "text": "no sender"}}),
        envelope(event(message="text")),
        envelope(event(message={"mid": "m_1", "attachments": {"type": "image"}})),
        envelope(event(postback={"title": "no payload"})),
        envelope(event(delivery={"mids": "m_1", "watermark": 1})),
        envelope(event(delivery={"mids": [5], "watermark": 1})),
        envelope(event(read=[])),
    ],
)
def test_incomplete_events_are_malformed(adapter, payload):
    with pytest.raises(MalformedRequest):
        adapter.parse(webhook(payload))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
# Well-formed structure with arbitrary leaves, so that many examples reach the event
# parsers; json_values on its own covers arbitrary structure.
ids = st.text(min_size=1, max_size=6) | json_values
attachment = st.fixed_dictionaries(
    {"type": st.sampled_from(["image", "file", "sticker", "fallback"]) | json_values},
    optional={
        "payload": st.fixed_dictionaries(
            {}, optional={"url": json_values, "sticker_id": json_values}
        )
    },
)
messaging_event = st.fixed_dictionaries(
    {
        "sender": st.fixed_dictionaries({"id": ids}),
        "timestamp": st.integers() | json_values,
    },
    optional={
        "recipient": json_values,
        "message": st.fixed_dictionaries(
            {"mid": ids},
            optional={
                "text": json_values,
                "is_echo": json_values,
                "is_deleted": json_values,
                "quick_reply": st.fixed_dictionaries({"payload": ids}),
                "attachments": st.lists(attachment, max_size=2),
            },
        ),
        "postback": st.fixed_dictionaries(
            {"payload": ids}, optional={"mid": ids, "title": json_values}
        ),
        "delivery": st.fixed_dictionaries(
            {}, optional={"mids": st.lists(ids, max_size=3), "watermark": json_values}
        ),
        "read": st.fixed_dictionaries(
            {}, optional={"watermark": json_values, "mid": ids}
        ),
    },
)


def meta_like(obj: str):
    return st.fixed_dictionaries(
        {"object": st.just(obj) | json_values},
        optional={
            "entry": st.lists(
                st.fixed_dictionaries(
                    {"messaging": st.lists(messaging_event, max_size=2)},
                    optional={"id": json_values},
                ),
                max_size=2,
            )
        },
    )


def only_list_or_malformed(adapter, body: bytes, secret: str = APP_SECRET):
    request = webhook(body, secret)
    adapter.verify(request)
    try:
        events = adapter.parse(request)
    except MalformedRequest:
        return
    assert isinstance(events, list)
    assert all(isinstance(e, (InboundMessage, StatusUpdate)) for e in events)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payload=meta_like("page") | json_values)
def test_any_signed_json_gives_events_or_malformed(payload):
    only_list_or_malformed(MessengerAdapter(CONFIG), json.dumps(payload).encode())


@settings(max_examples=200, deadline=None)
@given(body=st.binary(max_size=200) | st.just(b"[" * 100_000))
def test_any_signed_bytes_give_events_or_malformed(body):
    only_list_or_malformed(MessengerAdapter(CONFIG), body)


# -- account management ------------------------------------------------------------------------
def test_check_credentials_ok(adapter, fake):
    assert adapter.check_credentials() == []
    [lookup] = fake.requests
    assert (lookup.method, lookup.path, lookup.query["fields"]) == (
        "GET",
        "/v23.0/me",
        ["id,name"],
    )


def test_check_credentials_with_an_expired_token(fake):
    adapter = MessengerAdapter(
        {**CONFIG, "page_access_token": "expired"}, base_url=fake.base_url
    )
    [problem] = adapter.check_credentials()
    assert "invalid or has expired" in problem


def test_check_credentials_with_a_token_of_another_page():
    fake = MetaSendApiFake(TOKEN, "99999", account_name="Other Shop").start()
    try:
        [problem] = MessengerAdapter(CONFIG, base_url=fake.base_url).check_credentials()
    finally:
        fake.stop()
    assert "'99999'" in problem and "Other Shop" in problem and PAGE_ID in problem


def test_check_credentials_without_permission(adapter, fake):
    fake.fail_next(
        graph_error(200, "(#200) Requires pages_messaging permission", status=403)
    )
    [problem] = adapter.check_credentials()
    assert "lacks a permission" in problem and "pages_messaging" in problem


def test_check_credentials_when_meta_is_unreachable():
    [problem] = MessengerAdapter(
        CONFIG, base_url="http://127.0.0.1:9"
    ).check_credentials()
    assert "could not be reached" in problem


def test_register_webhook_subscribes_the_page(adapter, fake):
    adapter.register_webhook(WEBHOOK_URL)
    [request] = fake.sent()
    assert (request.method, request.path) == (
        "POST",
        f"/v23.0/{PAGE_ID}/subscribed_apps",
    )
    assert {
        "messages",
        "messaging_postbacks",
        "message_deliveries",
        "message_reads",
    } == set(fake.subscribed_fields)


def test_refused_subscription_is_a_configuration_error(adapter, fake):
    fake.fail_next(graph_error(200, "(#200) Permissions error", status=403))
    with pytest.raises(ConfigurationError, match="Permissions error"):
        adapter.register_webhook(WEBHOOK_URL)


def test_link_button_with_empty_text_uses_the_label(adapter, fake):
    message = sent_message(
        adapter,
        fake,
        LinkButton(text="", label="Pay now", url="https://pay.example.com/x"),
    )
    assert message["attachment"]["payload"]["text"] == "Pay now"
