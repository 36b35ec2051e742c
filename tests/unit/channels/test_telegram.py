"""Telegram adapter: the conformance suite plus Telegram's own rules, against the fake."""

from __future__ import annotations

import copy
import dataclasses
import json
from datetime import UTC, datetime

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saleor_conversational.channels.errors import (
    ConfigurationError,
    MalformedRequest,
    PermanentSendError,
    RetryableSendError,
    UncertainSendError,
    UnsupportedMessage,
    VerificationFailed,
)
from saleor_conversational.channels.events import (
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
    Template,
    Text,
)
from saleor_conversational.channels.telegram.adapter import (
    SECRET_HEADER,
    TelegramAdapter,
)
from tests.support.fakes.server import Answer
from tests.support.fakes.telegram import TelegramContract, TelegramFake, telegram_error
from tests.unit.channels.conformance import ChannelConformance

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
SECRET = "shop-webhook_S3cret-token"
CHAT_ID = 1111111
WEBHOOK_URL = "https://shop.example.com/conversational/webhooks/telegram/7f3a"


# -- inbound payloads, after the examples in core.telegram.org/bots/webhooks ----------
USER = {
    "id": CHAT_ID,
    "is_bot": False,
    "first_name": "Test Firstname",
    "last_name": "Test Lastname",
    "username": "Testusername",
    "language_code": "en",
}
CHAT = {
    "id": CHAT_ID,
    "type": "private",
    "first_name": "Test Firstname",
    "last_name": "Test Lastname",
    "username": "Testusername",
}


def message_update(
    update_id: int = 10000, message_id: int = 1365, chat_id: int = CHAT_ID, **content
) -> dict:
    chat = {**CHAT, "id": chat_id}
    return {
        "update_id": update_id,
        "message": {
            "message_id": message_id,
            "from": USER,
            "chat": chat,
            "date": 1441645532,
            **content,
        },
    }


def callback_update(data: str = "size-42", with_message: bool = True) -> dict:
    query = {
        "id": "4382bfdwdsb323b2d9",
        "from": USER,
        "chat_instance": "-4832598473298",
        "data": data,
    }
    if with_message:
        query["message"] = {
            "message_id": 1366,
            "from": {"id": 123456789, "is_bot": True, "first_name": "Shop bot"},
            "chat": CHAT,
            "date": 1441645540,
            "text": "Which size?",
            "reply_markup": {
                "inline_keyboard": [
                    [
                        {"text": "41", "callback_data": "size-41"},
                        {"text": "42", "callback_data": "size-42"},
                    ]
                ]
            },
        }
    else:
        query["inline_message_id"] = "1234csdbsk4839"
    return {"update_id": 10001, "callback_query": query}


PHOTO = [
    {
        "file_id": "AgACAgQAAxkBAAIBsmall",
        "file_unique_id": "AQADs",
        "width": 90,
        "height": 67,
        "file_size": 1254,
    },
    {
        "file_id": "AgACAgQAAxkBAAIBlarge",
        "file_unique_id": "AQADl",
        "width": 1280,
        "height": 960,
        "file_size": 98765,
    },
]
SAMPLE_UPDATES = {
    "text": message_update(
        text="/start", entities=[{"type": "bot_command", "offset": 0, "length": 6}]
    ),
    "photo": message_update(photo=PHOTO, caption="this one in red?"),
    "document": message_update(
        document={
            "file_id": "BQACAgQAAxkBAAIBdoc",
            "file_unique_id": "AgADdoc",
            "file_name": "receipt.pdf",
            "mime_type": "application/pdf",
            "file_size": 20480,
        }
    ),
    "voice": message_update(
        voice={
            "file_id": "AwACAgQAAxkBAAIBvoice",
            "file_unique_id": "AgADvoice",
            "duration": 3,
            "mime_type": "audio/ogg",
        }
    ),
    "location": message_update(
        location={"latitude": 52.520008, "longitude": 13.404954}
    ),
    "contact": message_update(
        contact={
            "phone_number": "+4915112345678",
            "first_name": "Test Firstname",
            "user_id": CHAT_ID,
        }
    ),
    "callback": callback_update(),
    "inline_callback": callback_update(with_message=False),
    "edited": {
        "update_id": 10002,
        "edited_message": {
            **message_update(text="fixed typo")["message"],
            "edit_date": 1441645600,
        },
    },
    "channel_post": {
        "update_id": 10003,
        "channel_post": {
            "message_id": 7,
            "chat": {"id": -1001234567890, "type": "channel", "title": "News"},
            "date": 1441645532,
            "text": "new collection",
        },
    },
    "member_joined": message_update(new_chat_members=[USER]),
}


