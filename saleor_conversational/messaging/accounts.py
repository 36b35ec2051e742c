"""Messaging channel accounts: create, describe and check them (command and API share this)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from saleor_conversational.channels.base import (
    ChannelAdapter,
    get_adapter_class,
    registered_adapters,
)
from saleor_conversational.channels.errors import ChannelError
from saleor_conversational.channels.events import DeliveryStatus
from saleor_conversational.core.urls import plugin_url
from saleor_conversational.models import Message, MessagingAccount

ACCOUNT_DELETED = "its messaging account was deleted"


def webhook_url(account: MessagingAccount, public_url: str = "") -> str:
    return plugin_url(f"webhooks/{account.pk}/", public_url)


def receives_webhooks(kind: str) -> bool:
    """Whether providers deliver this kind's messages to ``webhook_url``.

    An unknown kind counts as yes: it fails where its adapter is built instead.
    """
    adapter_cls = registered_adapters().get(kind)
    return adapter_cls is None or adapter_cls.receives_webhooks


def split_config(
    adapter_cls: type[ChannelAdapter], values: dict[str, str]
) -> tuple[dict, dict]:
    """(settings, credentials): secret fields are only ever stored encrypted."""
    known = {f.name: f for f in adapter_cls.config_fields}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ValidationError(
            f"unknown setting(s) for {adapter_cls.label}: {', '.join(unknown)}; "
            f"known: {', '.join(known)}"
        )
    missing = [
        f.name
        for f in adapter_cls.config_fields
        if f.required and not (values.get(f.name) or f.default)
    ]
    if missing:
        raise ValidationError(f"{adapter_cls.label} needs: {', '.join(missing)}")
    problems = adapter_cls.check_config(values)
    if problems:
        raise ValidationError(problems)
    secrets = {k: v for k, v in values.items() if known[k].secret}
    plain = {k: v for k, v in values.items() if not known[k].secret}
    return plain, secrets


def create_account(
    *,
    channel,
    kind: str,
    name: str,
    values: dict[str, str],
    base_url: str = "",
    messages_per_second: float | None = None,
) -> MessagingAccount:
    adapter_cls = get_adapter_class(kind)
    values = {**adapter_cls.initial_config(), **values}
    plain, secrets = split_config(adapter_cls, values)
    account = MessagingAccount(
        channel=channel,
        kind=kind,
        name=name,
        settings=plain,
        base_url=base_url,
        messages_per_second=messages_per_second,
    )
    account.credentials = secrets
    account.full_clean(exclude=["credentials_encrypted"])
    account.save()
    return account


def check_account(account: MessagingAccount) -> list[str]:
    try:
        return account.adapter().check_credentials()
    except ChannelError as exc:
        return [str(exc)]


def describe(account: MessagingAccount, public_url: str = "") -> dict[str, object]:
    """Everything about an account except its secrets (only their names)."""
    adapter_cls = registered_adapters().get(account.kind)
    return {
        "id": str(account.pk),
        "kind": account.kind,
        "label": adapter_cls.label if adapter_cls else account.kind,
        "name": account.name,
        "sales_channel": account.channel.slug,
        "active": account.is_active,
        "settings": account.settings,
        "secrets_set": sorted(account.credentials),
        "base_url": account.base_url,
        "messages_per_second": account.rate_limit() if adapter_cls else None,
        "webhook_url": webhook_url(account, public_url)
        if receives_webhooks(account.kind)
        else "",
    }


def keep_messages_of_deleted_account(sender, instance, **kwargs) -> None:
    """``pre_delete`` of a messaging account (``messagingAccountDelete``, Saleor's
    ``channelDelete``): its messages stay, with the messaging channel they went through;
    those still waiting to be sent fail, saying why."""
    messages = Message.objects.filter(account=instance)
    messages.update(account_kind=instance.kind, account_name=instance.name)
    messages.filter(status=DeliveryStatus.QUEUED).update(
        status=DeliveryStatus.FAILED,
        error_code="not_sendable",
        error_reason=ACCOUNT_DELETED,
        updated_at=timezone.now(),
    )
