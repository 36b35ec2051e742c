"""A sales channel's chat settings: what the assistant and the notifications do there."""

from __future__ import annotations

import graphene
from graphene.types.generic import GenericScalar
from graphene.utils.str_converters import to_camel_case

from saleor_conversational import models
from saleor_conversational.core.language import SUPPORTED_LANGUAGES
from saleor_conversational.graphql import auth
from saleor_conversational.graphql.core import InputError, check_length, path_field
from saleor_conversational.graphql.mutation import ChatMutation, sales_channel_by_slug

MAX_TEXT = 4096


class SalesChannelChatSettings(graphene.ObjectType):
    """What the assistant and the notifications do in one sales channel."""

    channel_slug = path_field(graphene.String, "channel.slug", required=True)
    opening_message = graphene.String(
        required=True, description="Empty: the built-in honest greeting."
    )
    language_code = graphene.String(required=True)
    languages = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description=(
            "The languages the assistant answers in, told from each message: of "
            f"{', '.join(SUPPORTED_LANGUAGES)}. Empty: all of them."
        ),
    )
    time_zone = graphene.String(required=True)
    business_hours = GenericScalar(
        required=True, description='{"mon": ["09:00-17:00"], ...} in `timeZone`.'
    )
    handover_words = graphene.List(graphene.NonNull(graphene.String), required=True)
    quiet_hours_start = graphene.Time()
    quiet_hours_end = graphene.Time()
    notify_events = graphene.List(
        graphene.NonNull(graphene.String), required=True, description="Empty: all."
    )
    tracking_url_template = graphene.String(required=True)
    checkout_url_template = graphene.String(required=True)
    abandoned_checkout_minutes = graphene.Int(required=True)


class ChannelSettingsQueries(graphene.ObjectType):
    sales_channel_chat_settings = graphene.Field(
        SalesChannelChatSettings,
        channel=graphene.String(required=True),
        description="Needs MANAGE_PLUGINS.",
    )

    @staticmethod
    def resolve_sales_channel_chat_settings(root, info, channel):
        auth.require(info.context, auth.MANAGE_PLUGINS)
        found = sales_channel_by_slug(info.context, channel)
        settings = models.SalesChannelSettings.objects.for_channel(found.pk)
        return settings


# -- the update ---------------------------------------------------------------
class SalesChannelChatSettingsInput(graphene.InputObjectType):
    opening_message = graphene.String()
    language_code = graphene.String()
    languages = graphene.List(graphene.NonNull(graphene.String))
    time_zone = graphene.String()
    business_hours = GenericScalar()
    handover_words = graphene.List(graphene.NonNull(graphene.String))
    quiet_hours_start = graphene.Time()
    quiet_hours_end = graphene.Time()
    notify_events = graphene.List(graphene.NonNull(graphene.String))
    tracking_url_template = graphene.String()
    checkout_url_template = graphene.String()
    abandoned_checkout_minutes = graphene.Int()


class SalesChannelChatSettingsUpdate(ChatMutation):
    settings = graphene.Field(SalesChannelChatSettings)

    class Arguments:
        channel = graphene.String(required=True, description="The sales channel slug.")
        input = SalesChannelChatSettingsInput(required=True)

    permission = auth.MANAGE_PLUGINS

    @classmethod
    def perform(cls, info, channel, input):
        from django.core.exceptions import ValidationError

        found = sales_channel_by_slug(info.context, channel)
        settings = models.SalesChannelSettings.objects.for_channel(found.pk)
        lists = {"handover_words": 50, "notify_events": 50, "languages": 5}
        for name, value in input.items():
            if name in lists and (
                len(value) > lists[name] or any(len(v) > 100 for v in value)
            ):
                raise InputError(
                    to_camel_case(name),
                    "invalid",
                    f"At most {lists[name]} entries of at most 100 characters.",
                )
            if isinstance(value, str):
                value = check_length(value.strip(), MAX_TEXT, to_camel_case(name))
            if name == "business_hours" and not isinstance(value, dict):
                raise InputError(
                    "businessHours",
                    "invalid",
                    'An object like {"mon": ["09:00-17:00"]}.',
                )
            if name == "abandoned_checkout_minutes" and not 5 <= value <= 7 * 24 * 60:
                raise InputError(
                    "abandonedCheckoutMinutes", "invalid", "From 5 minutes to 7 days."
                )
            setattr(settings, name, value)
        try:
            settings.full_clean(exclude=["channel", "fallback_account"])
        except ValidationError as exc:
            field = next(iter(exc.message_dict), None)
            raise InputError(
                field and to_camel_case(field), "invalid", "; ".join(exc.messages)
            ) from None
        settings.save()
        return cls(settings=settings, errors=[])