def inbound(update: dict | bytes, secret: str | None = SECRET) -> InboundRequest:
    body = update if isinstance(update, bytes) else json.dumps(update).encode()
    headers = {"content-type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    return InboundRequest(
        method="POST", url=WEBHOOK_URL, headers=headers, query={}, body=body
    )


@pytest.fixture(scope="module")
def contract():
    return TelegramContract()


@pytest.fixture
def fake():
    fake = TelegramFake(TOKEN).start()
    yield fake
    fake.stop()
    assert not fake.violations, "\n".join(fake.violations)


@pytest.fixture
def adapter(fake):
    return TelegramAdapter(
        {"bot_token": TOKEN, "secret_token": SECRET}, base_url=fake.base_url
    )


@pytest.fixture
def reader():
    """An adapter for inbound work only: no provider behind it."""
    return TelegramAdapter(
        {"bot_token": TOKEN, "secret_token": SECRET}, base_url="http://127.0.0.1:9"
    )


# -- conformance ----------------------------------------------------------------------
class TestTelegramConformance(ChannelConformance):
    adapter_cls = TelegramAdapter
    receives_webhooks = True
    wakes_after_send = False
    initial_config_fields = frozenset()
    has_delivery_statuses = False  # bots get no delivery or read receipts
    signs_body = False  # only the secret-token header; the body is not signed

    def make_fake(self):
        return TelegramFake(TOKEN)

    def make_config(self):
        return {"bot_token": TOKEN, "secret_token": SECRET}

    def recipient(self):
        return str(CHAT_ID)

    def signed_inbound_text(self, config, text):
        return inbound(message_update(text=text), secret=config["secret_token"])

    def signed_status(self, config, provider_message_id, status):
        pytest.skip("Telegram sends no delivery statuses")

    def with_body(self, request, body, resign, config):
        headers = dict(request.headers)
        if resign:
            headers[SECRET_HEADER] = config["secret_token"]
        return dataclasses.replace(request, body=body, headers=headers)

    def without_signature(self, request):
        headers = {k: v for k, v in request.headers.items() if k != SECRET_HEADER}
        return dataclasses.replace(request, headers=headers)

    def wrong_secret_config(self, config):
        return {**config, "secret_token": "another-bots-secret"}

    def server_error(self):
        return telegram_error(500, "Internal Server Error")

    def rate_limited(self):
        return telegram_error(429, "Too Many Requests: retry after 7", retry_after=7)

    def permanent_error(self):
        return telegram_error(403, "Forbidden: bot was blocked by the user")

    def test_tampered_body_is_rejected(self, adapter, config):
        """Replaces the suite's test: Telegram signs no body, only repeats the secret.

        A changed body that still carries the right secret header is indistinguishable
        from a real update (which is why the secret must stay secret and the URL
        unguessable); a changed body without the secret is refused.
        """
        request = self.signed_inbound_text(config, "hello")
        tampered = self.with_body(
            request, request.body.replace(b"hello", b"HELLO"), False, config
        )
        adapter.verify(tampered)
        assert adapter.parse(tampered)[0].text == "HELLO"
        forged = dataclasses.replace(
            tampered, headers={**tampered.headers, SECRET_HEADER: "guessed-secret"}
        )
        with pytest.raises(VerificationFailed):
            adapter.verify(forged)


# -- the contract checker itself --------------------------------------------------------
@pytest.mark.parametrize("name", sorted(SAMPLE_UPDATES))
def test_inbound_fixtures_follow_the_contract(contract, name):
    assert contract.check_type("Update", SAMPLE_UPDATES[name]) == []


