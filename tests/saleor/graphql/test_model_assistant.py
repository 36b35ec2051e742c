"""The model-backed assistant in the GraphQL API: its settings per sales channel (the
API key write-only, bad input an error with a reason) and the trace on messages."""

from __future__ import annotations

import uuid

import pytest
from saleor.account.models import Group
from saleor.account.tests.fixtures.user import (
    dangerously_create_test_user as create_user,
)
from saleor.permission.models import Permission

from saleor_conversational import models
from saleor_conversational.core.crypto import decrypt_json
from tests.saleor.assistant.test_model_backed import (  # noqa: F401 (fixtures)
    KEY,
    MODEL,
    _switch_on,
    fake_model,
)
from tests.support.api import Api, gid, user_token

SETTINGS = """query($c: String!) { modelAssistantSettings(channel: $c) {
    channelSlug enabled baseUrl model apiKeySet timeoutSeconds tokensPerConversation
    tokensPerDay tokensUsedToday } }"""
UPDATE = """mutation($c: String!, $input: ModelAssistantSettingsInput!) {
    modelAssistantSettingsUpdate(channel: $c, input: $input) {
      settings { enabled baseUrl model apiKeySet timeoutSeconds tokensPerConversation tokensPerDay }
      errors { field code message } } }"""
TRACES = """query($id: ID!) { conversation(id: $id) { messages(first: 20) { edges { node {
    direction text assistantTrace { messageId replyId assistant model promptTokens
      completionTokens totalTokens tokensEstimated rounds answer grounded violations
      reason durationMs createdAt faq { question answer }
      toolCalls { name arguments result error } } } } } } }"""


def _staff(email, *codenames):
    user = create_user(email=email, password="x", is_staff=True)
    group = Group.objects.create(name=email, restricted_access_to_channels=False)
    group.permissions.add(*Permission.objects.filter(codename__in=codenames))
    user.groups.add(group)
    return user


@pytest.fixture
def api(plugin, client, django_capture_on_commit_callbacks):
    staff = _staff("ann@example.com", "manage_orders", "manage_plugins")
    return Api(client, django_capture_on_commit_callbacks, user_token(staff))


def _update(api, channel, **fields) -> dict:
    return api.data(UPDATE, {"c": channel.slug, "input": fields})[
        "modelAssistantSettingsUpdate"
    ]


def test_settings_are_off_until_set_and_the_key_is_write_only(api, channel_USD):
    before = api.data(SETTINGS, {"c": channel_USD.slug})["modelAssistantSettings"]
    assert before["enabled"] is False and before["apiKeySet"] is False
    assert models.ModelAssistantSettings.objects.count() == 0  # a query writes nothing

    payload = _update(
        api,
        channel_USD,
        enabled=True,
        baseUrl=" http://127.0.0.1:11434/v1 ",
        model="llama3.1:8b",
        apiKey="sk-local-Secret-77",
        timeoutSeconds=6.5,
        tokensPerConversation=1000,
        tokensPerDay=0,
    )

    assert payload["errors"] == []
    assert payload["settings"] == {
        "enabled": True,
        "baseUrl": "http://127.0.0.1:11434/v1",
        "model": "llama3.1:8b",
        "apiKeySet": True,
        "timeoutSeconds": 6.5,
        "tokensPerConversation": 1000,
        "tokensPerDay": 0,
    }
    row = models.ModelAssistantSettings.objects.get(channel=channel_USD)
    assert "sk-local-Secret-77" not in row.api_key_encrypted
    assert decrypt_json(row.api_key_encrypted) == {"api_key": "sk-local-Secret-77"}
    body = api.execute(SETTINGS, {"c": channel_USD.slug})
    assert "sk-local-Secret-77" not in str(body)
    assert body["data"]["modelAssistantSettings"]["tokensUsedToday"] == 0

    # Other fields change without touching the key; "" removes it.
    assert _update(api, channel_USD, model="qwen2.5:7b")["settings"]["apiKeySet"]
    assert models.ModelAssistantSettings.objects.get().api_key == "sk-local-Secret-77"
    assert _update(api, channel_USD, apiKey="")["settings"]["apiKeySet"] is False


@pytest.mark.parametrize(
    ("fields", "field", "reason"),
    [
        ({"baseUrl": "ftp://models.example/v1"}, "baseUrl", "http(s) URL"),
        ({"baseUrl": "localhost:11434"}, "baseUrl", "http(s) URL"),
        ({"baseUrl": "http://127.0.0.1:11434/v1?x=1"}, "baseUrl", "query string"),
        ({"baseUrl": "http://127.0.0.1:99999999/v1"}, "baseUrl", "port"),
        ({"baseUrl": "https://user:pw@models.example/v1"}, "baseUrl", "apiKey"),
        ({"tokensPerDay": -1}, "tokensPerDay", "negative"),
        ({"tokensPerConversation": -500}, "tokensPerConversation", "negative"),
        ({"timeoutSeconds": 0}, "timeoutSeconds", "from 1 to 60"),
        ({"timeoutSeconds": 600}, "timeoutSeconds", "from 1 to 60"),
        ({"enabled": True}, "enabled", "needs a base URL and a model"),
        ({"model": "m" * 201}, "model", "longer than 200"),
    ],
)
def test_bad_settings_are_errors_with_a_reason(api, channel_USD, fields, field, reason):
    payload = _update(api, channel_USD, **fields)
    [error] = payload["errors"]
    assert error["field"] == field
    assert reason in error["message"]
    assert payload["settings"] is None
    assert models.ModelAssistantSettings.objects.count() == 0


