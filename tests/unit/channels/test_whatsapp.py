"""WhatsApp Cloud API: the conformance suite plus WhatsApp-specific behaviour, against
a fake that checks every request with Meta's OpenAPI contract (v23.0)."""

from __future__ import annotations

import copy
import dataclasses
import json
from datetime import UTC, datetime

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
    UnsupportedMessage,
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
    ListMessage,
    ListRow,
    ListSection,
    Product,
    ProductCards,
    ReplyButtons,
    Template,
    Text,
)
from saleor_conversational.channels.whatsapp.adapter import WhatsAppAdapter
from tests.support.fakes.server import Answer, Recorded
from tests.support.fakes.whatsapp import (
    MESSAGES,
    READ_RECEIPT,
    WhatsAppFake,
    contract_example,
    dumps,
    envelope,
    graph_error,
    sign,
    status_object,
)
from tests.unit.channels.conformance import SAMPLE_MESSAGES
from tests.unit.channels.meta_fixtures import MetaConformance

PHONE_NUMBER_ID = "106540352242922"
ACCESS_TOKEN = "EAAJB3Zx8ZCZBQBAFakeSystemUserToken0123456789"
APP_SECRET = "6f1d3c0a9b8e7d6c5b4a39281706f5e4"
VERIFY_TOKEN = "saleor-verify-7f3a"
CUSTOMER = "16505551234"
WEBHOOK_URL = "https://shop.example.com/plugins/conversational/webhooks/whatsapp/3"


def make_config(**overrides: str) -> dict[str, str]:
    return {
        "phone_number_id": PHONE_NUMBER_ID,
        "access_token": ACCESS_TOKEN,
        "app_secret": APP_SECRET,
        "verify_token": VERIFY_TOKEN,
    } | overrides


def inbound(payload: dict | bytes, secret: str = APP_SECRET) -> InboundRequest:
    body = payload if isinstance(payload, bytes) else dumps(payload)
    return InboundRequest(
        method="POST",
        url=WEBHOOK_URL,
        headers={
            "content-type": "application/json",
            "x-hub-signature-256": sign(body, secret),
        },
        query={},
        body=body,
    )


def text_message(text: str) -> dict:
    message = contract_example("TextMessage_2")
    message["text"]["body"] = text
    return message


def parse(adapter: WhatsAppAdapter, payload: dict) -> list:
    request = inbound(payload)
    adapter.verify(request)
    return adapter.parse(request)


def offline_adapter(**overrides: str) -> WhatsAppAdapter:
    return WhatsAppAdapter(make_config(**overrides), base_url="http://127.0.0.1:9")


class TestWhatsAppConformance(MetaConformance):
    adapter_cls = WhatsAppAdapter
    receives_webhooks = True
    wakes_after_send = False
    initial_config_fields = frozenset()

    def make_fake(self):
        return WhatsAppFake(PHONE_NUMBER_ID, ACCESS_TOKEN)

    def make_config(self):
        return make_config()

    def recipient(self):
        return f"+{CUSTOMER}"

    def signed_inbound_text(self, config, text):
        return inbound(
            envelope(config["phone_number_id"], messages=[text_message(text)]),
            config["app_secret"],
        )

    def signed_status(self, config, provider_message_id, status):
        payload = envelope(
            config["phone_number_id"],
            statuses=[status_object(provider_message_id, status.value)],
        )
        return inbound(payload, config["app_secret"])

    def server_error(self):
        return graph_error(131000, "(#131000) Something went wrong", status=500)

    def rate_limited(self):
        return graph_error(
            130429,
            "(#130429) Rate limit hit",
            details="Cloud API message throughput has been reached.",
        )

    def permanent_error(self):
        return graph_error(
            131026, "(#131026) Message undeliverable", details="Message Undeliverable."
        )


# -- fixtures ------------------------------------------------------------------------
@pytest.fixture
def fake():
    fake = WhatsAppFake(PHONE_NUMBER_ID, ACCESS_TOKEN).start()
    yield fake
    fake.stop()
    assert not fake.violations, "requests Meta would refuse:\n" + "\n".join(
        fake.violations
    )


@pytest.fixture
def adapter(fake):
    return WhatsAppAdapter(
        make_config(catalog_id="194836987003835"), base_url=fake.base_url
    )


def sent_body(fake: WhatsAppFake) -> dict:
    (request,) = fake.sent()
    assert request.path == f"/v23.0/{PHONE_NUMBER_ID}/messages"
    assert request.headers["authorization"] == f"Bearer {ACCESS_TOKEN}"
    return request.json()


