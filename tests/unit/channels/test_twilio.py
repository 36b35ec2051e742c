"""Twilio SMS and WhatsApp-through-Twilio: conformance plus Twilio-specific behaviour."""

from __future__ import annotations

import base64
import json
from urllib.parse import parse_qsl

import httpx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from saleor_conversational.channels.base import registered_adapters
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
    Image,
    ReplyButtons,
    Template,
    Text,
)
from saleor_conversational.channels.twilio.adapter import TwilioAdapter
from saleor_conversational.channels.twilio.signature import is_valid
from saleor_conversational.channels.twilio_whatsapp.adapter import TwilioWhatsAppAdapter
from tests.support.fakes.server import Answer
from tests.support.fakes.twilio import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    WEBHOOK_URL,
    FakeTwilio,
    body_sha256,
    inbound_sms,
    inbound_whatsapp,
    sign,
    status_callback,
    twilio_error,
    webhook,
)
from tests.unit.channels.conformance import ChannelConformance

TWILIO_STATUS = {
    DeliveryStatus.QUEUED: "queued",
    DeliveryStatus.SENDING: "sending",
    DeliveryStatus.SENT: "sent",
    DeliveryStatus.DELIVERED: "delivered",
    DeliveryStatus.READ: "read",
    DeliveryStatus.FAILED: "failed",
}
CONTENT_SID = "HX" + "ab" * 16
SERVICE_SID = "MG" + "cd" * 16


def request_for(
    params: dict[str, str], auth_token: str = AUTH_TOKEN, url: str = WEBHOOK_URL
) -> InboundRequest:
    url, body, headers = webhook(params, auth_token, url)
    return InboundRequest(method="POST", url=url, headers=headers, query={}, body=body)


class TwilioFixtures:
    adapter_cls = TwilioAdapter
    receives_webhooks = True
    wakes_after_send = False
    initial_config_fields = frozenset()
    webhook_url = WEBHOOK_URL  # Twilio signs the URL it calls

    def make_fake(self) -> FakeTwilio:
        return FakeTwilio()

    def make_config(self) -> dict[str, str]:
        return {
            "account_sid": ACCOUNT_SID,
            "auth_token": AUTH_TOKEN,
            "from_number": "+14155552345",
            "status_callback_url": WEBHOOK_URL + "status/",
        }

    def recipient(self) -> str:
        return "+14155550100"

    def inbound_params(self, text: str) -> dict[str, str]:
        return inbound_sms(text)

    def signed_inbound_text(self, config, text):
        return request_for(
            self.inbound_params(text), config["auth_token"], self.webhook_url
        )

    def signed_status(self, config, provider_message_id, status):
        params = status_callback(provider_message_id, TWILIO_STATUS[status])
        return request_for(params, config["auth_token"], self.webhook_url)

    def with_body(self, request, body, resign, config):
        headers = dict(request.headers)
        if resign:
            pairs = parse_qsl(
                body.decode("utf-8", errors="replace"), keep_blank_values=True
            )
            headers["x-twilio-signature"] = sign(
                config["auth_token"], request.url, pairs
            )
        return InboundRequest(request.method, request.url, headers, request.query, body)

    def without_signature(self, request):
        headers = {
            k: v for k, v in request.headers.items() if k != "x-twilio-signature"
        }
        return InboundRequest(
            request.method, request.url, headers, request.query, request.body
        )

    def wrong_secret_config(self, config):
        return {**config, "auth_token": "0" * 32}

    def server_error(self) -> Answer:
        return twilio_error(500, 20500, "Internal Server Error")

    def rate_limited(self) -> Answer:
        answer = twilio_error(429, 20429, "Too Many Requests")
        answer.headers["Retry-After"] = "3"
        return answer

    def permanent_error(self) -> Answer:
        return twilio_error(400, 21610, "Attempt to send to unsubscribed recipient")


class TestTwilioConformance(TwilioFixtures, ChannelConformance):
    pass


class WhatsAppFixtures(TwilioFixtures):
    adapter_cls = TwilioWhatsAppAdapter

    def inbound_params(self, text):
        return inbound_whatsapp(text)

    def signed_status(self, config, provider_message_id, status):
        params = status_callback(
            provider_message_id,
            TWILIO_STATUS[status],
            to="whatsapp:+5511987654321",
            sender="whatsapp:+14155552345",
        )
        return request_for(params, config["auth_token"], self.webhook_url)


