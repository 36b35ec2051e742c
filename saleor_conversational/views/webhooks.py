"""``webhooks/<account>/``: where providers deliver messages and statuses."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from saleor_conversational.channels.errors import ChannelError
from saleor_conversational.core.crypto import DecryptionError
from saleor_conversational.messaging.webhook_accounts import webhook_account
from saleor_conversational.views.provider_http import (
    json_error,
    misconfigured,
    receive,
)


def provider_webhook(request: HttpRequest, account_id) -> HttpResponse:
    try:
        found = webhook_account(account_id)
    except (ChannelError, DecryptionError) as exc:
        return misconfigured(account_id, exc)
    if found is None:
        return json_error(404, "unknown messaging account")
    account, adapter = found
    return receive(account, request, adapter=adapter)
