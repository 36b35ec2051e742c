"""Valid JSON that is still hostile (deep nesting, NUL characters, lone surrogates, huge
strings) gets a 4xx with the reason at every public endpoint: never a 5xx with a logged
traceback, never a half-written row. A provider batch keeps its good events."""

from __future__ import annotations

import json
import logging

import pytest

from saleor_conversational.models import Contact, InboundEvent, Message
from tests.support.api import URL as GRAPHQL_URL
from tests.support.fixtures import BASE
from tests.support.providers import Provider, conformance_classes, post_inbound

DEEP = b"[" * 50_000 + b"]" * 50_000
DEEP_OBJECT = b'{"wait": ' + b'{"a": ' * 5_000 + b"1" + b"}" * 5_001
NUL = json.dumps({"id": "m1", "text": "hi\u0000there"}).encode()
NUL_ID = json.dumps({"id": "m\u00001", "text": "hello"}).encode()
SURROGATE = b'{"id": "m1", "text": "hi \\ud800"}'


@pytest.fixture
def no_errors_logged(caplog):
    caplog.set_level(logging.WARNING)
    yield
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]


def _assert_refused(response, reason: str = "") -> None:
    assert 400 <= response.status_code < 500, (response.status_code, response.content)
    body = response.json()
    text = json.dumps(body)
    assert "error" in text or "errors" in body
    if reason:
        assert reason in text, text


@pytest.mark.parametrize("path", ["poll/", "checkout/", "identify/", "messages/"])
def test_deep_nesting_gets_400_at_web_chat(webchat, no_errors_logged, path):
    webchat.open()
    for body in (DEEP, DEEP_OBJECT):
        _assert_refused(webchat.post(path, raw=body))
    assert InboundEvent.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "reason"),
    [(NUL, "NUL"), (NUL_ID, "NUL"), (SURROGATE, "Unicode")],
    ids=["nul-text", "nul-id", "lone-surrogate"],
)
def test_unstorable_text_gets_400_and_writes_nothing(
    webchat, no_errors_logged, body, reason
):
    webchat.open()
    _assert_refused(webchat.post("messages/", raw=body), reason)
    assert InboundEvent.objects.count() == 0
    assert Contact.objects.count() == 0


def test_unstorable_text_in_other_web_chat_bodies(webchat, no_errors_logged):
    webchat.open()
    _assert_refused(webchat.post("identify/", {"customerToken": "a\u0000b"}), "NUL")
    _assert_refused(webchat.post("checkout/", {"checkoutToken": "\u0000"}), "NUL")


@pytest.mark.parametrize(
    "body",
    [
        DEEP,
        json.dumps({"query": "{ __typename }", "variables": {"x": "a\u0000"}}).encode(),
        json.dumps({"query": "{ __typename \u0000 }"}).encode(),
        json.dumps(
            {"query": "{ __typename }", "variables": {"x": "a" * 100_000}}
        ).encode(),
    ],
    ids=["deep", "nul-variable", "nul-query", "huge-string"],
)
def test_hostile_graphql_bodies_get_400(plugin, client, no_errors_logged, body):
    response = client.post(GRAPHQL_URL, data=body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json()["errors"][0]["message"]


def test_hostile_dashboard_token_body_gets_400(plugin, client, no_errors_logged):
    for body in (b"[" * 2_000 + b"]" * 2_000, b'{"auth_token": "a\\u0000"}'):
        response = client.post(
            f"{BASE}dashboard/token/", data=body, content_type="application/json"
        )
        assert response.status_code == 400, response.content


@pytest.fixture(params=conformance_classes())
def provider(request, plugin, channel_USD):
    provider = Provider(request.param, channel_USD)
    yield provider
    provider.stop()


def test_a_signed_event_with_nul_gets_400_and_writes_nothing(
    provider, client, no_errors_logged
):
    response = post_inbound(
        client, provider.path, provider.inbound_text("hello\u0000world")
    )
    _assert_refused(response, "NUL")
    assert InboundEvent.objects.count() == 0


def test_a_batch_keeps_its_good_events(
    plugin, channel_USD, client, caplog, django_capture_on_commit_callbacks
):
    from tests.support.fakes.whatsapp import envelope
    from tests.unit.channels.test_whatsapp import (
        TestWhatsAppConformance,
        inbound,
        text_message,
    )

    provider = Provider(TestWhatsAppConformance, channel_USD)
    try:
        good, bad = text_message("good one"), text_message("bad\u0000one")
        good["id"], bad["id"] = "wamid.good", "wamid.bad"
        request = inbound(
            envelope(provider.config["phone_number_id"], messages=[good, bad]),
            provider.config["app_secret"],
        )
        caplog.set_level(logging.WARNING)
        with django_capture_on_commit_callbacks(execute=True):
            response = post_inbound(client, provider.path, request)
    finally:
        provider.stop()

    assert response.status_code == 200, response.content
    assert [e.dedupe_key for e in InboundEvent.objects.all()] == ["msg:wamid.good"]
    inbound = Message.objects.filter(direction="in")
    assert list(inbound.values_list("text", flat=True)) == ["good one"]
    assert any("Refused 1 of 2" in r.getMessage() for r in caplog.records)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