# -- configuration and capabilities ------------------------------------------------
def test_capabilities_state_whatsapp_limits():
    caps = WhatsAppAdapter.capabilities
    assert caps.kinds == {
        "text",
        "image",
        "buttons",
        "list",
        "link",
        "products",
        "template",
    }
    assert (caps.max_buttons, caps.max_button_title, caps.max_list_rows) == (3, 20, 10)
    assert caps.products_need_catalog and caps.service_window_hours == 24
    assert (
        caps.messages_per_second == 80.0
        and caps.typing_indicator
        and caps.read_receipts
    )
    secrets = {f.name for f in WhatsAppAdapter.config_fields if f.secret}
    assert secrets == {"access_token", "app_secret", "verify_token"}


@pytest.mark.parametrize(
    "overrides, words",
    [
        ({"api_version": "23"}, "v23.0"),
        ({"phone_number_id": "+1 555 0100"}, "phone number ID"),
        ({"access_token": ""}, "Access token"),
    ],
)
def test_unusable_config_is_refused(overrides, words):
    with pytest.raises(ConfigurationError, match=words):
        WhatsAppAdapter(make_config(**overrides))


def test_base_url_and_version_come_from_config(fake):
    adapter = WhatsAppAdapter(
        make_config(base_url=fake.base_url + "/", api_version="v23.0")
    )
    adapter.send(f"+{CUSTOMER}", Text("hi"))
    assert fake.sent()[0].path == f"/v23.0/{PHONE_NUMBER_ID}/messages"
    assert WhatsAppAdapter(make_config()).base_url == "https://graph.facebook.com"


# -- outbound bodies -----------------------------------------------------------------
def test_text_body_and_link_preview(adapter, fake):
    result = adapter.send("+1 (650) 555-1234", Text("See https://shop.example.com/p/1"))
    body = sent_body(fake)
    assert body == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": CUSTOMER,
        "type": "text",
        "text": {"body": "See https://shop.example.com/p/1", "preview_url": True},
    }
    assert result.provider_message_id.startswith("wamid.")


def test_image_with_caption(adapter, fake):
    adapter.send(f"+{CUSTOMER}", SAMPLE_MESSAGES["image"])
    assert sent_body(fake)["image"] == {
        "link": "https://shop.example.com/media/shoe.jpg",
        "caption": "Our best seller",
    }


def test_reply_buttons(adapter, fake):
    adapter.send(f"+{CUSTOMER}", SAMPLE_MESSAGES["buttons"])
    interactive = sent_body(fake)["interactive"]
    assert interactive["type"] == "button" and interactive["body"] == {
        "text": "Which size?"
    }
    assert interactive["action"]["buttons"] == [
        {"type": "reply", "reply": {"id": "size-41", "title": "41"}},
        {"type": "reply", "reply": {"id": "size-42", "title": "42"}},
    ]


def test_four_buttons_become_a_list_of_rows(adapter, fake):
    message = ReplyButtons(
        "Colour?", tuple(Button(f"c{i}", f"Colour {i}") for i in range(4))
    )
    adapter.send(f"+{CUSTOMER}", degrade(message, adapter.capabilities))
    interactive = sent_body(fake)["interactive"]
    assert interactive["type"] == "list"
    assert [r["id"] for r in interactive["action"]["sections"][0]["rows"]] == [
        "c0",
        "c1",
        "c2",
        "c3",
    ]


def test_list_with_sections_and_clipped_titles(adapter, fake):
    message = ListMessage(
        text="Shipping",
        button_label="Choose a carrier please",
        sections=(
            ListSection(
                "", (ListRow("dhl", "DHL Express Worldwide Priority", "2-3 days"),)
            ),
            ListSection("Pickup", (ListRow("shop", "In store"),)),
        ),
    )
    adapter.send(f"+{CUSTOMER}", message)
    action = sent_body(fake)["interactive"]["action"]
    assert len(action["button"]) <= 20
    assert all(s["title"] for s in action["sections"])  # required with several sections
    assert action["sections"][0]["rows"][0] == {
        "id": "dhl",
        "title": "DHL Express Worldwide P…",
        "description": "2-3 days",
    }


def test_long_interactive_body_is_clipped_to_meta_limit(adapter, fake):
    adapter.send(f"+{CUSTOMER}", ReplyButtons("x" * 3000, (Button("a", "A"),)))
    assert len(sent_body(fake)["interactive"]["body"]["text"]) == 1024


