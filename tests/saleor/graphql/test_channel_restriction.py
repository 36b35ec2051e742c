"""M1, L9, L10: staff restricted to some sales channels see nothing of the others,
through any field, nested ones included; shoppers see only their assignee's first name."""

from __future__ import annotations

import json
import uuid

import pytest
from saleor.order.models import Order

from saleor_conversational import models
from saleor_conversational.graphql.schema import schema
from tests.support.api import Api, gid, make_thread, user_token

# What can reach an order, a checkout, an identity or a message.
TARGETS = {"ContactOrder", "ChatCheckout", "ContactIdentity", "ConversationMessage"}


def _reaching(targets: set[str]) -> set[str]:
    graph = {}
    for name, t in schema.get_type_map().items():
        if (
            name.startswith("__")
            or not hasattr(t, "fields")
            or not hasattr(t, "interfaces")
        ):
            continue
        graph[name] = {graphene_named(f.type) for f in t.fields.values()}
    found = set(targets)
    while True:
        more = {n for n, refs in graph.items() if refs & found} - found
        if not more:
            return found
        found |= more


def graphene_named(t):
    while hasattr(t, "of_type"):
        t = t.of_type
    return t.name


@pytest.fixture
def two_channels(
    plugin,
    client,
    django_capture_on_commit_callbacks,
    permission_group_all_perms_channel_USD_only,
    staff_users,
    channel_USD,
    channel_PLN,
    customer_user,
    order_with_lines,
):
    usd = make_thread(
        channel_USD, user=customer_user, address="usd-address", text="Dollar hello"
    )
    pln = make_thread(channel_PLN, address="pln-address", text="Zloty secret")
    # One contact, known in both sales channels.
    pln.identity.contact = usd.contact
    pln.identity.save(update_fields=["contact"])
    pln.conversation.contact = usd.contact
    pln.conversation.save(update_fields=["contact"])
    order_with_lines.user = customer_user
    order_with_lines.save(update_fields=["user"])
    pln_order = Order.objects.create(
        channel=channel_PLN,
        user=customer_user,
        currency="PLN",
        status="unfulfilled",
        lines_count=0,
        number=987654,
    )
    usd_checkout = models.ChatCheckout.objects.create(
        contact=usd.contact, channel=channel_USD, checkout_token=uuid.uuid4()
    )
    pln_checkout = models.ChatCheckout.objects.create(
        contact=usd.contact, channel=channel_PLN, checkout_token=uuid.uuid4()
    )
    restricted = Api(
        client, django_capture_on_commit_callbacks, user_token(staff_users[1])
    )
    return {
        "api": restricted,
        "usd": usd,
        "pln": pln,
        "shown": {
            "usd-address",
            "Dollar hello",
            str(usd_checkout.checkout_token),
            str(order_with_lines.number),
        },
        "hidden": {
            "pln-address",
            "Zloty secret",
            str(pln_checkout.checkout_token),
            str(pln_order.number),
            channel_PLN.slug,
            gid("Conversation", pln.conversation.pk),
        },
    }


CONTACT_FIELDS = """identities { address accountId } checkouts { checkoutToken channelSlug }
    recentOrders { number channelSlug } conversations { id channelSlug
      messages(first: 5) { edges { node { text } } } }"""

CASES = {
    "Query.contacts": (
        "{ contacts(first: 5) { edges { node { %s } } } }" % CONTACT_FIELDS,
        {},
    ),
    "Query.contact": (
        "query($id: ID!) { contact(id: $id) { %s } }" % CONTACT_FIELDS,
        {"id": "contact"},
    ),
    "Query.conversations": (
        "{ conversations(first: 5) { edges { node { id channelSlug messages(first: 5) { edges { node { text } } } "
        "replyIdentity { address } contact { %s } } } } }" % CONTACT_FIELDS,
        {},
    ),
    "Query.conversation": (
        "query($id: ID!) { conversation(id: $id) { messages(first: 5) { edges { node { text } } } "
        "contact { %s } } }" % CONTACT_FIELDS,
        {"id": "usd_conversation"},
    ),
    "Query.conversationMessage": (
        "query($a: ID!, $b: ID!) { a: conversationMessage(id: $a) { text } "
        "b: conversationMessage(id: $b) { text } }",
        {"a": "usd_message", "b": "pln_message"},
    ),
    "Mutation.contactUpdate": (
        'mutation($id: ID!) { contactUpdate(id: $id, input: {name: "Renamed"}) '
        "{ contact { %s } errors { code } } }" % CONTACT_FIELDS,
        {"id": "contact"},
    ),
    "Mutation.conversationMarkRead": (
        "mutation($id: ID!) { conversationMarkRead(id: $id) "
        "{ conversation { messages(first: 5) { edges { node { text } } } contact { %s } } errors { code } } }"
        % CONTACT_FIELDS,
        {"id": "usd_conversation"},
    ),
}