@pytest.mark.parametrize(
    "method, params, expected",
    [
        ("sendMessage", {"chat_id": CHAT_ID}, "text: required by sendMessage"),
        ("sendMessage", {"text": "hi"}, "chat_id: required"),
        ("sendMessage", {"chat_id": CHAT_ID, "text": 42}, "text: expected String"),
        (
            "sendMessage",
            {"chat_id": 1.5, "text": "hi"},
            "chat_id: matches none of Integer, String",
        ),
        (
            "sendMessage",
            {"chat_id": CHAT_ID, "text": "hi", "colour": "red"},
            "colour: sendMessage has no such field",
        ),
        (
            "sendMessage",
            {"chat_id": CHAT_ID, "text": ""},
            "text: 0 characters, allowed 1-4096",
        ),
        ("sendMessage", {"chat_id": CHAT_ID, "text": "x" * 4097}, "4097 characters"),
        (
            "sendMessage",
            {"chat_id": CHAT_ID, "text": "hi", "disable_notification": "yes"},
            "disable_notification: expected Boolean",
        ),
        (
            "sendMessage",
            {
                "chat_id": CHAT_ID,
                "text": "hi",
                "reply_markup": {
                    "inline_keyboard": [{"text": "a", "url": "https://x"}]
                },
            },
            "inline_keyboard/0: expected Array of InlineKeyboardButton",
        ),
        (
            "sendMessage",
            {
                "chat_id": CHAT_ID,
                "text": "hi",
                "reply_markup": {"inline_keyboard": [[{"text": "a"}]]},
            },
            "exactly one action",
        ),
        (
            "sendMessage",
            {
                "chat_id": CHAT_ID,
                "text": "hi",
                "reply_markup": {
                    "inline_keyboard": [
                        [
                            {
                                "text": "a",
                                "url": "https://x.example",
                                "callback_data": "a",
                            }
                        ]
                    ]
                },
            },
            "exactly one action",
        ),
        (
            "sendMessage",
            {
                "chat_id": CHAT_ID,
                "text": "hi",
                "reply_markup": {
                    "inline_keyboard": [[{"text": "a", "callback_data": "é" * 33}]]
                },
            },
            "66 bytes, allowed 1-64",
        ),
        (
            "sendMessage",
            {
                "chat_id": CHAT_ID,
                "text": "hi",
                "reply_markup": {
                    "inline_keyboard": [[{"text": "a", "url": "javascript:alert(1)"}]]
                },
            },
            "HTTP or tg:// URL",
        ),
        (
            "sendMessage",
            {
                "chat_id": CHAT_ID,
                "text": "hi",
                "reply_markup": {
                    "inline_keyboard": [
                        [{"text": "a", "callback_data": "x", "colour": "red"}]
                    ]
                },
            },
            "colour: InlineKeyboardButton has no such field",
        ),
        (
            "sendMessage",
            {"chat_id": CHAT_ID, "text": "hi", "parse_mode": "html"},
            "parse_mode",
        ),
        (
            "sendPhoto",
            {
                "chat_id": CHAT_ID,
                "photo": "https://x.example/a.jpg",
                "caption": "c" * 1025,
            },
            "caption: 1025 characters, allowed 0-1024",
        ),
        (
            "sendChatAction",
            {"chat_id": CHAT_ID, "action": "thinking"},
            "not a chat action",
        ),
        ("answerCallbackQuery", {"text": "ok"}, "callback_query_id: required"),
        ("setWebhook", {"url": "http://shop.example.com/hook"}, "must be HTTPS"),
        ("setWebhook", {"url": WEBHOOK_URL, "secret_token": "has space"}, "only A-Z"),
        (
            "setWebhook",
            {"url": WEBHOOK_URL, "allowed_updates": ["messages"]},
            "not update types",
        ),
        (
            "setWebhook",
            {"url": WEBHOOK_URL, "allowed_updates": "message"},
            "allowed_updates: expected Array of String",
        ),
        ("sendMessages", {"chat_id": CHAT_ID, "text": "hi"}, "unknown Bot API method"),
    ],
)
def test_contract_catches_what_telegram_refuses(contract, method, params, expected):
    violations = contract.check_method(method, params)
    assert any(expected in v for v in violations), violations


@pytest.mark.parametrize(
    "method, params",
    [
        ("sendMessage", {"chat_id": CHAT_ID, "text": "hi"}),
        (
            "sendMessage",
            {
                "chat_id": "@shop_news",
                "text": "hi",
                "reply_markup": json.dumps(
                    {
                        "inline_keyboard": [
                            [{"text": "Pay", "url": "https://pay.example.com"}]
                        ]
                    }
                ),
            },
        ),
        (
            "sendPhoto",
            {"chat_id": CHAT_ID, "photo": "https://x.example/a.jpg", "caption": ""},
        ),
        ("sendChatAction", {"chat_id": CHAT_ID, "action": "typing"}),
        (
            "setWebhook",
            {
                "url": WEBHOOK_URL,
                "secret_token": SECRET,
                "allowed_updates": ["message", "callback_query"],
            },
        ),
        ("getMe", {}),
    ],
)
def test_contract_accepts_valid_calls(contract, method, params):
    assert contract.check_method(method, params) == []


def test_fake_records_a_violation_and_answers_like_telegram(fake):
    response = httpx.post(
        f"{fake.base_url}/bot{TOKEN}/sendMessage", json={"chat_id": CHAT_ID}
    )
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False and body["error_code"] == 400
    assert body["description"].startswith("Bad Request: text: required")
    unknown = httpx.post(f"{fake.base_url}/bot{TOKEN}/sendMesage", json={})
    assert unknown.json() == {
        "ok": False,
        "error_code": 404,
        "description": "Not Found",
    }
    assert len(fake.violations) == 2
    fake.violations.clear()


