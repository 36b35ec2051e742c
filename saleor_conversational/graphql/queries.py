"""Queries: contacts, conversations, messages, messaging accounts, a customer's data."""

from __future__ import annotations

import graphene
from django.db.models import Exists, OuterRef, Q
from graphene.types.generic import GenericScalar

from saleor_conversational import models
from saleor_conversational.contacts.privacy import export_customer
from saleor_conversational.graphql import auth
from saleor_conversational.graphql.conversation_types import (
    Conversation,
    ConversationConnection,
    ConversationMessage,
)
from saleor_conversational.graphql.core import (
    MAX_CHILD_LIST,
    InputError,
    decode_int,
    decode_uuid,
    global_id,
    paginate,
)
from saleor_conversational.graphql.types import (
    ConsentPurposeEnum,
    Contact,
    ContactConnection,
    ConversationStatusEnum,
    MessagingAccount,
    StaffUser,
)
from saleor_conversational.saleor_data.reads import active_channels, order_owner


class ConsentFilterInput(graphene.InputObjectType):
    messaging_channel = graphene.String()
    purpose = ConsentPurposeEnum()
    granted = graphene.Boolean()


class ContactFilterInput(graphene.InputObjectType):
    search = graphene.String(
        description="Part of the name, email, phone or a messaging address."
    )
    messaging_channel = graphene.String(
        description="Has an identity on this messaging channel."
    )
    consent = graphene.Field(ConsentFilterInput)
    linked = graphene.Boolean(description="Linked to a Saleor customer, or not.")


class ConversationFilterInput(graphene.InputObjectType):
    status = graphene.List(graphene.NonNull(ConversationStatusEnum))
    channels = graphene.List(
        graphene.NonNull(graphene.ID), description="Saleor `Channel` ids."
    )
    messaging_channel = graphene.String(
        description="Has messages on this messaging channel."
    )
    assignee = graphene.ID(description="Assigned to this staff user (`User` id).")
    assigned_to_me = graphene.Boolean()
    unassigned = graphene.Boolean()
    unread = graphene.Boolean(
        description="Has inbound messages after staff last read it."
    )
    updated_since = graphene.DateTime(description="Activity at or after this time.")
    contact = graphene.ID()
    customer = graphene.ID(description="The linked Saleor customer (`User` id).")
    order = graphene.ID(
        description="A Saleor `Order`: its customer's conversations, or the chat "
        "whose checkout became it."
    )


def filter_contacts(qs, data):
    search = (data.get("search") or "").strip()
    if search:
        qs = qs.filter(
            Q(name__icontains=search)
            | Q(email__icontains=search)
            | Q(phone__icontains=search)
            | Q(identities__address__icontains=search)
            | Q(identities__display_name__icontains=search)
        ).distinct()
    if data.get("messaging_channel"):
        qs = qs.filter(identities__account__kind=data["messaging_channel"]).distinct()
    consent = data.get("consent")
    if consent:
        condition = Q()
        if consent.get("messaging_channel"):
            condition &= Q(messaging_channel=consent["messaging_channel"])
        if consent.get("purpose") is not None:
            condition &= Q(purpose=consent["purpose"])
        if consent.get("granted") is not None:
            condition &= Q(granted=consent["granted"])
        qs = qs.filter(
            Exists(models.Consent.objects.filter(condition, contact=OuterRef("pk")))
        )
    if data.get("linked") is not None:
        qs = qs.filter(user__isnull=not data["linked"])
    return qs


def filter_conversations(qs, data, context):
    if data.get("status"):
        qs = qs.filter(status__in=data["status"])
    if data.get("channels"):
        qs = qs.filter(
            channel_id__in=[
                decode_int(v, "Channel", "channels") for v in data["channels"]
            ]
        )
    if data.get("messaging_channel"):
        qs = qs.filter(
            Exists(
                models.Message.objects.filter(
                    Q(account__kind=data["messaging_channel"])
                    | Q(account__isnull=True, account_kind=data["messaging_channel"]),
                    conversation=OuterRef("pk"),
                )
            )
        )
    if data.get("assignee"):
        qs = qs.filter(assignee_id=decode_int(data["assignee"], "User", "assignee"))
    if data.get("assigned_to_me"):
        user = auth.user_of(context)
        qs = qs.filter(assignee=user) if user else qs.none()
    if data.get("unassigned"):
        qs = qs.filter(assignee__isnull=True)
    if data.get("unread") is not None:
        unread = Exists(
            models.Message.objects.filter(
                Q(conversation__last_read_at__isnull=True)
                | Q(created_at__gt=OuterRef("last_read_at")),
                conversation=OuterRef("pk"),
                direction=models.Direction.INBOUND,
            )
        )
        qs = qs.filter(unread) if data["unread"] else qs.exclude(unread)
    if data.get("updated_since"):
        qs = qs.filter(last_message_at__gte=data["updated_since"])
    if data.get("contact"):
        qs = qs.filter(contact_id=decode_uuid(data["contact"], "Contact", "contact"))
    if data.get("customer"):
        qs = qs.filter(
            contact__user_id=decode_int(data["customer"], "User", "customer")
        )
    if data.get("order"):
        user_id, checkout_token = order_owner(
            decode_uuid(data["order"], "Order", "order")
        )
        condition = (
            Q(contact__checkouts__checkout_token=checkout_token)
            if checkout_token
            else Q(pk__in=[])
        )
        if user_id:
            condition |= Q(contact__user_id=user_id)
        qs = qs.filter(condition).distinct()
    return qs


