"""Texts reach shoppers in their language through the real code paths (the catalogue's
translation), and the merchant's own text per sales channel and language still wins."""

from __future__ import annotations

import types

from babel.numbers import format_currency
from django.core import mail
from django.utils import translation
from saleor.warehouse.models import Stock

from saleor_conversational.assistant import router
from saleor_conversational.assistant.shopping import dialogue as shopping
from saleor_conversational.models import (
    Contact,
    ContactIdentity,
    Conversation,
    Message,
    NotificationText,
    SalesChannelSettings,
)
from saleor_conversational.notifications.marketing import (
    remind_abandoned_checkouts,
    subscribe_back_in_stock,
)
from tests.saleor.commerce.test_payment_links import (  # noqa: F401
    cart,
    fake_stripe,
    link_for,
    stripe_account,
)
from tests.saleor.notifications.test_marketing import idle, marketing_consent
from tests.saleor.notifications.test_notify_events import fire, shopper  # noqa: F401
from tests.saleor.notifications.test_orders import chat_contact


def speaks(user, language: str) -> None:
    user.language_code = language
    user.save(update_fields=["language_code"])


def outbound(contact) -> list[Message]:
    return list(
        Message.objects.filter(conversation__contact=contact, direction="out").order_by(
            "created_at"
        )
    )


# -- order updates ---------------------------------------------------------------------
def test_an_order_update_with_tracking_in_french(
    webchat, fulfillment, channel_USD, django_capture_on_commit_callbacks
):
    order = fulfillment.order
    contact = chat_contact(webchat)
    Contact.objects.filter(pk=contact.pk).update(user=order.user)
    speaks(order.user, "fr-FR")
    SalesChannelSettings.objects.update_or_create(
        channel=channel_USD,
        defaults={"tracking_url_template": "https://parcel.example/t/{tracking}"},
    )
    fire(django_capture_on_commit_callbacks, "fulfillment_created", fulfillment)
    assert webchat.replies() == [
        f"Bonne nouvelle : la commande n°{order.number} est en route. "
        f"Suivez-la ici : https://parcel.example/t/{fulfillment.tracking_number}"
    ]


def test_an_order_update_in_dutch_and_the_merchants_dutch_text_wins(
    shopper,  # noqa: F811
    webchat,
    order_with_lines,
    channel_USD,
    django_capture_on_commit_callbacks,
):
    speaks(order_with_lines.user, "nl")
    fire(django_capture_on_commit_callbacks, "order_fully_paid", order_with_lines)
    total = format_currency(order_with_lines.total_gross_amount, "USD", locale="nl")
    assert webchat.replies() == [
        f"We hebben je betaling van {total} voor bestelling "
        f"#{order_with_lines.number} ontvangen. Dank je!"
    ]

    NotificationText.objects.create(
        channel=channel_USD,
        event="order_cancelled",
        language_code="nl",
        text="Helaas, #{number} gaat niet door.",
    )
    NotificationText.objects.create(
        channel=channel_USD,
        event="order_cancelled",
        language_code="fr",
        text="Commande #{number} annulée, désolé.",
    )
    fire(django_capture_on_commit_callbacks, "order_cancelled", order_with_lines)
    assert webchat.replies() == [f"Helaas, #{order_with_lines.number} gaat niet door."]


