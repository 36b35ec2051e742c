"""Web chat: the conformance suite plus its session tokens and message bodies.

There is no provider: "sending" leaves the message for the widget to fetch, and the
widget authenticates with a session token instead of a signature over the body.
"""

from __future__ import annotations

import dataclasses
import json

import pytest

from saleor_conversational.channels.errors import MalformedRequest, VerificationFailed
from saleor_conversational.channels.events import InboundKind, InboundRequest
from saleor_conversational.channels.webchat.adapter import WebChatAdapter
from tests.support.fakes.server import FakeProvider
from tests.unit.channels.conformance import ChannelConformance

SECRET = "k3C4v0bH9m2QeT7wZr5yLp1sXn8dFg6a"
URL = "https://shop.example.com/plugins/global/saleor.conversational/webchat/web/messages/"


def adapter(secret: str = SECRET) -> WebChatAdapter:
    return WebChatAdapter({"session_secret": secret})


def request(token: str, payload: dict | bytes) -> InboundRequest:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    return InboundRequest("POST", URL, headers, {}, body)


class TestWebChatConformance(ChannelConformance):
    adapter_cls = WebChatAdapter
    receives_webhooks = False  # served by the plugin's own webchat/ views
    wakes_after_send = True
    initial_config_fields = frozenset({"session_secret"})
    calls_provider = False
    signs_body = False  # the session token does not cover the body
    has_delivery_statuses = False  # delivered when the widget fetches the reply

    def make_fake(self):
        return FakeProvider()  # nothing is ever sent to it

    def make_config(self):
        return {"session_secret": SECRET}

    def recipient(self):
        return adapter().new_session()[0]

    def signed_inbound_text(self, config, text):
        _, token = adapter(config["session_secret"]).new_session()
        return request(token, {"id": "c-1", "text": text})

    def with_body(self, request, body, resign, config):
        return dataclasses.replace(request, body=body)

    def without_signature(self, request):
        headers = {k: v for k, v in request.headers.items() if k != "authorization"}
        return dataclasses.replace(request, headers=headers)

    def wrong_secret_config(self, config):
        return {**config, "session_secret": "0" * 32}


# -- session tokens -----------------------------------------------------------------------
def test_a_session_token_names_its_session():
    session_id, token = adapter().new_session()
    assert token.startswith(session_id + ".")
    assert adapter().session_from_token(token) == session_id
    assert adapter().new_session()[0] != session_id


@pytest.mark.parametrize(
    "token",
    ["", "abc", "abc.", ".sig", "abc.wrong"],
    ids=["empty", "no signature", "empty signature", "no id", "wrong signature"],
)
def test_bad_tokens_are_refused(token):
    with pytest.raises(VerificationFailed):
        adapter().session_from_token(token)


def test_a_token_is_bound_to_its_session_id_and_secret():
    session_id, token = adapter().new_session()
    signature = token.partition(".")[2]
    with pytest.raises(VerificationFailed):
        adapter().session_from_token(f"other{session_id}.{signature}")
    with pytest.raises(VerificationFailed):
        adapter("another secret").session_from_token(token)


@pytest.mark.parametrize("header", ["", "Basic abc", "Bearer", "Bearer "])
def test_the_token_comes_as_a_bearer_header(header):
    headers = {"authorization": header} if header else {}
    with pytest.raises(VerificationFailed, match="Bearer"):
        adapter().verify(InboundRequest("POST", URL, headers, {}, b"{}"))


# -- message bodies -----------------------------------------------------------------------
def test_text_and_reply_messages():
    session_id, token = adapter().new_session()
    [text] = adapter().parse(request(token, {"id": "c-1", "text": "  hello  "}))
    assert (text.provider_message_id, text.sender, text.kind, text.text) == (
        f"{session_id}:c-1",
        session_id,
        InboundKind.TEXT,
        "hello",
    )
    [tap] = adapter().parse(request(token, {"id": "c-2", "reply_id": "size-42"}))
    assert (tap.kind, tap.reply_id, tap.text) == (
        InboundKind.BUTTON_REPLY,
        "size-42",
        "",
    )


@pytest.mark.parametrize(
    "body, words",
    [
        (b"{", "not JSON"),
        (b"[" * 100_000, "not JSON"),  # too deep for the parser: refused, no crash
        (b"[]", "JSON object"),
        ({"text": "hi"}, "'id'"),
        ({"id": "x" * 65, "text": "hi"}, "'id'"),
        ({"id": "c", "text": 3}, "strings"),
        ({"id": "c", "text": "hi", "reply_id": "r" * 201}, "strings"),
        ({"id": "c", "text": "   "}, "must not be empty"),
        ({"id": "c", "text": "x" * 4097}, "longer than 4096"),
    ],
)
def test_malformed_bodies(body, words):
    _, token = adapter().new_session()
    with pytest.raises(MalformedRequest, match=words):
        adapter().parse(request(token, body))


# -- session lifetime ---------------------------------------------------------------------
def test_a_token_expires_after_the_session_lifetime():
    session_id, token = adapter().new_session(now=1_000_000)
    day = 24 * 3600
    assert adapter().session_from_token(token, now=1_000_000 + day) == session_id
    with pytest.raises(VerificationFailed, match="expired"):
        adapter().session_from_token(token, now=1_000_000 + day + 1)
    with pytest.raises(VerificationFailed, match="expired"):  # issued in the future
        adapter().session_from_token(token, now=1_000_000 - 3600)
    assert adapter().session_expires_at(token) == 1_000_000 + day


def test_the_lifetime_is_the_accounts_setting():
    short = WebChatAdapter({"session_secret": SECRET, "session_lifetime_hours": "2"})
    _, token = short.new_session(now=0)
    assert short.session_from_token(token, now=2 * 3600)
    with pytest.raises(VerificationFailed, match="expired"):
        short.session_from_token(token, now=2 * 3600 + 1)


@pytest.mark.parametrize("hours", ["0", "-1", "x", "1.5", "2161"])
def test_a_lifetime_out_of_range_is_refused(hours):
    assert WebChatAdapter.check_config({"session_lifetime_hours": hours})
    assert WebChatAdapter.check_config({"session_lifetime_hours": "720"}) == []


def test_the_issue_time_is_signed():
    session_id, token = adapter().new_session(now=1_000_000)
    _, issued, signature = token.split(".")
    with pytest.raises(VerificationFailed, match="invalid"):
        adapter().session_from_token(
            f"{session_id}.{int(issued) + 3600}.{signature}", now=1_000_000
        )


def test_tokens_of_the_old_shape_are_refused():
    session_id, token = adapter().new_session()
    with pytest.raises(VerificationFailed):
        adapter().session_from_token(f"{session_id}.{token.split('.')[2]}")


def test_degrading_adds_the_words_it_is_given():
    from saleor_conversational.channels.base import Capabilities
    from saleor_conversational.channels.degrade import DegradeTexts, degrade
    from saleor_conversational.channels.messages import Button, ReplyButtons

    text_only = Capabilities(kinds=frozenset({"text"}), max_text_length=1000)
    message = ReplyButtons(text="Welke?", buttons=(Button(id="a", title="Rood"),))
    texts = DegradeTexts(reply_with_number="Antwoord met het nummer.", options="Opties")
    assert (
        degrade(message, text_only, texts).text
        == "Welke?\n1. Rood\nAntwoord met het nummer."
    )
    assert degrade(message, text_only).text.endswith(
        "Reply with the number of your choice."
    )
