"""L15: an account's messagesPerSecond is bounded (0.1-1000): a negative rate would turn
pacing off and a tiny one would hold every send for hours."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from saleor.account.models import Group
from saleor.account.tests.fixtures.user import (
    dangerously_create_test_user as create_user,
)
from saleor.permission.models import Permission

from saleor_conversational import models
from saleor_conversational.core.ratelimit import reserve_slot
from saleor_conversational.messaging.accounts import create_account
from tests.support.api import Api, gid, make_thread, user_token

CREATE = """mutation($ch: String!, $rate: Float) { messagingAccountCreate(input: {
  channel: $ch, messagingChannel: "telegram", name: "Bot", messagesPerSecond: $rate,
  config: {bot_token: "123:SECRET", secret_token: "abc"}})
  { account { id messagesPerSecond } errors { field code message } } }"""
UPDATE = """mutation($id: ID!, $input: MessagingAccountUpdateInput!) {
  messagingAccountUpdate(id: $id, input: $input) {
    account { messagesPerSecond } errors { field code message } } }"""
OUT_OF_RANGE = [-1.0, 0.0, 0.0001, 0.09, 1000.5, 1e9]


@pytest.fixture
def account_api(plugin, client, django_capture_on_commit_callbacks, channel_USD):
    account = make_thread(channel_USD, address="s").identity.account
    user = create_user(email="plugins@example.com", password="x", is_staff=True)
    group = Group.objects.create(name="plugins")
    group.permissions.add(Permission.objects.get(codename="manage_plugins"))
    user.groups.add(group)
    return account, Api(client, django_capture_on_commit_callbacks, user_token(user))


@pytest.mark.parametrize("rate", OUT_OF_RANGE)
def test_create_refuses_a_rate_out_of_range(account_api, channel_USD, rate):
    _, api = account_api
    before = models.MessagingAccount.objects.count()
    payload = api.data(CREATE, {"ch": channel_USD.slug, "rate": rate})[
        "messagingAccountCreate"
    ]
    assert payload["account"] is None
    [error] = payload["errors"]
    assert (error["field"], error["code"]) == ("messagesPerSecond", "INVALID")
    assert "between 0.1 and 1000" in error["message"]
    assert models.MessagingAccount.objects.count() == before


@pytest.mark.parametrize("rate", OUT_OF_RANGE)
def test_update_refuses_a_rate_out_of_range(account_api, rate):
    account, api = account_api
    payload = api.data(
        UPDATE,
        {
            "id": gid("MessagingAccount", account.pk),
            "input": {"messagesPerSecond": rate},
        },
    )["messagingAccountUpdate"]
    assert payload["account"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [
        ("messagesPerSecond", "INVALID")
    ]
    account.refresh_from_db()
    assert account.messages_per_second is None


@pytest.mark.parametrize("rate", [0.1, 2.5, 1000.0])
def test_rates_in_range_are_kept(account_api, rate):
    account, api = account_api
    payload = api.data(
        UPDATE,
        {
            "id": gid("MessagingAccount", account.pk),
            "input": {"messagesPerSecond": rate},
        },
    )["messagingAccountUpdate"]
    assert payload["errors"] == []
    assert payload["account"]["messagesPerSecond"] == rate


def test_the_model_refuses_a_rate_out_of_range(channel_USD):
    with pytest.raises(ValidationError) as refused:
        create_account(
            channel=channel_USD,
            kind="telegram",
            name="Bot",
            values={"bot_token": "123:SECRET", "secret_token": "abc"},
            messages_per_second=-3,
        )
    assert "messages_per_second" in refused.value.error_dict


@pytest.mark.parametrize("stored", [-5.0, 0.0001])
def test_a_stored_rate_out_of_range_still_paces_within_bounds(stored):
    """A row written before the check existed: pacing stays on (one send per 10 s at
    the slowest), and no send waits for hours."""
    key = f"test-bounds-{stored}"
    first = reserve_slot(key, stored)
    second = reserve_slot(key, stored)
    assert 10 <= second - first <= 11
