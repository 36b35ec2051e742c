"""The shopper message set (shopper_set.py) against the model-backed assistant, on the
web chat, WhatsApp and Telegram: the model is played by the contract-checked fake
OpenAI-compatible server, scripted per request with the tool calls a model would make
and an answer written from what those tools returned, in the shopper's language.

What is tested is everything around the model: the message reaches it, the tools run
in the conversation's scope and answer in the shopper's language (the product is found
and named by its Saleor translation), the answer passes the grounding check and
reaches the shopper. A message the built-in assistant owns (a request for a person
in the words it knows) is answered by the built-in assistant, and resolved as in
test_shopper_messages.py.
"""

from __future__ import annotations

import pytest

from saleor_conversational.models import AssistantTrace, ModelAssistantSettings
from tests.saleor.assistant.shopper_set import (
    MESSAGES,
    PRODUCT_NAMES,
    REQUIRED,
    RETURNS,
    resolved,
    shop,  # noqa: F401 (fixture)
    shopper,
)
from tests.support.fakes.openai import FakeOpenAI

KEY = "sk-test-shopper-set-5c1e"

# What the scripted model says, per request kind and language; {…} from tool results.
SAYS = {
    "order": {
        "en": "Your order #{number} is {status}.",
        "nl": "Je bestelling #{number} is {status}.",
        "de": "Deine Bestellung #{number} ist {status}.",
        "fr": "Votre commande n° {number} est {status}.",
        "es": "Tu pedido #{number} está {status}.",
    },
    "stock": {
        "en": "{name} is in stock.",
        "nl": "{name} is op voorraad.",
        "de": "{name} ist auf Lager.",
        "fr": "{name} est en stock.",
        "es": "{name} está en stock.",
    },
    "shipping": {
        "en": "{name} costs {currency} {amount:.2f}.",
        "nl": "{name} kost {currency} {amount:.2f}.",
        "de": "{name} kostet {currency} {amount:.2f}.",
        "fr": "{name} coûte {currency} {amount:.2f}.",
        "es": "{name} cuesta {currency} {amount:.2f}.",
    },
    "search": {
        "en": "I found {name} for you.",
        "nl": "Ik heb {name} voor je gevonden.",
        "de": "Ich habe {name} für dich gefunden.",
        "fr": "J'ai trouvé {name} pour vous.",
        "es": "He encontrado {name} para ti.",
    },
    "human": {
        "en": "I'm passing you to the team.",
        "nl": "Ik geef je door aan het team.",
        "de": "Ich gebe dich an das Team weiter.",
        "fr": "Je vous passe à l'équipe.",
        "es": "Te paso con el equipo.",
    },
    "cannot": {
        "en": "I can't do that here; I'm passing you to the team.",
        "nl": "Dat kan ik hier niet doen; ik geef je door aan het team.",
        "de": "Das kann ich hier nicht; ich gebe dich an das Team weiter.",
        "fr": "Je ne peux pas le faire ici ; je vous passe à l'équipe.",
        "es": "No puedo hacerlo aquí; te paso con el equipo.",
    },
    "thanks": {
        "en": "You're welcome!",
        "nl": "Graag gedaan!",
        "de": "Gern geschehen!",
        "fr": "Avec plaisir !",
        "es": "¡De nada!",
    },
    "cart": {
        "en": "Your cart is empty.",
        "nl": "Je winkelwagen is leeg.",
        "de": "Dein Warenkorb ist leer.",
        "fr": "Votre panier est vide.",
        "es": "Tu carrito está vacío.",
    },
}


def _first_product(results: list[dict]) -> dict:
    return results[0]["products"][0] if results and results[0]["products"] else {}


