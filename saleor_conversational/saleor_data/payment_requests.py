"""Saleor's own answer to a refund request that nothing handles.

The plugin claims ``transaction_refund_requested`` for every transaction (Saleor asks
without naming one), which makes Saleor skip its check "no app or plugin handles this"
(``saleor/payment/gateway.py::_request_payment_action``). For transactions that are not
the plugin's, this gives the answer Saleor would have given: the failed refund event
with Saleor's message, unless the transaction's app has a refund webhook or another
active plugin takes the request (Saleor's webhook plugin records its own failure).
"""

from __future__ import annotations

from saleor.payment.utils import (
    create_failed_transaction_event,
    recalculate_refundable_for_checkout,
)
from saleor.webhook.event_types import WebhookEventSyncType
from saleor.webhook.utils import get_webhooks_for_event

NO_HANDLER = "No app or plugin is configured to handle payment action requests."
REFUND_REQUESTED = "transaction_refund_requested"


def _sales_channel_slug(item) -> str | None:
    owner = item.order or item.checkout
    return owner.channel.slug if owner is not None else None


def _another_plugin_takes_it(item, own_plugin_id: str) -> bool:
    from saleor.plugins.manager import get_plugins_manager

    manager = get_plugins_manager(allow_replica=False)
    return any(
        plugin.PLUGIN_ID != own_plugin_id and hasattr(plugin, REFUND_REQUESTED)
        for plugin in manager.get_plugins(
            channel_slug=_sales_channel_slug(item), active_only=True
        )
    )


def _owner_app_has_refund_webhook(transaction_data) -> bool:
    owner = transaction_data.transaction_app_owner
    return owner is not None and (
        get_webhooks_for_event(
            WebhookEventSyncType.TRANSACTION_REFUND_REQUESTED, apps_ids=[owner.pk]
        ).exists()
    )


def fail_unhandled_refund_request(transaction_data, own_plugin_id: str) -> bool:
    """Record Saleor's failed refund event when nothing else answers this request;
    True when it did."""
    item = transaction_data.transaction
    if _owner_app_has_refund_webhook(transaction_data):
        return False
    if _another_plugin_takes_it(item, own_plugin_id):
        return False
    recalculate_refundable_for_checkout(item, transaction_data.event)
    create_failed_transaction_event(transaction_data.event, cause=NO_HANDLER)
    return True
