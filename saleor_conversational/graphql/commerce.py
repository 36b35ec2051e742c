"""Chat checkouts, payment links and payment alerts in the API: chat payments that need
a person, and refused notifications."""

from __future__ import annotations

import graphene

from saleor_conversational import models
from saleor_conversational.commerce import alerts
from saleor_conversational.commerce.checkout import start_chat_checkout
from saleor_conversational.commerce.payment_links import send_payment_link
from saleor_conversational.graphql import auth
from saleor_conversational.graphql.core import (
    InputError,
    clean_email,
    decode_int,
    get_or_error,
    global_id,
    global_id_field,
)
from saleor_conversational.graphql.mutation import (
    ChatMutation,
    contact_by_id,
    sales_channel_by_slug,
)
from saleor_conversational.graphql.types import (
    ChatCheckout,
)


# -- chat checkout -------------------------------------------------------------------------
class ChatCheckoutLineInput(graphene.InputObjectType):
    variant_id = graphene.ID(required=True, description="A Saleor `ProductVariant` id.")
    quantity = graphene.Int(required=True)


class ChatCheckoutCreateInput(graphene.InputObjectType):
    contact = graphene.ID(required=True)
    channel = graphene.String(required=True, description="The sales channel slug.")
    lines = graphene.List(graphene.NonNull(ChatCheckoutLineInput), required=True)
    email = graphene.String()


class ChatCheckoutCreate(ChatMutation):
    """Create a Saleor checkout for a contact and send the cart (and payment link) in chat."""

    chat_checkout = graphene.Field(ChatCheckout)

    class Arguments:
        input = ChatCheckoutCreateInput(required=True)

    permission = auth.MANAGE_ORDERS

    @classmethod
    def perform(cls, info, input):
        contact = contact_by_id(info.context, input["contact"])
        channel = sales_channel_by_slug(info.context, input["channel"])
        if not models.ContactIdentity.objects.filter(
            contact=contact, account__channel=channel
        ).exists():
            raise InputError(
                "contact",
                "channel_mismatch",
                "The contact has no messaging channel in this sales channel.",
            )
        email = (input.get("email") or "").strip() or None
        if email:
            clean_email(email)
        lines = [
            (
                decode_int(line["variant_id"], "ProductVariant", "lines"),
                line["quantity"],
            )
            for line in input["lines"]
        ]
        chat_checkout = start_chat_checkout(
            contact=contact, channel=channel, lines=lines, email=email
        )
        return cls(chat_checkout=chat_checkout, errors=[])


class ChatCheckoutPaymentLinkSend(ChatMutation):
    """Send a fresh payment link for an open chat checkout (the old link can no longer pay)."""

    chat_checkout = graphene.Field(ChatCheckout)

    class Arguments:
        id = graphene.ID(required=True, description="The ChatCheckout id.")

    permission = auth.MANAGE_ORDERS

    @classmethod
    def perform(cls, info, id):
        pk = decode_int(id, "ChatCheckout", "id")
        visible = auth.visible_conversations(info.context).values("contact_id")
        allowed = auth.accessible_channel_ids(info.context)
        qs = models.ChatCheckout.objects.filter(contact_id__in=visible)
        if allowed is not None:
            qs = qs.filter(channel_id__in=allowed)
        chat_checkout = get_or_error(qs, pk, "ChatCheckout", "id")
        send_payment_link(chat_checkout)
        return cls(chat_checkout=chat_checkout, errors=[])


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
        account = root.account
        return account.channel.slug if account and account.channel_id else None

    @staticmethod
    def resolve_chat_checkout(root, info):
        return root.payment_link.chat_checkout if root.payment_link else None

    @staticmethod
    def resolve_conversation_id(root, info):
        chat_checkout = root.payment_link.chat_checkout if root.payment_link else None
        if chat_checkout is None:  # no link, or its customer was erased
            return None
        found = (
            auth.visible_conversations(info.context, strict=False)
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
            qs = qs.filter(
                account__channel=sales_channel_by_slug(info.context, channel)
            )
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