def test_fake_answers_satisfy_the_contract(fake, contract):
    keyboard = {"inline_keyboard": [[{"text": "41", "callback_data": "size-41"}]]}
    for method, params in [
        (
            "sendMessage",
            {"chat_id": CHAT_ID, "text": "Size?", "reply_markup": keyboard},
        ),
        (
            "sendPhoto",
            {"chat_id": CHAT_ID, "photo": "https://x.example/a.jpg", "caption": "c"},
        ),
        ("getMe", {}),
    ]:
        body = httpx.post(f"{fake.base_url}/bot{TOKEN}/{method}", json=params).json()
        assert body["ok"] is True
        [returns] = contract.methods[method]["returns"]
        assert contract.check_type(returns, body["result"]) == []


# -- outbound requests ------------------------------------------------------------------
def test_text_goes_to_send_message_with_integer_chat_id(adapter, fake):
    result = adapter.send(str(CHAT_ID), Text(text="Your order shipped"))
    [call] = fake.calls("sendMessage")
    assert call == {"chat_id": CHAT_ID, "text": "Your order shipped"}
    assert result.provider_message_id == f"{CHAT_ID}:1001" and result.status == "sent"


def test_channel_username_is_sent_as_string(adapter, fake):
    adapter.send("@shop_news", Text(text="New collection"))
    assert fake.calls("sendMessage")[0]["chat_id"] == "@shop_news"


def test_reply_buttons_become_inline_callback_buttons(adapter, fake):
    adapter.send(
        str(CHAT_ID),
        ReplyButtons(
            text="Which size?",
            buttons=(Button("size-41", "41"), Button("size-42", "42")),
        ),
    )
    [call] = fake.calls("sendMessage")
    assert call["text"] == "Which size?"
    assert call["reply_markup"] == {
        "inline_keyboard": [
            [
                {"text": "41", "callback_data": "size-41"},
                {"text": "42", "callback_data": "size-42"},
            ]
        ]
    }


def test_long_button_titles_get_a_row_each(adapter, fake):
    adapter.send(
        str(CHAT_ID),
        ReplyButtons(
            text="Next?",
            buttons=(
                Button("track", "Track my order"),
                Button("agent", "Talk to a person"),
            ),
        ),
    )
    rows = fake.calls("sendMessage")[0]["reply_markup"]["inline_keyboard"]
    assert [[b["callback_data"] for b in row] for row in rows] == [["track"], ["agent"]]


def test_ids_beyond_callback_data_limit_fall_back_to_numbered_options(adapter, fake):
    long_id = "checkout:" + "x" * 60
    adapter.send(
        str(CHAT_ID),
        ReplyButtons(
            text="Pay?", buttons=(Button(long_id, "Card"), Button("cash", "Cash"))
        ),
    )
    [call] = fake.calls("sendMessage")
    assert "reply_markup" not in call
    assert call["text"].splitlines()[1:3] == ["1. Card", "2. Cash"]


def test_list_rows_become_one_button_per_row(adapter, fake):
    adapter.send(
        str(CHAT_ID),
        ListMessage(
            text="Shipping",
            button_label="Choose",
            sections=(
                ListSection(
                    "Delivery",
                    (ListRow("dhl", "DHL", "2-3 days"), ListRow("ups", "UPS")),
                ),
            ),
        ),
    )
    [call] = fake.calls("sendMessage")
    assert call["reply_markup"]["inline_keyboard"] == [
        [{"text": "DHL – 2-3 days", "callback_data": "dhl"}],
        [{"text": "UPS", "callback_data": "ups"}],
    ]


def test_link_button_is_an_inline_url_button(adapter, fake):
    adapter.send(
        str(CHAT_ID),
        LinkButton(text="Cart ready", label="Pay now", url="https://pay.example.com/x"),
    )
    [call] = fake.calls("sendMessage")
    assert call["reply_markup"] == {
        "inline_keyboard": [[{"text": "Pay now", "url": "https://pay.example.com/x"}]]
    }


def test_image_caption_is_clipped_to_telegram_limit(adapter, fake):
    adapter.send(
        str(CHAT_ID), Image(url="https://shop.example.com/1.jpg", text="a" * 2000)
    )
    [call] = fake.calls("sendPhoto")
    assert call["photo"] == "https://shop.example.com/1.jpg"
    assert len(call["caption"]) == 1024 and call["caption"].endswith("…")


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_text_is_clipped_in_utf16_code_units(adapter, fake):
    """Telegram counts 4096 UTF-16 units: each of these emoji is 2, so 3000 of them
    (3000 code points) would be refused."""
    adapter.send(str(CHAT_ID), Text(text="\U0001f6cd" * 3000))
    [call] = fake.calls("sendMessage")
    assert utf16_units(call["text"]) <= 4096 and call["text"].endswith("…")
    assert call["text"] == "\U0001f6cd" * 2047 + "…"


