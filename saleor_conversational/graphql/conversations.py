"""Conversations in the API: send, update, note, mark read, the replying signal."""

from __future__ import annotations

import dataclasses

import graphene
from django.db import transaction

from saleor_conversational import models
from saleor_conversational.channels.messages import Template
from saleor_conversational.commerce import catalog
from saleor_conversational.graphql import auth
from saleor_conversational.graphql.conversation_types import (
    Conversation,
    ConversationMessage,
    ConversationNote,
)
from saleor_conversational.graphql.core import (
    InputError,
    check_length,
    decode_int,
    get_or_error,
)
from saleor_conversational.graphql.mutation import (
    ChatMutation,
    conversation_by_id,
    user_by_id,
)
from saleor_conversational.graphql.types import ConversationStatusEnum
from saleor_conversational.inbox import conversations, presence


# -- conversations -------------------------------------------------------------------------
class TemplateInput(graphene.InputObjectType):
    name = graphene.String(required=True)
    language = graphene.String(required=True)
    body_params = graphene.List(graphene.NonNull(graphene.String))
    header_params = graphene.List(graphene.NonNull(graphene.String))
    button_params = graphene.List(graphene.NonNull(graphene.String))


class ConversationMessageSendInput(graphene.InputObjectType):
    text = graphene.String(description=f"Up to {conversations.MAX_TEXT} characters.")
    template = graphene.Field(
        TemplateInput, description="An approved template (outside the window)."
    )
    identity = graphene.ID(
        description="Send through this identity; default: the one the shopper used last."
    )
    product = graphene.ID(
        description="A Saleor `Product` to send as a product card (with `text` as "
        "its caption); it must be sold in the conversation's sales channel."
    )


class ConversationMessageSend(ChatMutation):
    """Send a staff message. It obeys consent and the service window, and takes the
    conversation from the bot until it is resolved or given back."""

    message = graphene.Field(ConversationMessage)

    class Arguments:
        conversation = graphene.ID(required=True)
        input = ConversationMessageSendInput(required=True)

    permission = auth.MANAGE_ORDERS

    @classmethod
    def perform(cls, info, conversation, input):
        thread = conversation_by_id(info.context, conversation, "conversation")
        text = check_length(
            (input.get("text") or "").strip(), conversations.MAX_TEXT, "text"
        )
        template = None
        if input.get("template"):
            data = input["template"]
            template = Template(
                name=check_length(data["name"], 512, "template"),
                language=data["language"],
                body_params=tuple(data.get("body_params") or ()),
                header_params=tuple(data.get("header_params") or ()),
                button_params=tuple(data.get("button_params") or ()),
                text=text,
            )
        content = None
        if input.get("product") and template is None:
            content = _product_cards(thread, input["product"], text)
        elif not text and template is None:
            raise InputError(
                "text", "required", "Give a text, a template or a product."
            )
        identity = None
        if input.get("identity"):
            pk = decode_int(input["identity"], "ContactIdentity", "identity")
            identity = get_or_error(
                models.ContactIdentity.objects.select_related("account"),
                pk,
                "ContactIdentity",
                "identity",
            )
            if identity.contact_id != thread.contact_id:
                raise InputError(
                    "identity", "invalid", "This identity belongs to another contact."
                )
            if identity.account.channel_id != thread.channel_id:
                raise InputError(
                    "identity",
                    "channel_mismatch",
                    "This identity's messaging account is in another sales channel.",
                )
        try:
            row = conversations.send_staff_message(
                thread, text=text, template=template, identity=identity, content=content
            )
        except conversations.NotSendable as exc:
            raise InputError(None, "not_sendable", str(exc)) from None
        return cls(message=row, errors=[])


def _product_cards(thread: models.Conversation, product_id: str, caption: str):
    """A product card for a product sold in the conversation's sales channel."""

    product = (
        catalog.get_product(
            thread.channel.slug, decode_int(product_id, "Product", "product")
        )
        if thread.channel_id
        else None
    )
    if product is None:
        raise InputError(
            "product",
            "not_found",
            "This product is not for sale in the conversation's sales channel.",
        )
    cards = catalog.cards([product])
    return dataclasses.replace(cards, text=caption or product.name)


class ConversationUpdateInput(graphene.InputObjectType):
    status = ConversationStatusEnum()
    snoozed_until = graphene.DateTime(
        description="With status SNOOZED: when it opens again."
    )
    assignee = graphene.ID(description="A staff `User` id.")
    unassign = graphene.Boolean()
    handed_over = graphene.Boolean(
        description="false gives the conversation back to the bot; true "
        "takes it from the bot without replying."
    )


class ConversationUpdate(ChatMutation):
    """Change status (RESOLVED gives the conversation back to the bot) or assignee."""

    conversation = graphene.Field(Conversation)

    class Arguments:
        id = graphene.ID(required=True)
        input = ConversationUpdateInput(required=True)

    permission = auth.MANAGE_ORDERS

    @classmethod
    def perform(cls, info, id, input):
        thread = conversation_by_id(info.context, id)
        status = input.get("status")
        if status == models.ConversationStatus.SNOOZED and not input.get(
            "snoozed_until"
        ):
            raise InputError("snoozedUntil", "required", "Snoozing needs snoozedUntil.")
        assignee = None
        if input.get("assignee"):
            assignee = user_by_id(input["assignee"], "assignee", staff=True)
        with transaction.atomic():
            if status is not None:
                thread = conversations.set_status(
                    thread, status, input.get("snoozed_until")
                )
            if assignee is not None:
                thread = conversations.assign(thread, assignee)
            elif input.get("unassign"):
                thread = conversations.assign(thread, None)
            if input.get("handed_over") is not None:
                (
                    conversations.hand_over
                    if input["handed_over"]
                    else conversations.give_back
                )(thread)
        return cls(conversation=thread, errors=[])


class ConversationNoteAdd(ChatMutation):
    """An internal note: staff see it beside the thread, the shopper never does."""

    conversation = graphene.Field(Conversation)
    note = graphene.Field(ConversationNote)

    class Arguments:
        conversation = graphene.ID(required=True)
        text = graphene.String(required=True)

    permission = auth.MANAGE_ORDERS

    @classmethod
    def perform(cls, info, conversation, text):
        thread = conversation_by_id(info.context, conversation, "conversation")
        text = check_length(text.strip(), conversations.MAX_NOTE, "text")
        if not text:
            raise InputError("text", "required", "The note is empty.")
        note = conversations.add_note(
            thread,
            text,
            author=auth.user_of(info.context),
            app=auth.app_of(info.context),
        )
        return cls(conversation=thread, note=note, errors=[])


class ConversationMarkRead(ChatMutation):
    conversation = graphene.Field(Conversation)

    class Arguments:
        id = graphene.ID(required=True)

    permission = auth.MANAGE_ORDERS

    @classmethod
    def perform(cls, info, id):
        return cls(
            conversation=conversations.mark_read(conversation_by_id(info.context, id)),
            errors=[],
        )


# -- presence ------------------------------------------------------------------------------
class ConversationReplying(ChatMutation):
    """The requesting staff member is writing a reply (call every few seconds while typing);
    colleagues see it in `Conversation.othersReplying`."""

    ok = graphene.Boolean()

    class Arguments:
        id = graphene.ID(required=True)

    permission = auth.MANAGE_ORDERS

    @classmethod
    def perform(cls, info, id):
        thread = conversation_by_id(info.context, id)
        user = auth.user_of(info.context)
        if user is None:
            raise InputError(None, "invalid", "Only staff users reply.")
        presence.mark_replying(thread.pk, user.pk)
        return cls(ok=True, errors=[])