class TestTwilioWhatsAppConformance(WhatsAppFixtures, ChannelConformance):
    pass


# -- fixtures for the Twilio-specific tests ------------------------------------------
@pytest.fixture
def fake():
    fake = FakeTwilio().start()
    yield fake
    fake.stop()
    assert not fake.violations, "\n".join(fake.violations)


@pytest.fixture
def sms(fake):
    return TwilioAdapter(TwilioFixtures().make_config(), base_url=fake.base_url)


@pytest.fixture
def whatsapp(fake):
    return TwilioWhatsAppAdapter(TwilioFixtures().make_config(), base_url=fake.base_url)


@pytest.fixture
def sms_in():
    """For inbound tests: no provider is called."""
    return TwilioAdapter(TwilioFixtures().make_config())


@pytest.fixture
def whatsapp_in():
    return TwilioWhatsAppAdapter(TwilioFixtures().make_config())


# -- registration, capabilities, configuration ---------------------------------------
def test_both_adapters_registered_with_different_capabilities():
    adapters = registered_adapters()
    assert adapters["twilio"] is TwilioAdapter
    assert adapters["twilio_whatsapp"] is TwilioWhatsAppAdapter
    sms_caps, wa_caps = TwilioAdapter.capabilities, TwilioWhatsAppAdapter.capabilities
    assert sms_caps.kinds == {"text", "image"} and sms_caps.opt_out_keywords
    assert sms_caps.service_window_hours is None and sms_caps.messages_per_second == 1.0
    assert "template" in wa_caps.kinds and wa_caps.service_window_hours == 24
    assert not wa_caps.opt_out_keywords
    assert [f.name for f in TwilioAdapter.config_fields if f.secret] == ["auth_token"]


@pytest.mark.parametrize(
    "change, problem",
    [
        ({"from_number": ""}, "sender phone number or a Messaging Service SID"),
        ({"account_sid": "AC123"}, "Account SID"),
        ({"from_number": "shop"}, "E.164"),
        ({"messaging_service_sid": "MG1"}, "Messaging Service SID"),
        ({"auth_token": ""}, "Auth Token"),
    ],
)
def test_unusable_configuration_is_refused(change, problem):
    with pytest.raises(ConfigurationError, match=problem):
        TwilioAdapter({**TwilioFixtures().make_config(), **change})


def test_base_url_overridable_by_config_key():
    adapter = TwilioAdapter(
        {**TwilioFixtures().make_config(), "base_url": "http://proxy.local/"}
    )
    assert adapter.base_url == "http://proxy.local"
    assert (
        TwilioAdapter(TwilioFixtures().make_config()).base_url
        == "https://api.twilio.com"
    )


# -- sending: the form Twilio receives ------------------------------------------------
def test_text_is_a_form_post_with_basic_auth_and_status_callback(sms, fake):
    result = sms.send("+1 (415) 555-0100", Text("Your order shipped"))
    [request] = fake.sent()
    form = request.form()
    assert request.path == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    assert form == {
        "To": ["+14155550100"],
        "From": ["+14155552345"],
        "Body": ["Your order shipped"],
        "StatusCallback": [WEBHOOK_URL + "status/"],
    }
    user_pass = base64.b64decode(request.headers["authorization"].split()[1]).decode()
    assert user_pass == f"{ACCOUNT_SID}:{AUTH_TOKEN}"
    assert result.provider_message_id.startswith("SM") and result.status == "sent"


def test_image_is_mms_with_caption(sms, fake):
    result = sms.send(
        "+14155550100", Image(url="https://shop.example.com/1.jpg", text="New")
    )
    form = fake.sent()[0].form()
    assert form["MediaUrl"] == ["https://shop.example.com/1.jpg"] and form["Body"] == [
        "New"
    ]
    assert result.provider_message_id.startswith("MM")


def test_messaging_service_replaces_the_sender_number(fake):
    config = {
        **TwilioFixtures().make_config(),
        "from_number": "",
        "messaging_service_sid": SERVICE_SID,
    }
    TwilioAdapter(config, base_url=fake.base_url).send("+14155550100", Text("hi"))
    form = fake.sent()[0].form()
    assert form["MessagingServiceSid"] == [SERVICE_SID] and "From" not in form


