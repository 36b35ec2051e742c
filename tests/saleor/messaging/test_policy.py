"""The channels' rules end to end: the 24-hour window and SMS STOP/START."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from saleor_conversational.channels.messages import Text
from saleor_conversational.messaging.outbound import queue_message
from saleor_conversational.models import Consent, ContactIdentity, Conversation, Message
from tests.support.fakes.twilio import inbound_sms
from tests.support.providers import Provider, post_inbound
from tests.unit.channels import test_twilio, test_whatsapp


def _send_later(capture, identity, text):
    conversation = Conversation.objects.get(contact=identity.contact)
    with capture(execute=True):
        with transaction.atomic():
            return queue_message(conversation, identity, Text(text=text))


def test_reply_25_hours_later_is_recorded_unsendable_or_sent_as_the_window_template(
    plugin, channel_USD, client, django_capture_on_commit_callbacks
):
    whatsapp = Provider(test_whatsapp.TestWhatsAppConformance, channel_USD)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert (
                post_inbound(
                    client, whatsapp.path, whatsapp.inbound_text("hi")
                ).status_code
                == 200
            )
        identity = ContactIdentity.objects.get()
        ContactIdentity.objects.filter(pk=identity.pk).update(
            last_inbound_at=timezone.now() - timedelta(hours=25)
        )
        identity.refresh_from_db()
        sent_before = len(whatsapp.fake.sent())

        late = _send_later(
            django_capture_on_commit_callbacks, identity, "Your parcel is delayed"
        )
        late.refresh_from_db()
        assert late.status == "failed"
        assert "24-hour customer-service window" in late.error_reason
        assert len(whatsapp.fake.sent()) == sent_before

        whatsapp.account.settings = {
            **whatsapp.account.settings,
            "window_template": "reply_waiting",
            "templates": {
                "reply_waiting": {
                    "language": "en",
                    "header": 0,
                    "body": 1,
                    "buttons": 0,
                }
            },
        }
        whatsapp.account.save(update_fields=["settings"])
        identity.refresh_from_db()

        templated = _send_later(
            django_capture_on_commit_callbacks, identity, "Your parcel is delayed"
        )
        templated.refresh_from_db()
        assert templated.status == "sent", templated.error_reason
        assert templated.kind == "template"
        body = whatsapp.fake.sent()[-1].json()
        assert body["type"] == "template"
        assert body["template"]["name"] == "reply_waiting"
        assert "Your parcel is delayed" in str(body["template"]["components"])
    finally:
        whatsapp.stop()
    assert not whatsapp.fake.violations


def test_a_long_reply_outside_the_window_fits_the_template_parameter(
    plugin, channel_USD, client, django_capture_on_commit_callbacks
):
    """WhatsApp refuses a template body over 1024 characters filled in (132005)."""
    whatsapp = Provider(test_whatsapp.TestWhatsAppConformance, channel_USD)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            post_inbound(client, whatsapp.path, whatsapp.inbound_text("hi"))
        identity = ContactIdentity.objects.get()
        ContactIdentity.objects.filter(pk=identity.pk).update(
            last_inbound_at=timezone.now() - timedelta(hours=25)
        )
        whatsapp.account.settings = {
            **whatsapp.account.settings,
            "window_template": "reply_waiting",
            "templates": {"reply_waiting": {"language": "en", "body": 1}},
        }
        whatsapp.account.save(update_fields=["settings"])
        identity.refresh_from_db()

        long_reply = "Here is everything about your order. " * 100  # 3800 characters
        row = _send_later(django_capture_on_commit_callbacks, identity, long_reply)
        row.refresh_from_db()
        assert row.status == "sent", row.error_reason
        body = whatsapp.fake.sent()[-1].json()
        [component] = body["template"]["components"]
        [parameter] = component["parameters"]
        assert len(parameter["text"]) == 1024
        assert parameter["text"] == long_reply[:1023] + "…"
    finally:
        whatsapp.stop()
    assert not whatsapp.fake.violations


def test_undeclared_template_is_refused_before_any_provider_call(
    plugin, channel_USD, client, django_capture_on_commit_callbacks
):
    from saleor_conversational.channels.messages import Template

    whatsapp = Provider(test_whatsapp.TestWhatsAppConformance, channel_USD)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            post_inbound(client, whatsapp.path, whatsapp.inbound_text("hi"))
        identity = ContactIdentity.objects.get()
        conversation = Conversation.objects.get()
        whatsapp.account.settings = {
            **whatsapp.account.settings,
            "templates": {"order_update": {"body": 2}},
        }
        whatsapp.account.save(update_fields=["settings"])
        before = len(whatsapp.fake.requests)
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                unknown = queue_message(
                    conversation, identity, Template(name="nope", language="en")
                )
                wrong = queue_message(
                    conversation,
                    identity,
                    Template(name="order_update", language="en", body_params=("1",)),
                )
        unknown.refresh_from_db()
        wrong.refresh_from_db()
        assert unknown.status == wrong.status == "failed"
        assert "not declared as approved" in unknown.error_reason
        assert "body needs 2, got 1" in wrong.error_reason
        assert len(whatsapp.fake.requests) == before
    finally:
        whatsapp.stop()


def test_sms_stop_stops_every_message_until_start(
    plugin, channel_USD, client, django_capture_on_commit_callbacks
):
    sms = Provider(test_twilio.TestTwilioConformance, channel_USD)
    try:

        def say(text, n):
            params = inbound_sms(text, sid="SMabc" + f"{n:029d}")
            request = test_twilio.request_for(
                params, sms.config["auth_token"], sms.suite.webhook_url
            )
            with django_capture_on_commit_callbacks(execute=True):
                assert post_inbound(client, sms.path, request).status_code == 200

        say("hi", 1)
        assert len(sms.fake.sent()) == 1
        identity = ContactIdentity.objects.get()
        assert identity.address == "+14155550100"  # E.164

        say("STOP", 2)
        assert set(Consent.objects.values_list("purpose", "granted")) == {
            ("transactional", False),
            ("marketing", False),
        }
        assert len(sms.fake.sent()) == 1  # no reply to STOP

        say("where is my order", 3)
        blocked = (
            Message.objects.filter(direction="out").order_by("-created_at").first()
        )
        assert blocked.status == "failed" and "STOP" in blocked.error_reason
        notice = _send_later(
            django_capture_on_commit_callbacks, identity, "Your order shipped"
        )
        notice.refresh_from_db()
        assert notice.status == "failed"
        assert len(sms.fake.sent()) == 1

        say("START", 4)
        assert Consent.objects.get(purpose="transactional").granted is True
        say("hi", 5)
        assert len(sms.fake.sent()) >= 2
        assert (
            Message.objects.filter(direction="out")
            .order_by("-created_at")
            .first()
            .status
            == "sent"
        )
    finally:
        sms.stop()
    assert not sms.fake.violations


def test_merchant_configured_opt_out_word(
    plugin, channel_USD, client, django_capture_on_commit_callbacks
):
    sms = Provider(test_twilio.TestTwilioConformance, channel_USD)
    sms.account.settings = {**sms.account.settings, "opt_out_keywords": ["AFMELDEN"]}
    sms.account.save(update_fields=["settings"])
    try:
        request = test_twilio.request_for(
            inbound_sms("afmelden", sid="SM" + "9" * 32),
            sms.config["auth_token"],
            sms.suite.webhook_url,
        )
        with django_capture_on_commit_callbacks(execute=True):
            post_inbound(client, sms.path, request)
        assert Consent.objects.get(purpose="marketing").granted is False
        assert Consent.objects.get(purpose="transactional").source == "keyword_stop"
    finally:
        sms.stop()