def test_text_of_exactly_4096_units_is_not_clipped(adapter, fake):
    text = "a" * 4094 + "\U0001f6cd"
    adapter.send(str(CHAT_ID), Text(text=text))
    assert fake.calls("sendMessage")[0]["text"] == text


def test_caption_is_clipped_in_utf16_code_units(adapter, fake):
    adapter.send(
        str(CHAT_ID),
        Image(url="https://shop.example.com/1.jpg", text="\U0001f600" * 600),
    )
    [call] = fake.calls("sendPhoto")
    assert call["caption"] == "\U0001f600" * 511 + "…"
    assert utf16_units(call["caption"]) == 1023


def test_contract_counts_characters_like_telegram(contract):
    too_long = {"chat_id": CHAT_ID, "text": "\U0001f6cd" * 2049}
    assert contract.check_method("sendMessage", too_long) == [
        "text: 4098 characters, allowed 1-4096"
    ]


def test_single_product_is_a_photo_with_caption_and_url_button(adapter, fake):
    adapter.send(
        str(CHAT_ID),
        ProductCards(
            text="We found",
            products=(
                Product(
                    title="Blue shoe",
                    price="€49.00",
                    url="https://shop.example.com/p/1",
                    image_url="https://shop.example.com/media/1.jpg",
                    description="Suede",
                ),
            ),
        ),
    )
    [call] = fake.calls("sendPhoto")
    assert call["photo"] == "https://shop.example.com/media/1.jpg"
    assert call["caption"] == "We found\n\nBlue shoe – €49.00\nSuede"
    assert (
        call["reply_markup"]["inline_keyboard"][0][0]["url"]
        == "https://shop.example.com/p/1"
    )


def test_several_products_are_text_with_a_url_button_each(adapter, fake):
    products = tuple(
        Product(
            title=f"Shoe {i}",
            price="€1",
            url=f"https://shop.example.com/p/{i}",
            image_url=f"https://shop.example.com/{i}.jpg",
        )
        for i in range(3)
    )
    adapter.send(str(CHAT_ID), ProductCards(text="Results", products=products))
    [call] = fake.calls("sendMessage")
    assert "Shoe 2 – €1" in call["text"]
    urls = [row[0]["url"] for row in call["reply_markup"]["inline_keyboard"]]
    assert urls == [f"https://shop.example.com/p/{i}" for i in range(3)]


def test_template_is_not_native(adapter, fake):
    with pytest.raises(UnsupportedMessage):
        adapter.send(
            str(CHAT_ID), Template(name="order_update", language="en", text="Hi")
        )
    assert fake.requests == []


@pytest.mark.parametrize("recipient", ["", "ana", "+4915112345678", "12 34"])
def test_bad_recipient_is_permanent_without_a_call(adapter, fake, recipient):
    with pytest.raises(PermanentSendError):
        adapter.send(recipient, Text(text="hi"))
    assert fake.requests == []


def test_empty_text_is_refused_before_calling(adapter, fake):
    with pytest.raises(PermanentSendError) as excinfo:
        adapter.send(str(CHAT_ID), Text(text="  "))
    assert excinfo.value.code == "empty_text" and fake.requests == []


def test_typing_uses_send_chat_action(adapter, fake):
    adapter.send_typing(str(CHAT_ID))
    assert fake.calls("sendChatAction") == [{"chat_id": CHAT_ID, "action": "typing"}]


def test_answer_callback_query(adapter, fake):
    adapter.answer_callback_query("4382bfdwdsb323b2d9", text="Added to cart " * 30)
    [call] = fake.calls("answerCallbackQuery")
    assert (
        call["callback_query_id"] == "4382bfdwdsb323b2d9" and len(call["text"]) == 200
    )