def test_sms_refuses_kinds_it_does_not_declare(sms, fake):
    with pytest.raises(UnsupportedMessage):
        sms.send("+14155550100", ReplyButtons("Size?", (Button("a", "41"),)))
    with pytest.raises(UnsupportedMessage):
        sms.send("+14155550100", Text("x" * 1601))
    with pytest.raises(PermanentSendError):
        sms.send("not a phone", Text("hi"))
    assert fake.requests == []


def test_whatsapp_addresses_are_prefixed(whatsapp, fake):
    whatsapp.send("+5511987654321", Text("Olá"))
    form = fake.sent()[0].form()
    assert form["To"] == ["whatsapp:+5511987654321"] and form["From"] == [
        "whatsapp:+14155552345"
    ]


def test_whatsapp_template_uses_content_sid_and_numbered_variables(whatsapp, fake):
    template = Template(
        name=CONTENT_SID,
        language="pt_BR",
        header_params=("Ana",),
        body_params=("#1042", "amanhã"),
        text="rendered",
    )
    whatsapp.send("whatsapp:+5511987654321", template)
    form = fake.sent()[0].form()
    assert form["ContentSid"] == [CONTENT_SID] and "Body" not in form
    assert json.loads(form["ContentVariables"][0]) == {
        "1": "Ana",
        "2": "#1042",
        "3": "amanhã",
    }


@pytest.mark.parametrize(
    "template, declared, problem",
    [
        (
            Template(name="order_update", language="en", body_params=("1",)),
            {"body": 1},
            "Content SID",
        ),
        (
            Template(name=CONTENT_SID, language="en", body_params=("1",)),
            {"body": 2},
            "body needs 2, got 1",
        ),
        (
            Template(
                name=CONTENT_SID,
                language="en",
                body_params=("a",),
                button_params=("b",),
            ),
            {"body": 1},
            "buttons needs 0, got 1",
        ),
        (
            Template(name=CONTENT_SID, language="en", body_params=(" ",)),
            {"body": 1},
            "variable 1 is empty",
        ),
    ],
)
def test_template_parameters_are_validated(whatsapp_in, template, declared, problem):
    with pytest.raises(PermanentSendError, match=problem) as excinfo:
        whatsapp_in.validate_template(template, declared)
    assert excinfo.value.code in ("template_name", "template_parameters")


@pytest.mark.parametrize(
    "template",
    [
        Template(name="order_update", language="en", body_params=("1",)),
        Template(name=CONTENT_SID, language="en", body_params=("ok", "")),
    ],
)
def test_invalid_template_is_refused_before_calling_twilio(whatsapp, fake, template):
    with pytest.raises(PermanentSendError):
        whatsapp.send("+5511987654321", template)
    assert fake.requests == []


def test_matching_template_declaration_passes(whatsapp_in):
    template = Template(
        name=CONTENT_SID, language="en", header_params=("h",), body_params=("b",)
    )
    assert (
        whatsapp_in.validate_template(template, {"header": 1, "body": 1, "buttons": 0})
        is None
    )
    assert whatsapp_in.content_variables(template) == {"1": "h", "2": "b"}


# -- provider errors ------------------------------------------------------------------
def _with_retry_after(answer: Answer, seconds: str) -> Answer:
    answer.headers["Retry-After"] = seconds
    return answer


