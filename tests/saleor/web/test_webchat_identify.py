"""A shopper logged in on the storefront links the web chat with their own access token:
the only automatic proof of who they are (issue: one profile per customer)."""

from __future__ import annotations

from saleor.account.tests.fixtures.user import (
    dangerously_create_test_user as create_user,
)

from saleor_conversational.models import Contact, ContactIdentity, ContactMerge, Message
from tests.support.api import make_thread, user_token


def _identify(webchat, token):
    return webchat.post("identify/", {"customerToken": token})


def test_a_valid_customer_token_links_the_chat(webchat, customer_user):
    webchat.open()
    webchat.say("hi")
    response = _identify(webchat, user_token(customer_user))
    assert response.status_code == 200, response.content
    identity = ContactIdentity.objects.get(address=webchat.session.partition(".")[0])
    assert identity.contact.user_id == customer_user.pk
    assert identity.contact.email == customer_user.email


def test_the_chat_joins_the_customers_existing_contact(
    webchat, customer_user, channel_USD
):
    earlier = make_thread(
        channel_USD,
        user=customer_user,
        address="earlier-session",
        text="From last week",
    )
    webchat.open()
    webchat.say("hello again")
    assert _identify(webchat, user_token(customer_user)).status_code == 200
    identity = ContactIdentity.objects.get(address=webchat.session.partition(".")[0])
    assert identity.contact_id == earlier.contact.pk
    assert Contact.objects.filter(user=customer_user).count() == 1
    texts = set(
        Message.objects.filter(conversation__contact=earlier.contact).values_list(
            "text", flat=True
        )
    )
    assert {"From last week", "hello again"} <= texts
    assert (
        ContactMerge.objects.filter(target=earlier.contact).count() == 1
    )  # staff can undo it


def test_invalid_tokens_link_nothing(webchat, customer_user):
    webchat.open()
    webchat.say("hi")
    for body in ({}, {"customerToken": ""}, {"customerToken": 12}):
        response = webchat.post("identify/", body)
        assert response.status_code == 400, response.content
    for token in ("not-a-jwt", user_token(customer_user)[:-4] + "AAAA", "x" * 5000):
        response = _identify(webchat, token)
        assert response.status_code == 401, (token[:20], response.content)
    customer_user.is_active = False
    customer_user.save(update_fields=["is_active"])
    assert _identify(webchat, user_token(customer_user)).status_code == 401
    assert not Contact.objects.filter(user__isnull=False).exists()


def test_without_a_session_nothing_is_linked(webchat, customer_user):
    response = webchat.post(
        "identify/", {"customerToken": user_token(customer_user)}, session=""
    )
    assert response.status_code == 401
    assert not Contact.objects.exists()


def test_a_session_of_another_customer_is_refused(webchat, customer_user):
    other = create_user(email="other@example.com", password="x", is_active=True)
    webchat.open()
    webchat.say("hi")
    assert _identify(webchat, user_token(customer_user)).status_code == 200
    response = _identify(webchat, user_token(other))
    assert response.status_code == 409
    identity = ContactIdentity.objects.get(address=webchat.session.partition(".")[0])
    assert identity.contact.user_id == customer_user.pk
    assert not Contact.objects.filter(user=other).exists()
