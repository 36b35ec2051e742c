"""The permission matrix: every query and mutation, asked by everyone who might ask.

Roles: anonymous, customer A, customer B, staff without permissions, staff with only
MANAGE_ORDERS, staff with MANAGE_USERS + MANAGE_ORDERS + MANAGE_PLUGINS, and an app token
with those permissions. Nobody ever gets another customer's data.
"""

from __future__ import annotations

import json
import logging

import pytest
from saleor.account.models import (
    Group,
    User,  # noqa: F401
)
from saleor.account.tests.fixtures.user import (
    dangerously_create_test_user as create_user,
)
from saleor.permission.models import Permission

from tests.support.api import (
    URL,
    Api,
    app_token,
    error_codes,
    gid,
    make_thread,
    user_token,
)

ROLES = [
    "anonymous",
    "customer_a",
    "customer_b",
    "staff_none",
    "staff_orders",
    "staff_all",
    "app",
]
ALL, ORDERS_ONLY = {"staff_all", "app"}, {"staff_orders", "staff_all", "app"}


@pytest.fixture
def world(
    plugin, client, django_capture_on_commit_callbacks, channel_USD, customer_user, app
):
    customer_b = create_user(email="b@example.com", password="x", first_name="B")
    thread_a = make_thread(
        channel_USD,
        user=customer_user,
        address="session-a",
        text="Where is my order A?",
    )
    thread_b = make_thread(
        channel_USD, user=customer_b, address="session-b", text="Hi, B here"
    )
    stranger = make_thread(channel_USD, address="session-c", text="Anonymous shopper")
    codes = {
        "MANAGE_USERS": "manage_users",
        "MANAGE_ORDERS": "manage_orders",
        "MANAGE_PLUGINS": "manage_plugins",
    }
    perms = {
        name: Permission.objects.get(codename=code) for name, code in codes.items()
    }

    def staff(email, *names):
        user = create_user(email=email, password="x", is_staff=True)
        if names:
            group = Group.objects.create(name=email)
            group.permissions.add(*(perms[n] for n in names))
            user.groups.add(group)
        return user

    app.permissions.add(*perms.values())
    tokens = {
        "anonymous": "",
        "customer_a": user_token(customer_user),
        "customer_b": user_token(customer_b),
        "staff_none": user_token(staff("none@example.com")),
        "staff_orders": user_token(staff("orders@example.com", "MANAGE_ORDERS")),
        "staff_all": user_token(staff("all@example.com", *perms)),
        "app": app_token(app),
    }
    return {
        "a": thread_a,
        "b": thread_b,
        "stranger": stranger,
        "customer_a": customer_user,
        "account": thread_a.identity.account,
        "api": {
            role: Api(client, django_capture_on_commit_callbacks, token)
            for role, token in tokens.items()
        },
    }


def ids(connection) -> set[str]:
    return {edge["node"]["id"] for edge in connection["edges"]}


# -- queries: what each role sees -------------------------------------------------------
def _contacts(w, api):
    body = api.execute("{ contacts(first: 50) { edges { node { id } } } }")
    if error_codes(body):
        return "denied"
    return ids(body["data"]["contacts"])


def _contact(w, api):
    body = api.execute(
        "query($id: ID!) { contact(id: $id) { id name } }",
        {"id": gid("Contact", w["a"].contact.pk)},
    )
    return "denied" if error_codes(body) else body["data"]["contact"]


def _conversations(w, api):
    body = api.execute(
        "{ conversations(first: 50) { edges { node { id messages(first: 5) { edges { node { text } } } } } } }"
    )
    if error_codes(body):
        return "denied"
    return ids(body["data"]["conversations"])


def _conversation(w, api):
    body = api.execute(
        "query($id: ID!) { conversation(id: $id) { id messages { edges { node { text } } } notes { text } } }",
        {"id": gid("Conversation", w["a"].conversation.pk)},
    )
    return "denied" if error_codes(body) else body["data"]["conversation"]