def test_link_button_is_a_cta_url(adapter, fake):
    adapter.send(f"+{CUSTOMER}", SAMPLE_MESSAGES["link"])
    assert sent_body(fake)["interactive"] == {
        "type": "cta_url",
        "body": {"text": "Your cart is ready"},
        "action": {
            "name": "cta_url",
            "parameters": {
                "display_text": "Pay now",
                "url": "https://pay.example.com/x",
            },
        },
    }


def test_single_product_uses_configured_catalog(adapter, fake):
    message = degrade(
        dataclasses.replace(SAMPLE_MESSAGES["products"], catalog_id="194836987003835"),
        adapter.capabilities,
    )
    adapter.send(f"+{CUSTOMER}", message)
    assert sent_body(fake)["interactive"] == {
        "type": "product",
        "body": {"text": "We found"},
        "action": {"catalog_id": "194836987003835", "product_retailer_id": "SKU-1"},
    }


def test_several_products_are_a_product_list(adapter, fake):
    products = tuple(
        Product(f"Shoe {i}", "€49.00", retailer_id=f"SKU-{i}") for i in range(3)
    )
    adapter.send(f"+{CUSTOMER}", ProductCards("Shoes for you", products))
    interactive = sent_body(fake)["interactive"]
    assert interactive["type"] == "product_list"
    assert interactive["header"] == {"type": "text", "text": "Shoes for you"}
    assert interactive["action"]["catalog_id"] == "194836987003835"
    items = interactive["action"]["sections"][0]["product_items"]
    assert [i["product_retailer_id"] for i in items] == ["SKU-0", "SKU-1", "SKU-2"]


def test_products_without_catalog_or_sku_are_refused_before_calling(fake):
    adapter = WhatsAppAdapter(make_config(), base_url=fake.base_url)
    with pytest.raises(UnsupportedMessage, match="catalog"):
        adapter.send(
            f"+{CUSTOMER}", ProductCards("x", (Product("a", "1", retailer_id="S"),))
        )
    with pytest.raises(UnsupportedMessage, match="SKU"):
        adapter.send(
            f"+{CUSTOMER}", ProductCards("x", (Product("a", "1"),), catalog_id="1")
        )
    assert fake.requests == []


def test_template_with_header_body_and_buttons(adapter, fake):
    template = Template(
        name="order_shipped",
        language="en_US",
        header_params=("https://shop.example.com/media/box.png",),
        body_params=("Sheena", "#1042"),
        button_params=("url:orders/1042", "STOP_UPDATES"),
    )
    adapter.send(f"+{CUSTOMER}", template)
    assert sent_body(fake)["template"] == {
        "name": "order_shipped",
        "language": {"code": "en_US"},
        "components": [
            {
                "type": "header",
                "parameters": [
                    {
                        "type": "image",
                        "image": {"link": "https://shop.example.com/media/box.png"},
                    }
                ],
            },
            {
                "type": "body",
                "parameters": [
                    {"type": "text", "text": "Sheena"},
                    {"type": "text", "text": "#1042"},
                ],
            },
            {
                "type": "button",
                "sub_type": "url",
                "index": "0",
                "parameters": [{"type": "text", "text": "orders/1042"}],
            },
            {
                "type": "button",
                "sub_type": "quick_reply",
                "index": "1",
                "parameters": [{"type": "payload", "payload": "STOP_UPDATES"}],
            },
        ],
    }


def test_template_without_parameters_has_no_components(adapter, fake):
    adapter.send(f"+{CUSTOMER}", Template(name="hello_world", language="en_US"))
    assert sent_body(fake)["template"] == {
        "name": "hello_world",
        "language": {"code": "en_US"},
    }


@pytest.mark.parametrize(
    "recipient", ["shopper@example.com", "+12", "", "+1650555123456789"]
)
def test_bad_recipient_is_permanent_without_a_request(adapter, fake, recipient):
    with pytest.raises(PermanentSendError) as excinfo:
        adapter.send(recipient, Text("hi"))
    assert excinfo.value.code == "invalid_recipient"
    assert fake.requests == []


# -- templates ---------------------------------------------------------------------------
def test_validate_template_accepts_matching_counts():
    template = Template(
        "order_update",
        "en",
        header_params=("A",),
        body_params=("B", "C"),
        button_params=("D",),
    )
    offline_adapter().validate_template(
        template, {"header": 1, "body": 2, "buttons": 1}
    )


