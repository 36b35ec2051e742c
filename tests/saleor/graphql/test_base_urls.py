"""M2: an account's base URL receives its credentials, so moving it needs them entered
again, and only HTTPS on a public address is accepted unless the setting allows more."""

from __future__ import annotations

import pytest
from saleor.account.models import Group
from saleor.account.tests.fixtures.user import (
    dangerously_create_test_user as create_user,
)
from saleor.permission.models import Permission

from saleor_conversational import models
from tests.support.api import Api, gid, make_thread, user_token

UPDATE = """mutation($id: ID!, $input: MessagingAccountUpdateInput!) {
  messagingAccountUpdate(id: $id, input: $input) {
    account { baseUrl } errors { field code message } } }"""


@pytest.fixture
def account_api(plugin, client, django_capture_on_commit_callbacks, channel_USD):
    account = make_thread(channel_USD, address="s").identity.account
    user = create_user(email="plugins@example.com", password="x", is_staff=True)
    group = Group.objects.create(name="plugins")
    group.permissions.add(Permission.objects.get(codename="manage_plugins"))
    user.groups.add(group)
    return account, Api(client, django_capture_on_commit_callbacks, user_token(user))


def _update(api, account, **input):
    return api.data(
        UPDATE, {"id": gid("MessagingAccount", account.pk), "input": input}
    )["messagingAccountUpdate"]


def test_moving_the_base_url_needs_the_credentials_again(account_api):
    account, api = account_api
    secret = account.credentials["session_secret"]
    payload = _update(api, account, baseUrl="https://attacker.example/")
    assert payload["account"] is None
    assert payload["errors"][0]["field"] == "config"
    assert payload["errors"][0]["code"] == "REQUIRED"
    assert "session_secret" in payload["errors"][0]["message"]
    account.refresh_from_db()
    assert account.base_url == ""
    # Knowing the credentials is the proof (the fakes' loopback host is allowed here).
    moved = _update(
        api, account, baseUrl="http://127.0.0.1:9/", config={"session_secret": secret}
    )
    assert moved["errors"] == []
    assert moved["account"]["baseUrl"] == "http://127.0.0.1:9/"


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://example.com/", "https://"),
        ("https://127.0.0.1/", "private, loopback or link-local"),
        ("https://169.254.169.254/latest/", "private, loopback or link-local"),
        ("https://10.0.0.5/", "private, loopback or link-local"),
        ("https://localhost/", "private, loopback or link-local"),
    ],
)
def test_only_https_on_a_public_address_unless_allowed(
    account_api, settings, url, words
):
    settings.CONVERSATIONAL_ALLOW_PRIVATE_BASE_URLS = False
    account, api = account_api
    secret = account.credentials["session_secret"]
    payload = _update(api, account, baseUrl=url, config={"session_secret": secret})
    assert payload["account"] is None
    assert payload["errors"][0]["field"] == "baseUrl"
    assert words in payload["errors"][0]["message"]
    account.refresh_from_db()
    assert account.base_url == ""


def test_payment_accounts_refuse_private_base_urls(settings, channel_USD):
    from django.core.exceptions import ValidationError

    settings.CONVERSATIONAL_ALLOW_PRIVATE_BASE_URLS = False
    account = models.PaymentAccount(
        channel=channel_USD, provider="stripe", name="S", base_url="https://10.1.2.3/"
    )
    account.secrets = {"api_key": "sk_test_x", "webhook_secret": "whsec_x"}
    with pytest.raises(ValidationError) as raised:
        account.full_clean()
    assert "base_url" in raised.value.message_dict