def _message(w, api):
    body = api.execute(
        "query($id: ID!) { conversationMessage(id: $id) { id text status } }",
        {"id": gid("ConversationMessage", w["a"].messages[0].pk)},
    )
    return "denied" if error_codes(body) else body["data"]["conversationMessage"]


def _accounts(w, api):
    body = api.execute("{ messagingAccounts { id messagingChannel credentialsSet } }")
    return "denied" if error_codes(body) else body["data"]["messagingAccounts"]


def _export(w, api):
    body = api.execute(
        "query($c: ID!) { customerChatData(customer: $c) }",
        {"c": gid("User", w["customer_a"].pk)},
    )
    return "denied" if error_codes(body) else body["data"]["customerChatData"]


def _expected_contacts(w, role):
    a, b, c = (gid("Contact", w[k].contact.pk) for k in ("a", "b", "stranger"))
    return {
        "anonymous": "denied",
        "customer_a": {a},
        "customer_b": {b},
        # Staff without the permission are refused, as Saleor's `customers` refuses.
        "staff_none": "denied",
        "staff_orders": "denied",
        "staff_all": {a, b, c},
        "app": {a, b, c},
    }[role]


def _expected_conversations(w, role):
    a, b, c = (
        gid("Conversation", w[k].conversation.pk) for k in ("a", "b", "stranger")
    )
    return {
        "anonymous": "denied",
        "customer_a": {a},
        "customer_b": {b},
        "staff_none": "denied",
        "staff_orders": {a, b, c},
        "staff_all": {a, b, c},
        "app": {a, b, c},
    }[role]


@pytest.mark.parametrize("role", ROLES)
def test_contacts_list(world, role):
    assert _contacts(world, world["api"][role]) == _expected_contacts(world, role)


@pytest.mark.parametrize("role", ROLES)
def test_one_contact(world, role):
    result = _contact(world, world["api"][role])
    if role in {"anonymous", "staff_none", "staff_orders"}:
        assert result == "denied"
    elif role in {"customer_a", "staff_all", "app"}:
        assert result["id"] == gid("Contact", world["a"].contact.pk)
    else:
        assert result is None  # another customer's contact does not exist for them


@pytest.mark.parametrize("role", ROLES)
def test_conversations_list(world, role):
    assert _conversations(world, world["api"][role]) == _expected_conversations(
        world, role
    )


@pytest.mark.parametrize("role", ROLES)
def test_one_conversation_with_messages_and_notes(world, role):
    world["a"].conversation.notes.create(text="VIP, be nice")
    result = _conversation(world, world["api"][role])
    if role in {"anonymous", "staff_none"}:
        assert result == "denied"
    elif role in {"customer_a"} | ORDERS_ONLY:
        assert [e["node"]["text"] for e in result["messages"]["edges"]] == [
            "Where is my order A?"
        ]
        # Internal notes: staff only, never the shopper.
        assert result["notes"] == (
            [] if role == "customer_a" else [{"text": "VIP, be nice"}]
        )
    else:
        assert result is None


@pytest.mark.parametrize("role", ROLES)
def test_one_message(world, role):
    result = _message(world, world["api"][role])
    if role in {"anonymous", "staff_none"}:
        assert result == "denied"
    elif role in {"customer_a"} | ORDERS_ONLY:
        assert result["text"] == "Where is my order A?"
    else:
        assert result is None


@pytest.mark.parametrize("role", ROLES)
def test_messaging_accounts_need_manage_plugins(world, role):
    result = _accounts(world, world["api"][role])
    if role in ALL:
        assert {a["messagingChannel"] for a in result} == {"webchat"}
        assert result[0]["credentialsSet"] == [
            "session_secret"
        ]  # names only, never values
    else:
        assert result == "denied"


@pytest.mark.parametrize("role", ROLES)
def test_customer_data_export(world, role):
    result = _export(world, world["api"][role])
    if role in {"customer_a"} | ALL:
        assert [c["id"] for c in result["contacts"]] == [str(world["a"].contact.pk)]
    else:
        assert result == "denied"


