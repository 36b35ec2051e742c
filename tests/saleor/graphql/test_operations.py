"""The API's operations end to end: bad input, replies, notes, linking, merging, export."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from freezegun import freeze_time
from saleor.account.models import Address, Group
from saleor.account.tests.fixtures.user import (
    dangerously_create_test_user as create_user,
)
from saleor.permission.models import Permission

from saleor_conversational import models
from saleor_conversational.contacts.linking import LOCK_TIME
from saleor_conversational.graphql.schema import SDL_PATH, sdl
from tests.support.api import Api, app_token, error_codes, gid, make_thread, user_token


def test_the_committed_sdl_matches_the_schema():
    assert SDL_PATH.read_text() == sdl(), (
        "The schema changed: run `python -m saleor_conversational.graphql.print_schema` and commit "
        "saleor_conversational/graphql/schema.graphql"
    )


@pytest.fixture
def staff(db):
    user = create_user(
        email="agent@example.com", password="x", is_staff=True, first_name="Ann"
    )
    group = Group.objects.create(name="inbox")
    group.permissions.add(
        *Permission.objects.filter(
            codename__in=["manage_users", "manage_orders", "manage_plugins"]
        )
    )
    user.groups.add(group)
    return user


@pytest.fixture
def api(plugin, client, django_capture_on_commit_callbacks, staff):
    return Api(client, django_capture_on_commit_callbacks, user_token(staff))


@pytest.fixture
def thread(channel_USD):
    return make_thread(
        channel_USD, address="session-1", text="Is the blue one in stock?", name="Sam"
    )


SEND = """mutation($c: ID!, $input: ConversationMessageSendInput!) {
  conversationMessageSend(conversation: $c, input: $input) {
    message { id text status direction messagingChannel } errors { field code message } } }"""
UPDATE = """mutation($id: ID!, $input: ConversationUpdateInput!) {
  conversationUpdate(id: $id, input: $input) {
    conversation { status handedOver assignee { email } snoozedUntil } errors { field code message } } }"""


# -- bad input: errors in the payload, never an exception, nothing written -----------------------
BAD_INPUT = [
    (
        "unknown id",
        SEND,
        lambda t: {
            "c": gid("Conversation", "6b1f7c44-1111-4444-8888-000000000000"),
            "input": {"text": "hi"},
        },
        "NOT_FOUND",
        "id",
    ),
    (
        "wrong type",
        SEND,
        lambda t: {"c": gid("Contact", t.contact.pk), "input": {"text": "hi"}},
        "INVALID",
        "conversation",
    ),
    (
        "garbage id",
        SEND,
        lambda t: {"c": "not-an-id", "input": {"text": "hi"}},
        "INVALID",
        "conversation",
    ),
    (
        "oversized text",
        SEND,
        lambda t: {
            "c": gid("Conversation", t.conversation.pk),
            "input": {"text": "x" * 5000},
        },
        "TOO_LONG",
        "text",
    ),
    (
        "empty text",
        SEND,
        lambda t: {
            "c": gid("Conversation", t.conversation.pk),
            "input": {"text": "  "},
        },
        "REQUIRED",
        "text",
    ),
    (
        "identity of another contact",
        SEND,
        lambda t: {
            "c": gid("Conversation", t.conversation.pk),
            "input": {
                "text": "hi",
                "identity": gid("ContactIdentity", _other_identity(t).pk),
            },
        },
        "INVALID",
        "identity",
    ),
    (
        "snooze without a time",
        UPDATE,
        lambda t: {
            "id": gid("Conversation", t.conversation.pk),
            "input": {"status": "SNOOZED"},
        },
        "REQUIRED",
        "snoozedUntil",
    ),
    (
        "assignee not staff",
        UPDATE,
        lambda t: {
            "id": gid("Conversation", t.conversation.pk),
            "input": {
                "assignee": gid(
                    "User", create_user(email="c@example.com", password="x").pk
                )
            },
        },
        "NOT_FOUND",
        "assignee",
    ),
]


def _other_identity(thread):
    return make_thread(thread.conversation.channel, address="someone-else").identity


def _payload(body):
    assert "errors" not in body, body
    return next(iter(body["data"].values()))


@pytest.mark.parametrize(
    ("case", "query", "variables", "code", "field"),
    BAD_INPUT,
    ids=[c[0] for c in BAD_INPUT],
)
def test_bad_input_is_reported_in_the_payload(
    api, thread, case, query, variables, code, field
):
    variables = variables(thread)
    before = (
        models.Message.objects.count(),
        models.Conversation.objects.values_list("status", "assignee_id").first(),
    )
    payload = _payload(api.execute(query, variables))
    codes = [(e["code"], e["field"]) for e in payload["errors"]]
    if code == "NOT_FOUND" and field == "id":
        assert codes == [("NOT_FOUND", "conversation")]
    else:
        assert codes == [(code, field)]
    assert (
        models.Message.objects.count(),
        models.Conversation.objects.values_list("status", "assignee_id").first(),
    ) == before


@pytest.mark.parametrize(
    "phone", ["12345", "+1 555 0000000000000", "+999123456789", "phone"]
)
def test_invalid_phone_numbers_are_refused(api, thread, phone):
    payload = api.data(
        """mutation($id: ID!, $p: String) { contactUpdate(id: $id, input: {phone: $p})
        { contact { phone } errors { field code } } }""",
        {"id": gid("Contact", thread.contact.pk), "p": phone},
    )["contactUpdate"]
    assert payload["errors"] == [{"field": "phone", "code": "INVALID"}]
    thread.contact.refresh_from_db()
    assert thread.contact.phone == ""


def test_a_valid_phone_is_stored_in_e164(api, thread):
    payload = api.mutate(
        "contactUpdate",
        """mutation($id: ID!) { contactUpdate(id: $id, input: {phone: "+31 6 12345678"})
        { contact { phone } errors { field code } } }""",
        {"id": gid("Contact", thread.contact.pk)},
    )
    assert payload["contact"]["phone"] == "+31612345678"


def test_checkout_in_another_sales_channel_is_refused(
    api, thread, channel_PLN, product
):
    variant = product.variants.first()
    payload = api.data(
        """mutation($c: ID!, $ch: String!, $v: ID!) { chatCheckoutCreate(input: {contact: $c, channel: $ch,
        lines: [{variantId: $v, quantity: 1}]}) { chatCheckout { id } errors { field code message } } }""",
        {
            "c": gid("Contact", thread.contact.pk),
            "ch": channel_PLN.slug,
            "v": gid("ProductVariant", variant.pk),
        },
    )["chatCheckoutCreate"]
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [
        ("contact", "CHANNEL_MISMATCH")
    ]
    assert not models.ChatCheckout.objects.exists()


def test_checkout_with_unknown_sales_channel_and_bad_quantity(api, thread, product):
    variables = {
        "c": gid("Contact", thread.contact.pk),
        "v": gid("ProductVariant", product.variants.first().pk),
    }
    query = """mutation($c: ID!, $ch: String!, $v: ID!, $q: Int!) { chatCheckoutCreate(input: {contact: $c, channel: $ch,
        lines: [{variantId: $v, quantity: $q}]}) { chatCheckout { id } errors { field code } } }"""
    unknown = api.data(query, {**variables, "ch": "nowhere", "q": 1})[
        "chatCheckoutCreate"
    ]
    assert unknown["errors"] == [{"field": "channel", "code": "NOT_FOUND"}]
    bad = api.data(
        query, {**variables, "ch": thread.conversation.channel.slug, "q": 0}
    )["chatCheckoutCreate"]
    assert bad["errors"] == [{"field": "quantity", "code": "CHECKOUT_ERROR"}]


def test_a_query_with_a_bad_id_is_an_error_not_a_crash(api):
    body = api.execute('{ conversations(filter: {channels: ["nope"]}) { totalCount } }')
    assert error_codes(body) == ["INVALID"]


def test_malformed_requests_get_4xx(api, client):
    from tests.support.api import URL

    assert (
        client.post(URL, data=b"{", content_type="application/json").status_code == 400
    )
    assert (
        client.post(URL, data=b"[]", content_type="application/json").status_code == 400
    )
    assert (
        client.post(
            URL, data=b'{"query": 5}', content_type="application/json"
        ).status_code
        == 400
    )
    assert (
        client.post(
            URL, data=b'{"query": "{ nope }"}', content_type="application/json"
        ).status_code
        == 400
    )
    assert client.put(URL).status_code == 405


def test_get_shows_the_playground(plugin, client):
    from tests.support.api import URL

    response = client.get(URL)
    assert response.status_code == 200
    assert URL in response.content.decode()


# -- replies, status, notes ------------------------------------------------------------------
def test_staff_reply_is_queued_sent_and_hands_over(api, thread, webchat):
    payload = api.mutate(
        "conversationMessageSend",
        SEND,
        {
            "c": gid("Conversation", thread.conversation.pk),
            "input": {"text": "Yes, 4 left!"},
        },
    )
    message = models.Message.objects.get(
        pk=payload["message"]["id"]
        and models.Message.objects.filter(direction="out")
        .values_list("pk", flat=True)
        .get()
    )
    assert message.text == "Yes, 4 left!" and message.status in {"sent", "delivered"}
    assert payload["message"]["messagingChannel"] == "webchat"
    thread.conversation.refresh_from_db()
    assert thread.conversation.handed_over is True  # the bot stays silent now


def test_reply_outside_the_whatsapp_window_says_why(api, channel_USD):
    from saleor_conversational.messaging.accounts import create_account

    account = create_account(
        channel=channel_USD,
        kind="whatsapp",
        name="WA",
        values={
            "phone_number_id": "1",
            "access_token": "t",
            "app_secret": "s",
            "verify_token": "v",
        },
    )
    contact = models.Contact.objects.create(name="W")
    identity = models.ContactIdentity.objects.create(
        contact=contact,
        account=account,
        address="+31612345678",
        last_inbound_at=timezone.now() - timedelta(days=2),
    )
    conversation = models.Conversation.objects.create(
        contact=contact, channel=channel_USD
    )
    models.Message.objects.create(
        conversation=conversation,
        identity=identity,
        account=account,
        direction="in",
        text="hi",
    )
    payload = api.data(
        SEND,
        {
            "c": gid("Conversation", conversation.pk),
            "input": {"text": "Sorry for the wait"},
        },
    )["conversationMessageSend"]
    assert payload["message"] is None
    assert payload["errors"][0]["code"] == "NOT_SENDABLE"
    assert "24-hour" in payload["errors"][0]["message"]
    assert not models.Message.objects.filter(direction="out").exists()


def test_resolve_gives_back_to_the_bot_and_assign_and_snooze(api, thread, staff):
    thread.conversation.handed_over = True
    thread.conversation.save()
    cid = gid("Conversation", thread.conversation.pk)
    assigned = api.mutate(
        "conversationUpdate",
        UPDATE,
        {"id": cid, "input": {"assignee": gid("User", staff.pk)}},
    )
    assert assigned["conversation"]["assignee"] == {"email": "agent@example.com"}
    resolved = api.mutate(
        "conversationUpdate",
        UPDATE,
        {"id": cid, "input": {"status": "RESOLVED", "unassign": True}},
    )
    assert resolved["conversation"] == {
        "status": "RESOLVED",
        "handedOver": False,
        "assignee": None,
        "snoozedUntil": None,
    }
    later = (timezone.now() + timedelta(hours=2)).isoformat()
    snoozed = api.mutate(
        "conversationUpdate",
        UPDATE,
        {"id": cid, "input": {"status": "SNOOZED", "snoozedUntil": later}},
    )
    assert snoozed["conversation"]["status"] == "SNOOZED"
    from saleor_conversational.inbox.conversations import wake_snoozed

    assert wake_snoozed() == 0
    assert wake_snoozed(timezone.now() + timedelta(hours=3)) == 1
    thread.conversation.refresh_from_db()
    assert thread.conversation.status == "open"


def test_notes_are_for_staff_only(
    api, thread, webchat, client, django_capture_on_commit_callbacks
):
    cid = gid("Conversation", thread.conversation.pk)
    api.mutate(
        "conversationNoteAdd",
        """mutation($c: ID!) { conversationNoteAdd(conversation: $c, text: "Called them")
        { note { id text author { email } } errors { code } } }""",
        {"c": cid},
    )
    notes = api.data(
        "query($c: ID!) { conversation(id: $c) { notes { text author { email } } } }",
        {"c": cid},
    )
    assert notes["conversation"]["notes"] == [
        {"text": "Called them", "author": {"email": "agent@example.com"}}
    ]
    assert not models.Message.objects.filter(
        text="Called them"
    ).exists()  # never sent to the shopper


def test_filters_unread_assignee_status_and_messaging_channel(
    api, thread, staff, channel_USD
):
    other = make_thread(channel_USD, address="session-2", text="Anyone?")
    models.Conversation.objects.filter(pk=other.conversation.pk).update(
        assignee=staff, status="pending"
    )
    query = "query($f: ConversationFilterInput) { conversations(filter: $f) { totalCount edges { node { id } } } }"

    def found(f):
        return {
            e["node"]["id"] for e in api.data(query, {"f": f})["conversations"]["edges"]
        }

    a, b = (
        gid("Conversation", thread.conversation.pk),
        gid("Conversation", other.conversation.pk),
    )
    assert found({"unread": True}) == {a, b}
    api.mutate(
        "conversationMarkRead",
        "mutation($c: ID!) { conversationMarkRead(id: $c) { errors { code } } }",
        {"c": a},
    )
    assert found({"unread": True}) == {b}
    assert found({"assignedToMe": True}) == {b}
    assert found({"unassigned": True}) == {a}
    assert found({"status": ["PENDING"]}) == {b}
    assert found({"messagingChannel": "webchat"}) == {a, b}
    assert found({"messagingChannel": "telegram"}) == set()
    assert found({"channels": [gid("Channel", channel_USD.pk)]}) == {a, b}
    assert (
        found({"updatedSince": (timezone.now() + timedelta(minutes=1)).isoformat()})
        == set()
    )


def test_messages_page_newest_first_with_cursors(api, thread):
    for n in range(5):
        models.Message.objects.create(
            conversation=thread.conversation,
            identity=thread.identity,
            account=thread.identity.account,
            direction="in",
            text=f"m{n}",
            created_at=timezone.now() + timedelta(seconds=n + 1),
        )
    query = """query($c: ID!, $after: String) { conversation(id: $c) { messages(first: 2, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { text } } } } }"""
    seen, after = [], None
    while True:
        page = api.data(
            query, {"c": gid("Conversation", thread.conversation.pk), "after": after}
        )["conversation"]["messages"]
        seen += [e["node"]["text"] for e in page["edges"]]
        assert page["totalCount"] == 6
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == ["m4", "m3", "m2", "m1", "m0", "Is the blue one in stock?"]


def test_contact_search_and_filters(api, thread, customer_user, channel_USD):
    linked = make_thread(
        channel_USD, user=customer_user, address="session-9", name="Leslie"
    )
    query = "query($f: ContactFilterInput) { contacts(filter: $f) { edges { node { id } } } }"

    def found(f):
        return {e["node"]["id"] for e in api.data(query, {"f": f})["contacts"]["edges"]}

    a, b = gid("Contact", thread.contact.pk), gid("Contact", linked.contact.pk)
    assert found({"search": "sam"}) == {a}
    assert found({"search": "session-9"}) == {b}
    assert found({"linked": True}) == {b}
    assert found({"linked": False}) == {a}
    assert found({"messagingChannel": "webchat"}) == {a, b}
    assert found({"consent": {"purpose": "MARKETING", "granted": True}}) == set()
    assert found({"consent": {"purpose": "TRANSACTIONAL", "granted": True}}) == {a, b}


# -- linking ------------------------------------------------------------------------------------
CODE_SEND = """mutation($c: ID!, $e: String!) { contactCustomerLinkCodeSend(contact: $c, email: $e) { errors { code } } }"""
CODE_CONFIRM = """mutation($c: ID!, $code: String!) { contactCustomerLinkCodeConfirm(contact: $c, code: $code)
    { contact { customer { email } } errors { code message } } }"""


def _code_from_mail() -> str:
    import re

    return re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)


def test_an_unproven_claim_does_not_link(api, thread, customer_user):
    # The shopper types the customer's email and phone: stored, never linked.
    api.mutate(
        "contactUpdate",
        """mutation($id: ID!) { contactUpdate(id: $id, input: {email: "test@example.com"})
        { errors { code } } }""",
        {"id": gid("Contact", thread.contact.pk)},
    )
    thread.contact.refresh_from_db()
    assert thread.contact.email == "test@example.com" and thread.contact.user_id is None


def test_a_correct_one_time_code_links(api, thread, customer_user):
    cid = gid("Contact", thread.contact.pk)
    api.mutate(
        "contactCustomerLinkCodeSend", CODE_SEND, {"c": cid, "e": "TEST@example.com"}
    )
    assert mail.outbox[-1].to == ["test@example.com"]
    payload = api.mutate(
        "contactCustomerLinkCodeConfirm",
        CODE_CONFIRM,
        {"c": cid, "code": _code_from_mail()},
    )
    assert payload["contact"]["customer"] == {"email": "test@example.com"}
    assert not models.ContactLinkCode.objects.exists()


def test_the_code_is_emailed_by_celery_and_a_superseded_code_never(
    api, thread, customer_user, monkeypatch
):
    from saleor_conversational import jobs
    from saleor_conversational.contacts import linking

    queued = []
    monkeypatch.setattr(
        jobs, "enqueue", lambda task, *args: queued.append((task.name, args))
    )
    cid = gid("Contact", thread.contact.pk)
    api.mutate(
        "contactCustomerLinkCodeSend", CODE_SEND, {"c": cid, "e": "test@example.com"}
    )
    api.mutate(
        "contactCustomerLinkCodeSend", CODE_SEND, {"c": cid, "e": "test@example.com"}
    )
    assert mail.outbox == []  # nothing is mailed inside the request
    [(name, first), (_, second)] = queued
    assert name == "saleor_conversational.tasks.email_link_code"
    assert linking.email_code(*first) is False  # replaced by the second request
    assert mail.outbox == []
    assert linking.email_code(*second) is True
    assert mail.outbox[-1].to == ["test@example.com"]
    code = _code_from_mail()
    assert code not in repr(second)  # the broker only ever holds it encrypted
    payload = api.mutate(
        "contactCustomerLinkCodeConfirm", CODE_CONFIRM, {"c": cid, "code": code}
    )
    assert payload["contact"]["customer"] == {"email": "test@example.com"}
    assert linking.email_code(*second) is False  # used up


def test_an_unknown_email_sends_nothing_and_says_the_same(api, thread):
    cid = gid("Contact", thread.contact.pk)
    api.mutate(
        "contactCustomerLinkCodeSend", CODE_SEND, {"c": cid, "e": "nobody@example.com"}
    )
    assert mail.outbox == []
    payload = api.data(CODE_CONFIRM, {"c": cid, "code": "123456"})[
        "contactCustomerLinkCodeConfirm"
    ]
    assert payload["errors"][0]["code"] == "INVALID_CODE"


def test_three_wrong_codes_lock_for_a_while(api, staff, thread, customer_user):
    cid = gid("Contact", thread.contact.pk)
    api.mutate(
        "contactCustomerLinkCodeSend", CODE_SEND, {"c": cid, "e": "test@example.com"}
    )
    right = _code_from_mail()
    wrong = "000000" if right != "000000" else "111111"
    codes = [
        api.data(CODE_CONFIRM, {"c": cid, "code": wrong})[
            "contactCustomerLinkCodeConfirm"
        ]["errors"][0]["code"]
        for _ in range(3)
    ]
    assert codes == ["INVALID_CODE", "INVALID_CODE", "LOCKED"]
    # Even the right code, and a fresh one, are refused while locked.
    assert (
        api.data(CODE_CONFIRM, {"c": cid, "code": right})[
            "contactCustomerLinkCodeConfirm"
        ]["errors"][0]["code"]
        == "LOCKED"
    )
    assert (
        api.data(CODE_SEND, {"c": cid, "e": "test@example.com"})[
            "contactCustomerLinkCodeSend"
        ]["errors"][0]["code"]
        == "LOCKED"
    )
    thread.contact.refresh_from_db()
    assert thread.contact.user_id is None
    # After the lock (the contact's, and the address's), a new code works.
    with freeze_time(timezone.now() + LOCK_TIME + timedelta(seconds=5)):
        api.token = user_token(staff)  # the first one has expired meanwhile
        api.mutate(
            "contactCustomerLinkCodeSend",
            CODE_SEND,
            {"c": cid, "e": "test@example.com"},
        )
        api.mutate(
            "contactCustomerLinkCodeConfirm",
            CODE_CONFIRM,
            {"c": cid, "code": _code_from_mail()},
        )
    thread.contact.refresh_from_db()
    assert thread.contact.user_id == customer_user.pk


def test_an_expired_code_does_not_link(api, thread, customer_user):
    cid = gid("Contact", thread.contact.pk)
    api.mutate(
        "contactCustomerLinkCodeSend", CODE_SEND, {"c": cid, "e": "test@example.com"}
    )
    models.ContactLinkCode.objects.update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    payload = api.data(CODE_CONFIRM, {"c": cid, "code": _code_from_mail()})[
        "contactCustomerLinkCodeConfirm"
    ]
    assert payload["errors"][0]["code"] == "CODE_EXPIRED"


def test_staff_link_unlink_and_phone_suggestion(api, thread, channel_USD):
    owner = create_user(email="phone-owner@example.com", password="x")
    owner.addresses.add(
        Address.objects.create(
            first_name="P",
            phone="+31687654321",
            country="NL",
            city="A",
            street_address_1="s",
            postal_code="1000AA",
        )
    )
    models.Contact.objects.filter(pk=thread.contact.pk).update(phone="+31687654321")
    query = "query($id: ID!) { contact(id: $id) { customer { email } suggestedCustomer { email } } }"
    cid = gid("Contact", thread.contact.pk)
    assert api.data(query, {"id": cid})["contact"] == {
        "customer": None,
        "suggestedCustomer": {"email": "phone-owner@example.com"},
    }
    api.mutate(
        "contactCustomerLink",
        """mutation($c: ID!, $u: ID!) { contactCustomerLink(contact: $c, customer: $u)
        { errors { code } } }""",
        {"c": cid, "u": gid("User", owner.pk)},
    )
    assert api.data(query, {"id": cid})["contact"]["customer"] == {
        "email": "phone-owner@example.com"
    }
    api.mutate(
        "contactCustomerUnlink",
        "mutation($c: ID!) { contactCustomerUnlink(contact: $c) { errors { code } } }",
        {"c": cid},
    )
    thread.contact.refresh_from_db()
    assert thread.contact.user_id is None


def test_a_phone_shared_by_two_customers_is_not_suggested(
    api, thread, customer_user, customer_user2
):
    phone = str(customer_user.addresses.first().phone)
    models.Contact.objects.filter(pk=thread.contact.pk).update(phone=phone)
    assert str(customer_user2.addresses.first().phone) == phone
    query = "query($id: ID!) { contact(id: $id) { suggestedCustomer { email } } }"
    assert (
        api.data(query, {"id": gid("Contact", thread.contact.pk)})["contact"][
            "suggestedCustomer"
        ]
        is None
    )


# -- merge and unmerge ------------------------------------------------------------------------------
def _state():
    """Everything a merge touches, as comparable values."""
    return {
        "contacts": sorted(
            models.Contact.objects.values_list(
                "pk", "name", "email", "phone", "user_id", "preferred_identity_id"
            )
        ),
        "identities": sorted(
            models.ContactIdentity.objects.values_list("pk", "contact_id")
        ),
        "conversations": sorted(
            models.Conversation.objects.values_list(
                "pk",
                "contact_id",
                "channel_id",
                "status",
                "last_message_at",
                "assignee_id",
            )
        ),
        "messages": sorted(models.Message.objects.values_list("pk", "conversation_id")),
        "notes": sorted(
            models.ConversationNote.objects.values_list("pk", "conversation_id")
        ),
        "consents": sorted(
            models.Consent.objects.values_list(
                "contact_id", "messaging_channel", "purpose", "granted", "source"
            )
        ),
    }


MERGE = """mutation($s: ID!, $t: ID!) { contactMerge(source: $s, target: $t) {
    contact { id identities { address } conversations { id messages { totalCount } } } merge { id } errors { code } } }"""
UNDO = """mutation($m: ID!) { contactMergeUndo(merge: $m) { contact { id } target { id } errors { code message } } }"""


def test_merge_keeps_everything_and_unmerge_restores_it_exactly(
    api, thread, channel_USD, channel_PLN, customer_user
):
    # The same person on WhatsApp-like web chat session 2, in the same and in another sales channel.
    other = make_thread(
        channel_USD,
        user=customer_user,
        address="session-2",
        text="It's me again",
        name="",
    )
    other.conversation.notes.create(text="note on the other thread")
    pln = make_thread(channel_PLN, address="session-pln", text="Zamówienie?")
    models.ContactIdentity.objects.filter(pk=pln.identity.pk).update(
        contact=other.contact
    )
    models.Conversation.objects.filter(pk=pln.conversation.pk).update(
        contact=other.contact
    )
    models.Contact.objects.filter(pk=pln.contact.pk).delete()
    models.Consent.objects.create(
        contact=other.contact,
        messaging_channel="telegram",
        purpose="marketing",
        granted=True,
        source="keyword_subscribe",
    )
    before = _state()

    payload = api.mutate(
        "contactMerge",
        MERGE,
        {"s": gid("Contact", other.contact.pk), "t": gid("Contact", thread.contact.pk)},
    )
    merged = payload["contact"]
    assert {i["address"] for i in merged["identities"]} == {
        "session-1",
        "session-2",
        "session-pln",
    }
    assert (
        sum(c["messages"]["totalCount"] for c in merged["conversations"])
        == models.Message.objects.count()
        == 3
    )
    assert not models.Contact.objects.filter(pk=other.contact.pk).exists()
    thread.contact.refresh_from_db()
    assert (
        thread.contact.user_id == customer_user.pk
    )  # the proven link travels with the person

    undo = api.mutate("contactMergeUndo", UNDO, {"m": payload["merge"]["id"]})
    assert undo["contact"]["id"] == gid("Contact", other.contact.pk)
    assert _state() == before
    again = api.data(UNDO, {"m": payload["merge"]["id"]})["contactMergeUndo"]
    assert again["errors"][0]["code"] == "ALREADY_UNDONE"


def test_a_stop_after_the_merge_survives_the_unmerge(api, thread, channel_USD):
    other = make_thread(channel_USD, address="session-2", text="hi")
    payload = api.mutate(
        "contactMerge",
        MERGE,
        {"s": gid("Contact", other.contact.pk), "t": gid("Contact", thread.contact.pk)},
    )
    models.Consent.objects.filter(
        contact=thread.contact, messaging_channel="webchat", purpose="transactional"
    ).update(
        granted=False,
        source="keyword_stop",
        updated_at=timezone.now() + timedelta(seconds=1),
    )
    api.mutate("contactMergeUndo", UNDO, {"m": payload["merge"]["id"]})
    assert set(
        models.Consent.objects.filter(purpose="transactional").values_list(
            "contact_id", "granted"
        )
    ) == {(thread.contact.pk, False), (other.contact.pk, False)}


def test_contacts_of_two_different_customers_are_not_merged(
    api, channel_USD, customer_user, customer_user2
):
    a = make_thread(channel_USD, user=customer_user, address="s-a")
    b = make_thread(channel_USD, user=customer_user2, address="s-b")
    payload = api.data(
        MERGE, {"s": gid("Contact", a.contact.pk), "t": gid("Contact", b.contact.pk)}
    )["contactMerge"]
    assert payload["errors"] == [{"code": "ALREADY_LINKED"}]
    assert models.Contact.objects.count() == 2


# -- export and erase ---------------------------------------------------------------------------------
def test_export_is_everything_of_one_customer_and_nothing_of_another(
    api, channel_USD, customer_user, customer_user2
):
    mine = make_thread(
        channel_USD, user=customer_user, address="mine", text="my secret question"
    )
    theirs = make_thread(
        channel_USD, user=customer_user2, address="theirs", text="their secret question"
    )
    data = api.data(
        "query($c: ID!) { customerChatData(customer: $c) }",
        {"c": gid("User", customer_user.pk)},
    )["customerChatData"]
    flat = repr(data)
    assert "my secret question" in flat and "mine" in flat
    assert "their secret" not in flat and str(theirs.contact.pk) not in flat
    (contact,) = data["contacts"]
    assert contact["identities"][0]["address"] == "mine"
    assert contact["consents"] == [
        {
            "messagingChannel": "webchat",
            "purpose": "transactional",
            "granted": True,
            "source": "conversation_started",
            "updatedAt": contact["consents"][0]["updatedAt"],
        }
    ]
    assert [m["text"] for m in contact["conversations"][0]["messages"]] == [
        "my secret question"
    ]
    assert mine.contact.pk


def test_erase_leaves_no_row_of_theirs(api, channel_USD, customer_user, customer_user2):
    mine = make_thread(channel_USD, user=customer_user, address="mine")
    theirs = make_thread(channel_USD, user=customer_user2, address="theirs")
    mine.conversation.notes.create(text="note")
    payload = api.mutate(
        "customerChatDataErase",
        """mutation($u: ID!) { customerChatDataErase(customer: $u)
        { deleted errors { code } } }""",
        {"u": gid("User", customer_user.pk)},
    )
    assert payload["deleted"] >= 5
    assert not models.Contact.objects.filter(pk=mine.contact.pk).exists()
    for model in (
        models.ContactIdentity,
        models.Conversation,
        models.Message,
        models.Consent,
        models.ConversationNote,
    ):
        assert not model.objects.filter(
            **{
                "contact_id"
                if hasattr(model, "contact_id")
                else "conversation__contact_id": mine.contact.pk
            }
            if model not in (models.Message, models.ConversationNote)
            else {"conversation_id": mine.conversation.pk}
        ).exists()
    assert models.Contact.objects.filter(pk=theirs.contact.pk).exists()


def test_erased_with_the_saleor_customer(plugin, channel_USD, customer_user):
    mine = make_thread(channel_USD, user=customer_user, address="mine")
    customer_user.delete()
    assert not models.Contact.objects.filter(pk=mine.contact.pk).exists()
    assert not models.Message.objects.filter(
        conversation_id=mine.conversation.pk
    ).exists()


def test_saleors_customer_delete_erases_through_the_broker_with_ids_only(
    plugin,
    channel_USD,
    customer_user,
    staff_api_client,
    permission_manage_users,
    monkeypatch,
):
    """L13: the erasure task gets an id, never the customer's address; a contact never
    linked to the customer keeps its conversation but loses the customer's address."""
    from saleor.graphql.core.utils import to_global_id_or_none

    from saleor_conversational import tasks

    mine = make_thread(channel_USD, user=customer_user, address="mine")
    unlinked = make_thread(channel_USD, address="typed-their-email")
    models.Contact.objects.filter(pk=unlinked.contact.pk).update(
        email=customer_user.email.upper()
    )
    sent = []
    real_delay = tasks.erase_deleted_customer.delay

    def delay(*args):
        sent.append(args)
        return real_delay(*args)

    monkeypatch.setattr(tasks.erase_deleted_customer, "delay", delay)
    staff_api_client.user.user_permissions.add(permission_manage_users)
    # Saleor's post_graphql runs the on-commit callbacks itself.
    response = staff_api_client.post_graphql(
        "mutation($id: ID!){ customerDelete(id: $id){ errors { message } } }",
        {"id": to_global_id_or_none(customer_user)},
    )
    assert response.json()["data"]["customerDelete"]["errors"] == []
    assert len(sent) == 1
    assert all(isinstance(arg, int) for arg in sent[0])
    assert customer_user.email.lower() not in repr(sent).lower()
    assert not models.Contact.objects.filter(pk=mine.contact.pk).exists()
    unlinked.contact.refresh_from_db()
    assert unlinked.contact.email == ""
    assert models.Message.objects.filter(conversation=unlinked.conversation).exists()
    assert not models.PendingErasure.objects.exists()