@pytest.mark.parametrize(
    "declared, mentions",
    [
        ({"header": 0, "body": 2, "buttons": 1}, "header needs 0, got 1"),
        ({"header": 1, "body": 3, "buttons": 1}, "body needs 3, got 2"),
        ({"header": 1, "body": 2}, "buttons needs 0, got 1"),
    ],
)
def test_validate_template_rejects_count_mismatch(declared, mentions):
    template = Template(
        "order_update",
        "en",
        header_params=("A",),
        body_params=("B", "C"),
        button_params=("D",),
    )
    with pytest.raises(PermanentSendError) as excinfo:
        offline_adapter().validate_template(template, declared)
    assert mentions in excinfo.value.reason and "order_update" in excinfo.value.reason
    assert excinfo.value.code == "template_parameters"


def test_validate_template_rejects_empty_parameter():
    with pytest.raises(PermanentSendError, match="empty parameter"):
        offline_adapter().validate_template(
            Template("t", "en", body_params=("ok", " ")), {"body": 2}
        )


# -- read receipts and typing ---------------------------------------------------------
def test_mark_read_and_typing_bodies(adapter, fake):
    adapter.mark_read("wamid.IN1", f"+{CUSTOMER}")
    adapter.send_typing(f"+{CUSTOMER}", message_id="wamid.IN2")
    adapter.send_typing(f"+{CUSTOMER}")  # no inbound message to answer: nothing to send
    bodies = [r.json() for r in fake.sent()]
    assert bodies == [
        {"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.IN1"},
        {
            "messaging_product": "whatsapp",
            "status": "read",
            "message_id": "wamid.IN2",
            "typing_indicator": {"type": "text"},
        },
    ]


# -- error classification --------------------------------------------------------------
@pytest.mark.parametrize(
    "code, status, expected, retry_after",
    [
        (130429, 400, RetryableSendError, None),
        (131056, 400, RetryableSendError, 6.0),
        (80007, 400, RetryableSendError, None),
        (4, 400, RetryableSendError, None),
        (613, 400, RetryableSendError, None),
        (1, 500, UncertainSendError, None),  # a 5xx: it may have gone out
        (2, 503, UncertainSendError, None),
        (131000, 500, UncertainSendError, None),
        (131049, 400, RetryableSendError, 86400.0),
        (131047, 400, OutsideServiceWindow, None),
        (131026, 400, PermanentSendError, None),
        (131051, 400, PermanentSendError, None),
        (100, 400, PermanentSendError, None),
        (190, 401, PermanentSendError, None),
        (368, 403, PermanentSendError, None),
        (132000, 400, PermanentSendError, None),
    ],
)
def test_error_codes_are_classified(adapter, fake, code, status, expected, retry_after):
    fake.fail_next(
        graph_error(
            code,
            f"(#{code}) provider message",
            status=status,
            details="provider details",
        )
    )
    with pytest.raises(expected) as excinfo:
        adapter.send(f"+{CUSTOMER}", Text("hi"))
    error = excinfo.value
    assert type(error) is expected
    assert error.code == str(code)
    assert "provider details" in error.reason and error.reason != "provider details"
    if expected is RetryableSendError:
        assert error.retry_after == retry_after


def test_retry_after_header_wins(adapter, fake):
    fake.fail_next(
        graph_error(130429, "(#130429) Rate limit hit", headers={"Retry-After": "17"})
    )
    with pytest.raises(RetryableSendError) as excinfo:
        adapter.send(f"+{CUSTOMER}", Text("hi"))
    assert excinfo.value.retry_after == 17.0


@pytest.mark.parametrize(
    "status, transient, expected",
    [
        (500, None, UncertainSendError),
        (400, True, RetryableSendError),
        (400, None, PermanentSendError),
    ],
)
def test_unknown_codes_follow_status_and_is_transient(
    adapter, fake, status, transient, expected
):
    fake.fail_next(
        graph_error(999999, "Something new", status=status, transient=transient)
    )
    with pytest.raises(expected) as excinfo:
        adapter.send(f"+{CUSTOMER}", Text("hi"))
    assert type(excinfo.value) is expected
    assert excinfo.value.code == "999999" and "Something new" in excinfo.value.reason


@pytest.mark.parametrize(
    "answer, expected",
    [
        (Answer(502, b"<html>Bad gateway</html>"), UncertainSendError),
        (Answer(404, b"not found"), PermanentSendError),
        (Answer(200, {"messaging_product": "whatsapp"}), PermanentSendError),
    ],
)
def test_non_graph_answers(adapter, fake, answer, expected):
    fake.fail_next(answer)
    with pytest.raises(expected):
        adapter.send(f"+{CUSTOMER}", Text("hi"))