@pytest.mark.parametrize(
    "answer, expected, code, retry_after",
    [
        (
            twilio_error(400, 21610, "Attempt to send to unsubscribed recipient"),
            PermanentSendError,
            "21610",
            None,
        ),
        (
            twilio_error(
                400, 21211, "The 'To' number +1555 is not a valid phone number."
            ),
            PermanentSendError,
            "21211",
            None,
        ),
        (
            twilio_error(400, 21614, "'To' number is not a valid mobile number"),
            PermanentSendError,
            "21614",
            None,
        ),
        (twilio_error(401, 20003, "Authenticate"), PermanentSendError, "20003", None),
        (
            twilio_error(400, 21408, "Permission to send an SMS has not been enabled"),
            PermanentSendError,
            "21408",
            None,
        ),
        (
            _with_retry_after(twilio_error(429, 20429, "Too Many Requests"), "7"),
            RetryableSendError,
            "20429",
            7.0,
        ),
        (
            twilio_error(429, 20429, "Too Many Requests"),
            RetryableSendError,
            "20429",
            None,
        ),
        (twilio_error(400, 30001, "Queue overflow"), RetryableSendError, "30001", None),
        (
            twilio_error(
                400,
                21611,
                "This 'From' number has exceeded the maximum number of queued messages",
            ),
            RetryableSendError,
            "21611",
            None,
        ),
        (
            twilio_error(503, 20503, "Service Unavailable"),
            UncertainSendError,
            "20503",
            None,
        ),
        (Answer(502, b"<html>Bad gateway</html>"), UncertainSendError, "502", None),
        (_with_retry_after(Answer(429, b""), "12"), RetryableSendError, "429", 12.0),
        (twilio_error(400, 21999, "Something new"), PermanentSendError, "21999", None),
    ],
)
def test_error_classification(sms, fake, answer, expected, code, retry_after):
    fake.fail_next(answer)
    with pytest.raises(expected) as excinfo:
        sms.send("+14155550100", Text("hi"))
    error = excinfo.value
    assert type(error) is expected and error.code == code and error.reason
    if expected is RetryableSendError:
        assert error.retry_after == retry_after
    if code == "21610":
        assert "opted out" in error.reason


def test_window_closed_is_outside_service_window(whatsapp, fake):
    fake.fail_next(
        twilio_error(
            400,
            63016,
            "Failed to send freeform message because you are "
            "outside the allowed window.",
        )
    )
    with pytest.raises(OutsideServiceWindow) as excinfo:
        whatsapp.send("+5511987654321", Text("hi"))
    assert excinfo.value.code == "63016" and "template" in excinfo.value.reason


def test_created_answer_without_sid_is_not_retried(sms, fake):
    fake.fail_next(Answer(201, {"status": "queued"}))
    with pytest.raises(PermanentSendError) as excinfo:
        sms.send("+14155550100", Text("hi"))
    assert not isinstance(excinfo.value, RetryableSendError)


# -- the fake refuses what Twilio refuses ----------------------------------------------
def _raw(
    fake: FakeTwilio, method: str, path: str, form=None, auth=(ACCOUNT_SID, AUTH_TOKEN)
):
    httpx.request(method, fake.base_url + path, data=form, auth=auth)
    found = list(fake.violations)
    fake.violations.clear()
    return found


MESSAGES = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
GOOD = {"To": "+14155550100", "From": "+14155552345", "Body": "hi"}


@pytest.mark.parametrize(
    "method, path, form, auth, violation",
    [
        (
            "POST",
            MESSAGES,
            {k: v for k, v in GOOD.items() if k != "To"},
            None,
            "'To' is a required property",
        ),
        (
            "POST",
            MESSAGES,
            {"To": "+14155550100", "Body": "hi"},
            None,
            "one of From, MessagingServiceSid",
        ),
        (
            "POST",
            MESSAGES,
            {"To": "+14155550100", "From": "+14155552345"},
            None,
            "one of Body, MediaUrl, ContentSid",
        ),
        ("POST", MESSAGES, {**GOOD, "Colour": "red"}, None, "'Colour' was unexpected"),
        (
            "POST",
            MESSAGES,
            {**GOOD, "ValidityPeriod": "soon"},
            None,
            "is not of type 'integer'",
        ),
        (
            "POST",
            MESSAGES,
            {**GOOD, "MessagingServiceSid": "MG12"},
            None,
            "MessagingServiceSid",
        ),
        ("POST", MESSAGES, {**GOOD, "Body": "x" * 1601}, None, "1600"),
        (
            "POST",
            MESSAGES,
            {**GOOD, "To": "whatsapp:+14155550100"},
            None,
            "different channels",
        ),
        (
            "POST",
            MESSAGES,
            {**GOOD, "ContentVariables": "{}"},
            None,
            "needs ContentSid",
        ),
        ("POST", MESSAGES, GOOD, (ACCOUNT_SID, "wrong"), "does not match"),
        ("POST", MESSAGES, GOOD, False, "no HTTP Basic"),
        ("DELETE", MESSAGES, None, None, "no DELETE operation"),
        (
            "POST",
            "/2010-04-01/Accounts/AC123/Messages.json",
            GOOD,
            ("AC123", AUTH_TOKEN),
            "path AccountSid",
        ),
    ],
)
def test_fake_catches_requests_twilio_would_refuse(method, path, form, auth, violation):
    fake = FakeTwilio().start()
    try:
        assert _raw(fake, "POST", MESSAGES, GOOD) == []  # the valid baseline passes
        kwargs = {} if auth is None else {"auth": None if auth is False else auth}
        found = _raw(fake, method, path, form, **kwargs)
    finally:
        fake.stop()
    assert any(violation in v for v in found), found