def _lookup(qs, value, type_name):
    try:
        pk = decode_uuid(value, type_name, "id")
    except InputError:
        return None
    return qs.filter(pk=pk).first()


class SalesChannel(graphene.ObjectType):
    id = graphene.ID(required=True, description="The Saleor `Channel` id.")
    slug = graphene.String(required=True)
    name = graphene.String(required=True)


class Query(graphene.ObjectType):
    contacts = graphene.Field(
        ContactConnection,
        first=graphene.Int(),
        after=graphene.String(),
        filter=ContactFilterInput(),
        description="Every contact with MANAGE_USERS; a customer's own contacts otherwise. "
        "Nested lists show only the sales channels the staff member may access.",
    )
    contact = graphene.Field(Contact, id=graphene.ID(required=True))
    conversations = graphene.Field(
        ConversationConnection,
        first=graphene.Int(),
        after=graphene.String(),
        filter=ConversationFilterInput(),
        description="Newest activity first. Every conversation with MANAGE_ORDERS (in the sales "
        "channels the staff member may access); a customer's own otherwise.",
    )
    conversation = graphene.Field(Conversation, id=graphene.ID(required=True))
    conversation_message = graphene.Field(
        ConversationMessage,
        id=graphene.ID(required=True),
        description="One message with its delivery details.",
    )
    messaging_accounts = graphene.List(
        graphene.NonNull(MessagingAccount),
        channel=graphene.String(description="Sales channel slug."),
        description="Needs MANAGE_PLUGINS.",
    )
    sales_channels = graphene.List(
        graphene.NonNull(lambda: SalesChannel),
        description="The sales channels whose conversations the requestor may see (MANAGE_ORDERS).",
    )
    viewer = graphene.Field(
        StaffUser,
        description="The staff user making the request (null for apps and customers).",
    )
    assignable_staff = graphene.List(
        graphene.NonNull(StaffUser),
        description="Active staff who can be assigned conversations. "
        "Needs MANAGE_ORDERS.",
    )
    customer_chat_data = GenericScalar(
        customer=graphene.ID(required=True),
        description="Everything held about one Saleor customer (contacts, identities, consents, "
        "conversations, messages) as JSON. MANAGE_USERS, or the customer themselves.",
    )

    @staticmethod
    def resolve_contacts(root, info, first=None, after=None, filter=None):
        auth.require_authenticated(info.context)
        qs = filter_contacts(auth.visible_contacts(info.context), filter or {})
        return paginate(
            qs,
            order_field="updated_at",
            first=first,
            after=after,
            connection=ContactConnection,
        )

    @staticmethod
    def resolve_contact(root, info, id):
        auth.require_authenticated(info.context)
        return _lookup(auth.visible_contacts(info.context), id, "Contact")

    @staticmethod
    def resolve_conversations(root, info, first=None, after=None, filter=None):
        auth.require_authenticated(info.context)
        qs = filter_conversations(
            auth.visible_conversations(info.context), filter or {}, info.context
        )
        return paginate(
            qs.select_related("contact", "channel"),
            order_field="last_message_at",
            first=first,
            after=after,
            connection=ConversationConnection,
        )

    @staticmethod
    def resolve_conversation(root, info, id):
        auth.require_authenticated(info.context)
        return _lookup(
            auth.visible_conversations(info.context).select_related("contact"),
            id,
            "Conversation",
        )

    @staticmethod
    def resolve_conversation_message(root, info, id):
        auth.require_authenticated(info.context)
        visible = auth.visible_conversations(info.context)
        return _lookup(
            models.Message.objects.filter(conversation__in=visible).select_related(
                "account"
            ),
            id,
            "ConversationMessage",
        )

    @staticmethod
    def resolve_messaging_accounts(root, info, channel=None):
        auth.require(info.context, auth.MANAGE_PLUGINS)
        qs = auth.in_channels(
            models.MessagingAccount.objects.select_related("channel"), info.context
        ).order_by("channel__slug", "kind", "name")
        return (qs.filter(channel__slug=channel) if channel else qs)[:MAX_CHILD_LIST]

    @staticmethod
    def resolve_sales_channels(root, info):
        auth.require(info.context, auth.MANAGE_ORDERS)

        allowed = auth.accessible_channel_ids(info.context)
        return [
            SalesChannel(id=global_id("Channel", c.pk), slug=c.slug, name=c.name)
            for c in active_channels()
            if allowed is None or c.pk in allowed
        ]

    @staticmethod
    def resolve_viewer(root, info):
        auth.require_authenticated(info.context)
        user = auth.user_of(info.context)
        return StaffUser.from_user(user) if user is not None and user.is_staff else None

    @staticmethod
    def resolve_assignable_staff(root, info):
        auth.require(info.context, auth.MANAGE_ORDERS)
        from django.contrib.auth import get_user_model

        staff = (
            get_user_model()
            .objects.filter(is_staff=True, is_active=True)
            .order_by("email")[:200]
        )
        return [StaffUser.from_user(user) for user in staff]

    @staticmethod
    def resolve_customer_chat_data(root, info, customer):
        auth.require_authenticated(info.context)
        user_id = decode_int(customer, "User", "customer")
        user = auth.user_of(info.context)
        if not auth.has_perm(info.context, auth.MANAGE_USERS) and (
            user is None or user.pk != user_id
        ):
            raise auth.PermissionDenied([auth.MANAGE_USERS])
        if not auth.is_customer(info.context):
            auth.require_every_channel(info.context)  # the export spans every channel
        return export_customer(user_id)