# -- signature ---------------------------------------------------------------------------
def test_signature_over_raw_bytes_with_escaped_unicode():
    adapter = offline_adapter()
    payload = envelope(PHONE_NUMBER_ID, messages=[text_message("Größe 42?")])
    escaped = dumps(payload)
    assert b"\\u00f6" in escaped  # as Meta sends it
    (message,) = parse(adapter, payload)
    assert message.text == "Größe 42?"
    reencoded = json.dumps(payload, ensure_ascii=False).encode()
    request = dataclasses.replace(inbound(payload), body=reencoded)
    with pytest.raises(VerificationFailed, match="does not match"):
        adapter.verify(request)


# -- inbound messages ------------------------------------------------------------------
def test_text_message_fields():
    (message,) = parse(
        offline_adapter(),
        envelope(PHONE_NUMBER_ID, messages=[contract_example("TextMessage_2")]),
    )
    assert message.kind == InboundKind.TEXT
    assert message.text == "Does it come in another color?"
    assert message.sender == "+16505551234" and message.sender_name == "Sheena Nelson"
    assert message.provider_message_id.startswith("wamid.")
    assert message.timestamp == datetime.fromtimestamp(1749416383, tz=UTC)


@pytest.mark.parametrize(
    "media_type", ["image", "video", "audio", "document", "sticker"]
)
def test_media_messages(media_type):
    example = contract_example("ImageMessage_1")
    item = example.pop("image")
    if media_type in ("audio", "sticker"):
        item.pop("caption")
    example.update(type=media_type, **{media_type: item})
    (message,) = parse(offline_adapter(), envelope(PHONE_NUMBER_ID, messages=[example]))
    assert message.kind == InboundKind.MEDIA
    (media,) = message.media
    assert (media.media_type, media.provider_media_id, media.mime_type) == (
        media_type,
        "1003383421387256",
        "image/jpeg",
    )
    assert (
        media.caption
        == message.text
        == ("" if media_type in ("audio", "sticker") else "Taj Mahal")
    )


@pytest.mark.parametrize(
    "reply_type, reply, expected_id, expected_text",
    [
        ("list_reply", None, "priority_express", "Priority Mail Express"),
        ("button_reply", {"id": "size-42", "title": "42"}, "size-42", "42"),
    ],
)
def test_interactive_replies(reply_type, reply, expected_id, expected_text):
    example = contract_example("InteractiveMessageReply")
    if reply is not None:
        example["interactive"] = {"type": reply_type, reply_type: reply}
    (message,) = parse(offline_adapter(), envelope(PHONE_NUMBER_ID, messages=[example]))
    assert message.kind == InboundKind.BUTTON_REPLY
    assert (message.reply_id, message.text) == (expected_id, expected_text)


def test_template_quick_reply_button():
    (message,) = parse(
        offline_adapter(),
        envelope(PHONE_NUMBER_ID, messages=[contract_example("ButtonMessage")]),
    )
    assert message.kind == InboundKind.BUTTON_REPLY
    assert (message.reply_id, message.text) == ("Unsubscribe", "Unsubscribe")


def test_order_message_items():
    (message,) = parse(
        offline_adapter(),
        envelope(PHONE_NUMBER_ID, messages=[contract_example("OrderMessage")]),
    )
    assert message.kind == InboundKind.ORDER
    assert [
        (i.retailer_id, i.quantity, i.item_price, i.currency)
        for i in message.order_items
    ] == [("di9ozbzfi4", 2, "30", "USD"), ("nqryix03ez", 1, "25", "USD")]


def test_location_message():
    (message,) = parse(
        offline_adapter(),
        envelope(PHONE_NUMBER_ID, messages=[contract_example("LocationMessage_1")]),
    )
    assert message.kind == InboundKind.LOCATION
    assert "Philz Coffee" in message.text and "37.44221496582" in message.text


def test_reactions_show_as_other_and_system_notices_are_ignored():
    payload = envelope(
        PHONE_NUMBER_ID,
        messages=[
            contract_example("ReactionMessage_1"),
            contract_example("SystemMessage"),
        ],
    )
    (message,) = parse(offline_adapter(), payload)
    assert message.kind == InboundKind.OTHER and message.raw["type"] == "reaction"


def test_other_numbers_fields_and_products_are_ignored():
    adapter = offline_adapter()
    assert (
        parse(adapter, envelope("999", messages=[text_message("for another number")]))
        == []
    )
    payload = envelope(PHONE_NUMBER_ID, messages=[text_message("x")])
    payload["entry"][0]["changes"][0]["field"] = "message_template_status_update"
    assert parse(adapter, payload) == []
    assert parse(adapter, {"object": "page", "entry": []}) == []