def test_fake_answers_refusals_in_twilio_error_shape():
    fake = FakeTwilio().start()
    try:
        response = httpx.post(
            fake.base_url + MESSAGES, data=GOOD, auth=(ACCOUNT_SID, "bad")
        )
    finally:
        fake.stop()
    assert response.status_code == 401
    assert set(response.json()) == {"code", "message", "more_info", "status"}


# -- inbound: signatures --------------------------------------------------------------
# Vectors from twilio-python's tests/unit/test_request_validator.py.
SDK_TOKEN = "12345"
SDK_URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
SDK_PARAMS = {
    "CallSid": ["CA1234567890ABCDE"],
    "Caller": ["+14158675309"],
    "Digits": ["1234"],
    "From": ["+14158675309"],
    "To": ["+18005551212"],
}
SDK_SIGNATURE = "RSOYDt4T1cUTdK1PDd93/VVr8B8="
SDK_BODY = b'{"property": "value", "boolean": true}'
SDK_BODY_HASH = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
SDK_BODY_SIGNATURE = "a9nBmqA0ju/hNViExpshrM61xv4="


@pytest.mark.parametrize(
    "url",
    [
        SDK_URL,
        SDK_URL.replace(
            ".com", ".com:443"
        ),  # Twilio signed without the port, we see it
        "https://mycompany.com:1234/myapp.php?foo=1&bar=2",  # any port is also tried removed
    ],
)
def test_sdk_vectors_with_and_without_port(url):
    assert is_valid(SDK_TOKEN, url, SDK_PARAMS, SDK_SIGNATURE)


def test_sdk_vector_rejects_other_url_params_or_token():
    assert not is_valid(
        SDK_TOKEN, SDK_URL.replace("foo=1", "foo=2"), SDK_PARAMS, SDK_SIGNATURE
    )
    assert not is_valid(
        SDK_TOKEN, SDK_URL.replace("https", "http"), SDK_PARAMS, SDK_SIGNATURE
    )
    assert not is_valid(
        SDK_TOKEN, SDK_URL, {**SDK_PARAMS, "Digits": ["1235"]}, SDK_SIGNATURE
    )
    assert not is_valid("54321", SDK_URL, SDK_PARAMS, SDK_SIGNATURE)
    assert not is_valid(SDK_TOKEN, SDK_URL, SDK_PARAMS, "")


def test_json_body_is_bound_by_body_sha256():
    assert body_sha256(SDK_BODY) == SDK_BODY_HASH
    url = f"{SDK_URL}&bodySHA256={SDK_BODY_HASH}"
    adapter = TwilioAdapter({**TwilioFixtures().make_config(), "auth_token": SDK_TOKEN})
    headers = {
        "content-type": "application/json",
        "x-twilio-signature": SDK_BODY_SIGNATURE,
    }
    request = InboundRequest("POST", url, headers, {}, SDK_BODY)
    adapter.verify(request)
    assert adapter.parse(request) == []  # a valid JSON webhook, but no messaging event
    tampered = InboundRequest(
        "POST", url, headers, {}, SDK_BODY.replace(b"value", b"other")
    )
    with pytest.raises(VerificationFailed):
        adapter.verify(tampered)