# -- provider errors --------------------------------------------------------------------
@pytest.mark.parametrize(
    "answer, error_cls, code, retry_after, reason",
    [
        (
            telegram_error(429, "Too Many Requests: retry after 35", retry_after=35),
            RetryableSendError,
            "429",
            35,
            "rate limit",
        ),
        (
            Answer(
                429,
                {"ok": False, "error_code": 429, "description": "Too Many Requests"},
                headers={"Retry-After": "4"},
            ),
            RetryableSendError,
            "429",
            4.0,
            "rate limit",
        ),
        (
            telegram_error(500, "Internal Server Error"),
            UncertainSendError,
            "500",
            None,
            "server",
        ),
        (
            Answer(502, b"<html>502 Bad Gateway</html>"),
            UncertainSendError,
            "502",
            None,
            "HTTP 502",
        ),
        (
            telegram_error(403, "Forbidden: bot was blocked by the user"),
            PermanentSendError,
            "403",
            None,
            "the shopper blocked the bot",
        ),
        (
            telegram_error(403, "Forbidden: user is deactivated"),
            PermanentSendError,
            "403",
            None,
            "account was deleted",
        ),
        (
            telegram_error(403, "Forbidden: bot was kicked from the group chat"),
            PermanentSendError,
            "403",
            None,
            "removed from this chat",
        ),
        (
            telegram_error(
                403, "Forbidden: bot can't initiate conversation with a user"
            ),
            PermanentSendError,
            "403",
            None,
            "has not started a chat",
        ),
        (
            telegram_error(400, "Bad Request: chat not found"),
            PermanentSendError,
            "400",
            None,
            "never started the bot",
        ),
        (
            telegram_error(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                migrate_to_chat_id=-1001234567890,
            ),
            PermanentSendError,
            "400",
            None,
            "-1001234567890",
        ),
        (
            telegram_error(401, "Unauthorized"),
            PermanentSendError,
            "401",
            None,
            "@BotFather",
        ),
        (
            Answer(400, b"not json"),
            PermanentSendError,
            "400",
            None,
            "without a Bot API body",
        ),
    ],
)
def test_error_classification(
    adapter, fake, answer, error_cls, code, retry_after, reason
):
    fake.fail_next(answer)
    with pytest.raises(error_cls) as excinfo:
        adapter.send(str(CHAT_ID), Text(text="hi"))
    error = excinfo.value
    assert type(error) is error_cls
    assert error.code == code and reason in error.reason
    if error_cls is RetryableSendError:
        assert error.retry_after == retry_after


def test_typing_errors_are_classified_too(adapter, fake):
    fake.fail_next(telegram_error(403, "Forbidden: bot was blocked by the user"))
    with pytest.raises(PermanentSendError):
        adapter.send_typing(str(CHAT_ID))


# -- verification -------------------------------------------------------------------------
def test_correct_secret_header_passes(reader):
    reader.verify(inbound(SAMPLE_UPDATES["text"]))


@pytest.mark.parametrize(
    "secret, message",
    [
        (None, "missing"),
        ("", "missing"),
        ("another-bots-secret", "does not match"),
        (SECRET + "x", "does not match"),
        (SECRET[:-1], "does not match"),
        (SECRET.upper(), "does not match"),
    ],
)
def test_wrong_or_missing_secret_fails(reader, secret, message):
    with pytest.raises(VerificationFailed, match=message):
        reader.verify(inbound(SAMPLE_UPDATES["text"], secret=secret))


# -- parsing --------------------------------------------------------------------------------
def parse(reader, name_or_update):
    update = (
        SAMPLE_UPDATES[name_or_update]
        if isinstance(name_or_update, str)
        else name_or_update
    )
    request = inbound(update)
    reader.verify(request)
    return reader.parse(request)


def test_text_message(reader):
    [event] = parse(reader, "text")
    assert event == InboundMessage(
        provider_message_id=f"{CHAT_ID}:1365",
        sender=str(CHAT_ID),
        kind=InboundKind.TEXT,
        text="/start",
        sender_name="Test Firstname Test Lastname",
        timestamp=datetime(2015, 9, 7, 17, 5, 32, tzinfo=UTC),
        raw=SAMPLE_UPDATES["text"],
    )


def test_photo_uses_the_largest_size_and_caption(reader):
    [event] = parse(reader, "photo")
    assert event.kind == InboundKind.MEDIA and event.text == "this one in red?"
    [media] = event.media
    assert (media.media_type, media.provider_media_id) == (
        "image",
        "AgACAgQAAxkBAAIBlarge",
    )
    assert media.caption == "this one in red?"


@pytest.mark.parametrize(
    "name, media_type, file_id, mime",
    [
        ("document", "document", "BQACAgQAAxkBAAIBdoc", "application/pdf"),
        ("voice", "audio", "AwACAgQAAxkBAAIBvoice", "audio/ogg"),
    ],
)
def test_other_media(reader, name, media_type, file_id, mime):
    [event] = parse(reader, name)
    assert event.kind == InboundKind.MEDIA
    assert [(m.media_type, m.provider_media_id, m.mime_type) for m in event.media] == [
        (media_type, file_id, mime)
    ]


def test_location_and_contact(reader):
    [location] = parse(reader, "location")
    assert (location.kind, location.text) == (
        InboundKind.LOCATION,
        "52.520008,13.404954",
    )
    [contact] = parse(reader, "contact")
    assert (contact.kind, contact.text) == (InboundKind.OTHER, "+4915112345678")


def test_callback_query_is_a_button_reply_with_its_title(reader):
    [event] = parse(reader, "callback")
    assert event.kind == InboundKind.BUTTON_REPLY
    assert (event.reply_id, event.text, event.sender) == ("size-42", "42", str(CHAT_ID))
    assert event.provider_message_id == "callback:4382bfdwdsb323b2d9"


