"""A client for the plugin's GraphQL API through Saleor's URLconf, and its test data."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import graphene
from django.utils import timezone
from saleor.core.jwt import create_access_token

from saleor_conversational import models
from saleor_conversational.views.webchat import webchat_account
from tests.support.fixtures import BASE

URL = f"{BASE}graphql/"


def gid(type_name: str, pk) -> str:
    return graphene.Node.to_global_id(type_name, str(pk))


class Api:
    def __init__(self, client, capture, token: str = "") -> None:
        self.client, self.capture, self.token = client, capture, token

    def post(self, query: str, variables: dict | None = None):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}
        with self.capture(execute=True):
            return self.client.post(
                URL,
                data=json.dumps({"query": query, "variables": variables or {}}),
                content_type="application/json",
                **headers,
            )

    def execute(self, query: str, variables: dict | None = None) -> dict:
        response = self.post(query, variables)
        assert response.status_code in (200, 400), response.content
        return response.json()

    def data(self, query: str, variables: dict | None = None) -> dict:
        body = self.execute(query, variables)
        assert "errors" not in body, body
        return body["data"]

    def mutate(self, name: str, query: str, variables: dict | None = None) -> dict:
        """The payload of mutation ``name``, asserting it reported no errors."""
        payload = self.data(query, variables)[name]
        assert payload["errors"] == [], payload["errors"]
        return payload


def error_codes(body: dict) -> list[str]:
    return [
        e.get("extensions", {}).get("exception", {}).get("code")
        for e in body.get("errors", [])
    ]


@dataclass
class Thread:
    contact: models.Contact
    identity: models.ContactIdentity
    conversation: models.Conversation
    messages: list = field(default_factory=list)


def make_thread(
    channel, *, user=None, address: str, text: str = "Hello", name: str = ""
) -> Thread:
    """A web chat contact with one inbound message, as if the shopper had written."""
    account = webchat_account(channel)
    contact = models.Contact.objects.create(
        user=user, name=name or address, email=user.email if user else ""
    )
    identity = models.ContactIdentity.objects.create(
        contact=contact,
        account=account,
        address=address,
        last_inbound_at=timezone.now(),
    )
    conversation = models.Conversation.objects.create(contact=contact, channel=channel)
    message = models.Message.objects.create(
        conversation=conversation,
        identity=identity,
        account=account,
        direction=models.Direction.INBOUND,
        text=text,
        status="delivered",
    )
    models.Consent.objects.create(
        contact=contact,
        messaging_channel="webchat",
        purpose="transactional",
        granted=True,
        source="conversation_started",
    )
    return Thread(contact, identity, conversation, [message])


def user_token(user) -> str:
    return create_access_token(user)


def app_token(app) -> str:
    _, raw = app.tokens.create(name="conversational tests")
    return raw