def test_an_erasure_recorded_while_the_broker_is_down_carries_no_address(
    plugin, channel_USD, customer_user, monkeypatch
):
    from saleor_conversational import jobs, tasks

    unlinked = make_thread(channel_USD, address="typed-their-email")
    models.Contact.objects.filter(pk=unlinked.contact.pk).update(
        email=customer_user.email
    )

    def broker_down(*args):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.erase_deleted_customer, "delay", broker_down)
    plugin.customer_deleted(customer_user, previous_value=None)
    (pending,) = models.PendingHookEvent.objects.all()
    assert customer_user.email.lower() not in repr(pending.args).lower()
    (erasure,) = models.PendingErasure.objects.all()
    assert customer_user.email not in erasure.email_encrypted
    monkeypatch.undo()
    sent = []
    monkeypatch.setattr(
        jobs.app, "send_task", lambda name, args: sent.append((name, args))
    )
    jobs.replay_pending()
    ((name, args),) = sent
    assert name == tasks.erase_deleted_customer.name
    assert getattr(tasks, name.rsplit(".", 1)[1])(*args) == 0
    unlinked.contact.refresh_from_db()
    assert unlinked.contact.email == ""
    assert not models.PendingErasure.objects.exists()


# -- messaging accounts: credentials are write-only ------------------------------------------------
def test_account_credentials_are_write_only(api, channel_USD):
    payload = api.mutate(
        "messagingAccountCreate",
        """mutation($ch: String!) { messagingAccountCreate(input: {
        channel: $ch, messagingChannel: "telegram", name: "Bot", config: {bot_token: "123:SECRET", secret_token: "abc"}})
        { account { id settings credentialsSet webhookUrl } errors { code message } } }""",
        {"ch": channel_USD.slug},
    )
    account = payload["account"]
    assert "SECRET" not in repr(account)
    assert account["credentialsSet"] == ["bot_token", "secret_token"]
    stored = models.MessagingAccount.objects.get(kind="telegram")
    assert (
        "SECRET" not in stored.credentials_encrypted
        and stored.credentials["bot_token"] == "123:SECRET"
    )
    bad = api.data(
        """mutation($ch: String!) { messagingAccountCreate(input: {channel: $ch, messagingChannel: "pigeon",
        name: "x"}) { account { id } errors { field code } } }""",
        {"ch": channel_USD.slug},
    )["messagingAccountCreate"]
    assert bad["errors"] == [{"field": "messagingChannel", "code": "INVALID"}]