@pytest.mark.parametrize("role", ROLES)
def test_viewer_staff_list_and_recent_orders(world, role):
    api = world["api"][role]
    viewer = api.execute("{ viewer { email } }")
    if role == "anonymous":
        assert error_codes(viewer) == ["PermissionDenied"]
    else:
        expected = {
            "staff_none": "none@example.com",
            "staff_orders": "orders@example.com",
            "staff_all": "all@example.com",
        }.get(role)
        assert viewer["data"]["viewer"] == ({"email": expected} if expected else None)
    staff = api.execute("{ assignableStaff { email } }")
    if role in ORDERS_ONLY:
        assert {"orders@example.com", "all@example.com"} <= {
            s["email"] for s in staff["data"]["assignableStaff"]
        }
        assert world["customer_a"].email not in {
            s["email"] for s in staff["data"]["assignableStaff"]
        }
    else:
        assert error_codes(staff) == ["PermissionDenied"]
    body = api.execute(
        "query($id: ID!) { conversation(id: $id) { contact { recentOrders { number } } } }",
        {"id": gid("Conversation", world["a"].conversation.pk)},
    )
    if role in {"customer_a"} | ORDERS_ONLY:
        assert body["data"]["conversation"]["contact"]["recentOrders"] == []
    elif role != "anonymous":
        assert body["data"]["conversation"] is None


@pytest.mark.parametrize("role", ROLES)
def test_customer_and_order_filters_never_widen_what_is_visible(
    world, role, order_with_lines
):
    order_with_lines.user = world["customer_a"]
    order_with_lines.save(update_fields=["user"])
    api = world["api"][role]
    for flt in (
        {"customer": gid("User", world["customer_a"].pk)},
        {"order": gid("Order", order_with_lines.pk)},
    ):
        body = api.execute(
            "query($f: ConversationFilterInput) { conversations(first: 50, filter: $f) { edges { node { id } } } }",
            {"f": flt},
        )
        if role in {"anonymous", "staff_none"}:
            assert error_codes(body) == ["PermissionDenied"]
            continue
        expected = (
            {gid("Conversation", world["a"].conversation.pk)}
            if role in {"customer_a"} | ORDERS_ONLY
            else set()
        )
        assert ids(body["data"]["conversations"]) == expected, flt


@pytest.mark.parametrize("role", ROLES)
def test_faq_and_canned_responses_are_staff_only(world, role):
    api = world["api"][role]
    faq = api.execute('{ faqEntries(channel: "x") { id } }')
    assert (error_codes(faq) == ["PermissionDenied"]) == (role not in ALL)
    canned = api.execute("{ cannedResponses { id } }")
    assert (error_codes(canned) == ["PermissionDenied"]) == (role not in ORDERS_ONLY)
    channels = api.execute("{ salesChannels { slug } }")
    assert (error_codes(channels) == ["PermissionDenied"]) == (role not in ORDERS_ONLY)
    settings = api.execute('{ salesChannelChatSettings(channel: "x") { timeZone } }')
    assert (error_codes(settings) == ["PermissionDenied"]) == (role not in ALL)
    model = api.execute('{ modelAssistantSettings(channel: "x") { apiKeySet } }')
    assert (error_codes(model) == ["PermissionDenied"]) == (role not in ALL)
    products = api.execute('{ chatProducts(channel: "main", search: "x") { id } }')
    assert (error_codes(products) == ["PermissionDenied"]) == (role not in ORDERS_ONLY)
    alerts = api.execute("{ paymentAlerts { id code } }")
    assert (error_codes(alerts) == ["PermissionDenied"]) == (role not in ORDERS_ONLY)
    body = api.execute(
        "query($id: ID!) { conversation(id: $id) { othersReplying { email } } }",
        {"id": gid("Conversation", world["a"].conversation.pk)},
    )
    if role in {"customer_a"} | ORDERS_ONLY:
        assert body["data"]["conversation"]["othersReplying"] == []