# -- statuses -----------------------------------------------------------------------------
@pytest.mark.parametrize("status", ["sent", "delivered", "read"])
def test_statuses(status):
    payload = envelope(PHONE_NUMBER_ID, statuses=[status_object("wamid.OUT1", status)])
    (update,) = parse(offline_adapter(), payload)
    assert update == StatusUpdate(
        provider_message_id="wamid.OUT1",
        status=DeliveryStatus(status),
        timestamp=datetime.fromtimestamp(1750263773, tz=UTC),
        recipient="+16505551234",
    )


def test_failed_status_carries_code_and_reason():
    error = {
        "code": 131026,
        "title": "Message undeliverable",
        "message": "Message undeliverable",
        "error_data": {"details": "Message Undeliverable."},
    }
    payload = envelope(
        PHONE_NUMBER_ID, statuses=[status_object("wamid.OUT2", "failed", error=error)]
    )
    (update,) = parse(offline_adapter(), payload)
    assert update.status == DeliveryStatus.FAILED
    assert update.error_code == "131026"
    assert update.error_reason == "Message undeliverable: Message Undeliverable."


def test_several_statuses_and_unknown_status():
    payload = envelope(
        PHONE_NUMBER_ID,
        statuses=[
            status_object("wamid.A", "delivered"),
            status_object("wamid.A", "played"),
            status_object("wamid.B", "read"),
        ],
    )
    updates = parse(offline_adapter(), payload)
    assert [(u.provider_message_id, u.status) for u in updates] == [
        ("wamid.A", DeliveryStatus.DELIVERED),
        ("wamid.B", DeliveryStatus.READ),
    ]


# -- malformed bodies ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "mutate",
    [
        lambda p: p.pop("entry"),
        lambda p: p.update(entry={"id": 1}),
        lambda p: p["entry"][0].update(changes=["x"]),
        lambda p: p["entry"][0]["changes"][0]["value"]["messages"][0].pop("from"),
        lambda p: p["entry"][0]["changes"][0]["value"]["messages"][0].update(
            text="plain"
        ),
        lambda p: p["entry"][0]["changes"][0]["value"]["messages"][0].update(
            timestamp="soon"
        ),
        lambda p: p["entry"][0]["changes"][0]["value"]["messages"][0].update(id=True),
    ],
)
def test_wrong_shapes_are_malformed(mutate):
    payload = envelope(PHONE_NUMBER_ID, messages=[text_message("x")])
    mutate(payload)
    with pytest.raises(MalformedRequest):
        parse(offline_adapter(), payload)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


def _valid_payloads() -> list[dict]:
    messages = [
        contract_example(n)
        for n in (
            "TextMessage_2",
            "ImageMessage_1",
            "InteractiveMessageReply",
            "ButtonMessage",
            "OrderMessage",
            "LocationMessage_1",
            "ReactionMessage_1",
        )
    ]
    return [
        envelope(PHONE_NUMBER_ID, messages=messages),
        envelope(
            PHONE_NUMBER_ID,
            statuses=[
                status_object(
                    "wamid.X",
                    "failed",
                    error={"code": 131026, "title": "Message undeliverable"},
                )
            ],
        ),
    ]


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


def _replace(node, path, value):
    if not path:
        return value
    node = copy.deepcopy(node)
    target = node
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return node


@st.composite
def mutated_payloads(draw):
    payload = draw(st.sampled_from(_valid_payloads()))
    path = draw(st.sampled_from(list(_paths(payload))))
    return _replace(payload, path, draw(json_values))


def _parse_or_malformed(body: bytes) -> None:
    adapter = offline_adapter()
    request = inbound(body)
    adapter.verify(request)
    try:
        events = adapter.parse(request)
    except MalformedRequest:
        return
    assert isinstance(events, list)
    assert all(isinstance(e, (InboundMessage, StatusUpdate)) for e in events)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_payloads())
def test_mutated_webhooks_parse_or_are_malformed(payload):
    _parse_or_malformed(dumps(payload))


@settings(max_examples=200, deadline=None)
@given(json_values | st.binary(max_size=64))
def test_arbitrary_bodies_parse_or_are_malformed(value):
    _parse_or_malformed(value if isinstance(value, bytes) else dumps(value))


def test_parsed_valid_payload_covers_every_kind():
    kinds = [e.kind for e in parse(offline_adapter(), _valid_payloads()[0])]
    assert kinds == [
        InboundKind.TEXT,
        InboundKind.MEDIA,
        InboundKind.BUTTON_REPLY,
        InboundKind.BUTTON_REPLY,
        InboundKind.ORDER,
        InboundKind.LOCATION,
        InboundKind.OTHER,
    ]