def test_every_bad_field_is_its_own_error_and_nothing_is_saved(api, channel_USD):
    """A form shows each field's reason beside that field."""
    payload = _update(
        api,
        channel_USD,
        baseUrl="localhost:11434",
        timeoutSeconds=600,
        tokensPerDay=-1,
        model="llama3.1:8b",
    )

    by_field = {error["field"]: error["message"] for error in payload["errors"]}
    assert set(by_field) == {"baseUrl", "timeoutSeconds", "tokensPerDay"}
    assert "http(s) URL" in by_field["baseUrl"]
    assert "from 1 to 60" in by_field["timeoutSeconds"]
    assert "negative" in by_field["tokensPerDay"]
    assert "from 1 to 60" not in by_field["baseUrl"]
    assert payload["settings"] is None
    assert models.ModelAssistantSettings.objects.count() == 0


def test_moving_the_base_url_needs_the_api_key_again(api, channel_USD):
    """M2: the key goes wherever the base URL points."""
    first = _update(
        api, channel_USD, baseUrl="https://models.example/v1", apiKey="sk-merchant"
    )
    assert first["errors"] == []
    moved = _update(api, channel_USD, baseUrl="https://elsewhere.example/v1")
    assert moved["errors"] == [
        {
            "field": "apiKey",
            "code": "REQUIRED",
            "message": "Changing the base URL needs the API key again.",
        }
    ]
    stored = models.ModelAssistantSettings.objects.get(channel=channel_USD)
    assert stored.base_url == "https://models.example/v1"
    # The same URL again, or with the key, is fine.
    assert (
        _update(api, channel_USD, baseUrl="https://models.example/v1")["errors"] == []
    )
    again = _update(
        api, channel_USD, baseUrl="https://elsewhere.example/v1", apiKey="sk-merchant"
    )
    assert again["errors"] == []
    assert again["settings"]["baseUrl"] == "https://elsewhere.example/v1"


def test_an_unknown_sales_channel(api):
    body = api.data(UPDATE, {"c": "nope", "input": {"enabled": False}})
    assert body["modelAssistantSettingsUpdate"]["errors"][0]["code"] == "NOT_FOUND"


def test_the_trace_is_on_the_message_answered_and_on_the_models_reply(
    api,
    webchat,
    fake_model,
    channel_USD,
    order_with_lines,
    client,
    django_capture_on_commit_callbacks,
    customer_user,
):
    _switch_on(channel_USD, fake_model)
    webchat.open()
    webchat.say("hi")
    identity = models.ContactIdentity.objects.get()
    token = uuid.uuid4()
    order_with_lines.checkout_token = str(token)
    order_with_lines.save(update_fields=["checkout_token"])
    models.ChatCheckout.objects.create(
        contact=identity.contact, channel=channel_USD, checkout_token=token
    )
    number = order_with_lines.number
    fake_model.script_tool_calls([("get_order", {"number": number})])
    fake_model.script_answer(f"Order #{number} is being prepared.", usage=(400, 12))
    webchat.say(f"status of {number}?")
    fake_model.script_answer("Your order #99999 has shipped.")
    webchat.say("and the other one?")
    conversation = models.Conversation.objects.get()

    edges = api.data(TRACES, {"id": gid("Conversation", conversation.pk)})[
        "conversation"
    ]["messages"]["edges"]
    by_text = {(e["node"]["direction"], e["node"]["text"]): e["node"] for e in edges}

    greeting = by_text[("INBOUND", "hi")]["assistantTrace"]
    assert (greeting["assistant"], greeting["reason"]) == ("BUILTIN", "a greeting")
    asked = by_text[("INBOUND", f"status of {number}?")]["assistantTrace"]
    reply = by_text[("OUTBOUND", f"Order #{number} is being prepared.")]
    assert reply["assistantTrace"] == asked
    assert asked["assistant"] == "MODEL"
    assert asked["replyId"] is not None and asked["model"] == MODEL
    assert asked["completionTokens"] > 12 and asked["rounds"] == 2
    assert (
        asked["grounded"] is True
        and asked["violations"] == []
        and asked["reason"] == ""
    )
    [call] = asked["toolCalls"]
    assert call["name"] == "get_order" and call["arguments"] == {"number": number}
    assert call["result"]["order"]["number"] == number and call["error"] == ""
    refused = by_text[("INBOUND", "and the other one?")]["assistantTrace"]
    assert refused["assistant"] == "FALLBACK"
    assert refused["grounded"] is False and refused["replyId"] is None
    assert refused["answer"] == "Your order #99999 has shipped."
    assert refused["violations"] == [
        "order number 99999 is not in this turn's tool results"
    ]
    # The built-in's own reply to it carries no trace.
    builtin_reply = next(
        e["node"]
        for e in edges[: [e["node"]["text"] for e in edges].index("and the other one?")]
        if e["node"]["direction"] == "OUTBOUND"
    )
    assert builtin_reply["assistantTrace"] is None

    # Staff without MANAGE_ORDERS see no trace, and neither does the shopper.
    models.Contact.objects.filter(pk=identity.contact_id).update(user=customer_user)
    shopper = Api(client, django_capture_on_commit_callbacks, user_token(customer_user))
    edges = shopper.data(TRACES, {"id": gid("Conversation", conversation.pk)})[
        "conversation"
    ]["messages"]["edges"]
    assert edges and all(e["node"]["assistantTrace"] is None for e in edges)

    used = api.data(SETTINGS, {"c": channel_USD.slug})["modelAssistantSettings"]
    assert used["tokensUsedToday"] == sum(
        t.total_tokens for t in models.AssistantTrace.objects.all()
    )
    assert used["tokensUsedToday"] > 412