# -- mutations: who may call them -------------------------------------------------------
def _mutations(w):
    a = w["a"]
    conv, contact = gid("Conversation", a.conversation.pk), gid("Contact", a.contact.pk)
    other = gid("Contact", w["stranger"].contact.pk)
    return {
        "conversationMessageSend": (
            ORDERS_ONLY,
            """mutation($c: ID!) { conversationMessageSend(conversation: $c,
            input: {text: "We are on it"}) { message { id } errors { code message } } }""",
            {"c": conv},
        ),
        "conversationUpdate": (
            ORDERS_ONLY,
            """mutation($c: ID!) { conversationUpdate(id: $c, input: {status: PENDING})
            { conversation { status } errors { code } } }""",
            {"c": conv},
        ),
        "conversationNoteAdd": (
            ORDERS_ONLY,
            """mutation($c: ID!) { conversationNoteAdd(conversation: $c, text: "n")
            { note { id } errors { code } } }""",
            {"c": conv},
        ),
        "conversationMarkRead": (
            ORDERS_ONLY,
            """mutation($c: ID!) { conversationMarkRead(id: $c)
            { conversation { unreadCount } errors { code } } }""",
            {"c": conv},
        ),
        "chatCheckoutCreate": (
            ORDERS_ONLY,
            """mutation($c: ID!) { chatCheckoutCreate(input: {contact: $c,
            channel: "main", lines: []}) { chatCheckout { id } errors { field code } } }""",
            {"c": contact},
        ),
        "contactUpdate": (
            ALL,
            """mutation($c: ID!) { contactUpdate(id: $c, input: {name: "Renamed"})
            { contact { name } errors { code } } }""",
            {"c": contact},
        ),
        "contactCustomerLink": (
            ALL,
            """mutation($c: ID!, $u: ID!) { contactCustomerLink(contact: $c, customer: $u)
            { contact { id } errors { code } } }""",
            {"c": other, "u": gid("User", w["customer_a"].pk)},
        ),
        "contactCustomerUnlink": (
            ALL,
            """mutation($c: ID!) { contactCustomerUnlink(contact: $c)
            { contact { id } errors { code } } }""",
            {"c": contact},
        ),
        "contactCustomerLinkCodeSend": (
            ALL,
            """mutation($c: ID!) { contactCustomerLinkCodeSend(contact: $c,
            email: "test@example.com") { contact { id } errors { code } } }""",
            {"c": other},
        ),
        "contactCustomerLinkCodeConfirm": (
            ALL,
            """mutation($c: ID!) { contactCustomerLinkCodeConfirm(contact: $c,
            code: "000000") { contact { id } errors { code } } }""",
            {"c": other},
        ),
        "contactMerge": (
            ALL,
            """mutation($s: ID!, $t: ID!) { contactMerge(source: $s, target: $t)
            { merge { id } errors { code } } }""",
            {"s": other, "t": contact},
        ),
        "contactMergeUndo": (
            ALL,
            """mutation($m: ID!) { contactMergeUndo(merge: $m) { contact { id } errors { code } } }""",
            {"m": gid("ContactMerge", "00000000-0000-0000-0000-000000000000")},
        ),
        "contactConsentUpdate": (
            {"customer_a"} | ALL,
            """mutation($c: ID!) { contactConsentUpdate(contact: $c,
            input: {messagingChannel: "webchat", purpose: MARKETING, granted: true}) { contact { id } errors { code } } }""",
            {"c": contact},
        ),
        "messagingAccountCreate": (
            ALL,
            """mutation { messagingAccountCreate(input: {channel: "main",
            messagingChannel: "webchat", name: "Second chat"}) { account { id } errors { code message } } }""",
            {},
        ),
        "messagingAccountUpdate": (
            ALL,
            """mutation($id: ID!) { messagingAccountUpdate(id: $id, input: {name: "Chat"})
            { account { name } errors { code } } }""",
            {"id": gid("MessagingAccount", w["account"].pk)},
        ),
        "messagingAccountDelete": (
            ALL,
            """mutation($id: ID!) { messagingAccountDelete(id: $id)
            { account { name } errors { code } } }""",
            {"id": gid("MessagingAccount", "00000000-0000-0000-0000-000000000000")},
        ),
        "chatCheckoutPaymentLinkSend": (
            ORDERS_ONLY,
            """mutation($id: ID!) { chatCheckoutPaymentLinkSend(id: $id)
            { chatCheckout { id } errors { code } } }""",
            {"id": gid("ChatCheckout", 999999)},
        ),
        "faqEntryCreate": (
            ALL,
            """mutation { faqEntryCreate(input: {channel: "main", question: "Returns?",
            keywords: ["return"], answer: "30 days."}) { faqEntry { id } errors { code } } }""",
            {},
        ),
        "faqEntryUpdate": (
            ALL,
            """mutation($id: ID!) { faqEntryUpdate(id: $id, input: {answer: "x"})
            { faqEntry { id } errors { code } } }""",
            {"id": gid("FaqEntry", 999999)},
        ),
        "faqEntryDelete": (
            ALL,
            """mutation($id: ID!) { faqEntryDelete(id: $id) { faqEntry { id } errors { code } } }""",
            {"id": gid("FaqEntry", 999999)},
        ),
        "cannedResponseCreate": (
            ORDERS_ONLY,
            """mutation { cannedResponseCreate(input: {name: "Hi", text: "Hi {{first_name}}"})
            { cannedResponse { id } errors { code } } }""",
            {},
        ),
        "cannedResponseUpdate": (
            ORDERS_ONLY,
            """mutation($id: ID!) { cannedResponseUpdate(id: $id, input: {text: "x"})
            { cannedResponse { id } errors { code } } }""",
            {"id": gid("CannedResponse", 999999)},
        ),
        "cannedResponseDelete": (
            ORDERS_ONLY,
            """mutation($id: ID!) { cannedResponseDelete(id: $id)
            { cannedResponse { id } errors { code } } }""",
            {"id": gid("CannedResponse", 999999)},
        ),
        "conversationReplying": (
            ORDERS_ONLY,
            """mutation($c: ID!) { conversationReplying(id: $c) { ok errors { code } } }""",
            {"c": conv},
        ),
        "salesChannelChatSettingsUpdate": (
            ALL,
            """mutation { salesChannelChatSettingsUpdate(channel: "main",
            input: {openingMessage: "Hello"}) { settings { openingMessage } errors { code } } }""",
            {},
        ),
        "modelAssistantSettingsUpdate": (
            ALL,
            """mutation { modelAssistantSettingsUpdate(channel: "main",
            input: {model: "llama3.1:8b", apiKey: "sk-x"}) { settings { apiKeySet } errors { code } } }""",
            {},
        ),
        "paymentAlertResolve": (
            ORDERS_ONLY,
            """mutation($id: ID!) { paymentAlertResolve(id: $id)
            { paymentAlert { id } errors { code } } }""",
            {"id": gid("PaymentAlert", 999999)},
        ),
        "customerChatDataErase": (
            ALL,
            """mutation($u: ID!) { customerChatDataErase(customer: $u)
            { deleted errors { code } } }""",
            {"u": gid("User", w["customer_a"].pk)},
        ),
    }