# -- account management ---------------------------------------------------------------------
def test_check_credentials_ok(fake):
    assert (
        WhatsAppAdapter(make_config(), base_url=fake.base_url).check_credentials() == []
    )
    (request,) = fake.requests
    assert (request.method, request.path) == ("GET", f"/v23.0/{PHONE_NUMBER_ID}")


@pytest.mark.parametrize(
    "overrides, words",
    [
        ({"access_token": "EAAexpired"}, "access token"),
        ({"phone_number_id": "15550783881"}, "phone number ID 15550783881"),
        ({"app_secret": "not-the-secret"}, "app secret"),
    ],
)
def test_check_credentials_problems(fake, overrides, words):
    problems = WhatsAppAdapter(
        make_config(**overrides), base_url=fake.base_url
    ).check_credentials()
    assert len(problems) == 1 and words in problems[0]


def test_check_credentials_reports_low_quality_and_unreachable(fake):
    fake.quality_rating = "RED"
    (problem,) = WhatsAppAdapter(
        make_config(), base_url=fake.base_url
    ).check_credentials()
    assert "RED" in problem
    (problem,) = offline_adapter().check_credentials()
    assert problem.startswith("Could not reach WhatsApp")


def test_register_webhook(fake):
    adapter = WhatsAppAdapter(make_config(), base_url=fake.base_url)
    adapter.register_webhook(WEBHOOK_URL)
    assert sent_body_any(fake) == {
        "webhook_configuration": {
            "override_callback_uri": WEBHOOK_URL,
            "verify_token": VERIFY_TOKEN,
        }
    }
    with pytest.raises(ConfigurationError, match="https"):
        adapter.register_webhook("http://shop.example.com/hook")
    fake.fail_next(graph_error(200, "(#200) Permissions error", status=403))
    with pytest.raises(ConfigurationError, match="refused"):
        adapter.register_webhook(WEBHOOK_URL)


def sent_body_any(fake: WhatsAppFake) -> dict:
    (request,) = fake.sent()
    return request.json()


# -- the contract checker itself -------------------------------------------------------------
def contract_examples(fake: WhatsAppFake) -> dict[str, dict]:
    op = fake.contract.spec["paths"][MESSAGES]["post"]
    examples = op["requestBody"]["content"]["application/json"]["examples"]
    return {name: copy.deepcopy(e["value"]) for name, e in examples.items()}


def recorded(
    body, method="POST", path=f"/v23.0/{PHONE_NUMBER_ID}/messages", headers=None
):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return Recorded(
        method=method,
        path=path,
        query={},
        headers=headers
        if headers is not None
        else {
            "authorization": f"Bearer {ACCESS_TOKEN}",
            "content-type": "application/json",
        },
        body=raw,
    )


@pytest.fixture(scope="module")
def checker():
    return WhatsAppFake(PHONE_NUMBER_ID, ACCESS_TOKEN)


@pytest.mark.parametrize(
    "name",
    [
        "Send Text Message",
        "Send Sample Text Message",
        "Send Reply to Text Message",
        "Send Image Message by ID",
        "Send Reply Button",
        "Send List Message",
        "Send Single Product Message",
        "Send Message Template Text",
        "Send Message Template Media",
        "Send Message Template Interactive",
        "Send Sample Shipping Confirmation Template",
        "Send typing indicator and read receipt",
        "Send Catalog Message",
    ],
)
def test_checker_accepts_the_contracts_examples(checker, name):
    assert checker.check(recorded(contract_examples(checker)[name])) == []


def test_checker_accepts_the_multi_product_example_with_a_real_header_type(checker):
    body = contract_examples(checker)["Send Multi-Product Message"]
    assert checker.check(recorded(body))  # "<HEADER_TYPE>" is a placeholder
    body["interactive"]["header"]["type"] = "text"
    assert checker.check(recorded(body)) == []


def _text_body():
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": CUSTOMER,
        "type": "text",
        "text": {"body": "hi"},
    }


def _buttons_body(count=2, title="Yes"):
    buttons = [
        {"type": "reply", "reply": {"id": f"b{i}", "title": f"{title}{i}"}}
        for i in range(count)
    ]
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": CUSTOMER,
        "type": "interactive",
        "interactive": {
            "type": "button",
            "body": {"text": "?"},
            "action": {"buttons": buttons},
        },
    }


def _list_body(rows_per_section=(5, 6)):
    sections = [
        {
            "title": f"S{s}",
            "rows": [{"id": f"{s}-{r}", "title": "Row"} for r in range(n)],
        }
        for s, n in enumerate(rows_per_section)
    ]
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": CUSTOMER,
        "type": "interactive",
        "interactive": {
            "type": "list",
            "body": {"text": "?"},
            "action": {"button": "Choose", "sections": sections},
        },
    }


