"""The merchant's own content: FAQ entries the bot answers with (per sales channel),
canned responses for staff, and the "someone else is replying" signal."""

from __future__ import annotations

import graphene

from saleor_conversational import models
from saleor_conversational.commerce import catalog
from saleor_conversational.graphql import auth
from saleor_conversational.graphql.core import (
    InputError,
    check_length,
    decode_int,
    get_or_error,
    global_id,
    global_id_field,
    path_field,
)
from saleor_conversational.graphql.mutation import (
    ChatMutation,
    conversation_by_id,
    delete_returning_copy,
    sales_channel_by_slug,
)
from saleor_conversational.inbox import canned

MAX_TEXT = 4096


class FaqEntry(graphene.ObjectType):
    id = global_id_field("FaqEntry")
    channel_slug = path_field(graphene.String, "channel.slug", required=True)
    question = graphene.String(required=True)
    keywords = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="Words or phrases; the entry answers a message containing most of them.",
    )
    answer = graphene.String(required=True)
    language_code = graphene.String(required=True, description="Empty: any language.")
    position = graphene.Int(required=True)


class CannedResponse(graphene.ObjectType):
    id = global_id_field("CannedResponse")
    name = graphene.String(required=True)
    text = graphene.String(
        required=True,
        description="With variables: "
        + ", ".join("{{%s}}" % v for v in canned.VARIABLES)
        + ".",
    )
    rendered = graphene.String(
        description="The text filled for the conversation asked about."
    )

    @staticmethod
    def resolve_rendered(root, info):
        conversation = getattr(root, "_conversation", None)
        if conversation is None:
            return None
        return canned.render(root.text, conversation, auth.user_of(info.context))


class ChatProduct(graphene.ObjectType):
    """A product as the shopper would see it in chat, for staff to send as a card."""

    id = graphene.ID(required=True, description="The Saleor `Product` id.")
    name = graphene.String(required=True)
    price = graphene.String(
        required=True, description="Price and availability, as on the card."
    )
    available = graphene.Boolean(required=True)


class ContentQueries(graphene.ObjectType):
    chat_products = graphene.List(
        graphene.NonNull(ChatProduct),
        channel=graphene.String(required=True),
        search=graphene.String(required=True),
        description="Products for sale in a sales channel matching `search`, through Saleor's own "
        "catalogue API. Needs MANAGE_ORDERS.",
    )
    faq_entries = graphene.List(
        graphene.NonNull(FaqEntry),
        channel=graphene.String(required=True),
        description="The bot's FAQ of a sales channel. Needs MANAGE_PLUGINS.",
    )
    canned_responses = graphene.List(
        graphene.NonNull(CannedResponse),
        conversation=graphene.ID(),
        description="Saved replies; with `conversation`, `rendered` is filled for it. Needs MANAGE_ORDERS.",
    )

    @staticmethod
    def resolve_chat_products(root, info, channel, search):
        auth.require(info.context, auth.MANAGE_ORDERS)

        found = (
            catalog.search(
                sales_channel_by_slug(info.context, channel).slug,
                search[:100],
                limit=10,
            )
            if search.strip()
            else []
        )
        return [
            ChatProduct(
                id=global_id("Product", p.pk),
                name=p.name,
                price=catalog.price_text(p),
                available=p.available,
            )
            for p in found
        ]

    @staticmethod
    def resolve_faq_entries(root, info, channel):
        auth.require(info.context, auth.MANAGE_PLUGINS)
        found = sales_channel_by_slug(info.context, channel)
        return models.FaqEntry.objects.filter(channel=found).select_related("channel")

    @staticmethod
    def resolve_canned_responses(root, info, conversation=None):
        auth.require(info.context, auth.MANAGE_ORDERS)
        thread = None
        if conversation:
            try:
                thread = conversation_by_id(info.context, conversation, "conversation")
            except InputError:
                return []
        responses = list(models.CannedResponse.objects.all())
        for response in responses:
            response._conversation = thread
        return responses


# -- FAQ ---------------------------------------------------------------------------------
class FaqEntryInput(graphene.InputObjectType):
    question = graphene.String()
    keywords = graphene.List(graphene.NonNull(graphene.String))
    answer = graphene.String()
    language_code = graphene.String()
    position = graphene.Int()


class FaqEntryCreateInput(FaqEntryInput):
    channel = graphene.String(required=True, description="The sales channel slug.")