def test_app_token_reaches_the_api(
    plugin, client, django_capture_on_commit_callbacks, app, thread
):
    app.permissions.add(Permission.objects.get(codename="manage_orders"))
    api = Api(client, django_capture_on_commit_callbacks, app_token(app))
    data = api.data("{ conversations { totalCount } }")
    assert data["conversations"]["totalCount"] == 1
    note = api.mutate(
        "conversationNoteAdd",
        """mutation($c: ID!) { conversationNoteAdd(conversation: $c, text: "from app")
        { note { appName author { email } } errors { code } } }""",
        {"c": gid("Conversation", thread.conversation.pk)},
    )
    assert note["note"] == {"appName": app.name, "author": None}


# -- channel-restricted staff ---------------------------------------------------------------
def test_staff_restricted_to_one_sales_channel_see_and_touch_only_its_conversations(
    plugin,
    client,
    django_capture_on_commit_callbacks,
    permission_group_all_perms_channel_USD_only,
    staff_users,
    channel_USD,
    channel_PLN,
    product,
):
    usd = make_thread(channel_USD, address="usd-session", text="Dollar question")
    pln = make_thread(channel_PLN, address="pln-session", text="Zloty question")
    restricted = Api(
        client, django_capture_on_commit_callbacks, user_token(staff_users[1])
    )
    listed = restricted.data("{ conversations(first: 10) { edges { node { id } } } }")
    assert [e["node"]["id"] for e in listed["conversations"]["edges"]] == [
        gid("Conversation", usd.conversation.pk)
    ]
    assert (
        restricted.data(
            "query($id: ID!) { conversation(id: $id) { id } }",
            {"id": gid("Conversation", pln.conversation.pk)},
        )["conversation"]
        is None
    )
    payload = restricted.data(
        SEND, {"c": gid("Conversation", pln.conversation.pk), "input": {"text": "hi"}}
    )["conversationMessageSend"]
    assert payload["message"] is None and payload["errors"][0]["code"] == "NOT_FOUND"
    variant = product.variants.first()
    checkout = restricted.data(
        """mutation($input: ChatCheckoutCreateInput!) { chatCheckoutCreate(input: $input) {
             chatCheckout { id } errors { field code } } }""",
        {
            "input": {
                "contact": gid("Contact", pln.contact.pk),
                "channel": channel_PLN.slug,
                "lines": [
                    {"variantId": gid("ProductVariant", variant.pk), "quantity": 1}
                ],
            }
        },
    )["chatCheckoutCreate"]
    assert checkout["chatCheckout"] is None and checkout["errors"] == [
        {"field": "channel", "code": "NOT_FOUND"}
    ]
    assert models.Message.objects.filter(conversation=pln.conversation).count() == 1
    assert not models.ChatCheckout.objects.exists()
    listed = restricted.data("{ salesChannels { slug } }")["salesChannels"]
    assert [c["slug"] for c in listed] == [channel_USD.slug]


def test_the_reply_identity_lists_the_accounts_approved_templates(api, thread):
    account = thread.identity.account
    account.settings = {
        **account.settings,
        "templates": {
            "order_update": {"language": "en", "body": 1},
            "broken": "not a dict",
        },
    }
    account.save(update_fields=["settings"])
    identity = api.data(
        "query($id: ID!) { conversation(id: $id) { replyIdentity { templates { name language bodyParams } } } }",
        {"id": gid("Conversation", thread.conversation.pk)},
    )["conversation"]["replyIdentity"]
    assert identity["templates"] == [
        {"name": "order_update", "language": "en", "bodyParams": 1}
    ]
