"""Every messaging channel end to end through Saleor's URLconf, against its fake provider:
signed inbound -> stored once -> answer sent to the provider -> status -> delivered."""

from __future__ import annotations

import pytest

from saleor_conversational.channels.events import DeliveryStatus
from saleor_conversational.models import Contact, InboundEvent, Message
from tests.support.providers import Provider, conformance_classes, post_inbound


def _provider(request, channel_USD):
    provider = Provider(request.param, channel_USD)
    yield provider
    provider.stop()
    assert not provider.fake.violations, provider.fake.violations


@pytest.fixture(params=conformance_classes())
def provider(request, plugin, channel_USD):
    yield from _provider(request, channel_USD)


@pytest.fixture(params=conformance_classes(statuses=[DeliveryStatus.DELIVERED]))
def provider_with_statuses(request, plugin, channel_USD):
    yield from _provider(request, channel_USD)


@pytest.fixture(
    params=conformance_classes(statuses=[DeliveryStatus.DELIVERED, DeliveryStatus.READ])
)
def provider_with_read_statuses(request, plugin, channel_USD):
    yield from _provider(request, channel_USD)


def test_inbound_is_stored_once_and_answered(
    provider, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_inbound(client, provider.path, provider.inbound_text("hi"))
    assert response.status_code == 200, response.content

    inbound = Message.objects.get(direction="in")
    assert inbound.text == "hi"
    reply = Message.objects.get(direction="out")
    assert reply.status == "sent", (reply.error_code, reply.error_reason)
    assert "automated assistant" in reply.text
    assert len(provider.fake.sent()) == 1

    # The provider retries its delivery: stored once, answered once.
    with django_capture_on_commit_callbacks(execute=True):
        again = post_inbound(client, provider.path, provider.inbound_text("hi"))
    assert again.status_code == 200
    assert InboundEvent.objects.count() == 1
    assert Message.objects.count() == 2


def test_delivery_status_marks_the_reply_delivered(
    provider_with_statuses, client, django_capture_on_commit_callbacks
):
    provider = provider_with_statuses
    with django_capture_on_commit_callbacks(execute=True):
        post_inbound(client, provider.path, provider.inbound_text("hi"))
    reply = Message.objects.get(direction="out")
    for status in (
        DeliveryStatus.DELIVERED,
        DeliveryStatus.DELIVERED,
    ):  # a provider retry
        with django_capture_on_commit_callbacks(execute=True):
            response = post_inbound(
                client,
                provider.path,
                provider.status(reply.provider_message_id, status),
            )
        assert response.status_code == 200
    reply.refresh_from_db()
    assert reply.status == "delivered"
    assert reply.delivered_at is not None


def test_statuses_out_of_order_never_go_backwards(
    provider_with_read_statuses, client, django_capture_on_commit_callbacks
):
    provider = provider_with_read_statuses
    with django_capture_on_commit_callbacks(execute=True):
        post_inbound(client, provider.path, provider.inbound_text("hi"))
    reply = Message.objects.get(direction="out")
    read = provider.status(reply.provider_message_id, DeliveryStatus.READ)
    for request in (
        read,
        provider.status(reply.provider_message_id, DeliveryStatus.DELIVERED),
    ):
        with django_capture_on_commit_callbacks(execute=True):
            assert post_inbound(client, provider.path, request).status_code == 200
    reply.refresh_from_db()
    assert reply.status == "read"
    assert reply.read_at is not None


def test_unsigned_or_tampered_requests_write_nothing(
    provider, client, django_capture_on_commit_callbacks
):
    signed = provider.inbound_text("hello")
    tampered = provider.suite.with_body(
        signed, signed.body.replace(b"hello", b"HELLO"), False, provider.config
    )
    unsigned = provider.suite.without_signature(signed)
    wrong = provider.suite.with_body(
        signed, signed.body, True, provider.suite.wrong_secret_config(provider.config)
    )
    # A provider that only sends a shared secret cannot detect a changed body.
    requests = (
        (tampered, unsigned, wrong) if provider.suite.signs_body else (unsigned, wrong)
    )
    for request in requests:
        with django_capture_on_commit_callbacks(execute=True):
            response = post_inbound(client, provider.path, request)
        assert response.status_code in (401, 403), response.content
        assert response.json()["error"]
    assert InboundEvent.objects.count() == 0
    assert Contact.objects.count() == 0
    assert provider.fake.sent() == []


def test_a_provider_500_may_have_sent_so_the_reply_is_uncertain_and_not_resent(
    provider, client, django_capture_on_commit_callbacks
):
    provider.fake.fail_next(
        provider.suite.server_error(), provider.suite.server_error()
    )
    with django_capture_on_commit_callbacks(execute=True):
        post_inbound(client, provider.path, provider.inbound_text("hi"))
    reply = Message.objects.get(direction="out")
    assert reply.status == "uncertain" and reply.error_reason
    assert reply.attempts == 1
    assert provider.fake.sent() == []


def test_permanent_error_ends_failed_with_the_reason(
    provider, client, django_capture_on_commit_callbacks
):
    provider.fake.fail_next(provider.suite.permanent_error())
    with django_capture_on_commit_callbacks(execute=True):
        post_inbound(client, provider.path, provider.inbound_text("hi"))
    reply = Message.objects.get(direction="out")
    assert reply.status == "failed"
    assert reply.error_code and reply.error_reason
    assert reply.attempts == 1
    assert provider.fake.sent() == []


def test_unknown_account_is_404(plugin, client):
    response = client.post(
        "/plugins/global/saleor.conversational/webhooks/00000000-0000-0000-0000-000000000000/"
    )
    assert response.status_code == 404


def test_read_receipts_when_the_merchant_turns_them_on(
    plugin, channel_USD, client, django_capture_on_commit_callbacks
):
    from tests.unit.channels import test_whatsapp

    whatsapp = Provider(test_whatsapp.TestWhatsAppConformance, channel_USD)
    whatsapp.account.settings = {**whatsapp.account.settings, "read_receipts": True}
    whatsapp.account.save(update_fields=["settings"])
    try:
        with django_capture_on_commit_callbacks(execute=True):
            post_inbound(client, whatsapp.path, whatsapp.inbound_text("hi"))
        inbound = Message.objects.get(direction="in")
        receipts = [
            r.json() for r in whatsapp.fake.requests if r.json().get("status") == "read"
        ]
        assert receipts == [
            {
                "messaging_product": "whatsapp",
                "status": "read",
                "message_id": inbound.provider_message_id,
            }
        ]
    finally:
        whatsapp.stop()
    assert not whatsapp.fake.violations