def _apply_faq(entry: models.FaqEntry, data: dict) -> models.FaqEntry:
    if data.get("question") is not None:
        entry.question = check_length(data["question"].strip(), 300, "question")
    if data.get("answer") is not None:
        entry.answer = check_length(data["answer"].strip(), MAX_TEXT, "answer")
    if data.get("keywords") is not None:
        keywords = [k.strip() for k in data["keywords"] if k.strip()]
        if len(keywords) > 50 or any(len(k) > 100 for k in keywords):
            raise InputError(
                "keywords", "invalid", "At most 50 keywords of at most 100 characters."
            )
        entry.keywords = keywords
    if data.get("language_code") is not None:
        entry.language_code = check_length(
            data["language_code"].strip(), 8, "languageCode"
        )
    if data.get("position") is not None:
        if data["position"] < 0:
            raise InputError("position", "invalid", "position must not be negative.")
        entry.position = data["position"]
    if not entry.question or not entry.answer or not entry.keywords:
        raise InputError(
            None, "required", "An entry needs a question, an answer and keywords."
        )
    entry.save()
    return entry


class FaqEntryCreate(ChatMutation):
    faq_entry = graphene.Field(FaqEntry)

    class Arguments:
        input = FaqEntryCreateInput(required=True)

    permission = auth.MANAGE_PLUGINS

    @classmethod
    def perform(cls, info, input):
        channel = sales_channel_by_slug(info.context, input["channel"])
        return cls(
            faq_entry=_apply_faq(models.FaqEntry(channel=channel), input), errors=[]
        )


def _faq(context, value) -> models.FaqEntry:
    return get_or_error(
        auth.in_channels(models.FaqEntry.objects.all(), context),
        decode_int(value, "FaqEntry", "id"),
        "FaqEntry",
        "id",
    )


class FaqEntryUpdate(ChatMutation):
    faq_entry = graphene.Field(FaqEntry)

    class Arguments:
        id = graphene.ID(required=True)
        input = FaqEntryInput(required=True)

    permission = auth.MANAGE_PLUGINS

    @classmethod
    def perform(cls, info, id, input):
        return cls(faq_entry=_apply_faq(_faq(info.context, id), input), errors=[])


class FaqEntryDelete(ChatMutation):
    faq_entry = graphene.Field(FaqEntry)

    class Arguments:
        id = graphene.ID(required=True)

    permission = auth.MANAGE_PLUGINS

    @classmethod
    def perform(cls, info, id):
        entry = _faq(info.context, id)
        return cls(faq_entry=delete_returning_copy(entry), errors=[])


# -- canned responses ----------------------------------------------------------------------
class CannedResponseInput(graphene.InputObjectType):
    name = graphene.String()
    text = graphene.String()


def _apply_canned(response: models.CannedResponse, data: dict) -> models.CannedResponse:
    if data.get("name") is not None:
        response.name = check_length(data["name"].strip(), 100, "name")
    if data.get("text") is not None:
        response.text = check_length(data["text"].strip(), MAX_TEXT, "text")
    if not response.name or not response.text:
        raise InputError(None, "required", "A canned response needs a name and a text.")
    if (
        models.CannedResponse.objects.filter(name=response.name)
        .exclude(pk=response.pk)
        .exists()
    ):
        raise InputError("name", "unique", "Another canned response has this name.")
    response.save()
    return response


def _canned(value) -> models.CannedResponse:
    return get_or_error(
        models.CannedResponse.objects.all(),
        decode_int(value, "CannedResponse", "id"),
        "CannedResponse",
        "id",
    )


class CannedResponseCreate(ChatMutation):
    canned_response = graphene.Field(CannedResponse)

    class Arguments:
        input = CannedResponseInput(required=True)

    permission = auth.MANAGE_ORDERS

    @classmethod
    def perform(cls, info, input):
        return cls(
            canned_response=_apply_canned(models.CannedResponse(), input), errors=[]
        )


class CannedResponseUpdate(ChatMutation):
    canned_response = graphene.Field(CannedResponse)

    class Arguments:
        id = graphene.ID(required=True)
        input = CannedResponseInput(required=True)

    permission = auth.MANAGE_ORDERS

    @classmethod
    def perform(cls, info, id, input):
        return cls(canned_response=_apply_canned(_canned(id), input), errors=[])


class CannedResponseDelete(ChatMutation):
    canned_response = graphene.Field(CannedResponse)

    class Arguments:
        id = graphene.ID(required=True)

    permission = auth.MANAGE_ORDERS

    @classmethod
    def perform(cls, info, id):
        response = _canned(id)
        return cls(canned_response=delete_returning_copy(response), errors=[])
