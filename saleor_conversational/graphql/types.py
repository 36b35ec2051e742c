"""The API's object types. Saleor objects appear as Saleor global ids (``User``,
``Channel``, ``Order``, ``Checkout``), never as Saleor's own graphene types."""

from __future__ import annotations

from datetime import timedelta

import graphene
from graphene.types.generic import GenericScalar

from saleor_conversational import models
from saleor_conversational.contacts.linking import suggested_customer
from saleor_conversational.graphql import auth
from saleor_conversational.graphql.core import (
    MAX_CHILD_LIST,
    connection_type,
    global_id,
    global_id_field,
    path_field,
)
from saleor_conversational.messaging.accounts import webhook_url
from saleor_conversational.saleor_data import reads as saleor_data

ConversationStatusEnum = graphene.Enum(
    "ConversationStatusEnum", [(s.name, s.value) for s in models.ConversationStatus]
)
MessageDirectionEnum = graphene.Enum(
    "MessageDirectionEnum", [("INBOUND", "in"), ("OUTBOUND", "out")]
)
DeliveryStatusEnum = graphene.Enum(
    "DeliveryStatusEnum",
    [
        (v.upper(), v)
        for v in (
            "queued",
            "sending",
            "sent",
            "failed",
            "uncertain",
            "delivered",
            "read",
        )
    ],
)
ConsentPurposeEnum = graphene.Enum(
    "ConsentPurposeEnum", [(p.name, p.value) for p in models.ConsentPurpose]
)
MessageCategoryEnum = graphene.Enum(
    "MessageCategoryEnum", [(c.name, c.value) for c in models.MessageCategory]
)


class StaffUser(graphene.ObjectType):
    """A Saleor user, as far as the inbox needs it."""

    id = graphene.ID(required=True, description="The Saleor `User` global id.")
    email = graphene.String(required=True)
    first_name = graphene.String(required=True)
    last_name = graphene.String(required=True)

    @staticmethod
    def from_user(user):
        if user is None:
            return None
        return StaffUser(
            id=global_id("User", user.pk),
            email=user.email,
            first_name=user.first_name,
            last_name=user.last_name,
        )

    @staticmethod
    def first_name_only(user):
        """A staff member as a shopper may see them: the first name, nothing else."""
        if user is None:
            return None
        return StaffUser(
            id=global_id("User", user.pk),
            email="",
            first_name=user.first_name,
            last_name="",
        )


class FailedInboundEvent(graphene.ObjectType):
    """A provider event that could not be processed and was given up after its
    attempts; its raw body is kept until the sender's customer is erased."""

    id = global_id_field("InboundEvent")
    received_at = graphene.DateTime(required=True)
    failed_at = graphene.DateTime(required=True)
    attempts = graphene.Int(required=True)
    error = graphene.String(required=True, description="The last attempt's error.")


class MessagingAccount(graphene.ObjectType):
    id = global_id_field("MessagingAccount")
    name = graphene.String(required=True)
    messaging_channel = path_field(
        graphene.String,
        "kind",
        required=True,
        description="The adapter: whatsapp, telegram, ...",
    )
    channel_id = global_id_field(
        "Channel",
        "channel_id",
        description="The Saleor `Channel` (sales channel) global id.",
    )
    channel_slug = path_field(graphene.String, "channel.slug", required=True)
    is_active = graphene.Boolean(required=True)
    base_url = graphene.String(required=True)
    settings = GenericScalar(required=True, description="Non-secret configuration.")
    credentials_set = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="Names of the credentials that are set; their values are write-only.",
    )
    webhook_url = graphene.String(required=True)
    messages_per_second = graphene.Float()
    failed_inbound_events = graphene.List(
        graphene.NonNull(FailedInboundEvent),
        required=True,
        description="The latest 50 events of this account given up as failed, newest "
        "first.",
    )

    @staticmethod
    def resolve_failed_inbound_events(root, info):
        return models.InboundEvent.objects.filter(
            account_id=root.pk, failed_at__isnull=False
        ).order_by("-failed_at")[:50]

    @staticmethod
    def resolve_credentials_set(root, info):
        return sorted(k for k, v in root.credentials.items() if v)

    @staticmethod
    def resolve_webhook_url(root, info):
        return webhook_url(root)


