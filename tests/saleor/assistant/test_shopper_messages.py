"""Ten everyday shopper messages per language through the public web-chat endpoints,
against Saleor's fixtures with a translated catalogue: the built-in assistant must
resolve at least 90 % of them, in the shopper's language.

Each message is sent in a new chat of a customer who owns one order; a message is
resolved when the reply is the one the request calls for, rendered in the shopper's
language (the expected texts are rendered with ``translation.override``: what is tested
is that the message was understood, routed and answered in the right language).
"""

from __future__ import annotations

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
from saleor_conversational.models import Conversation, FaqEntry, MessagingAccount
from tests.saleor.assistant.test_shopping import index_products

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


def _ask(webchat, customer_user, text):
    """A new chat of the order's customer; the replies to ``text``, opening left out."""
    webchat._n = 0
    session = webchat.open()
    account = MessagingAccount.objects.get(kind="webchat")
    identity = find_or_create_identity(account, session.split(".")[0])
    identity.contact.user = customer_user
    identity.contact.save(update_fields=["user"])
    webchat.say(text)
    replies = [m for m in webchat.poll() if m["direction"] == "out"]
    conversation = Conversation.objects.get(contact=identity.contact)
    return replies[1:] if len(replies) > 1 else replies, conversation


def _resolved(kind, replies, conversation, language, order) -> bool:
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


@pytest.mark.parametrize("language", sorted(MESSAGES))
def test_everyday_messages_are_resolved_in_the_shoppers_language(
    webchat, shop, customer_user, language
):
    assert len(MESSAGES[language]) >= 10
    unresolved = []
    for text, kind in MESSAGES[language]:
        replies, conversation = _ask(webchat, customer_user, text)
        if not _resolved(kind, replies, conversation, language, shop):
            unresolved.append((text, [m["text"] for m in replies]))
    share = 1 - len(unresolved) / len(MESSAGES[language])
    assert share >= REQUIRED, f"{language}: {share:.0%} resolved; not: {unresolved}"
