"""Conformance fixtures and tests shared by the Meta Graph channels (WhatsApp Cloud
API, Messenger, Instagram): webhooks signed with X-Hub-Signature-256 and verified
with the ``hub.challenge`` handshake. Like ``TwilioFixtures`` in test_twilio.py.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac

import pytest

from saleor_conversational.channels.errors import VerificationFailed
from saleor_conversational.channels.events import InboundRequest
from tests.unit.channels.conformance import ChannelConformance

SIGNATURE_HEADER = "x-hub-signature-256"


def hub_signature(body: bytes, app_secret: str) -> str:
    """X-Hub-Signature-256 as Meta computes it."""
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


class MetaFixtures:
    """The fixture methods that are the same for every Meta channel."""

    def with_body(self, request, body, resign, config):
        headers = dict(request.headers)
        if resign:
            headers[SIGNATURE_HEADER] = hub_signature(body, config["app_secret"])
        return dataclasses.replace(request, body=body, headers=headers)

    def without_signature(self, request):
        headers = {k: v for k, v in request.headers.items() if k != SIGNATURE_HEADER}
        return dataclasses.replace(request, headers=headers)

    def wrong_secret_config(self, config):
        return {**config, "app_secret": "0" * 32}


class MetaConformance(MetaFixtures, ChannelConformance):
    """The conformance suite plus what every Meta channel must answer alike."""

    @pytest.fixture
    def offline(self, config):
        return self.adapter_cls(config, base_url="http://127.0.0.1:9")

    def handshake(self, adapter, method="GET", **query):
        request = InboundRequest(method, self.webhook_url, {}, query, b"")
        return adapter.handshake(request)

    def test_handshake_echoes_the_challenge(self, offline, config):
        reply = self.handshake(
            offline,
            **{
                "hub.mode": "subscribe",
                "hub.verify_token": config["verify_token"],
                "hub.challenge": "1158201444",
            },
        )
        assert (reply.status, reply.body, reply.content_type) == (
            200,
            b"1158201444",
            "text/plain",
        )

    @pytest.mark.parametrize(
        "query",
        [
            {"hub.mode": "subscribe", "hub.verify_token": "guess"},
            {"hub.mode": "subscribe"},
            {"hub.mode": "unsubscribe", "hub.verify_token": None},
            {"hub.mode": "", "hub.verify_token": None},
        ],
        ids=["wrong token", "no token", "wrong mode", "empty mode"],
    )
    @pytest.mark.parametrize("challenge", ["1", None], ids=["challenge", "none"])
    def test_handshake_with_a_wrong_token_or_mode_is_403(
        self, offline, config, query, challenge
    ):
        """Pinned: checked before the challenge, so missing both is still 403."""
        query = {
            k: config["verify_token"] if v is None else v for k, v in query.items()
        }
        if challenge is not None:
            query["hub.challenge"] = challenge
        reply = self.handshake(offline, **query)
        assert reply.status == 403
        assert reply.body == b"verify token does not match"

    @pytest.mark.parametrize("challenge", [None, ""], ids=["absent", "empty"])
    def test_handshake_without_a_challenge_is_400(self, offline, config, challenge):
        """Pinned: the right token without hub.challenge is a bad request."""
        query = {"hub.mode": "subscribe", "hub.verify_token": config["verify_token"]}
        if challenge is not None:
            query["hub.challenge"] = challenge
        reply = self.handshake(offline, **query)
        assert (reply.status, reply.body) == (400, b"missing hub.challenge")

    def test_other_requests_are_not_a_handshake(self, offline, config):
        assert self.handshake(offline) is None
        assert self.handshake(offline, "POST", **{"hub.mode": "subscribe"}) is None
        request = self.signed_inbound_text(config, "hi")
        assert offline.handshake(request) is None

    @pytest.mark.parametrize("prefix", ["sha256=", "SHA256=", "Sha256="])
    @pytest.mark.parametrize("hex_case", [str.lower, str.upper])
    def test_signature_prefix_and_hex_in_any_case(
        self, offline, config, prefix, hex_case
    ):
        """Pinned: ``sha256=`` is accepted in any case, and so is the digest."""
        request = self.signed_inbound_text(config, "hi")
        digest = hub_signature(request.body, config["app_secret"]).partition("=")[2]
        headers = {**request.headers, SIGNATURE_HEADER: prefix + hex_case(digest)}
        offline.verify(dataclasses.replace(request, headers=headers))

    @pytest.mark.parametrize(
        "header, words",
        [
            ("", "missing X-Hub-Signature-256"),
            ("sha1=" + "0" * 40, "sha256=<hex>"),
            ("sha256=", "sha256=<hex>"),
            ("deadbeef", "sha256=<hex>"),
            ("sha256=" + "0" * 64, "does not match"),
        ],
    )
    def test_bad_signature_headers(self, offline, config, header, words):
        request = self.signed_inbound_text(config, "hi")
        headers = {SIGNATURE_HEADER: header} if header else {}
        with pytest.raises(VerificationFailed, match=words):
            offline.verify(dataclasses.replace(request, headers=headers))