MUTATIONS = [
    "conversationMessageSend",
    "conversationUpdate",
    "conversationNoteAdd",
    "conversationMarkRead",
    "chatCheckoutCreate",
    "contactUpdate",
    "contactCustomerLink",
    "contactCustomerUnlink",
    "contactCustomerLinkCodeSend",
    "contactCustomerLinkCodeConfirm",
    "contactMerge",
    "contactMergeUndo",
    "contactConsentUpdate",
    "messagingAccountCreate",
    "messagingAccountUpdate",
    "messagingAccountDelete",
    "customerChatDataErase",
    "chatCheckoutPaymentLinkSend",
    "faqEntryCreate",
    "faqEntryUpdate",
    "faqEntryDelete",
    "cannedResponseCreate",
    "cannedResponseUpdate",
    "cannedResponseDelete",
    "conversationReplying",
    "salesChannelChatSettingsUpdate",
    "modelAssistantSettingsUpdate",
    "paymentAlertResolve",
]


def test_every_mutation_is_in_the_matrix():
    from saleor_conversational.graphql.schema import schema

    assert sorted(schema.get_mutation_type().fields) == sorted(MUTATIONS)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", MUTATIONS)
def test_mutation_permissions(world, channel_USD, name, role):
    allowed, query, variables = _mutations(world)[name]
    query = query.replace('"main"', f'"{channel_USD.slug}"')
    snapshot = _rows()
    body = world["api"][role].execute(query, variables)
    if role in allowed:
        assert "PermissionDenied" not in error_codes(body), body
        assert body["data"][name] is not None
    else:
        assert error_codes(body) == ["PermissionDenied"], body
        assert body["data"][name] is None
        assert _rows() == snapshot  # nothing written


