"""The conformance suite every messaging channel adapter runs against its fake.

Like django-allauth's ``create_oauth2_tests``: a channel's test module subclasses
``ChannelConformance`` and supplies only its fixtures (config, fake provider, signed
inbound requests, scripted provider errors). Every test here then runs for that channel.
Nothing here touches Django or Saleor.
"""

from __future__ import annotations

from typing import ClassVar

import httpx
import pytest

from saleor_conversational.channels.base import ChannelAdapter, registered_adapters
from saleor_conversational.channels.degrade import degrade
from saleor_conversational.channels.errors import (
    MalformedRequest,
    PermanentSendError,
    RetryableSendError,
    UncertainSendError,
    VerificationFailed,
)
from saleor_conversational.channels.events import (
    DeliveryStatus,
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
from tests.support.fakes.server import Answer, FakeProvider

SAMPLE_MESSAGES = {
    "text": Text(text="Hello from the shop"),
    "image": Image(
        url="https://shop.example.com/media/shoe.jpg", text="Our best seller"
    ),
    "buttons": ReplyButtons(
        text="Which size?", buttons=(Button("size-41", "41"), Button("size-42", "42"))
    ),
    "too_many_buttons": ReplyButtons(
        text="Pick a colour",
        buttons=tuple(Button(f"c{i}", f"Colour {i}") for i in range(12)),
    ),
    "list": ListMessage(
        text="Shipping options",
        button_label="Choose",
        sections=(
            ListSection(
                title="Delivery",
                rows=(
                    ListRow("dhl", "DHL", "2-3 days"),
                    ListRow("ups", "UPS", "1 day"),
                ),
            ),
        ),
    ),
    "link": LinkButton(
        text="Your cart is ready", label="Pay now", url="https://pay.example.com/x"
    ),
    "products": ProductCards(
        text="We found",
        products=(
            Product(
                title="Blue shoe",
                price="€49.00",
                url="https://shop.example.com/p/1",
                image_url="https://shop.example.com/media/1.jpg",
                retailer_id="SKU-1",
            ),
        ),
    ),
}


class ChannelConformance:
    """Subclass, set ``adapter_cls`` and implement the fixture methods below."""

    adapter_cls: ClassVar[type[ChannelAdapter]]
    has_delivery_statuses: ClassVar[bool] = True
    #: Statuses the provider reports per message id.
    supported_statuses: ClassVar[tuple[DeliveryStatus, ...]] = (
        DeliveryStatus.DELIVERED,
        DeliveryStatus.READ,
    )
    #: False where the provider only sends a shared secret and does not sign the body.
    signs_body: ClassVar[bool] = True
    #: False for a channel with no provider to call (web chat: replies are fetched).
    calls_provider: ClassVar[bool] = True
    #: The adapter's capability flags, which every channel's suite must declare.
    receives_webhooks: ClassVar[bool]
    wakes_after_send: ClassVar[bool]
    #: The settings ``initial_config()`` generates for a new account.
    initial_config_fields: ClassVar[frozenset[str]]
    #: The URL the provider calls; the Saleor tier sets it to the plugin's real URL.
    webhook_url: str = (
        "https://shop.example.com/plugins/global/saleor.conversational/webhooks/1/"
    )

    # -- what each channel supplies ----------------------------------------------
    def make_fake(self) -> FakeProvider:
        raise NotImplementedError

    def make_config(self) -> dict[str, str]:
        raise NotImplementedError

    def recipient(self) -> str:
        raise NotImplementedError

    def signed_inbound_text(self, config: dict[str, str], text: str) -> InboundRequest:
        """A request as the provider delivers a shopper's text message, signed."""
        raise NotImplementedError

    def signed_status(
        self, config: dict[str, str], provider_message_id: str, status: DeliveryStatus
    ) -> InboundRequest:
        raise NotImplementedError

    def with_body(
        self, request: InboundRequest, body: bytes, resign: bool, config
    ) -> InboundRequest:
        """The same request with another body; ``resign`` signs the new body properly."""
        raise NotImplementedError

    def without_signature(self, request: InboundRequest) -> InboundRequest:
        raise NotImplementedError

    def wrong_secret_config(self, config: dict[str, str]) -> dict[str, str]:
        raise NotImplementedError

    def server_error(self) -> Answer:
        return Answer(500, {"error": "internal"})

    def rate_limited(self) -> Answer:
        raise NotImplementedError

    def permanent_error(self) -> Answer:
        raise NotImplementedError

    # -- fixtures -------------------------------------------------------------------
    @pytest.fixture
    def fake(self):
        fake = self.make_fake().start()
        yield fake
        fake.stop()
        assert not fake.violations, (
            "requests the real provider would refuse:\n" + "\n".join(fake.violations)
        )

    @pytest.fixture
    def config(self):
        return self.make_config()

    @pytest.fixture
    def adapter(self, fake, config):
        return self.adapter_cls(config, base_url=fake.base_url)

    # -- the suite ------------------------------------------------------------------
    def test_registered_under_its_name(self):
        assert registered_adapters()[self.adapter_cls.name] is self.adapter_cls
        assert self.adapter_cls.label
        assert self.adapter_cls.capabilities.messages_per_second > 0

    def test_declares_its_capability_flags(self):
        cls = self.adapter_cls
        assert type(cls.receives_webhooks) is bool
        assert type(cls.wakes_after_send) is bool
        assert cls.receives_webhooks is self.receives_webhooks
        assert cls.wakes_after_send is self.wakes_after_send

    def test_initial_config(self):
        first, second = (
            self.adapter_cls.initial_config(),
            self.adapter_cls.initial_config(),
        )
        assert set(first) == self.initial_config_fields
        assert set(first) <= {f.name for f in self.adapter_cls.config_fields}
        assert all(isinstance(v, str) and len(v) >= 32 for v in first.values())
        # generated secrets are new for every account, in a new dict
        assert all(first[k] != second[k] for k in first)
        first["mutated"] = "x"
        assert "mutated" not in self.adapter_cls.initial_config()

    def test_a_new_account_works_with_its_initial_config(self, config):
        self.adapter_cls({**self.adapter_cls.initial_config(), **config})

    def test_adapter_imports_no_django_or_saleor(self):
        import inspect
        import re
        import sys

        # The modules of the adapter's folder and of the family folders (meta/)
        # its base classes come from, plus base.py.
        root = "saleor_conversational.channels"
        mro = self.adapter_cls.__mro__
        packages = {cls.__module__.rpartition(".")[0] for cls in mro} - {root}
        modules = {
            module
            for name, module in list(sys.modules.items())
            if name.rpartition(".")[0] in packages
        } | {inspect.getmodule(cls) for cls in mro}
        forbidden = re.compile(r"^\s*(?:from|import)\s+(?:django|saleor)\b(?!_)", re.M)
        for module in modules:
            if module.__name__.startswith("saleor_conversational.channels"):
                source = inspect.getsource(module)
                assert not forbidden.findall(source), module.__name__

    @pytest.mark.parametrize("sample", sorted(SAMPLE_MESSAGES))
    def test_sends_every_kind_after_degradation(self, adapter, fake, sample):
        message = degrade(SAMPLE_MESSAGES[sample], adapter.capabilities)
        assert message.kind in adapter.capabilities.kinds
        result = adapter.send(self.recipient(), message)
        assert result.provider_message_id
        assert len(fake.sent()) == (1 if self.calls_provider else 0)

    @pytest.fixture
    def provider_errors(self):
        if not self.calls_provider:
            pytest.skip(f"{self.adapter_cls.label} calls no provider")

    # Each failure point of a send: retried only where the request cannot have reached
    # the provider; uncertain (never resent) where it may have.
    def test_server_error_is_uncertain(self, adapter, fake, provider_errors):
        fake.fail_next(self.server_error())
        with pytest.raises(UncertainSendError) as excinfo:
            adapter.send(self.recipient(), SAMPLE_MESSAGES["text"])
        assert excinfo.value.reason
        assert len(fake.requests) == 1

    def test_connection_dropped_after_the_request_is_uncertain(
        self, adapter, fake, provider_errors
    ):
        fake.fail_next(Answer(200, drop=True))
        with pytest.raises(UncertainSendError) as excinfo:
            adapter.send(self.recipient(), SAMPLE_MESSAGES["text"])
        assert excinfo.value.code == "connection_lost"
        assert len(fake.requests) == 1  # the provider did read it

    def test_read_timeout_is_uncertain(self, fake, config, provider_errors):
        with httpx.Client(timeout=httpx.Timeout(0.3)) as client:
            adapter = self.adapter_cls(config, base_url=fake.base_url, client=client)
            fake.fail_next(Answer(200, {}, delay=1.0))
            with pytest.raises(UncertainSendError) as excinfo:
                adapter.send(self.recipient(), SAMPLE_MESSAGES["text"])
        assert excinfo.value.code == "timeout"

    def test_rate_limit_is_retryable(self, adapter, fake, provider_errors):
        fake.fail_next(self.rate_limited())
        with pytest.raises(RetryableSendError) as excinfo:
            adapter.send(self.recipient(), SAMPLE_MESSAGES["text"])
        assert excinfo.value.code
        assert not isinstance(excinfo.value, UncertainSendError)

    def test_permanent_error_carries_code_and_reason(
        self, adapter, fake, provider_errors
    ):
        fake.fail_next(self.permanent_error())
        with pytest.raises(PermanentSendError) as excinfo:
            adapter.send(self.recipient(), SAMPLE_MESSAGES["text"])
        assert excinfo.value.code and excinfo.value.reason

    def test_unreachable_provider_is_retryable(self, config, provider_errors):
        adapter = self.adapter_cls(config, base_url="http://127.0.0.1:9")
        with pytest.raises(RetryableSendError) as excinfo:
            adapter.send(self.recipient(), SAMPLE_MESSAGES["text"])
        assert not isinstance(excinfo.value, UncertainSendError)  # never sent

    def test_signed_inbound_text_parses(self, adapter, config):
        request = self.signed_inbound_text(config, "where is my order")
        adapter.verify(request)
        events = adapter.parse(request)
        messages = [e for e in events if isinstance(e, InboundMessage)]
        assert len(messages) == 1
        assert messages[0].text == "where is my order"
        assert messages[0].provider_message_id and messages[0].sender

    def test_tampered_body_is_rejected(self, adapter, config):
        if not self.signs_body:
            pytest.skip(
                f"{self.adapter_cls.label} does not sign the body (secret header only)"
            )
        request = self.signed_inbound_text(config, "hello")
        tampered = self.with_body(
            request, request.body.replace(b"hello", b"HELLO"), False, config
        )
        with pytest.raises(VerificationFailed):
            adapter.verify(tampered)

    def test_missing_signature_is_rejected(self, adapter, config):
        request = self.without_signature(self.signed_inbound_text(config, "hello"))
        with pytest.raises(VerificationFailed):
            adapter.verify(request)

    def test_wrong_secret_is_rejected(self, fake, config):
        request = self.signed_inbound_text(config, "hello")
        other = self.adapter_cls(
            self.wrong_secret_config(config), base_url=fake.base_url
        )
        with pytest.raises(VerificationFailed):
            other.verify(request)

    @pytest.mark.parametrize(
        "garbage", [b"", b"{", b"[]", b"\xff\xfe", b'{"unexpected": 1}']
    )
    def test_signed_garbage_is_malformed_not_a_crash(self, adapter, config, garbage):
        request = self.with_body(
            self.signed_inbound_text(config, "x"), garbage, True, config
        )
        adapter.verify(request)
        try:
            events = adapter.parse(request)
        except MalformedRequest:
            return
        assert all(isinstance(e, (InboundMessage, StatusUpdate)) for e in events)

    def test_delivery_status_parses(self, adapter, config):
        if not self.has_delivery_statuses:
            pytest.skip(f"{self.adapter_cls.label} sends no delivery statuses")
        request = self.signed_status(config, "prov-msg-1", DeliveryStatus.DELIVERED)
        adapter.verify(request)
        statuses = [e for e in adapter.parse(request) if isinstance(e, StatusUpdate)]
        assert [(s.provider_message_id, s.status) for s in statuses] == [
            ("prov-msg-1", DeliveryStatus.DELIVERED)
        ]
