"""The shopper message set: ten everyday messages per language, the shop they are
asked in (Saleor's fixtures with a translated catalogue, a returns FAQ, one order of
the customer) and what resolves each of them, for every messaging channel and both
assistants (test_shopper_messages.py, test_shopper_messages_model.py).

A message is asked in a new chat of the order's customer, through the messaging
channel's public endpoint: the web chat's, or a provider's webhook with the provider
played by its contract-checked fake. The replies are read from the plugin's own
outbound messages; on provider channels every one of them must have been accepted by
the fake, so what is checked is what reached the shopper.
"""

from __future__ import annotations

import itertools

import pytest
from django.utils import translation
from saleor.product.models import ProductTranslation

from saleor_conversational.assistant import answers
from saleor_conversational.assistant.shopping import words as shopping_words
from saleor_conversational.assistant.words import (
    CANNOT_CANCEL,
    CANNOT_CHANGE_ADDRESS,
    HANDOVER,
    WELCOME,
)
from saleor_conversational.contacts.identities import find_or_create_identity
from saleor_conversational.models import (
    Conversation,
    Direction,
    FaqEntry,
    Message,
    MessagingAccount,
)
from tests.saleor.assistant.test_shopping import index_products
from tests.support.fakes.whatsapp import envelope
from tests.support.providers import Provider, post_inbound
from tests.unit.channels import test_telegram, test_whatsapp

PRODUCT_NAMES = {
    "en": "Linen shirt",
    "nl": "Linnen overhemd",
    "de": "Leinenhemd",
    "fr": "Chemise en lin",
    "es": "Camisa de lino",
}
RETURNS = {
    "en": (["return policy", "returns"], "Returns are free within 30 days."),
    "nl": (["retourbeleid", "retourneren"], "Retourneren is 30 dagen gratis."),
    "de": (["rückgabebedingungen", "rückgabe"], "Die Rückgabe ist 30 Tage kostenlos."),
    "fr": (["politique de retour", "retours"], "Les retours sont gratuits 30 jours."),
    "es": (["política de devoluciones", "devoluciones"], "Devolver es gratis 30 días."),
}

# (message, what resolves it)
MESSAGES = {
    "en": [
        ("where is my order?", "order"),
        ("is the linen shirt in stock?", "stock"),
        ("how much is shipping?", "shipping"),
        ("can I speak to a real person", "human"),
        ("I'm looking for a linen shirt", "search"),
        ("I need to change the delivery address of my order", "address"),
        ("thanks a lot!", "thanks"),
        ("show me my cart", "cart"),
        ("what is your return policy?", "faq"),
        ("please cancel my order", "cancel"),
    ],
    "nl": [
        ("waar blijft mijn bestelling?", "order"),
        ("is het linnen overhemd op voorraad?", "stock"),
        ("wat kost de verzending?", "shipping"),
        ("ik wil graag een medewerker spreken", "human"),
        ("ik zoek een linnen overhemd", "search"),
        ("ik wil het bezorgadres van mijn bestelling wijzigen", "address"),
        ("bedankt voor je hulp!", "thanks"),
        ("wat zit er in mijn winkelwagen?", "cart"),
        ("wat is jullie retourbeleid?", "faq"),
        ("annuleer mijn bestelling alsjeblieft", "cancel"),
    ],
    "de": [
        ("wo ist meine Bestellung?", "order"),
        ("ist das Leinenhemd auf Lager?", "stock"),
        ("was kostet der Versand?", "shipping"),
        ("ich möchte mit einem Mitarbeiter sprechen", "human"),
        ("ich suche ein Leinenhemd", "search"),
        ("ich möchte die Lieferadresse meiner Bestellung ändern", "address"),
        ("vielen Dank für die Hilfe!", "thanks"),
        ("was ist in meinem Warenkorb?", "cart"),
        ("wie sind Ihre Rückgabebedingungen?", "faq"),
        ("bitte stornieren Sie meine Bestellung", "cancel"),
    ],
    "fr": [
        ("où est ma commande ?", "order"),
        ("la chemise en lin est-elle en stock ?", "stock"),
        ("combien coûte la livraison ?", "shipping"),
        ("je voudrais parler à un conseiller", "human"),
        ("je cherche une chemise en lin", "search"),
        ("je dois changer l'adresse de livraison de ma commande", "address"),
        ("merci beaucoup pour votre aide !", "thanks"),
        ("que contient mon panier ?", "cart"),
        ("quelle est votre politique de retour ?", "faq"),
        ("annulez ma commande s'il vous plaît", "cancel"),
    ],
    "es": [
        ("¿dónde está mi pedido?", "order"),
        ("¿la camisa de lino está en stock?", "stock"),
        ("¿cuánto cuesta el envío?", "shipping"),
        ("quiero hablar con una persona", "human"),
        ("busco una camisa de lino", "search"),
        ("necesito cambiar la dirección de entrega de mi pedido", "address"),
        ("¡muchas gracias por tu ayuda!", "thanks"),
        ("¿qué hay en mi carrito?", "cart"),
        ("¿cuál es su política de devoluciones?", "faq"),
        ("cancela mi pedido por favor", "cancel"),
    ],
}
REQUIRED = 0.9


