"""Messaging accounts in the API: create, update, delete."""

from __future__ import annotations

import graphene
from django.core.exceptions import ValidationError
from graphene.types.generic import GenericScalar
from graphene.utils.str_converters import to_camel_case

from saleor_conversational import models
from saleor_conversational.channels.base import get_adapter_class
from saleor_conversational.channels.errors import ConfigurationError
from saleor_conversational.core.ratelimit import rate_problem
from saleor_conversational.graphql import auth
from saleor_conversational.graphql.core import (
    InputError,
    check_length,
    decode_uuid,
    get_or_error,
)
from saleor_conversational.graphql.mutation import (
    ChatMutation,
    delete_returning_copy,
    sales_channel_by_slug,
)
from saleor_conversational.graphql.types import (
    MessagingAccount,
)
from saleor_conversational.messaging.accounts import create_account, split_config


# -- messaging accounts --------------------------------------------------------------------
class MessagingAccountCreateInput(graphene.InputObjectType):
    channel = graphene.String(required=True, description="The sales channel slug.")
    messaging_channel = graphene.String(
        required=True, description="whatsapp, telegram, messenger, ..."
    )
    name = graphene.String(required=True)
    config = GenericScalar(
        description="Settings and credentials by name; credentials are write-only."
    )
    base_url = graphene.String()
    messages_per_second = graphene.Float()


def _config(value) -> dict:
    """An account's ``config`` input: settings and credentials by name, all strings."""
    if not isinstance(value, dict) or not all(
        isinstance(v, str) for v in value.values()
    ):
        raise InputError("config", "invalid", "config is an object of strings.")
    return value


def _rate(value: float | None) -> float | None:
    if value is not None and (problem := rate_problem(value)):
        raise InputError("messagesPerSecond", "invalid", problem)
    return value


def _account(context, value) -> models.MessagingAccount:
    """An account in a sales channel the requestor may access (like ``create``)."""
    return get_or_error(
        auth.in_channels(models.MessagingAccount.objects.all(), context),
        decode_uuid(value, "MessagingAccount", "id"),
        "MessagingAccount",
        "id",
    )


class MessagingAccountCreate(ChatMutation):
    account = graphene.Field(MessagingAccount)

    class Arguments:
        input = MessagingAccountCreateInput(required=True)

    permission = auth.MANAGE_PLUGINS

    @classmethod
    def perform(cls, info, input):
        channel = sales_channel_by_slug(info.context, input["channel"])
        config = _config(input.get("config") or {})
        messages_per_second = _rate(input.get("messages_per_second"))
        try:
            account = create_account(
                channel=channel,
                kind=input["messaging_channel"],
                name=check_length(input["name"], 128, "name"),
                values=config,
                base_url=input.get("base_url") or "",
                messages_per_second=messages_per_second,
            )
        except ConfigurationError as exc:
            raise InputError("messagingChannel", "invalid", str(exc)) from None
        except ValidationError as exc:
            raise InputError("config", "invalid", "; ".join(exc.messages)) from None
        return cls(account=account, errors=[])


class MessagingAccountUpdateInput(graphene.InputObjectType):
    name = graphene.String()
    is_active = graphene.Boolean()
    config = GenericScalar(
        description="Changed settings and credentials; others stay as they are."
    )
    base_url = graphene.String()
    messages_per_second = graphene.Float()


def _require_credentials_again(account: models.MessagingAccount, config) -> None:
    """Every call carries the credentials to the base URL: whoever moves it must know
    them, or the write-only credentials would be sent to a host of their choosing."""
    stored = sorted(k for k, v in account.credentials.items() if v)
    given = config if isinstance(config, dict) else {}
    missing = [name for name in stored if not given.get(name)]
    if missing:
        raise InputError(
            "config",
            "required",
            "Changing baseUrl sends the credentials to the new host: enter them again "
            f"in config ({', '.join(missing)}).",
        )


class MessagingAccountUpdate(ChatMutation):
    account = graphene.Field(MessagingAccount)

    class Arguments:
        id = graphene.ID(required=True)
        input = MessagingAccountUpdateInput(required=True)

    permission = auth.MANAGE_PLUGINS

    @classmethod
    def perform(cls, info, id, input):
        account = _account(info.context, id)
        if input.get("name") is not None:
            account.name = check_length(input["name"], 128, "name")
        if input.get("is_active") is not None:
            account.is_active = input["is_active"]
        new_base_url = input.get("base_url")
        if new_base_url is not None and new_base_url != account.base_url:
            _require_credentials_again(account, input.get("config"))
            account.base_url = new_base_url
        if input.get("messages_per_second") is not None:
            account.messages_per_second = _rate(input["messages_per_second"])
        config = input.get("config")
        if config is not None:
            config = _config(config)
            try:
                plain, secrets = split_config(
                    get_adapter_class(account.kind),
                    {**account.adapter_config(), **config},
                )
            except ValidationError as exc:
                raise InputError("config", "invalid", "; ".join(exc.messages)) from None
            account.settings = plain
            account.credentials = secrets
        try:
            account.full_clean(exclude=["credentials_encrypted"])
        except ValidationError as exc:
            field = next(iter(getattr(exc, "error_dict", {})), None)
            raise InputError(
                field and to_camel_case(field), "invalid", "; ".join(exc.messages)
            ) from None
        account.save()
        return cls(account=account, errors=[])


class MessagingAccountDelete(ChatMutation):
    account = graphene.Field(MessagingAccount)

    class Arguments:
        id = graphene.ID(required=True)

    permission = auth.MANAGE_PLUGINS

    @classmethod
    def perform(cls, info, id):
        account = _account(info.context, id)
        # Credentials are write-only: the copy in the payload holds none.
        copy = delete_returning_copy(account, is_active=False, credentials_encrypted="")
        return cls(account=copy, errors=[])