def _script(fake: FakeOpenAI, kind: str, language: str) -> None:
    """The model's two steps for a ``kind`` request: tool calls, then the answer."""
    says = SAYS["cannot" if kind in ("address", "cancel") else kind].get(language)
    if kind == "order":
        fake.script_tool_calls([("list_my_orders", {})])
        fake.script_answer_from_tools(
            lambda results: says.format(
                number=results[0]["orders"][0]["number"],
                status=results[0]["orders"][0]["status_text"],
            )
        )
    elif kind in ("stock", "search"):
        fake.script_tool_calls(
            [("search_products", {"query": PRODUCT_NAMES[language].lower()})]
        )
        fake.script_answer_from_tools(
            lambda results: says.format(name=_first_product(results).get("name"))
        )
    elif kind == "shipping":
        fake.script_tool_calls([("shipping_options", {})])
        fake.script_answer_from_tools(
            lambda results: says.format(
                name=results[0]["shipping_options"][0]["name"],
                **results[0]["shipping_options"][0]["price"],
            )
        )
    elif kind in ("human", "address", "cancel"):
        fake.script_tool_calls([("hand_over_to_person", {})])
        fake.script_answer(says)
    elif kind == "cart":
        fake.script_tool_calls([("view_cart", {})])
        fake.script_answer_from_tools(
            lambda results: says if results[0]["cart"] is None else "?"
        )
    elif kind == "faq":
        fake.script_answer(RETURNS[language][1])
    else:
        fake.script_answer(says)


def _model_resolved(kind, replies, conversation, language, order, shipping) -> bool:
    """The model's answer carries the shop's facts in the shopper's language."""
    texts = [m["text"] for m in replies]
    name = PRODUCT_NAMES[language]
    if kind == "order":
        return any(f"#{order.number}" in t or f" {order.number} " in t for t in texts)
    if kind == "stock":
        return SAYS["stock"][language].format(name=name) in texts
    if kind == "search":
        return SAYS["search"][language].format(name=name) in texts
    if kind == "shipping":
        return any(t.startswith(shipping.name) for t in texts)
    if kind == "human":
        return conversation.handed_over and SAYS["human"][language] in texts
    if kind in ("address", "cancel"):
        return conversation.handed_over and SAYS["cannot"][language] in texts
    if kind == "faq":
        return RETURNS[language][1] in texts
    return SAYS[kind][language] in texts


@pytest.fixture
def fake_model():
    server = FakeOpenAI(api_key=KEY).start()
    yield server
    server.stop()
    assert server.violations == []


@pytest.fixture
def model_on(fake_model, channel_USD):
    settings = ModelAssistantSettings(
        channel=channel_USD,
        enabled=True,
        base_url=fake_model.url,
        model="qwen2.5:7b-instruct",
        timeout_seconds=5,
    )
    settings.api_key = KEY
    settings.full_clean()
    settings.save()
    return settings


@pytest.mark.parametrize("language", sorted(MESSAGES))
@pytest.mark.parametrize("channel", ["webchat", "whatsapp", "telegram"])
def test_the_model_backed_assistant_resolves_the_set_in_the_shoppers_language(
    webchat,
    shop,  # noqa: F811
    shipping_method,
    channel_USD,
    customer_user,
    client,
    django_capture_on_commit_callbacks,
    model_on,
    fake_model,
    channel,
    language,
):
    asker = shopper(
        channel,
        webchat,
        channel_USD,
        customer_user,
        client,
        django_capture_on_commit_callbacks,
    )
    unresolved, answered_by = [], {}
    try:
        for text, kind in MESSAGES[language]:
            fake_model.clear_script()
            _script(fake_model, kind, language)
            replies, conversation = asker.ask(text)
            trace = AssistantTrace.objects.get(
                message__conversation=conversation, message__direction="in"
            )
            answered_by[text] = (trace.assistant, trace.reason, trace.violations)
            if trace.assistant == "model":
                ok = _model_resolved(
                    kind, replies, conversation, language, shop, shipping_method
                )
            else:  # the built-in assistant owned it, or the model's answer fell back
                ok = trace.assistant == "builtin" and resolved(
                    kind, replies, conversation, language, shop
                )
            if not ok:
                unresolved.append(
                    (text, answered_by[text], [m["text"] for m in replies])
                )
    finally:
        asker.stop()
    share = 1 - len(unresolved) / len(MESSAGES[language])
    assert share >= REQUIRED, f"{channel}, {language}: {share:.0%}; not: {unresolved}"
    models = sum(1 for by, _, _ in answered_by.values() if by == "model")
    assert models >= len(MESSAGES[language]) // 2, answered_by