def _rows():
    from saleor_conversational import models

    return {
        model.__name__: sorted(map(str, model.objects.values_list("pk", flat=True)))
        for model in (
            models.Contact,
            models.ContactIdentity,
            models.Conversation,
            models.Message,
            models.ConversationNote,
            models.Consent,
            models.MessagingAccount,
            models.ContactMerge,
            models.ContactLinkCode,
            models.FaqEntry,
            models.CannedResponse,
            models.SalesChannelSettings,
            models.ModelAssistantSettings,
            models.PaymentAlert,
        )
    } | {
        "names": sorted(
            models.Contact.objects.values_list("name", "user_id", "updated_at")
        )
    }


@pytest.mark.parametrize(
    ("role", "query", "permission"),
    [
        ("staff_none", "{ contacts(first: 5) { totalCount } }", "MANAGE_USERS"),
        ("staff_orders", "{ contacts(first: 5) { totalCount } }", "MANAGE_USERS"),
        ("staff_none", "{ conversations(first: 5) { totalCount } }", "MANAGE_ORDERS"),
        ("app_none", "{ contacts(first: 5) { totalCount } }", "MANAGE_USERS"),
        ("app_none", "{ conversations(first: 5) { totalCount } }", "MANAGE_ORDERS"),
    ],
)
def test_a_requestor_without_the_permission_is_told_which(
    world, role, query, permission, app
):
    api = world["api"].get(role)
    if role == "app_none":
        app.permissions.clear()
        api = world["api"]["app"]
    body = api.execute(query)
    assert error_codes(body) == ["PermissionDenied"]
    assert body["errors"][0]["message"] == (
        "To access this path, you need one of the following permissions: " + permission
    )
    assert body["data"] == {query.split("(")[0].strip("{ "): None}


def test_introspection_is_public(world):
    body = world["api"]["anonymous"].execute("{ __schema { queryType { name } } }")
    assert body["data"] == {"__schema": {"queryType": {"name": "Query"}}}
    assert "errors" not in body


def test_an_inactive_app_gets_nothing(world, app):
    app.is_active = False
    app.save(update_fields=["is_active"])
    assert _contacts(world, world["api"]["app"]) == "denied"


@pytest.mark.parametrize("expired", [True, False])
def test_an_expired_or_invalid_token_is_a_401_with_the_reason(
    plugin, client, django_capture_on_commit_callbacks, staff_user, caplog, expired
):
    """Not a 503 with a traceback: the inbox must fetch a fresh token (issue 19)."""
    from freezegun import freeze_time

    if expired:
        with freeze_time("2020-01-01"):
            token = user_token(staff_user)
        code = "ExpiredSignatureError"
    else:  # Saleor's token with another signature
        header, payload, _ = user_token(staff_user).split(".")
        token = f"{header}.{payload}.{'A' * 43}"
        code = "InvalidSignatureError"
    caplog.set_level(logging.ERROR)
    response = client.post(
        URL,
        data=json.dumps({"query": "{ conversations(first: 1) { totalCount } }"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    (error,) = response.json()["errors"]
    assert error["extensions"]["exception"]["code"] == code
    assert "not valid" in error["message"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