@pytest.fixture
def shop(product, shipping_method, channel_USD, order_with_lines, customer_user):
    product.name = PRODUCT_NAMES["en"]
    product.save(update_fields=["name"])
    for language, name in PRODUCT_NAMES.items():
        if language != "en":
            ProductTranslation.objects.create(
                product=product, language_code=language, name=name
            )
    index_products()
    for language, (keywords, answer) in RETURNS.items():
        FaqEntry.objects.create(
            channel=channel_USD,
            question="Returns",
            keywords=keywords,
            answer=answer,
            language_code=language,
        )
    order_with_lines.user = customer_user
    order_with_lines.channel = channel_USD
    order_with_lines.save(update_fields=["user", "channel"])
    return order_with_lines


def resolved(kind, replies, conversation, language, order) -> bool:
    """Whether ``replies`` (dicts with ``text`` and ``content``) resolve a ``kind``
    request asked in ``language``."""
    texts = [m["text"] for m in replies]
    with translation.override(language):
        if kind == "order":
            return answers.describe_order(order) in texts
        if kind == "stock":
            in_stock = translation.gettext("%(name)s: in stock.")
            return in_stock % {"name": PRODUCT_NAMES[language]} in texts
        if kind == "shipping":
            shipping = answers.shipping_answer(conversation.channel_id, language)
            return bool(shipping) and shipping in texts
        if kind == "human":
            return conversation.handed_over and str(HANDOVER) in texts
        if kind == "search":
            cards = [m for m in replies if m["content"].get("products")]
            return bool(cards) and [
                p["title"] for p in cards[0]["content"]["products"]
            ] == [PRODUCT_NAMES[language]]
        if kind == "address":
            return conversation.handed_over and str(CANNOT_CHANGE_ADDRESS) in texts
        if kind == "thanks":
            return str(WELCOME) in texts
        if kind == "cart":
            return str(shopping_words.NO_CART) in texts
        if kind == "faq":
            return RETURNS[language][1] in texts
        if kind == "cancel":
            return conversation.handed_over and str(CANNOT_CANCEL) in texts
    raise AssertionError(kind)


class WebChatShopper:
    """The order's customer, in a new web chat for every message."""

    channel = "webchat"

    def __init__(self, webchat, customer_user) -> None:
        self.webchat = webchat
        self.customer_user = customer_user

    def ask(self, text: str) -> tuple[list[dict], Conversation]:
        """The replies to ``text``, the chat's opening message left out."""
        self.webchat._n = 0
        session = self.webchat.open()
        account = MessagingAccount.objects.get(kind="webchat")
        identity = find_or_create_identity(account, session.split(".")[0])
        identity.contact.user = self.customer_user
        identity.contact.save(update_fields=["user"])
        self.webchat.say(text)
        replies = [m for m in self.webchat.poll() if m["direction"] == "out"]
        conversation = Conversation.objects.get(contact=identity.contact)
        return (replies[1:] if len(replies) > 1 else replies), conversation

    def stop(self) -> None:
        pass


class ProviderShopper:
    """The order's customer writing from a new phone number or chat for every message,
    through the provider's signed webhook; the provider is its contract-checked fake."""

    _numbers = itertools.count(1)

    def __init__(self, channel, sales_channel, customer_user, client, capture) -> None:
        suite = {
            "whatsapp": test_whatsapp.TestWhatsAppConformance,
            "telegram": test_telegram.TestTelegramConformance,
        }[channel]
        self.channel = channel
        self.provider = Provider(suite, sales_channel)
        self.customer_user = customer_user
        self.client = client
        self.capture = capture

    def _inbound(self, text: str, n: int):
        config = self.provider.config
        if self.channel == "whatsapp":
            message = test_whatsapp.text_message(text)
            message["from"] = f"3161234{n:04d}"
            message["id"] = f"wamid.shopper-set-{n}"
            payload = envelope(config["phone_number_id"], messages=[message])
            return test_whatsapp.inbound(payload, config["app_secret"]), "+" + message[
                "from"
            ]
        chat_id = 7000000 + n
        update = test_telegram.message_update(
            update_id=20000 + n, message_id=n, chat_id=chat_id, text=text
        )
        return test_telegram.inbound(update, secret=config["secret_token"]), str(
            chat_id
        )

    def ask(self, text: str) -> tuple[list[dict], Conversation]:
        inbound, address = self._inbound(text, next(self._numbers))
        identity = find_or_create_identity(self.provider.account, address)
        identity.contact.user = self.customer_user
        identity.contact.save(update_fields=["user"])
        accepted_before = len(self.provider.fake.sent())
        with self.capture(execute=True):
            response = post_inbound(self.client, self.provider.path, inbound)
        assert response.status_code == 200, response.content
        conversation = Conversation.objects.get(contact=identity.contact)
        replies = list(
            Message.objects.filter(
                conversation=conversation, direction=Direction.OUTBOUND
            ).order_by("created_at")
        )
        unsent = [(m.text, m.status, m.error_reason) for m in replies if not m.sent_at]
        assert unsent == [], unsent
        assert len(self.provider.fake.sent()) - accepted_before == len(replies)
        return [{"text": m.text, "content": m.content} for m in replies], conversation

    def stop(self) -> None:
        self.provider.stop()
        assert self.provider.fake.violations == []


def shopper(channel, webchat, sales_channel, customer_user, client, capture):
    if channel == "webchat":
        return WebChatShopper(webchat, customer_user)
    return ProviderShopper(channel, sales_channel, customer_user, client, capture)


def unresolved_messages(asker, language, order) -> list[tuple[str, list[str]]]:
    """The messages of ``language`` that ``asker``'s replies do not resolve."""
    unresolved = []
    for text, kind in MESSAGES[language]:
        replies, conversation = asker.ask(text)
        if not resolved(kind, replies, conversation, language, order):
            unresolved.append((text, [m["text"] for m in replies]))
    return unresolved
