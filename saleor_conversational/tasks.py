"""The module Celery autodiscovers: every task of the plugin, under its stable name.

Each task is defined beside the code that enqueues it (``jobs.task`` names it
``saleor_conversational.tasks.<function>``) and re-exported here; the tasks below are
the ones that belong to no single area, each one call. Sending is at-most-once per
provider call (``messaging/outbound.py``); everything not yet claimed is retried.
"""

from __future__ import annotations

import logging

from django.utils import timezone
from saleor.core.db.connection import allow_writer

from saleor_conversational.commerce import refunds, settlement
from saleor_conversational.contacts.linking import email_link_code  # noqa: F401
from saleor_conversational.contacts.privacy import erase_customer, erase_pending
from saleor_conversational.inbox.conversations import wake_snoozed
from saleor_conversational.jobs import backoff_seconds, enqueue, replay_pending, task
from saleor_conversational.messaging import inbound, outbound, replay, webchat_sessions
from saleor_conversational.messaging.inbound import (  # noqa: F401
    mark_inbound_read,
    process_inbound_event,
)
from saleor_conversational.messaging.outbound import send_message  # noqa: F401
from saleor_conversational.notifications import marketing, orders

logger = logging.getLogger(__name__)


@task(bind=True, max_retries=10)
@allow_writer()
def notify_order_event(
    self, event: str, order_id: str, fulfillment_id: int | None = None
) -> int:
    """Idempotent (one message per purpose), so any error is retried with backoff."""
    try:
        return orders.notify_order_event(event, order_id, fulfillment_id)
    except Exception as exc:
        if self.request.retries >= self.max_retries:
            logger.exception(
                "Order update %s for order %s given up after %s attempts",
                event,
                order_id,
                self.request.retries + 1,
            )
            raise
        logger.warning(
            "Order update %s for order %s: %r; retrying", event, order_id, exc
        )
        raise self.retry(countdown=backoff_seconds(self.request.retries + 1)) from exc


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
    # Kept for tasks and PendingHookEvent rows made before erase_deleted_customer.
    return erase_customer(user_id, email)


@task
@allow_writer()
def erase_deleted_customer(erasure_id: int) -> int:
    """Saleor deleted a customer: erase their chat data (a ``PendingErasure`` id, so no
    address travels through the broker)."""
    return erase_pending(erasure_id)


@task(bind=True, max_retries=5)
@allow_writer()
def refund_chat_transaction(
    self, transaction_token: str, amount: str, request_event_id: int
) -> str:
    """A refund staff requested in the Dashboard on a chat payment's Saleor transaction.
    Idempotent per request (``RefundRequest``); what the retries leave, the sweeper
    takes up."""
    try:
        return refunds.refund_transaction(transaction_token, amount, request_event_id)
    except refunds.RefundPending as exc:
        if self.request.retries >= self.max_retries:
            logger.warning(
                "Refund request %s: %s; left to the sweeper", request_event_id, exc
            )
            return "pending"
        raise self.retry(countdown=backoff_seconds(self.request.retries + 1)) from exc


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
        "refunds": _requeue_refunds(now),
        "woken": wake_snoozed(now),
        "ended_sessions": webchat_sessions.purge_ended(now),
    }


@task
@allow_writer()
def purge_replay_keys() -> dict[str, int]:
    """Forget inbound replay keys and processed events older than the replay window
    (run by beat, hourly)."""
    now = timezone.now()
    return {
        "replay_keys": replay.purge(now),
        "processed_events": replay.purge_processed_events(now),
    }


def _requeue_refunds(now) -> int:
    unfinished = refunds.unfinished_refunds(now)
    for args in unfinished:
        enqueue(refund_chat_transaction, *args)
    return len(unfinished)