def _variables(world, names):
    values = {
        "contact": gid("Contact", world["usd"].contact.pk),
        "usd_conversation": gid("Conversation", world["usd"].conversation.pk),
        "usd_message": gid("ConversationMessage", world["usd"].messages[0].pk),
        "pln_message": gid("ConversationMessage", world["pln"].messages[0].pk),
    }
    return {key: values[name] for key, name in names.items()}


@pytest.mark.parametrize("case", sorted(CASES))
def test_channel_restricted_staff_see_only_their_channel(two_channels, case):
    query, names = CASES[case]
    body = two_channels["api"].execute(query, _variables(two_channels, names))
    assert "errors" not in body, body
    text = json.dumps(body)
    assert {s for s in two_channels["shown"] if s in text}, body  # the path ran
    assert {s for s in two_channels["hidden"] if s in text} == set(), body


def test_the_other_channels_conversation_does_not_exist_for_them(two_channels):
    body = two_channels["api"].execute(
        "query($id: ID!) { conversation(id: $id) { id } }",
        {"id": gid("Conversation", two_channels["pln"].conversation.pk)},
    )
    assert body["data"]["conversation"] is None


def test_every_type_reaching_an_order_checkout_identity_or_message_is_covered():
    """A new type that can reach these must get a case here (or in the mutation matrix
    of test_permissions.py, whose payloads all return the types covered below)."""
    covered_through = {
        "Query",
        "Mutation",
        "Contact",
        "Conversation",
        "ContactOrder",
        "ChatCheckout",
        "ContactIdentity",
        "ConversationMessage",
        "ContactCountableConnection",
        "ContactEdge",
        "ConversationCountableConnection",
        "ConversationEdge",
        "ConversationMessageCountableConnection",
        "ConversationMessageEdge",
    }
    # Mutation payloads and PaymentAlert hold a Contact, Conversation, message or
    # ChatCheckout resolved by the same (channel-filtered) types.
    payloads = {
        name
        for name in _reaching(TARGETS) - covered_through
        if isinstance(getattr(schema.get_type(name), "fields", None), dict)
        and set(schema.get_type(name).fields)
        & {
            "contact",
            "conversation",
            "message",
            "chatCheckout",
            "paymentAlert",
            "target",
        }
    }
    assert _reaching(TARGETS) - covered_through - payloads == set()


def test_a_shopper_sees_only_their_assignees_first_name(
    two_channels, staff_user, client, django_capture_on_commit_callbacks, customer_user
):
    conversation = two_channels["usd"].conversation
    conversation.assignee = staff_user
    conversation.save(update_fields=["assignee"])
    query = "query($id: ID!) { conversation(id: $id) { assignee { email firstName lastName } } }"
    variables = {"id": gid("Conversation", conversation.pk)}
    shopper = Api(client, django_capture_on_commit_callbacks, user_token(customer_user))
    assert shopper.data(query, variables)["conversation"]["assignee"] == {
        "email": "",
        "firstName": staff_user.first_name,
        "lastName": "",
    }
    staff = two_channels["api"].data(query, variables)["conversation"]["assignee"]
    assert staff["email"] == staff_user.email


def test_plugin_settings_of_another_channel_are_out_of_reach(two_channels, channel_PLN):
    api = two_channels["api"]
    account = two_channels["pln"].identity.account
    entry = models.FaqEntry.objects.create(
        channel=channel_PLN, question="Q?", answer="A.", keywords=["q"]
    )
    listed = api.execute(
        "query($c: String!) { faqEntries(channel: $c) { id } }", {"c": channel_PLN.slug}
    )
    assert (
        listed["data"]["faqEntries"] is None
        and listed["errors"][0]["extensions"]["exception"]["code"] == "NOT_FOUND"
    )
    accounts = api.data("{ messagingAccounts { channelSlug } }")["messagingAccounts"]
    assert channel_PLN.slug not in {a["channelSlug"] for a in accounts}
    for mutation, variables in (
        (
            'mutation($id: ID!) { faqEntryUpdate(id: $id, input: {answer: "x"}) { errors { code } } }',
            {"id": gid("FaqEntry", entry.pk)},
        ),
        (
            "mutation($id: ID!) { faqEntryDelete(id: $id) { errors { code } } }",
            {"id": gid("FaqEntry", entry.pk)},
        ),
        (
            'mutation($id: ID!) { messagingAccountUpdate(id: $id, input: {name: "x"}) { errors { code } } }',
            {"id": gid("MessagingAccount", account.pk)},
        ),
        (
            "mutation($id: ID!) { messagingAccountDelete(id: $id) { errors { code } } }",
            {"id": gid("MessagingAccount", account.pk)},
        ),
    ):
        payload = next(iter(api.data(mutation, variables).values()))
        assert payload["errors"] == [{"code": "NOT_FOUND"}], mutation
    entry.refresh_from_db()
    account.refresh_from_db()
    assert entry.answer == "A." and account.name != "x"


def test_the_customer_export_needs_every_channel(two_channels, customer_user):
    body = two_channels["api"].execute(
        "query($c: ID!) { customerChatData(customer: $c) }",
        {"c": gid("User", customer_user.pk)},
    )
    assert body["data"]["customerChatData"] is None
    assert body["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
