"""The account a webhook names is kept per process for a few seconds
(``messaging/webhook_accounts.py``), through Saleor's URLconf: a webhook then costs no
query for it, a change made through the API is seen by the very next webhook, and a
change made elsewhere within ``CACHE_SECONDS``."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from saleor.account.models import Group
from saleor.account.tests.fixtures.user import (
    dangerously_create_test_user as create_user,
)
from saleor.permission.models import Permission

from saleor_conversational.messaging import webhook_accounts
from saleor_conversational.models import MessagingAccount
from tests.support.api import Api, gid, user_token
from tests.support.providers import Provider, post_inbound

UPDATE = """mutation($id: ID!, $input: MessagingAccountUpdateInput!) {
  messagingAccountUpdate(id: $id, input: $input) {
    account { id } errors { field code message } } }"""


@pytest.fixture
def whatsapp(plugin, channel_USD):
    from tests.unit.channels import test_whatsapp

    provider = Provider(test_whatsapp.TestWhatsAppConformance, channel_USD)
    yield provider
    provider.stop()


@pytest.fixture
def merchant(plugin, client, django_capture_on_commit_callbacks):
    user = create_user(email="owner@example.com", password="x", is_staff=True)
    group = Group.objects.create(name="owners")
    group.permissions.add(*Permission.objects.filter(codename="manage_plugins"))
    user.groups.add(group)
    return Api(client, django_capture_on_commit_callbacks, user_token(user))


def _update(merchant: Api, account: MessagingAccount, **input) -> None:
    result = merchant.data(
        UPDATE, {"id": gid("MessagingAccount", account.pk), "input": input}
    )["messagingAccountUpdate"]
    assert result["errors"] == [], result


def _post(provider, client, capture, text: str, config=None):
    request = provider.suite.signed_inbound_text(config or provider.config, text)
    with capture(execute=True):
        return post_inbound(client, provider.path, request)


def _account_queries(queries) -> list[str]:
    table = MessagingAccount._meta.db_table
    return [q["sql"] for q in queries if f'FROM "{table}"' in q["sql"]]


def test_a_kept_account_costs_no_query(
    whatsapp, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    assert _post(whatsapp, client, capture, "first").status_code == 200
    with capture(execute=False):
        with CaptureQueriesContext(connection) as queries:
            response = post_inbound(
                client, whatsapp.path, whatsapp.inbound_text("second")
            )
    assert response.status_code == 200
    assert _account_queries(queries) == []


def test_deactivating_through_the_api_refuses_the_next_webhook(
    whatsapp, client, django_capture_on_commit_callbacks, merchant
):
    capture = django_capture_on_commit_callbacks
    assert _post(whatsapp, client, capture, "before").status_code == 200
    _update(merchant, whatsapp.account, isActive=False)
    response = _post(whatsapp, client, capture, "after")
    assert response.status_code == 404, response.content
    _update(merchant, whatsapp.account, isActive=True)
    assert _post(whatsapp, client, capture, "again").status_code == 200


def test_new_credentials_apply_to_the_next_webhook(
    whatsapp, client, django_capture_on_commit_callbacks, merchant
):
    capture = django_capture_on_commit_callbacks
    assert _post(whatsapp, client, capture, "old secret").status_code == 200
    rotated = {**whatsapp.config, "app_secret": "a-new-app-secret-0123456789abcdef"}
    _update(merchant, whatsapp.account, config={"app_secret": rotated["app_secret"]})
    assert _post(whatsapp, client, capture, "signed with the old").status_code == 401
    assert _post(whatsapp, client, capture, "new", config=rotated).status_code == 200


def test_deleting_the_account_refuses_the_next_webhook(
    whatsapp, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    assert _post(whatsapp, client, capture, "before").status_code == 200
    MessagingAccount.objects.filter(pk=whatsapp.account.pk).delete()
    assert _post(whatsapp, client, capture, "after").status_code == 404


def test_a_change_made_in_another_process_is_seen_within_the_bound(
    whatsapp, client, django_capture_on_commit_callbacks, monkeypatch
):
    capture = django_capture_on_commit_callbacks
    clock = [1000.0]
    monkeypatch.setattr(webhook_accounts.time, "monotonic", lambda: clock[0])
    assert _post(whatsapp, client, capture, "before").status_code == 200
    # Another process's save sends no signal here: an UPDATE does the same.
    MessagingAccount.objects.filter(pk=whatsapp.account.pk).update(is_active=False)
    clock[0] += webhook_accounts.CACHE_SECONDS - 0.5
    assert _post(whatsapp, client, capture, "still kept").status_code == 200
    clock[0] += 0.5
    assert _post(whatsapp, client, capture, "seen").status_code == 404
