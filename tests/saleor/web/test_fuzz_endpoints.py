"""No input makes the plugin's endpoints answer 5xx, and nothing unverified is written."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saleor_conversational.models import Contact, InboundEvent
from tests.support.providers import Provider, conformance_classes, post_inbound

FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=50),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)
bodies = st.one_of(
    st.binary(max_size=2000), json_values.map(lambda v: json.dumps(v).encode())
)
paths = st.sampled_from(["session/", "messages/", "poll/", "checkout/"])


@FUZZ
@given(path=paths, body=bodies, token=st.one_of(st.none(), st.text(max_size=80)))
def test_web_chat_never_answers_5xx(webchat, path, body, token):
    session = None if token is None else token.replace("\n", "").replace("\r", "")
    response = webchat.post(path, raw=body, session=session)
    assert response.status_code < 500, response.content


@FUZZ
@given(body=bodies)
def test_web_chat_with_a_valid_session_never_answers_5xx(webchat, body):
    if not webchat.session:
        webchat.open()
    for path in ("messages/", "poll/", "checkout/"):
        response = webchat.post(path, raw=body)
        assert response.status_code < 500, response.content


@pytest.fixture(params=conformance_classes())
def provider(request, plugin, channel_USD):
    provider = Provider(request.param, channel_USD)
    yield provider
    provider.stop()


@FUZZ
@given(
    body=bodies,
    headers=st.dictionaries(
        st.sampled_from(
            [
                "x-hub-signature-256",
                "x-twilio-signature",
                "x-viber-content-signature",
                "x-telegram-bot-api-secret-token",
                "content-type",
            ]
        ),
        st.text(
            alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=80
        ),
        max_size=3,
    ),
)
def test_unsigned_provider_requests_get_4xx_and_write_nothing(
    provider, client, body, headers
):
    from saleor_conversational.channels.events import InboundRequest

    request = InboundRequest("POST", provider.suite.webhook_url, headers, {}, body)
    response = post_inbound(client, provider.path, request)
    assert 400 <= response.status_code < 500, response.content
    assert InboundEvent.objects.count() == 0
    assert Contact.objects.count() == 0


@FUZZ
@given(body=bodies)
def test_signed_garbage_is_4xx_or_accepted_never_5xx(provider, client, body):
    signed = provider.suite.with_body(
        provider.inbound_text("x"), body, True, provider.config
    )
    response = post_inbound(client, provider.path, signed)
    assert response.status_code < 500, response.content
