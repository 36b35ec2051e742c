"""The base of every mutation, Saleor style (``objectVerb`` names, payloads with
``errors``), and the lookups of the objects mutations act on."""

from __future__ import annotations

import graphene
from django.contrib.auth import get_user_model

from saleor_conversational import models
from saleor_conversational.commerce.errors import CheckoutError
from saleor_conversational.contacts import linking
from saleor_conversational.graphql import auth
from saleor_conversational.graphql.core import (
    ChatError,
    InputError,
    decode_int,
    decode_uuid,
    get_or_error,
)
from saleor_conversational.messaging.senders import speaking_as
from saleor_conversational.saleor_data.reads import channel_by_slug

MAX_NAME = 256


class ChatMutation(graphene.Mutation):
    errors = graphene.List(graphene.NonNull(ChatError), required=True)

    class Meta:
        abstract = True

    permission = (
        None  # checked before anything else; a missing one is a top-level error
    )

    @classmethod
    def check_permissions(cls, context) -> None:
        if cls.permission is not None:
            auth.require(context, cls.permission)

    @classmethod
    def mutate(cls, root, info, **data):
        cls.check_permissions(info.context)
        # Messages and hand-overs a mutation causes are staff's (or an integration's).
        with speaking_as(models.MessageSender.STAFF):
            return cls._perform(info, **data)

    @classmethod
    def _perform(cls, info, **data):
        try:
            return cls.perform(info, **data)
        except InputError as exc:
            return cls(
                errors=[ChatError(field=exc.field, code=exc.code, message=exc.message)]
            )
        except linking.LinkError as exc:
            return cls(
                errors=[ChatError(field=None, code=exc.code, message=exc.message)]
            )
        except CheckoutError as exc:
            return cls(
                errors=[
                    ChatError(
                        field=exc.field, code="checkout_error", message=exc.message
                    )
                ]
            )

    @classmethod
    def perform(cls, info, **data):
        raise NotImplementedError


# -- lookups -----------------------------------------------------------------------------
def contact_by_id(context, value, field="contact") -> models.Contact:
    return get_or_error(
        models.Contact.objects.all(),
        decode_uuid(value, "Contact", field),
        "Contact",
        field,
    )


def conversation_by_id(context, value, field="id") -> models.Conversation:
    qs = auth.visible_conversations(context).select_related("contact")
    return get_or_error(
        qs, decode_uuid(value, "Conversation", field), "Conversation", field
    )


def user_by_id(value, field="customer", *, staff=False):
    qs = get_user_model().objects.filter(is_active=True)
    if staff:
        qs = qs.filter(is_staff=True)
    return get_or_error(qs, decode_int(value, "User", field), "User", field)


def sales_channel_by_slug(context, slug: str, field="channel"):
    channel = channel_by_slug(slug or "")
    allowed = auth.accessible_channel_ids(context)
    if channel is None or (allowed is not None and channel.pk not in allowed):
        raise InputError(field, "not_found", f"No sales channel with slug {slug!r}.")
    return channel


def delete_returning_copy(instance, **shown):
    """Delete ``instance`` and return an unsaved copy that keeps its id, for the
    payload (``shown`` overrides what the copy says, e.g. ``is_active=False``)."""
    copy = type(instance)(
        **{
            field.attname: getattr(instance, field.attname)
            for field in instance._meta.concrete_fields
        }
    )
    for name, value in shown.items():
        setattr(copy, name, value)
    instance.delete()
    return copy
