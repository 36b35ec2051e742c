"""Conversation types of the API: a thread, its messages and its internal notes."""

from __future__ import annotations

import graphene
from graphene.types.generic import GenericScalar

from saleor_conversational import models
from saleor_conversational.contacts.identities import reply_identity
from saleor_conversational.graphql import auth
from saleor_conversational.graphql.assistant import AssistantTrace, trace_of
from saleor_conversational.graphql.core import (
    MAX_CHILD_LIST,
    connection_type,
    global_id_field,
    paginate,
    path_field,
)
from saleor_conversational.graphql.types import (
    Contact,
    ContactIdentity,
    ConversationStatusEnum,
    DeliveryStatusEnum,
    MessageCategoryEnum,
    MessageDirectionEnum,
    StaffUser,
)
from saleor_conversational.inbox.presence import replying_user_ids


class ConversationMessage(graphene.ObjectType):
    id = global_id_field("ConversationMessage")
    conversation_id = global_id_field("Conversation", "conversation_id")
    direction = MessageDirectionEnum(required=True)
    messaging_channel = path_field(
        graphene.String,
        "messaging_channel",
        required=True,
        description="The messaging channel (whatsapp, webchat…), kept when its "
        "account is deleted.",
    )
    messaging_account_name = graphene.String(
        required=True,
        description="The name of the messaging account it went through, kept when the "
        "account is deleted.",
    )
    identity_id = global_id_field("ContactIdentity", "identity_id", required=False)
    kind = graphene.String(
        required=True, description="text, image, buttons, template, ..."
    )
    text = graphene.String(required=True)
    content = GenericScalar(required=True, description="The normalized message.")
    category = MessageCategoryEnum(required=True)
    status = DeliveryStatusEnum(required=True)
    error_code = graphene.String(required=True)
    error_reason = graphene.String(
        required=True,
        description="Why it failed, or why its delivery is uncertain (the provider "
        "may have received it; it is not resent automatically).",
    )
    attempts = graphene.Int(required=True)
    provider_message_id = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)
    sent_at = graphene.DateTime()
    delivered_at = graphene.DateTime()
    read_at = graphene.DateTime()
    assistant_trace = graphene.Field(
        AssistantTrace,
        description="How the assistant answered this inbound message, or why it said "
        "this reply: the model-backed assistant's tools, facts, model, tokens and "
        "grounding verdict, or why the built-in assistant answered. Null for messages "
        "without one, and unless the requestor has MANAGE_ORDERS.",
    )

    @staticmethod
    def resolve_messaging_account_name(root, info):
        return root.account.name if root.account_id else root.account_name

    @staticmethod
    def resolve_assistant_trace(root, info):
        if not auth.has_perm(info.context, auth.MANAGE_ORDERS):
            return None
        return trace_of(root)


class ConversationNote(graphene.ObjectType):
    id = global_id_field("ConversationNote")
    text = graphene.String(required=True)
    author = graphene.Field(StaffUser)
    app_name = graphene.String()
    created_at = graphene.DateTime(required=True)

    @staticmethod
    def resolve_author(root, info):
        return StaffUser.from_user(root.author)

    @staticmethod
    def resolve_app_name(root, info):
        return root.app.name if root.app_id and root.app else None


ConversationMessageConnection = connection_type(
    ConversationMessage, "ConversationMessage"
)


class Conversation(graphene.ObjectType):
    id = global_id_field("Conversation")
    contact = graphene.Field(Contact, required=True)
    channel_id = global_id_field(
        "Channel",
        "channel_id",
        required=False,
        description="The Saleor `Channel` (sales channel) global id; null once the "
        "sales channel was deleted (the conversation is kept as history).",
    )
    channel_slug = graphene.String(
        description="Null once the sales channel was deleted."
    )
    status = ConversationStatusEnum(required=True)
    handed_over = graphene.Boolean(
        required=True, description="People answer; the bot is silent."
    )
    assignee = graphene.Field(
        StaffUser, description="For the shopper themselves: the first name only."
    )
    snoozed_until = graphene.DateTime()
    unread_count = graphene.Int(required=True)
    last_message_at = graphene.DateTime(required=True)
    created_at = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    reply_identity = graphene.Field(
        ContactIdentity,
        description="Where a reply goes: the identity the shopper wrote from last.",
    )
    messages = graphene.Field(
        graphene.NonNull(ConversationMessageConnection),
        first=graphene.Int(),
        after=graphene.String(),
        description="Messages across every messaging channel, newest first.",
    )
    others_replying = graphene.List(
        graphene.NonNull(StaffUser),
        required=True,
        description="Colleagues writing a reply right now (see `conversationReplying`).",
    )
    notes = graphene.List(
        graphene.NonNull(ConversationNote),
        required=True,
        description="Internal notes, newest first; empty unless the requestor has MANAGE_ORDERS.",
    )

    @staticmethod
    def resolve_channel_slug(root, info):
        return root.channel.slug if root.channel_id else None

    @staticmethod
    def resolve_assignee(root, info):
        if not root.assignee_id:
            return None
        if auth.is_customer(info.context):
            return StaffUser.first_name_only(root.assignee)
        return StaffUser.from_user(root.assignee)

    @staticmethod
    def resolve_unread_count(root, info):
        qs = root.messages.filter(direction=models.Direction.INBOUND)
        if root.last_read_at:
            qs = qs.filter(created_at__gt=root.last_read_at)
        return qs.count()

    @staticmethod
    def resolve_reply_identity(root, info):
        return reply_identity(root)

    @staticmethod
    def resolve_messages(root, info, first=None, after=None):
        qs = root.messages.select_related(
            "account", "assistant_trace", "assistant_reply_trace"
        )
        return paginate(
            qs,
            order_field="created_at",
            first=first,
            after=after,
            connection=ConversationMessageConnection,
        )

    @staticmethod
    def resolve_others_replying(root, info):
        if not auth.has_perm(info.context, auth.MANAGE_ORDERS):
            return []
        from django.contrib.auth import get_user_model

        me = auth.user_of(info.context)
        ids = [pk for pk in replying_user_ids(root.pk) if me is None or pk != me.pk]
        return [
            StaffUser.from_user(u)
            for u in get_user_model().objects.filter(pk__in=ids).order_by("email")
        ]

    @staticmethod
    def resolve_notes(root, info):
        if not auth.has_perm(info.context, auth.MANAGE_ORDERS):
            return []
        return root.notes.select_related("author", "app")[:MAX_CHILD_LIST]


ConversationConnection = connection_type(Conversation, "Conversation")