@pytest.mark.parametrize(
    "signed_url, called_url",
    [
        ("https://shop.example.com:443/hook/", "https://shop.example.com/hook/"),
        ("https://shop.example.com/hook/", "https://shop.example.com:443/hook/"),
        ("http://shop.example.com:80/hook/?a=1", "http://shop.example.com/hook/?a=1"),
        ("https://shop.example.com/hook/", "https://shop.example.com:8443/hook/"),
    ],
)
def test_adapter_accepts_url_with_or_without_port(sms_in, signed_url, called_url):
    _, body, headers = webhook(inbound_sms("hi"), url=signed_url)
    sms_in.verify(InboundRequest("POST", called_url, headers, {}, body))


@pytest.mark.parametrize(
    "signed_url, called_url",
    [
        ("https://shop.example.com:8443/hook/", "https://shop.example.com/hook/"),
        ("https://shop.example.com/hook/", "https://shop.example.com/other/"),
        ("https://shop.example.com/hook/?a=1", "https://shop.example.com/hook/?a=2"),
    ],
)
def test_adapter_rejects_other_urls(sms_in, signed_url, called_url):
    _, body, headers = webhook(inbound_sms("hi"), url=signed_url)
    with pytest.raises(VerificationFailed):
        sms_in.verify(InboundRequest("POST", called_url, headers, {}, body))


def test_repeated_params_are_signed_sorted(sms_in):
    pairs = [
        ("MessageSid", "SM" + "3" * 32),
        ("From", "+14155550100"),
        ("Tag", "b"),
        ("Tag", "a"),
    ]
    body = "&".join(f"{k}={v}" for k, v in pairs).replace("+", "%2B").encode()
    url = WEBHOOK_URL
    expected = sign(AUTH_TOKEN, url, sorted(pairs))  # Tag a before Tag b
    sms_in.verify(
        InboundRequest("POST", url, {"x-twilio-signature": expected}, {}, body)
    )


def test_duplicate_values_count_once_like_the_sdk(sms_in):
    # RequestValidator signs sorted(set(values)): a repeated identical value counts once.
    body = b"MessageSid=SM33333333333333333333333333333333&Tag=a&Tag=a"
    once = sign(
        AUTH_TOKEN, WEBHOOK_URL, [("MessageSid", "SM" + "3" * 32), ("Tag", "a")]
    )
    sms_in.verify(
        InboundRequest("POST", WEBHOOK_URL, {"x-twilio-signature": once}, {}, body)
    )
    # Signed as sent, the repeated pair twice, is accepted too; a third copy is not.
    twice = sign(
        AUTH_TOKEN,
        WEBHOOK_URL,
        [("MessageSid", "SM" + "3" * 32), ("Tag", "a"), ("Tag", "a")],
    )
    sms_in.verify(
        InboundRequest("POST", WEBHOOK_URL, {"x-twilio-signature": twice}, {}, body)
    )
    thrice = sign(
        AUTH_TOKEN, WEBHOOK_URL, [("MessageSid", "SM" + "3" * 32)] + [("Tag", "a")] * 3
    )
    with pytest.raises(VerificationFailed):
        sms_in.verify(
            InboundRequest(
                "POST", WEBHOOK_URL, {"x-twilio-signature": thrice}, {}, body
            )
        )


# -- inbound: parsing ------------------------------------------------------------------
def test_inbound_sms_parses_sender_text_and_raw(sms_in):
    [message] = sms_in.parse(request_for(inbound_sms("Is the blue shoe in stock?")))
    assert message == InboundMessage(
        provider_message_id="SM" + "1" * 32,
        sender="+14155550100",
        kind=InboundKind.TEXT,
        text="Is the blue shoe in stock?",
        raw=message.raw,
    )
    assert message.raw["FromCountry"] == "US"


def test_inbound_mms_media(sms_in):
    params = {
        **inbound_sms("look"),
        "NumMedia": "2",
        "MediaUrl0": "https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME1",
        "MediaContentType0": "image/jpeg",
        "MediaUrl1": "https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME2",
        "MediaContentType1": "application/pdf",
    }
    [message] = sms_in.parse(request_for(params))
    assert message.kind is InboundKind.MEDIA and message.text == "look"
    assert [(m.media_type, m.mime_type) for m in message.media] == [
        ("image", "image/jpeg"),
        ("document", "application/pdf"),
    ]
    assert message.media[0].url.endswith("ME1")