class MessageTemplate(graphene.ObjectType):
    """An approved template declared on the messaging account (settings["templates"])."""

    name = graphene.String(required=True)
    language = graphene.String(required=True)
    body_params = graphene.Int(
        required=True, description="How many body parameters it takes."
    )
    header_params = graphene.Int(required=True)
    button_params = graphene.Int(required=True)


class ContactIdentity(graphene.ObjectType):
    id = global_id_field("ContactIdentity")
    messaging_channel = path_field(graphene.String, "account.kind", required=True)
    account_id = global_id_field(
        "MessagingAccount",
        "account_id",
        description="The MessagingAccount global id.",
    )
    address = graphene.String(
        required=True, description="Phone number, PSID, chat id, session..."
    )
    display_name = graphene.String(required=True)
    last_inbound_at = graphene.DateTime()
    window_open = graphene.Boolean(
        required=True, description="Free-form replies may be sent now."
    )
    window_closes_at = graphene.DateTime(
        description="When the service window closes; null if none."
    )
    templates = graphene.List(
        graphene.NonNull(MessageTemplate),
        required=True,
        description="Approved templates to use when the window is closed.",
    )
    created_at = graphene.DateTime(required=True)

    @staticmethod
    def resolve_templates(root, info):
        declared = root.account.settings.get("templates") or {}
        return [
            MessageTemplate(
                name=name,
                language=str(spec.get("language", "")),
                body_params=int(spec.get("body", 0) or 0),
                header_params=int(spec.get("header", 0) or 0),
                button_params=int(spec.get("buttons", 0) or 0),
            )
            for name, spec in sorted(declared.items())
            if isinstance(spec, dict)
        ]

    @staticmethod
    def resolve_window_open(root, info):
        return root.window_open()

    @staticmethod
    def resolve_window_closes_at(root, info):
        hours = root.account.capabilities.service_window_hours
        if hours is None or root.last_inbound_at is None:
            return None
        return root.last_inbound_at + timedelta(hours=hours)


class Consent(graphene.ObjectType):
    messaging_channel = graphene.String(required=True)
    purpose = ConsentPurposeEnum(required=True)
    granted = graphene.Boolean(required=True)
    source = graphene.String(required=True)
    updated_at = graphene.DateTime(required=True)


class ChatCheckout(graphene.ObjectType):
    id = global_id_field("ChatCheckout")
    checkout_id = global_id_field(
        "Checkout",
        "checkout_token",
        description="The Saleor `Checkout` global id.",
    )
    checkout_token = graphene.UUID(required=True)
    channel_slug = path_field(graphene.String, "channel.slug", required=True)
    order_id = global_id_field(
        "Order",
        "order_id",
        required=False,
        description="The Saleor `Order` global id once it is paid.",
    )
    created_at = graphene.DateTime(required=True)

    payment_link_status = graphene.String(
        description="The latest payment link's state (open, paid, expired, superseded, "
        "refunded, failed); null if none was sent."
    )

    @staticmethod
    def resolve_payment_link_status(root, info):
        latest = (
            root.payment_links.order_by("-created_at")
            .values_list("status", flat=True)
            .first()
        )
        return latest


class ContactMergeRecord(graphene.ObjectType):
    """One merge of two contacts; `contactMergeUndo` restores the source contact."""

    id = global_id_field("ContactMerge")
    target_id = global_id_field(
        "Contact",
        "target_id",
        description="The contact that absorbed the other.",
    )
    source_id = global_id_field(
        "Contact",
        "source_id",
        description="The merged contact's id (restored on undo).",
    )
    created_at = graphene.DateTime(required=True)
    undone_at = graphene.DateTime()


