"""Linking a storefront checkout to the web chat (L1): the token is enough for a guest's
checkout; a customer's checkout needs the chat identified as that customer, and then
takes the link over from whichever chat held it."""

from __future__ import annotations

from saleor.account.tests.fixtures.user import (
    dangerously_create_test_user as create_user,
)

from saleor_conversational.models import ChatCheckout, ContactIdentity
from tests.support.api import user_token
from tests.support.fixtures import WebChat


def _chat(client, capture, channel) -> WebChat:
    chat = WebChat(client, capture, channel.slug)
    chat.open()
    return chat


def _link(chat: WebChat, checkout):
    return chat.post("checkout/", {"checkoutToken": str(checkout.token)})


def _identify(chat: WebChat, user) -> None:
    response = chat.post("identify/", {"customerToken": user_token(user)})
    assert response.status_code == 200, response.content


def _contact_of(chat: WebChat):
    address = chat.session.partition(".")[0]
    return ContactIdentity.objects.get(address=address).contact


def test_a_guest_checkout_is_linked_on_its_token_first_come(
    plugin, client, django_capture_on_commit_callbacks, channel_USD, checkout
):
    first = _chat(client, django_capture_on_commit_callbacks, channel_USD)
    second = _chat(client, django_capture_on_commit_callbacks, channel_USD)
    assert _link(first, checkout).json() == {"linked": True}
    assert _link(first, checkout).status_code == 200  # again: still theirs
    refused = _link(second, checkout)
    assert refused.status_code == 409
    assert "already linked to another chat" in refused.json()["error"]
    assert ChatCheckout.objects.get().contact == _contact_of(first)


def test_a_customers_checkout_is_refused_to_an_unidentified_chat(
    plugin, client, django_capture_on_commit_callbacks, channel_USD, user_checkout
):
    stranger = _chat(client, django_capture_on_commit_callbacks, channel_USD)
    response = _link(stranger, user_checkout)
    assert response.status_code == 403
    assert "belongs to a customer account" in response.json()["error"]
    assert not ChatCheckout.objects.exists()


def test_a_chat_identified_as_another_customer_is_refused(
    plugin, client, django_capture_on_commit_callbacks, channel_USD, user_checkout
):
    other = create_user(email="other@example.com", password="x")
    chat = _chat(client, django_capture_on_commit_callbacks, channel_USD)
    _identify(chat, other)
    assert _link(chat, user_checkout).status_code == 403
    assert not ChatCheckout.objects.exists()


def test_the_customers_own_chat_links_it(
    plugin,
    client,
    django_capture_on_commit_callbacks,
    channel_USD,
    user_checkout,
    customer_user,
):
    chat = _chat(client, django_capture_on_commit_callbacks, channel_USD)
    _identify(chat, customer_user)
    assert _link(chat, user_checkout).json() == {"linked": True}
    link = ChatCheckout.objects.get()
    assert link.contact.user_id == customer_user.pk


def test_the_customer_takes_the_link_over_from_another_chat(
    plugin,
    client,
    django_capture_on_commit_callbacks,
    channel_USD,
    checkout,
    customer_user,
):
    """Linked while it was a guest checkout (or by whoever saw its token); once it is the
    customer's, their identified chat takes it, and the other chat cannot take it back."""
    stranger = _chat(client, django_capture_on_commit_callbacks, channel_USD)
    assert _link(stranger, checkout).status_code == 200
    checkout.user = customer_user
    checkout.save(update_fields=["user"])

    own = _chat(client, django_capture_on_commit_callbacks, channel_USD)
    _identify(own, customer_user)
    assert _link(own, checkout).json() == {"linked": True}
    link = ChatCheckout.objects.get()
    assert link.contact == _contact_of(own)
    assert link.contact.user_id == customer_user.pk

    assert _link(stranger, checkout).status_code == 403
    assert ChatCheckout.objects.get().contact == _contact_of(own)