@pytest.mark.parametrize(
    "params, problem",
    [
        ({"NumMedia": "2", "MediaUrl0": "https://x/1"}, "MediaUrl1"),
        ({"NumMedia": "many"}, "NumMedia"),
        ({"MessageSid": "", "SmsSid": ""}, "MessageSid"),
        ({"From": ""}, "sender"),
    ],
)
def test_broken_inbound_is_malformed(sms_in, params, problem):
    with pytest.raises(MalformedRequest, match=problem):
        sms_in.parse(request_for({**inbound_sms("x"), **params}))


def test_whatsapp_quick_reply_tap_is_a_button_reply(whatsapp_in):
    params = inbound_whatsapp(
        "Yes, confirm",
        MessageType="button",
        ButtonText="Yes, confirm",
        ButtonPayload="confirm-order-1042",
    )
    request = request_for(params)
    whatsapp_in.verify(request)
    [message] = whatsapp_in.parse(request)
    assert (
        message.kind is InboundKind.BUTTON_REPLY
        and message.reply_id == "confirm-order-1042"
    )
    assert message.text == "Yes, confirm" and message.sender == "+5511987654321"
    assert message.sender_name == "Ana"


def test_whatsapp_location(whatsapp_in):
    params = inbound_whatsapp(
        "", MessageType="location", Latitude="-23.55", Longitude="-46.63"
    )
    [message] = whatsapp_in.parse(request_for(params))
    assert message.kind is InboundKind.LOCATION and message.raw["Latitude"] == "-23.55"


@pytest.mark.parametrize(
    "twilio_status, expected",
    [
        ("accepted", DeliveryStatus.QUEUED),
        ("scheduled", DeliveryStatus.QUEUED),
        ("queued", DeliveryStatus.QUEUED),
        ("sending", DeliveryStatus.SENDING),
        ("sent", DeliveryStatus.SENT),
        ("partially_delivered", DeliveryStatus.SENT),
        ("delivered", DeliveryStatus.DELIVERED),
        ("read", DeliveryStatus.READ),
        ("undelivered", DeliveryStatus.FAILED),
        ("failed", DeliveryStatus.FAILED),
        ("canceled", DeliveryStatus.FAILED),
    ],
)
def test_every_status_callback(sms_in, twilio_status, expected):
    [update] = sms_in.parse(
        request_for(status_callback("SM" + "9" * 32, twilio_status))
    )
    assert isinstance(update, StatusUpdate)
    assert (update.provider_message_id, update.status, update.recipient) == (
        "SM" + "9" * 32,
        expected,
        "+14155550100",
    )
    assert bool(update.error_reason) == (expected is DeliveryStatus.FAILED)


@pytest.mark.parametrize(
    "code, reason",
    [
        ("30007", "spam"),
        ("30003", "unreachable"),
        ("21610", "opted out"),
        ("30006", "landline"),
    ],
)
def test_failed_status_carries_error_code_and_reason(sms_in, code, reason):
    [update] = sms_in.parse(
        request_for(status_callback("SM" + "9" * 32, "undelivered", code))
    )
    assert update.status is DeliveryStatus.FAILED and update.error_code == code
    assert reason in update.error_reason


def test_status_error_message_from_twilio_is_kept(sms_in):
    params = {
        **status_callback("SM" + "9" * 32, "failed", "63016"),
        "ErrorMessage": "Outside the 24h window",
    }
    [update] = sms_in.parse(request_for(params))
    assert update.error_reason == "Outside the 24h window"


def test_unknown_status_is_ignored(sms_in):
    assert (
        sms_in.parse(request_for(status_callback("SM" + "9" * 32, "teleported"))) == []
    )


def test_acknowledge_is_empty_twiml(sms_in):
    reply = sms_in.acknowledge(request_for(inbound_sms("hi")))
    assert reply.status == 200 and reply.content_type == "text/xml"
    assert reply.body.endswith(b"<Response/>")


def test_unparsable_url_fails_verification_cleanly(sms_in):
    _, body, headers = webhook(inbound_sms("hi"))
    with pytest.raises(VerificationFailed):
        sms_in.verify(
            InboundRequest("POST", "https://[::1/hook/?bodySHA256=x", headers, {}, body)
        )
    with pytest.raises(VerificationFailed):
        sms_in.verify(
            InboundRequest("POST", "https://shop.example.com:99999/", headers, {}, body)
        )


