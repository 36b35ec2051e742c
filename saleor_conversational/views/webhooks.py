"""``webhooks/<account>/``: where providers deliver messages and statuses."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from saleor_conversational.messaging.accounts import receives_webhooks
from saleor_conversational.models import MessagingAccount
from saleor_conversational.views.provider_http import json_error, receive


def provider_webhook(request: HttpRequest, account_id) -> HttpResponse:
    account = MessagingAccount.objects.filter(pk=account_id, is_active=True).first()
    if account is None or not receives_webhooks(account.kind):
        return json_error(404, "unknown messaging account")
    return receive(account, request)
