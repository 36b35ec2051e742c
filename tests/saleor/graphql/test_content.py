"""FAQ entries (the bot answers with them), canned responses with variables, and the
"someone else is replying" signal, through the plugin's GraphQL API."""

from __future__ import annotations

import pytest
from django.utils import translation
from saleor.account.models import Group
from saleor.account.tests.fixtures.user import (
    dangerously_create_test_user as create_user,
)
from saleor.permission.models import Permission

from saleor_conversational import models
from saleor_conversational.assistant.words import HANDOVER
from tests.support.api import Api, gid, make_thread, user_token


def _staff(email, first_name=""):
    user = create_user(email=email, password="x", is_staff=True, first_name=first_name)
    group = Group.objects.create(name=email, restricted_access_to_channels=False)
    group.permissions.add(
        *Permission.objects.filter(
            codename__in=["manage_orders", "manage_users", "manage_plugins"]
        )
    )
    user.groups.add(group)
    return user


@pytest.fixture
def ann(db):
    return _staff("ann@example.com", "Ann")


@pytest.fixture
def api(plugin, client, django_capture_on_commit_callbacks, ann):
    return Api(client, django_capture_on_commit_callbacks, user_token(ann))


FAQ_CREATE = """mutation($input: FaqEntryCreateInput!) { faqEntryCreate(input: $input) {
    faqEntry { id question keywords answer channelSlug } errors { field code message } } }"""


def test_a_faq_entry_made_through_the_api_is_what_the_bot_answers(
    api, webchat, channel_USD
):
    created = api.mutate(
        "faqEntryCreate",
        FAQ_CREATE,
        {
            "input": {
                "channel": channel_USD.slug,
                "question": "Can I return?",
                "keywords": ["return", " refund policy "],
                "answer": "You can return anything within 30 days.",
            }
        },
    )["faqEntry"]
    assert created["keywords"] == ["return", "refund policy"]
    webchat.open()
    webchat.say("hi")
    webchat.replies()
    webchat.say("What is your refund policy?")
    assert webchat.replies() == ["You can return anything within 30 days."]
    api.mutate(
        "faqEntryUpdate",
        """mutation($id: ID!) { faqEntryUpdate(id: $id, input: {answer: "60 days now."})
        { errors { code } } }""",
        {"id": created["id"]},
    )
    webchat.say("refund policy?")
    assert webchat.replies() == ["60 days now."]
    listed = api.data(
        "query($c: String!) { faqEntries(channel: $c) { question } }",
        {"c": channel_USD.slug},
    )
    assert listed["faqEntries"] == [{"question": "Can I return?"}]
    api.mutate(
        "faqEntryDelete",
        """mutation($id: ID!) { faqEntryDelete(id: $id) { errors { code } } }""",
        {"id": created["id"]},
    )
    assert not models.FaqEntry.objects.exists()


@pytest.mark.parametrize(
    "patch, field, code",
    [
        ({"keywords": []}, None, "REQUIRED"),
        ({"answer": "x" * 5000}, "answer", "TOO_LONG"),
        ({"channel": "no-such-channel"}, "channel", "NOT_FOUND"),
        ({"position": -1}, "position", "INVALID"),
    ],
)
def test_bad_faq_input_is_reported_and_writes_nothing(
    api, channel_USD, patch, field, code
):
    data = {
        "channel": channel_USD.slug,
        "question": "Q?",
        "keywords": ["q"],
        "answer": "A.",
        **patch,
    }
    payload = api.data(FAQ_CREATE, {"input": data})["faqEntryCreate"]
    assert payload["faqEntry"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)]
    assert not models.FaqEntry.objects.exists()


def test_canned_responses_fill_their_variables_for_the_conversation(
    api, channel_USD, customer_user
):
    thread = make_thread(channel_USD, user=customer_user, address="s-1", name="Sam")
    customer_user.first_name = "Samantha"
    customer_user.save(update_fields=["first_name"])
    api.mutate(
        "cannedResponseCreate",
        """mutation { cannedResponseCreate(input: {name: "Greeting",
        text: "Hi {{first_name}}, {{agent_first_name}} from {{shop_channel}} here. {{unknown}}"}) { errors { code } } }""",
    )
    duplicate = api.data("""mutation { cannedResponseCreate(input: {name: "Greeting", text: "again"})
        { cannedResponse { id } errors { field code } } }""")["cannedResponseCreate"]
    assert duplicate["errors"] == [{"field": "name", "code": "UNIQUE"}]
    [response] = api.data(
        "query($c: ID) { cannedResponses(conversation: $c) { name text rendered } }",
        {"c": gid("Conversation", thread.conversation.pk)},
    )["cannedResponses"]
    assert (
        response["rendered"]
        == f"Hi Samantha, Ann from {channel_USD.name} here. {{{{unknown}}}}"
    )
    assert response["text"].startswith("Hi {{first_name}}")
    plain = api.data("{ cannedResponses { rendered } }")["cannedResponses"]
    assert plain == [{"rendered": None}]
    assert models.CannedResponse.objects.count() == 1


def test_a_colleague_sees_who_is_replying_and_nobody_sees_themself(
    plugin, client, django_capture_on_commit_callbacks, api, channel_USD
):
    thread = make_thread(channel_USD, address="s-2")
    cid = gid("Conversation", thread.conversation.pk)
    bob = Api(
        client,
        django_capture_on_commit_callbacks,
        user_token(_staff("bob@example.com")),
    )
    query = "query($c: ID!) { conversation(id: $c) { othersReplying { email } } }"
    assert bob.data(query, {"c": cid})["conversation"]["othersReplying"] == []
    assert (
        api.mutate(
            "conversationReplying",
            "mutation($c: ID!) { conversationReplying(id: $c) { ok errors { code } } }",
            {"c": cid},
        )["ok"]
        is True
    )
    assert bob.data(query, {"c": cid})["conversation"]["othersReplying"] == [
        {"email": "ann@example.com"}
    ]
    assert api.data(query, {"c": cid})["conversation"]["othersReplying"] == []


