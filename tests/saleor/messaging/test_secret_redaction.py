"""Secrets never reach logs, Sentry events, breadcrumbs or spans (M11): Sentry started
the way Saleor starts it (``settings.SENTRY_INIT``, tracing on), a Telegram send that
fails against the fake, a captured error whose frames hold the decrypted configuration."""

from __future__ import annotations

import io
import json
import logging

import pytest
import sentry_sdk
from django.conf import settings
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.transport import Transport

from saleor_conversational.channels.errors import PermanentSendError
from saleor_conversational.channels.messages import Template, Text
from saleor_conversational.core import redaction
from saleor_conversational.inbox.conversations import NotSendable, send_staff_message
from saleor_conversational.models import MessagingAccount
from tests.support.api import make_thread
from tests.support.providers import Provider, conformance_classes

ENVELOPES: list = []


class CapturingTransport(Transport):
    def capture_envelope(self, envelope) -> None:
        ENVELOPES.append(envelope)


def _sent() -> str:
    """Everything that would have reached Sentry, as one string."""
    sentry_sdk.flush()
    payloads = []
    for envelope in ENVELOPES:
        for item in envelope.items:
            payloads.append(item.payload.get_bytes().decode())
    return "\n".join(payloads)


@pytest.fixture
def sentry():
    ENVELOPES.clear()
    settings.SENTRY_INIT(
        "http://public@127.0.0.1:9/1",
        {
            "integrations": [CeleryIntegration(), DjangoIntegration()],
            "transport": CapturingTransport,
            "traces_sample_rate": 1.0,
        },
    )
    assert redaction.install_sentry_redaction()
    yield
    sentry_sdk.init()  # no DSN: off again


def _provider(kind, channel):
    (suite,) = [p.values[0] for p in conformance_classes() if p.id == kind]
    return Provider(suite, channel)


@pytest.fixture
def telegram(plugin, channel_USD):
    provider = _provider("telegram", channel_USD)
    yield provider
    provider.stop()


def test_a_failed_telegram_send_leaves_no_token_in_spans_or_breadcrumbs(
    sentry, telegram
):
    token = telegram.config["bot_token"]
    adapter = telegram.account.adapter()
    with sentry_sdk.start_transaction(name="send a reply"):
        telegram.fake.fail_next(telegram.suite.permanent_error())
        with pytest.raises(PermanentSendError):
            adapter.send(telegram.suite.recipient(), Text(text="hello"))
        sentry_sdk.capture_message("after the send")
    sent = _sent()
    assert "sendMessage" in sent  # the request's URL is recorded…
    assert "/bot[Filtered]/sendMessage" in sent
    assert token not in sent  # …without the token
    assert token.split(":")[1] not in sent


def test_frame_locals_holding_the_decrypted_configuration_are_redacted(
    sentry, telegram
):
    def fails_with_the_config_in_its_frame():
        config = MessagingAccount.objects.get(pk=telegram.account.pk).adapter_config()
        copied = "token " + config["secret_token"]  # a value under no secret key name
        raise RuntimeError(f"broke while holding {len(copied)} characters")

    try:
        fails_with_the_config_in_its_frame()
    except RuntimeError:
        sentry_sdk.capture_exception()
    sent = _sent()
    assert "fails_with_the_config_in_its_frame" in sent  # the frame was sent
    assert telegram.config["bot_token"] not in sent
    assert telegram.config["secret_token"] not in sent


def test_log_records_and_tracebacks_lose_the_secrets(telegram):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logging.getLogger().addHandler(handler)
    try:
        redaction.install_logging_filter()
        config = telegram.account.adapter_config()  # decrypted: remembered
        logger = logging.getLogger("saleor_conversational.test")
        logger.error(
            "calling %s", f"https://api.telegram.org/bot{config['bot_token']}/getMe"
        )
        try:
            raise ValueError(f"rejected {config['secret_token']}")
        except ValueError:
            logger.exception("the provider refused")
    finally:
        logging.getLogger().removeHandler(handler)
    written = stream.getvalue()
    assert "calling https://api.telegram.org/bot[Filtered]/getMe" in written
    assert "ValueError: rejected [Filtered]" in written
    assert config["bot_token"] not in written
    assert config["secret_token"] not in written


def test_a_staff_template_on_an_account_whose_credentials_cannot_be_decrypted(
    plugin, channel_USD
):
    whatsapp = _provider("whatsapp", channel_USD)
    try:
        thread = make_thread(channel_USD, address="someone")
        MessagingAccount.objects.filter(pk=whatsapp.account.pk).update(
            credentials_encrypted="gAAAAA-not-a-token"
        )
        identity = thread.identity
        identity.account = MessagingAccount.objects.get(pk=whatsapp.account.pk)
        with pytest.raises(NotSendable) as excinfo:
            send_staff_message(
                thread.conversation,
                template=Template(name="order_update", language="en"),
                identity=identity,
            )
        assert "cannot be decrypted" in str(excinfo.value)
    finally:
        whatsapp.stop()


def test_redaction_by_key_name_reaches_nested_values():
    event = {
        "extra": {"payload": [{"page_access_token": "EAAB-secret", "ok": "kept"}]},
        "request": {"url": "https://api.telegram.org/bot1:abc-DEF_9/sendPhoto"},
    }
    redacted = redaction.redact(event)
    assert json.dumps(redacted).count("[Filtered]") == 2
    assert redacted["extra"]["payload"][0]["ok"] == "kept"
