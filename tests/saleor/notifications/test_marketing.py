"""Abandoned-checkout reminders and back-in-stock alerts (periodic scans, marketing consent)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from saleor.checkout.models import Checkout
from saleor.warehouse.models import Stock

from saleor_conversational.models import (
    BackInStockSubscription,
    Consent,
    Contact,
    Message,
    SalesChannelSettings,
)
from saleor_conversational.notifications.marketing import (
    notify_back_in_stock,
    remind_abandoned_checkouts,
)
from tests.saleor.notifications.test_orders import chat_contact


def marketing_consent(contact, granted=True):
    Consent.objects.update_or_create(
        contact=contact,
        messaging_channel="webchat",
        purpose="marketing",
        defaults={"granted": granted, "source": "test"},
    )


def idle(checkout, minutes):
    Checkout.objects.filter(pk=checkout.pk).update(
        last_change=timezone.now() - timedelta(minutes=minutes)
    )


def test_one_reminder_after_the_idle_time_with_a_link_back(
    webchat,
    checkout_with_item,
    customer_user,
    channel_USD,
    django_capture_on_commit_callbacks,
):
    contact = chat_contact(webchat)
    Contact.objects.filter(pk=contact.pk).update(user=customer_user)
    marketing_consent(contact)
    checkout_with_item.user = customer_user
    checkout_with_item.save(update_fields=["user"])
    SalesChannelSettings.objects.update_or_create(
        channel=channel_USD,
        defaults={
            "checkout_url_template": "https://shop.example/cart/{token}",
            "abandoned_checkout_minutes": 60,
        },
    )

    idle(checkout_with_item, 30)
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_abandoned_checkouts() == 0

    idle(checkout_with_item, 61)
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_abandoned_checkouts() == 1
        assert remind_abandoned_checkouts() == 0  # at most one per checkout
    [reminder] = webchat.poll()
    assert reminder["content"]["kind"] == "link"
    assert (
        reminder["content"]["url"]
        == f"https://shop.example/cart/{checkout_with_item.token}"
    )
    assert "still waiting" in reminder["text"]


def test_no_reminder_once_completed_or_emptied_or_without_consent(
    webchat,
    checkout_with_item,
    customer_user,
    channel_USD,
    django_capture_on_commit_callbacks,
):
    contact = chat_contact(webchat)
    Contact.objects.filter(pk=contact.pk).update(user=customer_user)
    checkout_with_item.user = customer_user
    checkout_with_item.save(update_fields=["user"])
    SalesChannelSettings.objects.update_or_create(
        channel=channel_USD,
        defaults={"checkout_url_template": "https://shop.example/cart/{token}"},
    )
    idle(checkout_with_item, 120)

    with django_capture_on_commit_callbacks(execute=True):  # no marketing consent
        remind_abandoned_checkouts()
    assert webchat.poll() == []
    assert "marketing consent" in Message.objects.get(category="marketing").error_reason

    Message.objects.filter(category="marketing").delete()
    marketing_consent(contact)
    checkout_with_item.lines.all().delete()  # emptied
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_abandoned_checkouts() == 0
    checkout_with_item.delete()  # completed checkouts are gone
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_abandoned_checkouts() == 0


def test_back_in_stock_told_once_and_only_for_its_sales_channel(
    webchat,
    variant,
    warehouse,
    warehouse_JPY,
    channel_USD,
    channel_JPY,
    django_capture_on_commit_callbacks,
):
    usd_stock = Stock.objects.create(
        warehouse=warehouse, product_variant=variant, quantity=0
    )
    Stock.objects.create(warehouse=warehouse_JPY, product_variant=variant, quantity=0)
    contact = chat_contact(webchat)
    marketing_consent(contact)

    webchat.say(f"tell me when {variant.sku} is back")
    [answer] = webchat.replies()
    assert "I'll tell you here once" in answer
    other_channel = BackInStockSubscription.objects.create(
        contact=contact, variant=variant, channel=channel_JPY
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert notify_back_in_stock() == 0  # still out of stock
    usd_stock.quantity = 5
    usd_stock.save(update_fields=["quantity"])
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_back_in_stock() == 1
        assert notify_back_in_stock() == 0
    [alert] = webchat.replies()
    assert "is back in stock" in alert and variant.product.name in alert
    other_channel.refresh_from_db()
    assert other_channel.notified_at is None  # the JPY warehouses are still empty


def test_allocated_stock_is_not_available(webchat, variant, warehouse, channel_USD):
    from saleor_conversational.saleor_data import reads as saleor_data

    Stock.objects.create(
        warehouse=warehouse, product_variant=variant, quantity=3, quantity_allocated=3
    )
    assert not saleor_data.variant_available_in_channel(variant.pk, channel_USD.pk)


def test_asking_for_a_product_in_stock_or_unknown(webchat, variant, warehouse):
    Stock.objects.create(warehouse=warehouse, product_variant=variant, quantity=10)
    chat_contact(webchat)
    webchat.say(f"notify me when {variant.sku} is back")
    webchat.say("tell me when NOPE-404 is back in stock")
    replies = webchat.replies()
    assert "is in stock right now" in replies[0]
    assert "can't find a product with the code NOPE-404" in replies[1]
    assert BackInStockSubscription.objects.count() == 0


def test_marketing_consent_is_granted_and_withdrawn_in_chat(
    webchat, variant, warehouse, channel_USD, django_capture_on_commit_callbacks
):
    stock = Stock.objects.create(
        warehouse=warehouse, product_variant=variant, quantity=0
    )
    contact = chat_contact(webchat)
    webchat.say(f"tell me when {variant.sku} is back")
    [answer] = webchat.replies()
    assert "reply SUBSCRIBE" in answer  # asked for consent, not assumed

    webchat.say("Subscribe!")
    [confirmation] = webchat.replies()
    assert "back-in-stock alerts" in confirmation
    consent = Consent.objects.get(contact=contact, purpose="marketing")
    assert consent.granted and consent.source == "keyword_subscribe"

    webchat.say("stop")
    assert "no more" in webchat.replies()[0]
    assert not Consent.objects.get(contact=contact, purpose="marketing").granted
    # Transactional updates about orders stay allowed: the shopper only stopped marketing.
    assert Consent.objects.get(contact=contact, purpose="transactional").granted

    stock.quantity = 4
    stock.save(update_fields=["quantity"])
    with django_capture_on_commit_callbacks(execute=True):
        notify_back_in_stock()
    assert webchat.replies() == []  # the opt-out took effect before the send
    assert (
        "no marketing consent" in Message.objects.get(category="marketing").error_reason
    )


def test_quiet_hours_hold_marketing_until_they_end_in_the_sales_channel_time_zone(
    webchat, variant, warehouse, channel_USD, django_capture_on_commit_callbacks
):
    from zoneinfo import ZoneInfo

    from saleor_conversational.messaging.outbound import send_message
    from saleor_conversational.tasks import sweep

    Stock.objects.create(warehouse=warehouse, product_variant=variant, quantity=2)
    contact = chat_contact(webchat)
    marketing_consent(contact)
    BackInStockSubscription.objects.create(
        contact=contact, variant=variant, channel=channel_USD
    )
    tz = ZoneInfo("Asia/Tokyo")
    local_now = timezone.now().astimezone(tz)
    # Quiet from an hour ago until two hours from now, Tokyo time.
    start = (local_now - timedelta(hours=1)).time().replace(microsecond=0)
    end = (local_now + timedelta(hours=2)).time().replace(second=0, microsecond=0)
    SalesChannelSettings.objects.update_or_create(
        channel=channel_USD,
        defaults={
            "time_zone": "Asia/Tokyo",
            "quiet_hours_start": start,
            "quiet_hours_end": end,
        },
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert notify_back_in_stock() == 1
    assert webchat.replies() == []
    held = Message.objects.get(category="marketing")
    assert held.status == "queued" and held.error_code == "quiet_hours"
    expected_end = (local_now + timedelta(hours=2)).replace(second=0, microsecond=0)
    assert abs((held.next_attempt_at - expected_end).total_seconds()) < 1

    # A transactional reply is not held.
    webchat.say("hello")
    assert len(webchat.replies()) == 1

    # The sweeper leaves it alone until the quiet hours are over...
    with django_capture_on_commit_callbacks(execute=True):
        sweep()
    assert webchat.replies() == []
    # ...and sends it afterwards.
    SalesChannelSettings.objects.filter(channel=channel_USD).update(
        quiet_hours_start=None
    )
    Message.objects.filter(pk=held.pk).update(
        next_attempt_at=timezone.now() - timedelta(minutes=5)
    )
    with django_capture_on_commit_callbacks(execute=True):
        sweep()
    [alert] = webchat.replies()
    assert "is back in stock" in alert
    held.refresh_from_db()
    assert held.status != "queued" and held.error_code == ""
    send_message(str(held.pk))  # a late duplicate task sends nothing more
    assert webchat.replies() == []
