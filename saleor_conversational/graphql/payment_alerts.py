"""Payment alerts for staff: chat payments that need a person, and refused notifications."""

from __future__ import annotations

import graphene

from saleor_conversational import models
from saleor_conversational.commerce import alerts
from saleor_conversational.graphql import auth
from saleor_conversational.graphql.core import (
    decode_int,
    get_or_error,
    global_id,
    global_id_field,
)
from saleor_conversational.graphql.mutations import ChatMutation, _sales_channel
from saleor_conversational.graphql.types import ChatCheckout

MAX_ALERTS = 100


class PaymentAlert(graphene.ObjectType):
    """Logged at the moment it happened; kept here until someone resolves it."""

    id = global_id_field("PaymentAlert")
    code = graphene.String(
        required=True,
        description=(
            "amount_mismatch, refund_failed, or for notifications refused before any payment was "
            "touched: notification_forged, notification_stale, notification_unsigned, "
            "notification_malformed, notification_unknown_payment, notification_unmatched_link."
        ),
    )
    detail = graphene.String(required=True)
    occurrences = graphene.Int(
        required=True, description="Refused notifications are counted on one alert."
    )
    created_at = graphene.DateTime(required=True)
    last_seen_at = graphene.DateTime(required=True)
    resolved_at = graphene.DateTime()
    resolved_by_id = global_id_field("User", "resolved_by_id", required=False)
    provider = graphene.String(
        description="stripe or mollie; null once the payment account is deleted."
    )
    payment_account_name = graphene.String()
    channel_slug = graphene.String(description="The payment account's sales channel.")
    chat_checkout = graphene.Field(ChatCheckout)
    conversation_id = graphene.ID(
        description="The shopper's conversation in that sales channel, if any."
    )

    @staticmethod
    def resolve_provider(root, info):
        return root.account.provider if root.account else None

    @staticmethod
    def resolve_payment_account_name(root, info):
        return root.account.name if root.account else None

    @staticmethod
    def resolve_channel_slug(root, info):
        return root.account.channel.slug if root.account else None

    @staticmethod
    def resolve_chat_checkout(root, info):
        return root.payment_link.chat_checkout if root.payment_link else None

    @staticmethod
    def resolve_conversation_id(root, info):
        if root.payment_link is None:
            return None
        chat_checkout = root.payment_link.chat_checkout
        found = (
            auth.visible_conversations(info.context)
            .filter(
                contact_id=chat_checkout.contact_id, channel_id=chat_checkout.channel_id
            )
            .values_list("pk", flat=True)
            .first()
        )
        return global_id("Conversation", found) if found else None


def visible_alerts(context):
    """All alerts for unrestricted staff; a channel-restricted member sees their channels'."""
    qs = models.PaymentAlert.objects.select_related(
        "account__channel", "payment_link__chat_checkout__channel"
    )
    channels = auth.accessible_channel_ids(context)
    return qs if channels is None else qs.filter(account__channel_id__in=channels)


class PaymentAlertQueries(graphene.ObjectType):
    payment_alerts = graphene.List(
        graphene.NonNull(PaymentAlert),
        resolved=graphene.Boolean(default_value=False),
        channel=graphene.String(description="A sales channel slug."),
        description=f"Newest first (by last occurrence), at most {MAX_ALERTS}. Needs MANAGE_ORDERS.",
    )

    @staticmethod
    def resolve_payment_alerts(root, info, resolved=False, channel=None):
        auth.require(info.context, auth.MANAGE_ORDERS)
        qs = visible_alerts(info.context).filter(resolved_at__isnull=not resolved)
        if channel:
            qs = qs.filter(account__channel=_sales_channel(info.context, channel))
        return qs[:MAX_ALERTS]


class PaymentAlertResolve(ChatMutation):
    """Mark an alert handled; a refused notification arriving later opens a new one."""

    payment_alert = graphene.Field(PaymentAlert)

    class Arguments:
        id = graphene.ID(required=True)

    permission = auth.MANAGE_ORDERS

    @classmethod
    def perform(cls, info, id):
        alert = get_or_error(
            visible_alerts(info.context),
            decode_int(id, "PaymentAlert", "id"),
            "PaymentAlert",
            "id",
        )
        return cls(
            payment_alert=alerts.resolve(alert, auth.user_of(info.context)), errors=[]
        )


class PaymentAlertMutations(graphene.ObjectType):
    payment_alert_resolve = PaymentAlertResolve.Field()
