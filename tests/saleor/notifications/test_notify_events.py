"""Every order event: the right contact, channel, language and text, once, with consent."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from saleor.plugins.manager import get_plugins_manager

from saleor_conversational.models import (
    Consent,
    Contact,
    ContactIdentity,
    Message,
    NotificationText,
    SalesChannelSettings,
)
from tests.saleor.notifications.test_orders import chat_contact
from tests.support.providers import Provider, post_inbound
from tests.unit.channels import test_twilio, test_whatsapp


def fire(capture, hook, *args):
    manager = get_plugins_manager(allow_replica=False)
    with capture(execute=True):
        with transaction.atomic():
            transaction.on_commit(lambda: getattr(manager, hook)(*args))


@pytest.fixture
def shopper(webchat, order_with_lines):
    contact = chat_contact(webchat)
    Contact.objects.filter(pk=contact.pk).update(user=order_with_lines.user)
    return contact


@pytest.mark.parametrize(
    "hook, expected",
    [
        ("order_fully_paid", "We received your payment of $98.40"),
        ("order_cancelled", "has been cancelled"),
        ("order_expired", "has expired"),
    ],
)
def test_order_events(
    shopper,
    webchat,
    order_with_lines,
    django_capture_on_commit_callbacks,
    hook,
    expected,
):
    fire(django_capture_on_commit_callbacks, hook, order_with_lines)
    fire(
        django_capture_on_commit_callbacks, hook, order_with_lines
    )  # Saleor fires twice: one message
    [reply] = webchat.replies()
    assert (
        expected.replace("98.40", f"{order_with_lines.total_gross_amount:.2f}") in reply
    )
    assert f"#{order_with_lines.number}" in reply


def test_fulfillment_created_with_tracking_link_then_tracking_updated(
    webchat, fulfillment, channel_USD, django_capture_on_commit_callbacks
):
    order = fulfillment.order
    contact = chat_contact(webchat)
    Contact.objects.filter(pk=contact.pk).update(user=order.user)
    SalesChannelSettings.objects.update_or_create(
        channel=channel_USD,
        defaults={"tracking_url_template": "https://parcel.example/t/{tracking}"},
    )
    fire(django_capture_on_commit_callbacks, "fulfillment_created", fulfillment)
    [shipped] = webchat.replies()
    assert f"order #{order.number} is on its way" in shipped
    assert "https://parcel.example/t/123" in shipped

    fulfillment.tracking_number = "https://carrier.example/track/XYZ"
    fulfillment.save(update_fields=["tracking_number"])
    fire(django_capture_on_commit_callbacks, "tracking_number_updated", fulfillment)
    fire(django_capture_on_commit_callbacks, "tracking_number_updated", fulfillment)
    [updated] = webchat.replies()
    assert "https://carrier.example/track/XYZ" in updated


def test_each_partial_refund_then_the_full_refund_one_message_each(
    shopper,
    webchat,
    order_with_lines,
    transaction_item_generator,
    django_capture_on_commit_callbacks,
):
    item = transaction_item_generator(
        order_id=order_with_lines.pk, refunded_value=Decimal("10")
    )
    fire(django_capture_on_commit_callbacks, "order_refunded", order_with_lines)
    fire(
        django_capture_on_commit_callbacks, "order_refunded", order_with_lines
    )  # same refund again
    assert webchat.replies() == [
        f"We have refunded part of your order #{order_with_lines.number}."
    ]

    item.refunded_value = Decimal("12")  # a second partial refund is a new update
    item.save(update_fields=["refunded_value"])
    fire(django_capture_on_commit_callbacks, "order_refunded", order_with_lines)
    assert webchat.replies() == [
        f"We have refunded part of your order #{order_with_lines.number}."
    ]

    item.refunded_value = order_with_lines.total_gross_amount
    item.save(update_fields=["refunded_value"])
    # For a full refund Saleor calls both hooks.
    fire(django_capture_on_commit_callbacks, "order_refunded", order_with_lines)
    fire(django_capture_on_commit_callbacks, "order_fully_refunded", order_with_lines)
    assert webchat.replies() == [
        f"Your order #{order_with_lines.number} has been fully refunded."
    ]


def test_language_follows_the_customer_then_the_sales_channel(
    shopper, webchat, order_with_lines, channel_USD, django_capture_on_commit_callbacks
):
    user = order_with_lines.user
    user.language_code = "nl-NL"
    user.save(update_fields=["language_code"])
    fire(django_capture_on_commit_callbacks, "order_cancelled", order_with_lines)
    assert webchat.replies() == [
        f"Je bestelling #{order_with_lines.number} is geannuleerd."
    ]

    user.language_code = ""
    user.save(update_fields=["language_code"])
    SalesChannelSettings.objects.filter(channel=channel_USD).update(language_code="de")
    fire(django_capture_on_commit_callbacks, "order_expired", order_with_lines)
    [reply] = webchat.replies()
    assert reply.startswith(f"Bestellung #{order_with_lines.number} ist abgelaufen")


def test_merchant_text_overrides_the_default(
    shopper, webchat, order_with_lines, channel_USD, django_capture_on_commit_callbacks
):
    NotificationText.objects.create(
        channel=channel_USD,
        event="order_fully_paid",
        language_code="en",
        text="Paid in full: {total} for #{number} ({items})",
    )
    fire(django_capture_on_commit_callbacks, "order_fully_paid", order_with_lines)
    [reply] = webchat.replies()
    line = order_with_lines.lines.first()
    assert reply.startswith(
        f"Paid in full: ${order_with_lines.total_gross_amount:.2f} for #{order_with_lines.number}"
    )
    assert f"{line.quantity} × {line.product_name}" in reply


def test_opt_out_is_respected_before_the_next_send(
    shopper, webchat, order_with_lines, django_capture_on_commit_callbacks
):
    Consent.objects.filter(contact=shopper).update(granted=False, source="keyword_stop")
    fire(django_capture_on_commit_callbacks, "order_cancelled", order_with_lines)
    assert webchat.replies() == []
    assert (
        "consent"
        in Message.objects.get(purpose__startswith="order_cancelled").error_reason
    )


def test_checkout_opt_in_gives_the_transactional_basis(
    webchat, order_with_lines, channel_USD, django_capture_on_commit_callbacks
):
    contact = chat_contact(webchat)
    Contact.objects.filter(pk=contact.pk).update(user=order_with_lines.user)
    Consent.objects.filter(contact=contact).delete()
    order_with_lines.store_value_in_metadata({"conversational.optIn": "true"})
    order_with_lines.save(update_fields=["metadata"])
    fire(django_capture_on_commit_callbacks, "order_created", order_with_lines)
    assert Consent.objects.get(contact=contact).source == "checkout"
    assert len(webchat.replies()) == 1


def _whatsapp_shopper(client, capture, channel, order):
    whatsapp = Provider(test_whatsapp.TestWhatsAppConformance, channel)
    with capture(execute=True):
        post_inbound(client, whatsapp.path, whatsapp.inbound_text("hi"))
    identity = ContactIdentity.objects.get(account=whatsapp.account)
    Contact.objects.filter(pk=identity.contact_id).update(user=order.user)
    ContactIdentity.objects.filter(pk=identity.pk).update(
        last_inbound_at=timezone.now() - timedelta(hours=30)
    )
    return whatsapp, identity


def test_outside_the_window_the_events_approved_template_is_sent(
    plugin, client, channel_USD, order_with_lines, django_capture_on_commit_callbacks
):
    whatsapp, _ = _whatsapp_shopper(
        client, django_capture_on_commit_callbacks, channel_USD, order_with_lines
    )
    try:
        whatsapp.account.settings = {
            **whatsapp.account.settings,
            "templates": {"order_cancelled_v1": {"language": "en_US", "body": 1}},
        }
        whatsapp.account.save(update_fields=["settings"])
        NotificationText.objects.create(
            channel=channel_USD,
            event="order_cancelled",
            language_code="en",
            whatsapp_template="order_cancelled_v1",
            template_parameters=["number"],
        )
        fire(django_capture_on_commit_callbacks, "order_cancelled", order_with_lines)
        message = Message.objects.get(purpose__startswith="order_cancelled")
        assert (message.status, message.kind) == ("sent", "template"), (
            message.error_reason
        )
        body = whatsapp.fake.sent()[-1].json()
        assert body["template"]["name"] == "order_cancelled_v1"
        assert str(order_with_lines.number) in str(body["template"]["components"])
    finally:
        whatsapp.stop()
    assert not whatsapp.fake.violations


def test_outside_the_window_without_template_the_fallback_channel_is_used(
    plugin, client, channel_USD, order_with_lines, django_capture_on_commit_callbacks
):
    whatsapp, identity = _whatsapp_shopper(
        client, django_capture_on_commit_callbacks, channel_USD, order_with_lines
    )
    sms = Provider(test_twilio.TestTwilioConformance, channel_USD)
    try:
        sms_identity = ContactIdentity.objects.create(
            contact=identity.contact, account=sms.account, address="+14155550100"
        )
        Consent.objects.create(
            contact=identity.contact,
            messaging_channel="twilio",
            purpose="transactional",
            granted=True,
            source="checkout",
        )
        Contact.objects.filter(pk=identity.contact_id).update(
            preferred_identity=identity
        )
        SalesChannelSettings.objects.update_or_create(
            channel=channel_USD, defaults={"fallback_account": sms.account}
        )
        fire(django_capture_on_commit_callbacks, "order_cancelled", order_with_lines)
        message = Message.objects.get(purpose__startswith="order_cancelled")
        assert message.identity_id == sms_identity.pk
        assert message.status == "sent", message.error_reason
        assert "has been cancelled" in sms.fake.sent()[-1].form()["Body"][0]
    finally:
        whatsapp.stop()
        sms.stop()


def test_outside_the_window_with_nothing_configured_the_reason_is_recorded(
    plugin, client, channel_USD, order_with_lines, django_capture_on_commit_callbacks
):
    whatsapp, _ = _whatsapp_shopper(
        client, django_capture_on_commit_callbacks, channel_USD, order_with_lines
    )
    try:
        sent_before = len(whatsapp.fake.sent())
        fire(django_capture_on_commit_callbacks, "order_cancelled", order_with_lines)
        message = Message.objects.get(purpose__startswith="order_cancelled")
        assert message.status == "failed"
        assert "customer-service window" in message.error_reason
        assert len(whatsapp.fake.sent()) == sent_before
    finally:
        whatsapp.stop()
