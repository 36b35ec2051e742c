"""The messaging account a provider webhook names, with its adapter, kept per process
for a few seconds: a webhook then costs no query and no decryption for it.

A change saved in this process (the API, the ``conversational_accounts`` command, a
deletion) is seen by the next webhook; one saved in another process within
``CACHE_SECONDS``, the same bound for a request that read the row while it changed.
"""

from __future__ import annotations

import time

from django.db import transaction

from saleor_conversational.channels.base import ChannelAdapter
from saleor_conversational.messaging.accounts import receives_webhooks
from saleor_conversational.models import MessagingAccount

CACHE_SECONDS = 5.0
MAX_CACHED = 256  # accounts; only found, active ones are kept

_cached: dict[str, tuple[float, MessagingAccount, ChannelAdapter]] = {}


def webhook_account(account_id) -> tuple[MessagingAccount, ChannelAdapter] | None:
    """The active account receiving webhooks at ``account_id`` and its adapter, else
    None. Raises what building the adapter raises (``ChannelError``,
    ``DecryptionError``): such an account is not kept."""
    key = str(account_id)
    now = time.monotonic()
    hit = _cached.get(key)
    if hit is not None and hit[0] > now:
        return hit[1], hit[2]
    account = MessagingAccount.objects.filter(pk=account_id, is_active=True).first()
    if account is None or not receives_webhooks(account.kind):
        _cached.pop(key, None)
        return None
    adapter = account.adapter()
    if len(_cached) >= MAX_CACHED:
        _cached.clear()
    _cached[key] = (now + CACHE_SECONDS, account, adapter)
    return account, adapter


def forget(sender, instance, using=None, **kwargs) -> None:
    """``post_save``/``post_delete`` of an account: dropped now, and again once the
    change commits (a webhook may have read the old row in between)."""
    key = str(instance.pk)
    _cached.pop(key, None)
    transaction.on_commit(lambda: _cached.pop(key, None), using=using)