# -- payment links -----------------------------------------------------------------------
def test_a_payment_link_in_french_and_a_merchants_dutch_text(
    cart,  # noqa: F811
    webchat,
    channel_USD,
    stripe_account,  # noqa: F811
    fake_stripe,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    cart.contact.language_code = "fr"
    cart.contact.save(update_fields=["language_code"])
    link_for(cart, django_capture_on_commit_callbacks)
    [message] = [m for m in webchat.poll() if m["direction"] == "out"]
    assert message["text"].startswith("Total à payer : "), message["text"]
    assert "Payez en toute sécurité avec le lien ci-dessous" in message["text"]
    assert message["content"]["label"] == "Payer"

    cart.contact.language_code = "nl"
    cart.contact.save(update_fields=["language_code"])
    NotificationText.objects.create(
        channel=channel_USD,
        event="payment_link",
        language_code="nl",
        text="Betaal {total} vóór {until} via de knop.",
    )
    link_for(cart, django_capture_on_commit_callbacks)
    [message] = [m for m in webchat.poll() if m["direction"] == "out"]
    assert message["text"].startswith("Betaal "), message["text"]
    assert message["content"]["label"] == "Nu betalen"


# -- consent and marketing ---------------------------------------------------------------
def test_consent_confirmations_in_the_reply_language(webchat):
    """The router replies in the reply language (here the contact's, as "hi" tells no
    language): the lazy confirmations become text in it when they are queued."""
    contact = chat_contact(webchat)
    identity = ContactIdentity.objects.get(contact=contact)
    inbound = Message.objects.get(conversation__contact=contact, direction="in")
    for language, keyword in (
        ("nl", "marketing_subscribe"),
        ("fr", "marketing_unsubscribe"),
    ):
        Contact.objects.filter(pk=contact.pk).update(language_code=language)
        conversation = Conversation.objects.get(contact=contact)
        with translation.override("en"):  # what is active around it does not count
            router.respond(conversation, identity, inbound, keyword=keyword)
    *_, subscribed, unsubscribed = outbound(contact)
    assert subscribed.text.startswith("Bedankt! Je krijgt hier herinneringen")
    assert subscribed.content["text"] == subscribed.text
    assert unsubscribed.text.startswith("C'est fait : plus de rappels de panier")
    assert unsubscribed.text.endswith("Répondez ABONNER pour les réactiver.")


def test_back_in_stock_asks_for_consent_in_the_reply_language(
    webchat, variant, warehouse, channel_USD
):
    Stock.objects.create(warehouse=warehouse, product_variant=variant, quantity=0)
    contact = chat_contact(webchat)
    with translation.override("nl"):
        answer = subscribe_back_in_stock(
            contact, channel_USD.pk, variant.sku, "webchat"
        )
    assert answer.startswith("Ik laat het je hier één keer weten zodra")
    assert answer.endswith("(en op elk moment AFMELDEN om te stoppen).")


def test_a_cart_reminder_in_dutch_with_its_button(
    webchat,
    checkout_with_item,
    customer_user,
    channel_USD,
    django_capture_on_commit_callbacks,
):
    contact = chat_contact(webchat)
    Contact.objects.filter(pk=contact.pk).update(user=customer_user)
    speaks(customer_user, "nl-BE")
    marketing_consent(contact)
    checkout_with_item.user = customer_user
    checkout_with_item.save(update_fields=["user"])
    SalesChannelSettings.objects.update_or_create(
        channel=channel_USD,
        defaults={"checkout_url_template": "https://shop.example/cart/{token}"},
    )
    idle(checkout_with_item, 61)
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_abandoned_checkouts() == 1
    [reminder] = webchat.poll()
    url = f"https://shop.example/cart/{checkout_with_item.token}"
    assert reminder["text"] == (
        f"Je hebt nog iets in je winkelwagen. Het ligt nog voor je klaar: {url}"
    )
    assert reminder["content"]["label"] == "Bekijk winkelwagen"


# -- the assistant's own dialogues ---------------------------------------------------------
def test_shopping_answers_are_plain_text_in_the_active_language(webchat):
    contact = chat_contact(webchat)
    identity = ContactIdentity.objects.get(contact=contact)
    conversation = Conversation.objects.get(contact=contact)
    message = types.SimpleNamespace(text="cart", content=None)
    with translation.override("es"):
        reply = shopping.answer(conversation, identity, message)
    assert reply == [
        "Tu carrito está vacío. Envía «buscar» y lo que buscas para empezar."
    ]
    assert type(reply[0]) is str


def test_the_link_code_email_in_the_customers_language(
    webchat, customer_user, django_capture_on_commit_callbacks
):
    speaks(customer_user, "de")
    chat_contact(webchat)
    webchat.say("link my account")
    webchat.say(customer_user.email)
    webchat.replies()
    [email] = mail.outbox
    assert email.subject == "Ihr Bestätigungscode für den Chat"
    assert email.body.startswith("Ihr Code lautet ")
