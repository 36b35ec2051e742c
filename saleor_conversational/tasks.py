"""The module Celery autodiscovers: every task of the plugin, under its stable name.

Each task is defined beside the code that enqueues it (``jobs.task`` names it
``saleor_conversational.tasks.<function>``) and re-exported here; the tasks below are
the ones that belong to no single area, each one call. Sending is at-most-once per
provider call (``messaging/outbound.py``); everything not yet claimed is retried.
"""

from __future__ import annotations

from django.utils import timezone
from saleor.core.db.connection import allow_writer

from saleor_conversational.commerce import refunds, settlement
from saleor_conversational.contacts.linking import email_link_code  # noqa: F401
from saleor_conversational.contacts.privacy import erase_customer
from saleor_conversational.inbox.conversations import wake_snoozed
from saleor_conversational.jobs import replay_pending, task
from saleor_conversational.messaging import inbound, outbound
from saleor_conversational.messaging.inbound import (  # noqa: F401
    mark_inbound_read,
    process_inbound_event,
)
from saleor_conversational.messaging.outbound import send_message  # noqa: F401
from saleor_conversational.notifications import marketing, orders


@task
@allow_writer()
def notify_order_event(
    event: str, order_id: str, fulfillment_id: int | None = None
) -> int:
    return orders.notify_order_event(event, order_id, fulfillment_id)


@task
@allow_writer()
def remind_abandoned_checkouts() -> int:
    return marketing.remind_abandoned_checkouts()


@task
@allow_writer()
def notify_back_in_stock() -> int:
    return marketing.notify_back_in_stock()


@task
@allow_writer()
def erase_customer_data(user_id: int, email: str = "") -> int:
    # ``email`` stays in the signature: rows recorded while the broker was down carry it.
    return erase_customer(user_id)


@task(bind=True, max_retries=20)
@allow_writer()
def refund_chat_transaction(
    self, transaction_token: str, amount: str, request_event_id: int
) -> str:
    """A refund staff requested in the Dashboard on a chat payment's Saleor transaction."""
    return refunds.refund_transaction(transaction_token, amount, request_event_id)


@task
@allow_writer()
def sweep() -> dict[str, int]:
    """Re-enqueue what a broker outage or a lost worker left behind (run by beat)."""
    now = timezone.now()
    return {
        "messages": outbound.requeue_waiting(now),
        "stuck": outbound.settle_interrupted(now),
        "events": inbound.requeue_unprocessed(now),
        "hooks": replay_pending(),
        "payments": settlement.requeue_unsettled(now),
        "woken": wake_snoozed(now),
    }