class ContactOrder(graphene.ObjectType):
    """A Saleor order of the contact's customer or from their chat checkouts."""

    id = graphene.ID(required=True, description="The Saleor `Order` global id.")
    number = graphene.String(required=True)
    status = graphene.String(
        required=True, description="Saleor's order status, e.g. UNFULFILLED."
    )
    status_text = graphene.String(
        required=True, description="The status in words, as the bot says it."
    )
    channel_slug = graphene.String(required=True)
    total = graphene.String(
        required=True, description="Gross total with currency, e.g. 12.30 USD."
    )
    tracking_numbers = graphene.List(graphene.NonNull(graphene.String), required=True)
    created_at = graphene.DateTime(required=True)

    @staticmethod
    def from_order(order):
        return ContactOrder(
            id=global_id("Order", order.pk),
            number=str(order.number),
            status=order.status.upper(),
            status_text=saleor_data.order_status_words(order),
            channel_slug=order.channel.slug,
            total=f"{order.total_gross_amount:.2f} {order.currency}",
            tracking_numbers=saleor_data.tracking_numbers(order),
            created_at=order.created_at,
        )


class Contact(graphene.ObjectType):
    id = global_id_field("Contact")
    name = graphene.String(required=True)
    email = graphene.String(required=True)
    phone = graphene.String(required=True)
    language_code = graphene.String(required=True)
    customer = graphene.Field(StaffUser, description="The linked Saleor customer.")
    suggested_customer = graphene.Field(
        StaffUser,
        description="The one customer whose saved address has this contact's phone number. "
        "A suggestion for staff, never linked automatically. Needs MANAGE_USERS.",
    )
    identities = graphene.List(graphene.NonNull(ContactIdentity), required=True)
    consents = graphene.List(graphene.NonNull(Consent), required=True)
    conversations = graphene.List(
        graphene.NonNull(
            "saleor_conversational.graphql.conversation_types.Conversation"
        ),
        required=True,
    )
    checkouts = graphene.List(graphene.NonNull(ChatCheckout), required=True)
    merges = graphene.List(
        graphene.NonNull(ContactMergeRecord),
        required=True,
        description="Contacts merged into this one.",
    )
    recent_orders = graphene.List(
        graphene.NonNull(ContactOrder),
        required=True,
        description="The latest orders of the linked customer or from chat checkouts, newest "
        "first; empty unless the requestor has MANAGE_ORDERS.",
    )
    created_at = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)

    @staticmethod
    def resolve_customer(root, info):
        return StaffUser.from_user(root.user) if root.user_id else None

    @staticmethod
    def resolve_suggested_customer(root, info):
        if not auth.has_perm(info.context, auth.MANAGE_USERS):
            return None

        return StaffUser.from_user(suggested_customer(root))

    # Every nested list shows only the requestor's sales channels (M1).
    @staticmethod
    def resolve_identities(root, info):
        qs = auth.in_channels(
            root.identities.all(), info.context, "account__channel_id"
        )
        return qs.select_related("account").order_by("created_at")[:MAX_CHILD_LIST]

    @staticmethod
    def resolve_consents(root, info):
        return root.consents.order_by("messaging_channel", "purpose")[:MAX_CHILD_LIST]

    @staticmethod
    def resolve_conversations(root, info):
        return (
            auth.visible_conversations(info.context, strict=False)
            .filter(contact=root)
            .order_by("-last_message_at")[:MAX_CHILD_LIST]
        )

    @staticmethod
    def resolve_checkouts(root, info):
        qs = auth.in_channels(root.checkouts.all(), info.context)
        return qs.select_related("channel").order_by("-created_at")[:MAX_CHILD_LIST]

    @staticmethod
    def resolve_merges(root, info):
        return root.merges.order_by("-created_at")[:MAX_CHILD_LIST]

    @staticmethod
    def resolve_recent_orders(root, info):
        if not auth.has_perm(info.context, auth.MANAGE_ORDERS):
            return []

        tokens = root.checkouts.values_list("checkout_token", flat=True)
        orders = saleor_data.recent_orders_of(
            root.user_id, tokens, channel_ids=auth.accessible_channel_ids(info.context)
        )
        return [ContactOrder.from_order(o) for o in orders]


ContactConnection = connection_type(Contact, "Contact")
