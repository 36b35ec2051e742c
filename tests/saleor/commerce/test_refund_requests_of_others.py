"""Refund requests on transactions that are not chat payments get Saleor's own answer,
although the plugin claims the refund event wherever chat payments are configured."""

from __future__ import annotations

import json
from decimal import Decimal

import graphene
import pytest
from saleor.payment.models import TransactionEvent
from saleor.webhook.event_types import WebhookEventSyncType
from saleor.webhook.models import Webhook, WebhookEvent

from saleor_conversational.models import PaymentAccount
from saleor_conversational.saleor_data.payment_requests import NO_HANDLER
from tests.support.fixtures import PLUGIN_PATH

REFUND = """
mutation($id: ID!) {
  transactionRequestAction(id: $id, actionType: REFUND, amount: 4) {
    errors { field code message }
  }
}
"""
WEBHOOK_PLUGIN = "saleor.plugins.webhook.plugin.WebhookPlugin"


@pytest.fixture
def chat_payments(plugin, channel_USD):
    """An active payment account: the plugin claims refund requests from now on."""
    account = PaymentAccount(channel=channel_USD, provider="stripe", name="Stripe")
    account.secrets = {"api_key": "sk_test_x", "webhook_secret": "whsec_x"}
    account.save()
    return account


@pytest.fixture
def others_transaction(order_with_lines, transaction_item_generator, app):
    return transaction_item_generator(
        order_id=order_with_lines.pk,
        app=app,
        app_identifier=app.identifier,
        charged_value=Decimal(10),
    )


def _request_refund(staff_api_client, permission_group_handle_payments, item, capture):
    staff_api_client.user.groups.add(permission_group_handle_payments)
    with capture(execute=True):
        response = staff_api_client.post_graphql(
            REFUND, {"id": graphene.Node.to_global_id("TransactionItem", item.token)}
        )
    content = json.loads(response.content)
    assert "errors" not in content, content
    return content["data"]["transactionRequestAction"]["errors"]


def _failures(item):
    return list(
        TransactionEvent.objects.filter(transaction=item, type="refund_failure")
    )


def test_another_apps_transaction_without_a_refund_webhook_gets_saleors_failure(
    chat_payments,
    others_transaction,
    staff_api_client,
    permission_group_handle_payments,
    django_capture_on_commit_callbacks,
):
    _request_refund(
        staff_api_client,
        permission_group_handle_payments,
        others_transaction,
        django_capture_on_commit_callbacks,
    )
    [failure] = _failures(others_transaction)
    assert failure.message == NO_HANDLER
    assert failure.amount_value == Decimal("4.00")
    assert failure.include_in_calculations is False


def test_without_chat_payments_saleor_itself_refuses_with_the_same_failure(
    plugin,
    others_transaction,
    staff_api_client,
    permission_group_handle_payments,
    django_capture_on_commit_callbacks,
):
    errors = _request_refund(
        staff_api_client,
        permission_group_handle_payments,
        others_transaction,
        django_capture_on_commit_callbacks,
    )
    assert [e["message"] for e in errors] == [NO_HANDLER]
    [failure] = _failures(others_transaction)
    assert failure.message == NO_HANDLER


def test_an_app_with_a_refund_webhook_is_left_to_answer(
    chat_payments,
    others_transaction,
    app,
    permission_manage_payments,
    staff_api_client,
    permission_group_handle_payments,
    django_capture_on_commit_callbacks,
):
    app.permissions.add(permission_manage_payments)
    webhook = Webhook.objects.create(
        app=app, name="refunds", target_url="https://app.example/refund"
    )
    WebhookEvent.objects.create(
        webhook=webhook, event_type=WebhookEventSyncType.TRANSACTION_REFUND_REQUESTED
    )
    _request_refund(
        staff_api_client,
        permission_group_handle_payments,
        others_transaction,
        django_capture_on_commit_callbacks,
    )
    assert _failures(others_transaction) == []


def test_saleors_webhook_plugin_answers_once_and_the_plugin_adds_nothing(
    chat_payments,
    others_transaction,
    settings,
    staff_api_client,
    permission_group_handle_payments,
    django_capture_on_commit_callbacks,
):
    settings.PLUGINS = [WEBHOOK_PLUGIN, PLUGIN_PATH]
    _request_refund(
        staff_api_client,
        permission_group_handle_payments,
        others_transaction,
        django_capture_on_commit_callbacks,
    )
    [failure] = _failures(others_transaction)
    assert failure.message == "Cannot find a webhook that can process the action."