def test_inline_callback_without_message_uses_the_user_id(reader):
    [event] = parse(reader, "inline_callback")
    assert (event.reply_id, event.sender, event.text) == ("size-42", str(CHAT_ID), "")


def test_acknowledge_answers_callback_queries_in_the_webhook_reply(reader, contract):
    reply = reader.acknowledge(inbound(SAMPLE_UPDATES["callback"]))
    body = json.loads(reply.body)
    assert reply.status == 200 and reply.content_type == "application/json"
    assert body.pop("method") == "answerCallbackQuery"
    assert contract.check_method("answerCallbackQuery", body) == []
    assert body["callback_query_id"] == "4382bfdwdsb323b2d9"
    plain = reader.acknowledge(inbound(SAMPLE_UPDATES["text"]))
    assert plain.status == 200 and plain.content_type == "text/plain"
    assert reader.acknowledge(inbound(b"{")).status == 200


@pytest.mark.parametrize("name", ["edited", "channel_post", "member_joined"])
def test_updates_that_are_not_conversation_input_are_ignored(reader, name):
    assert parse(reader, name) == []


GROUP_CHATS = [
    {"id": -4012345678, "type": "group", "title": "Family"},
    {"id": -1001234567890, "type": "supergroup", "title": "Shop fans"},
    {"id": -1001234567891, "type": "channel", "title": "News"},
]


@pytest.mark.parametrize("chat", GROUP_CHATS, ids=lambda chat: chat["type"])
def test_messages_in_groups_and_channels_are_not_a_contact(reader, chat, contract):
    """Every member of a group shares its chat id: one contact for all of them would
    show one member's linked orders to the others."""
    update = message_update(text="where is my order?")
    update["message"]["chat"] = chat
    assert contract.check_type("Update", update) == []
    assert parse(reader, update) == []


@pytest.mark.parametrize("chat", GROUP_CHATS, ids=lambda chat: chat["type"])
def test_button_taps_in_groups_are_not_a_contact(reader, chat):
    update = callback_update()
    update["callback_query"]["message"]["chat"] = chat
    assert parse(reader, update) == []
    # The tap is still answered, so the button stops spinning.
    reply = reader.acknowledge(inbound(update))
    assert json.loads(reply.body)["method"] == "answerCallbackQuery"


def test_a_chat_without_a_type_is_malformed(reader):
    update = message_update(text="hi")
    del update["message"]["chat"]["type"]
    with pytest.raises(MalformedRequest):
        parse(reader, update)


def test_unknown_update_kind_is_ignored(reader):
    assert parse(reader, {"update_id": 5, "poll": {"id": "1"}}) == []


def test_ids_are_stable_per_update_and_unique_per_chat(reader):
    first = parse(reader, message_update(text="a", message_id=7, chat_id=1))
    again = parse(reader, message_update(text="a", message_id=7, chat_id=1))
    other_chat = parse(reader, message_update(text="a", message_id=7, chat_id=2))
    assert first[0].dedupe_key == again[0].dedupe_key
    assert first[0].dedupe_key != other_chat[0].dedupe_key


@pytest.mark.parametrize(
    "body",
    [
        {"message": {"message_id": 1, "chat": CHAT, "date": 1, "text": "no update id"}},
        {"update_id": "10000", "message": {}},
        {"update_id": True},
        {"update_id": 1, "message": "text"},
        {"update_id": 1, "message": {"message_id": 1, "date": 1, "text": "no chat"}},
        {
            "update_id": 1,
            "message": {"message_id": 1, "chat": {"id": "x"}, "date": 1, "text": "a"},
        },
        {
            "update_id": 1,
            "message": {"message_id": 1, "chat": CHAT, "date": 10**20, "text": "a"},
        },
        {
            "update_id": 1,
            "message": {"message_id": 1, "chat": CHAT, "date": 1, "photo": [1]},
        },
        {"update_id": 1, "callback_query": {"id": 5, "from": USER, "data": "x"}},
    ],
)
def test_broken_updates_are_malformed(reader, body):
    with pytest.raises(MalformedRequest):
        parse(reader, body)


def test_parse_never_crashes_with_another_exception(reader):
    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.binary(max_size=300) | json_values.map(lambda v: json.dumps(v).encode()))
    def check(body):
        _parses_or_is_malformed(reader, body)

    check()


def test_mutated_real_updates_never_crash(reader):
    @settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.sampled_from(sorted(SAMPLE_UPDATES)), st.data())
    def check(name, data):
        update = copy.deepcopy(SAMPLE_UPDATES[name])
        for _ in range(data.draw(st.integers(1, 3))):
            _mutate(update, data)
        _parses_or_is_malformed(reader, json.dumps(update).encode())

    check()


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(
        st.sampled_from(
            [
                "update_id",
                "message",
                "callback_query",
                "chat",
                "id",
                "text",
                "date",
                "from",
                "message_id",
                "photo",
                "data",
                "file_id",
                "location",
                "x",
            ]
        ),
        children,
        max_size=5,
    ),
    max_leaves=20,
)


