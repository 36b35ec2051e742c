"""The Saleor plugin: one global instance, thin hooks, endpoints under its own URL.

Hooks run synchronously right after Saleor's commit. Each one only hands ids to Celery
(the refund hook, inside Saleor's request, also records the failure Saleor itself would
for a transaction nothing handles), catches everything (a hook that raises cancels Saleor's remaining on-commit work),
accepts extra keyword arguments and returns ``previous_value``.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from django.http import HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from saleor.plugins.base_plugin import BasePlugin, ConfigurationTypeField

from saleor_conversational import PLUGIN_ID, jobs, tasks

logger = logging.getLogger(__name__)


def safe_hook(func):
    """Run a hook body without ever raising; always pass ``previous_value`` on."""

    @functools.wraps(func)
    def wrapper(self, *args: Any, **kwargs: Any):
        previous_value = kwargs.get("previous_value")
        try:
            func(self, *args, **kwargs)
        except Exception:
            logger.exception("saleor-conversational hook %s failed", func.__name__)
        return previous_value

    return wrapper


class ConversationalPlugin(BasePlugin):
    PLUGIN_ID = PLUGIN_ID
    PLUGIN_NAME = "Conversational commerce"
    PLUGIN_DESCRIPTION = (
        "Order updates, in-chat checkout and one team inbox across WhatsApp, Messenger, "
        "Instagram, Telegram, SMS, Viber and web chat."
    )
    CONFIGURATION_PER_CHANNEL = False
    DEFAULT_ACTIVE = False
    DEFAULT_CONFIGURATION = [{"name": "webhook_base_url", "value": ""}]
    CONFIG_STRUCTURE = {
        "webhook_base_url": {
            "type": ConfigurationTypeField.OUTPUT,
            "label": "Webhook URLs",
            "help_text": (
                "Give each provider /plugins/global/saleor.conversational/webhooks/<account id>/ "
                "on this Saleor's public URL; `manage.py conversational_accounts list` prints them."
            ),
        },
    }

    # -- inbound HTTP -------------------------------------------------------------
    def webhook(self, request, path: str, previous_value, **kwargs) -> HttpResponse:
        from saleor_conversational import urls

        if not self.active:  # Saleor's legacy /plugins/<id>/ route does not check this
            return JsonResponse({"error": "the plugin is not active"}, status=404)
        try:
            match = resolve(path, urlconf=urls)
        except Resolver404:
            return JsonResponse({"error": f"no such endpoint: {path}"}, status=404)
        allowed = urls.METHODS.get(match.url_name, urls.DEFAULT_METHODS)
        if request.method not in allowed:
            response = JsonResponse(
                {"error": f"{request.method} is not allowed here"}, status=405
            )
            response["Allow"] = ", ".join(sorted(allowed))
            return response
        try:
            return match.func(request, **match.kwargs)
        except Exception:
            logger.exception("saleor-conversational endpoint %s failed", path)
            return JsonResponse(
                {"error": "internal error; try again later"}, status=503
            )

    # -- order events -----------------------------------------------------------------
    def _order_event(self, event: str, order) -> None:
        jobs.enqueue(tasks.notify_order_event, event, str(order.pk))

    @safe_hook
    def order_created(self, order, *args, **kwargs):
        self._order_event("order_created", order)

    @safe_hook
    def order_confirmed(self, order, *args, **kwargs):
        self._order_event("order_confirmed", order)

    @safe_hook
    def order_fully_paid(self, order, *args, **kwargs):
        self._order_event("order_fully_paid", order)

    @safe_hook
    def order_cancelled(self, order, *args, **kwargs):
        self._order_event("order_cancelled", order)

    @safe_hook
    def order_expired(self, order, *args, **kwargs):
        self._order_event("order_expired", order)

    @safe_hook
    def order_refunded(self, order, *args, **kwargs):
        self._order_event("order_refunded", order)

    @safe_hook
    def order_fully_refunded(self, order, *args, **kwargs):
        self._order_event("order_fully_refunded", order)

    def _fulfillment_event(self, event: str, fulfillment) -> None:
        jobs.enqueue(
            tasks.notify_order_event, event, str(fulfillment.order_id), fulfillment.pk
        )

    @safe_hook
    def fulfillment_created(self, fulfillment, *args, **kwargs):
        self._fulfillment_event("fulfillment_created", fulfillment)

    @safe_hook
    def tracking_number_updated(self, fulfillment, *args, **kwargs):
        self._fulfillment_event("tracking_number_updated", fulfillment)

    # -- refunds requested in the Dashboard on chat payments ---------------------------
    def is_event_active(self, event: str, channel: str | None = None):
        # Saleor asks this (without the transaction) before a refund request; claiming
        # refunds in shops without chat payments would hide Saleor's "no app or plugin
        # handles this" error for other transactions. Where it is claimed, the hook
        # records that failure for them (saleor_data/payment_requests.py).
        if event == "transaction_refund_requested":
            try:
                from saleor_conversational.models import PaymentAccount

                return PaymentAccount.objects.filter(is_active=True).exists()
            except Exception:
                logger.exception(
                    "saleor-conversational could not check its payment accounts"
                )
                return False
        return super().is_event_active(event, channel)

    @safe_hook
    def transaction_refund_requested(self, transaction_data, *args, **kwargs):
        from django.db import transaction as db_transaction

        from saleor_conversational.saleor_data import payment_requests
        from saleor_conversational.saleor_data.reads import COMMERCE_APP_IDENTIFIER

        item = transaction_data.transaction
        if item.app_identifier != COMMERCE_APP_IDENTIFIER:
            # Not a chat payment: answer as Saleor would have, had the plugin not
            # claimed the event (its app's webhook or another plugin may take it).
            payment_requests.fail_unhandled_refund_request(transaction_data, PLUGIN_ID)
            return
        task_args = (
            str(item.token),
            str(transaction_data.action_value),
            transaction_data.event.pk,
        )
        # Saleor calls this inside the mutation's transaction: enqueue once it commits.
        db_transaction.on_commit(
            lambda: jobs.enqueue(tasks.refund_chat_transaction, *task_args)
        )

    # -- customer deletion ------------------------------------------------------------
    def _erase(self, user) -> None:
        from saleor_conversational.contacts.privacy import record_erasure

        jobs.enqueue(tasks.erase_deleted_customer, record_erasure(user.pk, user.email))

    @safe_hook
    def customer_deleted(self, user, *args, **kwargs):
        self._erase(user)

    @safe_hook
    def account_deleted(self, user, *args, **kwargs):
        self._erase(user)

    @safe_hook
    def staff_deleted(self, user, *args, **kwargs):
        self._erase(user)