def test_twilio_has_no_webhook_handshake(sms_in):
    get = InboundRequest(
        "GET",
        WEBHOOK_URL + "?hub.mode=subscribe&hub.challenge=1",
        {},
        {"hub.mode": "subscribe", "hub.challenge": "1"},
        b"",
    )
    assert sms_in.handshake(get) is None
    with pytest.raises(VerificationFailed):
        sms_in.verify(get)


# -- property: nothing but a list or MalformedRequest comes out of parse ---------------
FIELDS = [
    "MessageSid",
    "SmsSid",
    "From",
    "To",
    "Body",
    "NumMedia",
    "MediaUrl0",
    "MediaContentType0",
    "MediaUrl1",
    "MessageStatus",
    "ErrorCode",
    "ErrorMessage",
    "ButtonPayload",
    "ButtonText",
    "ProfileName",
    "Latitude",
    "Longitude",
    "ListId",
]


def _parse_only_list_or_malformed(adapter, request):
    adapter.verify(request)
    try:
        events = adapter.parse(request)
    except MalformedRequest:
        return
    assert isinstance(events, list)
    assert all(isinstance(e, (InboundMessage, StatusUpdate)) for e in events)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    params=st.dictionaries(
        st.sampled_from(FIELDS) | st.text(max_size=8),
        st.text(max_size=12) | st.sampled_from(["0", "1", "11", "-1", "²"]),
    )
)
@example(
    params={"MessageSid": "0", "From": "0", "NumMedia": "²"}
)  # found by hypothesis
@example(params={"MessageSid": "0", "MessageStatus": "failed", "ErrorCode": "²"})
def test_any_signed_form_parses_or_is_malformed(params):
    for adapter_cls in (TwilioAdapter, TwilioWhatsAppAdapter):
        adapter = adapter_cls(TwilioFixtures().make_config())
        _parse_only_list_or_malformed(adapter, request_for(params))


@settings(max_examples=200)
@given(
    body=st.binary(max_size=200)
    | st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda inner: st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    ).map(lambda value: json.dumps(value).encode())
)
@example(body=b'["&a=1&a=1"]')  # found by hypothesis: a repeated pair, signed as sent
def test_any_signed_body_parses_or_is_malformed(body):
    adapter = TwilioAdapter(TwilioFixtures().make_config())
    pairs = parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    form_request = InboundRequest(
        "POST",
        WEBHOOK_URL,
        {"x-twilio-signature": sign(AUTH_TOKEN, WEBHOOK_URL, pairs)},
        {},
        body,
    )
    _parse_only_list_or_malformed(adapter, form_request)
    json_url = f"{WEBHOOK_URL}?bodySHA256={body_sha256(body)}"
    json_request = InboundRequest(
        "POST",
        json_url,
        {"x-twilio-signature": sign(AUTH_TOKEN, json_url, [])},
        {},
        body,
    )
    _parse_only_list_or_malformed(adapter, json_request)


# -- account check ---------------------------------------------------------------------
def test_check_credentials_ok(sms, fake):
    assert sms.check_credentials() == []
    [request] = fake.requests
    assert (request.method, request.path) == (
        "GET",
        f"/2010-04-01/Accounts/{ACCOUNT_SID}.json",
    )


def test_check_credentials_suspended_account(sms, fake):
    fake.account_status = "suspended"
    [problem] = sms.check_credentials()
    assert "suspended" in problem


def test_check_credentials_wrong_token():
    fake = FakeTwilio().start()
    try:
        config = {**TwilioFixtures().make_config(), "auth_token": "0" * 32}
        problems = TwilioAdapter(config, base_url=fake.base_url).check_credentials()
    finally:
        fake.stop()
    assert len(problems) == 1 and "Auth Token" in problems[0]
    assert fake.violations  # the fake refused it as Twilio would


def test_check_credentials_unreachable():
    adapter = TwilioAdapter(
        TwilioFixtures().make_config(), base_url="http://127.0.0.1:9"
    )
    [problem] = adapter.check_credentials()
    assert "Could not reach Twilio" in problem
