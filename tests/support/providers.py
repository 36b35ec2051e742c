"""Messaging channel providers for the Saleor tier, built from each channel's
conformance test class (its fake, config and signed requests)."""

from __future__ import annotations

import importlib
from urllib.parse import urlencode

import pytest

from saleor_conversational.channels.events import InboundRequest
from saleor_conversational.messaging.accounts import create_account
from tests.support.fixtures import BASE

# module, conformance class: every adapter that has one takes part.
CONFORMANCE = [
    ("tests.unit.channels.test_viber", "TestViberConformance"),
    ("tests.unit.channels.test_telegram", "TestTelegramConformance"),
    ("tests.unit.channels.test_whatsapp", "TestWhatsAppConformance"),
    ("tests.unit.channels.test_messenger", "TestMessengerConformance"),
    ("tests.unit.channels.test_instagram", "TestInstagramConformance"),
    ("tests.unit.channels.test_twilio", "TestTwilioConformance"),
    ("tests.unit.channels.test_twilio", "TestTwilioWhatsAppConformance"),
]


def conformance_classes(*, statuses=()):
    """Every channel's conformance class; with ``statuses``, only channels reporting them."""
    found = []
    for module_name, class_name in CONFORMANCE:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        cls = getattr(module, class_name, None)
        if (
            cls is not None
            and statuses
            and not (
                cls.has_delivery_statuses
                and set(statuses) <= set(cls.supported_statuses)
            )
        ):
            continue
        if cls is not None:
            found.append(pytest.param(cls, id=cls.adapter_cls.name))
    return found


class Provider:
    """A fake provider plus a messaging account pointing at it."""

    def __init__(self, suite_cls, channel) -> None:
        self.suite = suite_cls()
        self.fake = self.suite.make_fake().start()
        self.config = self.suite.make_config()
        adapter_cls = self.suite.adapter_cls
        known = {f.name for f in adapter_cls.config_fields}
        self.account = create_account(
            channel=channel,
            kind=adapter_cls.name,
            name=f"Test {adapter_cls.label}",
            values={k: v for k, v in self.config.items() if k in known},
            base_url=self.fake.base_url,
        )
        from django.conf import settings

        self.suite.webhook_url = settings.PUBLIC_URL.rstrip("/") + self.path

    @property
    def path(self) -> str:
        return f"{BASE}webhooks/{self.account.pk}/"

    def inbound_text(self, text: str) -> InboundRequest:
        return self.suite.signed_inbound_text(self.config, text)

    def status(self, provider_message_id: str, status) -> InboundRequest:
        return self.suite.signed_status(self.config, provider_message_id, status)

    def stop(self) -> None:
        self.fake.stop()


def post_inbound(client, path: str, inbound: InboundRequest):
    if inbound.query:
        path += "?" + urlencode(inbound.query)
    meta = {
        "HTTP_" + key.upper().replace("-", "_"): value
        for key, value in inbound.headers.items()
        if key not in ("content-type", "content-length", "host")
    }
    return client.generic(
        inbound.method,
        path,
        data=inbound.body,
        content_type=inbound.headers.get("content-type", "application/octet-stream"),
        **meta,
    )
