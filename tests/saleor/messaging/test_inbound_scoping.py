"""Through Saleor's URLconf: updates that are not this account's conversation are
acknowledged (the provider must not retry them) and store nothing (L2, L3)."""

from __future__ import annotations

from saleor_conversational.models import Contact, InboundEvent, Message
from tests.support.providers import Provider, post_inbound
from tests.unit.channels import test_messenger, test_telegram


def test_a_telegram_group_message_is_acknowledged_and_not_stored(
    plugin, channel_USD, client, django_capture_on_commit_callbacks
):
    telegram = Provider(test_telegram.TestTelegramConformance, channel_USD)
    try:
        update = test_telegram.message_update(text="where is my order?")
        update["message"]["chat"] = test_telegram.GROUP_CHATS[1]
        with django_capture_on_commit_callbacks(execute=True):
            response = post_inbound(
                client, telegram.path, test_telegram.inbound(update)
            )
        assert response.status_code == 200, response.content
        assert not InboundEvent.objects.exists()
        assert not Contact.objects.exists() and not Message.objects.exists()
        assert telegram.fake.calls("sendMessage") == []
    finally:
        telegram.stop()
    assert not telegram.fake.violations


def test_one_delivery_for_two_pages_stores_only_this_pages_message(
    plugin, channel_USD, client, django_capture_on_commit_callbacks
):
    messenger = Provider(test_messenger.TestMessengerConformance, channel_USD)
    try:
        other_page = test_messenger.OTHER_PAGE_ID
        payload = test_messenger.envelope(test_messenger.text_event("hi", mid="m_a"))
        payload["entry"] += test_messenger.envelope(
            test_messenger.event(
                account=other_page, message={"mid": "m_b", "text": "not ours"}
            ),
            account=other_page,
        )["entry"]
        with django_capture_on_commit_callbacks(execute=True):
            response = post_inbound(
                client, messenger.path, test_messenger.webhook(payload)
            )
        assert response.status_code == 200, response.content
        inbound = Message.objects.get(direction="in")
        assert (inbound.text, inbound.provider_message_id) == ("hi", "m_a")
        assert InboundEvent.objects.count() == 1
    finally:
        messenger.stop()
    assert not messenger.fake.violations