@pytest.mark.parametrize(
    "body, words",
    [
        (
            {k: v for k, v in _text_body().items() if k != "to"},
            "'to' is a required property",
        ),
        (_text_body() | {"to": 16505551234}, "is not of type 'string'"),
        (_text_body() | {"type": "hologram"}, "is not one of"),
        (
            _text_body() | {"text": {"preview_url": True}},
            "'body' is a required property",
        ),
        (_text_body() | {"messaging_product": "sms"}, "is not one of ['whatsapp']"),
        (_text_body() | {"priority": "high"}, "Additional properties"),
        (_buttons_body(count=4), "is too long"),
        (_buttons_body(title="A very long button title"), "is too long"),
        (_list_body((5, 6)), "1 to 10 rows"),
        (_list_body((11,)), "is too long"),
        (
            {
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": CUSTOMER,
                "type": "interactive",
                "interactive": {
                    "type": "product_list",
                    "body": {"text": "?"},
                    "action": {
                        "catalog_id": "1",
                        "sections": [
                            {
                                "title": "A",
                                "product_items": [{"product_retailer_id": "S"}],
                            }
                        ],
                    },
                },
            },
            "needs a text header",
        ),
        (
            {
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": CUSTOMER,
                "type": "template",
                "template": {
                    "name": "t",
                    "language": {"code": "en"},
                    "components": [
                        {
                            "type": "button",
                            "sub_type": "quick_reply",
                            "index": "first",
                            "parameters": [{"type": "payload", "payload": "x"}],
                        }
                    ],
                },
            },
            "does not match",
        ),
        (
            {
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": CUSTOMER,
                "type": "template",
                "template": {
                    "name": "t",
                    "language": {"code": "en"},
                    "components": [{"type": "body", "parameters": [{"type": "text"}]}],
                },
            },
            "'text' is a required property",
        ),
        (
            {"messaging_product": "whatsapp", "status": "read"},
            "'message_id' is a required property",
        ),
    ],
)
def test_checker_refuses_what_meta_refuses(checker, body, words):
    problems = checker.check(recorded(body))
    assert any(words in p for p in problems), problems


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"headers": {"content-type": "application/json"}}, "Authorization"),
        (
            {
                "headers": {
                    "authorization": f"Bearer {ACCESS_TOKEN}",
                    "content-type": "text/plain",
                }
            },
            "Content-Type",
        ),
        ({"path": f"/v23.0/{PHONE_NUMBER_ID}/messages/extra"}, "no operation"),
        ({"path": f"/23/{PHONE_NUMBER_ID}/messages"}, "/v<major>.<minor>/"),
        ({"method": "DELETE"}, "no operation"),
    ],
)
def test_checker_refuses_wrong_requests(checker, kwargs, words):
    problems = checker.check(recorded(_text_body(), **kwargs))
    assert any(words in p for p in problems), problems


def test_read_receipt_schema_is_closed(checker):
    body = {
        "messaging_product": "whatsapp",
        "status": "read",
        "message_id": "wamid.X",
        "typing_indicator": {"type": "audio"},
    }
    assert checker.check(recorded(body))
    assert READ_RECEIPT["additionalProperties"] is False


def test_a_refused_request_is_recorded_and_answered_like_meta():
    fake = WhatsAppFake(PHONE_NUMBER_ID, ACCESS_TOKEN).start()
    try:
        response = httpx.post(
            f"{fake.base_url}/v23.0/{PHONE_NUMBER_ID}/messages",
            json=_buttons_body(count=4),
            headers={"Authorization": f"Bearer {ACCESS_TOKEN}"},
        )
    finally:
        fake.stop()
    assert response.status_code == 400
    assert response.json()["error"]["code"] == 100
    assert fake.violations and fake.sent() == []


def test_product_cards_use_the_accounts_catalog_before_degradation():
    from saleor_conversational.channels.degrade import degrade
    from saleor_conversational.channels.messages import Product, ProductCards

    config = {**TestWhatsAppConformance().make_config(), "catalog_id": "CAT-1"}
    adapter = WhatsAppAdapter(config)
    cards = ProductCards(
        text="Found", products=(Product(title="Shoe", price="€1", retailer_id="SKU-1"),)
    )
    assert degrade(cards, adapter.capabilities).kind == "text"  # no catalog: degraded
    prepared = adapter.prepare(cards)
    assert prepared.catalog_id == "CAT-1"
    assert degrade(prepared, adapter.capabilities).kind == "products"