def _mutate(node, data):
    """Replace or delete one value somewhere inside a real update."""
    while isinstance(node, dict) and node:
        key = data.draw(st.sampled_from(sorted(node)))
        if isinstance(node[key], (dict, list)) and data.draw(st.booleans()):
            child = node[key]
            if isinstance(child, list) and child and isinstance(child[0], dict):
                child = child[0]
            if isinstance(child, dict) and child:
                node = child
                continue
        if data.draw(st.booleans()):
            del node[key]
        else:
            node[key] = data.draw(json_values)
        return


def _parses_or_is_malformed(reader, body):
    request = inbound(body)
    reader.verify(request)
    try:
        events = reader.parse(request)
    except MalformedRequest:
        return
    assert all(isinstance(e, (InboundMessage, StatusUpdate)) for e in events)
    reader.acknowledge(request)


# -- account management -------------------------------------------------------------------
def test_check_credentials_ok_calls_get_me(adapter, fake):
    assert adapter.check_credentials() == []
    assert [fake.method_of(r) for r in fake.requests] == ["getMe"]


def test_check_credentials_reports_a_rejected_token(fake):
    other = TelegramAdapter(
        {
            "bot_token": "987654321:AAwrongwrongwrongwrongwrongwrongwro",
            "secret_token": SECRET,
        },
        base_url=fake.base_url,
    )
    [problem] = other.check_credentials()
    assert "rejected the bot token" in problem and "@BotFather" in problem


def test_check_credentials_reports_an_unreachable_telegram():
    adapter = TelegramAdapter(
        {"bot_token": TOKEN, "secret_token": SECRET}, base_url="http://127.0.0.1:9"
    )
    [problem] = adapter.check_credentials()
    assert problem.startswith("Could not reach Telegram")


def test_register_webhook_sets_secret_and_allowed_updates(adapter, fake):
    adapter.register_webhook(WEBHOOK_URL)
    assert fake.webhook == {
        "url": WEBHOOK_URL,
        "secret_token": SECRET,
        "allowed_updates": ["message", "callback_query"],
    }


@pytest.mark.parametrize(
    "url",
    [
        "http://shop.example.com/hook",
        "https://shop.example.com:8080/hook",
        "https:///hook",
        "https://shop.example.com:99999/hook",
    ],
)
def test_register_webhook_refuses_urls_telegram_cannot_call(adapter, fake, url):
    with pytest.raises(ConfigurationError):
        adapter.register_webhook(url)
    assert fake.requests == []


def test_register_webhook_reports_telegram_refusal(adapter, fake):
    fake.fail_next(
        telegram_error(400, "Bad Request: bad webhook: Failed to resolve host")
    )
    with pytest.raises(ConfigurationError, match="Failed to resolve host"):
        adapter.register_webhook(WEBHOOK_URL)


# -- configuration -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "config, message",
    [
        ({"bot_token": TOKEN}, "missing"),
        (
            {"bot_token": "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "secret_token": SECRET},
            "bot token",
        ),
        ({"bot_token": TOKEN + "/../x", "secret_token": SECRET}, "bot token"),
        ({"bot_token": TOKEN, "secret_token": "with space"}, "secret token"),
        ({"bot_token": TOKEN, "secret_token": "x" * 257}, "secret token"),
    ],
)
def test_unusable_config_is_refused(config, message):
    with pytest.raises(ConfigurationError, match=message):
        TelegramAdapter(config)


def test_generated_secret_is_valid_for_telegram(contract):
    secret = TelegramAdapter.generate_secret()
    assert TelegramAdapter({"bot_token": TOKEN, "secret_token": secret})
    assert (
        contract.check_method(
            "setWebhook", {"url": WEBHOOK_URL, "secret_token": secret}
        )
        == []
    )


def test_base_url_from_config_and_secrets_marked():
    adapter = TelegramAdapter(
        {
            "bot_token": TOKEN,
            "secret_token": SECRET,
            "base_url": "http://telegram.internal/",
        }
    )
    assert adapter.base_url == "http://telegram.internal"
    assert TelegramAdapter({"bot_token": TOKEN, "secret_token": SECRET}).base_url == (
        "https://api.telegram.org"
    )
    assert all(f.secret for f in TelegramAdapter.config_fields)


def test_no_delivery_statuses_are_invented(reader):
    events = [e for name in SAMPLE_UPDATES for e in parse(reader, name)]
    assert events and not any(isinstance(e, StatusUpdate) for e in events)