def test_staff_find_a_product_and_send_it_as_a_card(
    api, channel_USD, channel_PLN, product
):
    from saleor.product.models import Product, ProductChannelListing
    from saleor.product.search import update_products_search_vector

    update_products_search_vector(list(Product.objects.values_list("pk", flat=True)))
    thread = make_thread(channel_USD, address="s-3")
    found = api.data(
        "query($c: String!, $s: String!) { chatProducts(channel: $c, search: $s) { id name price available } }",
        {"c": channel_USD.slug, "s": product.name},
    )["chatProducts"]
    assert [p["id"] for p in found] == [gid("Product", product.pk)]
    assert found[0]["available"] is True and "$" in found[0]["price"]
    send = """mutation($c: ID!, $input: ConversationMessageSendInput!) { conversationMessageSend(conversation: $c, input: $input)
        { message { kind text } errors { field code } } }"""
    cid = gid("Conversation", thread.conversation.pk)
    payload = api.mutate(
        "conversationMessageSend",
        send,
        {"c": cid, "input": {"product": found[0]["id"], "text": "This one?"}},
    )
    assert payload["message"] == {"kind": "products", "text": "This one?"}
    card = models.Message.objects.get(conversation=thread.conversation, direction="out")
    assert card.content["products"][0]["title"] == product.name
    # Not sold in the conversation's sales channel: an error, nothing sent.
    ProductChannelListing.objects.filter(product=product, channel=channel_USD).delete()
    refused = api.data(send, {"c": cid, "input": {"product": found[0]["id"]}})[
        "conversationMessageSend"
    ]
    assert refused["message"] is None and refused["errors"] == [
        {"field": "product", "code": "NOT_FOUND"}
    ]
    assert (
        models.Message.objects.filter(
            conversation=thread.conversation, direction="out"
        ).count()
        == 1
    )


SETTINGS_UPDATE = """mutation($c: String!, $input: SalesChannelChatSettingsInput!) {
    salesChannelChatSettingsUpdate(channel: $c, input: $input) {
      settings { openingMessage timeZone businessHours handoverWords } errors { field code message } } }"""


def test_sales_channel_settings_drive_the_bot(api, webchat, channel_USD):
    payload = api.mutate(
        "salesChannelChatSettingsUpdate",
        SETTINGS_UPDATE,
        {
            "c": channel_USD.slug,
            "input": {
                "openingMessage": "Hi! I'm the shop's automated helper. Type 'mens' for a person.",
                "timeZone": "Europe/Amsterdam",
                "businessHours": {},
                "handoverWords": ["mens"],
            },
        },
    )
    assert payload["settings"]["timeZone"] == "Europe/Amsterdam"
    webchat.open()
    webchat.say("hi")
    assert webchat.replies() == [
        "Hi! I'm the shop's automated helper. Type 'mens' for a person."
    ]
    webchat.say("mens graag")
    [handover] = webchat.replies()
    with translation.override("nl"):  # "mens graag" is Dutch: so is the answer
        assert handover == str(HANDOVER)
    read = api.data(
        "query($c: String!) { salesChannelChatSettings(channel: $c) { handoverWords } }",
        {"c": channel_USD.slug},
    )
    assert read["salesChannelChatSettings"]["handoverWords"] == ["mens"]


@pytest.mark.parametrize(
    "patch, field",
    [
        ({"timeZone": "Mars/Olympus"}, "timeZone"),
        ({"businessHours": {"mon": ["25:00-26:00"]}}, "businessHours"),
        ({"businessHours": ["09:00-17:00"]}, "businessHours"),
        ({"handoverWords": ["x" * 101]}, "handoverWords"),
        ({"abandonedCheckoutMinutes": 1}, "abandonedCheckoutMinutes"),
    ],
)
def test_bad_settings_are_reported_and_change_nothing(api, channel_USD, patch, field):
    before = api.data(
        "query($c: String!) { salesChannelChatSettings(channel: $c) { timeZone businessHours handoverWords } }",
        {"c": channel_USD.slug},
    )
    payload = api.data(SETTINGS_UPDATE, {"c": channel_USD.slug, "input": patch})[
        "salesChannelChatSettingsUpdate"
    ]
    assert payload["settings"] is None and payload["errors"][0]["field"] == field
    after = api.data(
        "query($c: String!) { salesChannelChatSettings(channel: $c) { timeZone businessHours handoverWords } }",
        {"c": channel_USD.slug},
    )
    assert after == before


def test_staff_give_the_conversation_back_to_the_bot_and_take_it_again(api, webchat):
    from saleor_conversational.models import Conversation

    webchat.open()
    webchat.say("agent please")
    webchat.replies()
    conversation = Conversation.objects.get()
    assert conversation.handed_over
    update = """mutation($id: ID!, $h: Boolean!) { conversationUpdate(id: $id, input: {handedOver: $h})
        { conversation { handedOver } errors { code } } }"""
    cid = gid("Conversation", conversation.pk)
    assert api.mutate("conversationUpdate", update, {"id": cid, "h": False})[
        "conversation"
    ] == {"handedOver": False}
    webchat.say("hi")
    assert "automated assistant" in webchat.replies()[-1]
    assert api.mutate("conversationUpdate", update, {"id": cid, "h": True})[
        "conversation"
    ] == {"handedOver": True}
    webchat.say("hello?")
    assert webchat.replies() == []  # people answer now; the bot stays silent
