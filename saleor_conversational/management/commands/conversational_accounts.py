"""List, add, check and deactivate messaging channel accounts.

  manage.py conversational_accounts kinds
  manage.py conversational_accounts list [--channel SLUG]
  manage.py conversational_accounts add --channel SLUG --kind telegram --name "Shop bot" \\
      --set bot_token=@env:TELEGRAM_TOKEN --set secret_token=... [--base-url URL] [--check]
  manage.py conversational_accounts check ACCOUNT_ID
  manage.py conversational_accounts register-webhook ACCOUNT_ID
  manage.py conversational_accounts deactivate ACCOUNT_ID

``--set key=@env:NAME`` reads a value from the environment, so secrets stay out of
shell history. Secrets are stored encrypted and never printed.
"""

from __future__ import annotations

import json
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from saleor_conversational.channels.base import registered_adapters
from saleor_conversational.channels.errors import ChannelError
from saleor_conversational.messaging.accounts import (
    check_account,
    create_account,
    describe,
    receives_webhooks,
    webhook_url,
)
from saleor_conversational.models import MessagingAccount
from saleor_conversational.saleor_data import reads


class Command(BaseCommand):
    help = "Manage messaging channel accounts of the conversational commerce plugin."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("kinds", help="messaging channels and their settings")
        listing = sub.add_parser("list")
        listing.add_argument("--channel")
        listing.add_argument("--public-url", default="")
        add = sub.add_parser("add")
        add.add_argument("--channel", required=True, help="sales channel slug")
        add.add_argument("--kind", required=True)
        add.add_argument("--name", required=True)
        add.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
        add.add_argument("--base-url", default="")
        add.add_argument("--rate", type=float, default=None, help="messages per second")
        add.add_argument("--public-url", default="")
        add.add_argument("--check", action="store_true")
        for name in ("check", "register-webhook", "deactivate"):
            action = sub.add_parser(name)
            action.add_argument("account_id")
            action.add_argument("--public-url", default="")

    def handle(self, *args, action, **options):
        handler = getattr(self, "do_" + action.replace("-", "_"))
        handler(**options)

    def _account(self, account_id: str) -> MessagingAccount:
        try:
            return MessagingAccount.objects.select_related("channel").get(pk=account_id)
        except (MessagingAccount.DoesNotExist, ValidationError):
            raise CommandError(f"no messaging account {account_id}") from None

    def do_kinds(self, **_):
        for name, cls in sorted(registered_adapters().items()):
            fields = ", ".join(
                f"{f.name}{' (secret)' if f.secret else ''}{'' if f.required else ' (optional)'}"
                for f in cls.config_fields
            )
            self.stdout.write(f"{name:18} {cls.label}: {fields}")

    def do_list(self, channel=None, public_url="", **_):
        accounts = MessagingAccount.objects.select_related("channel").order_by(
            "channel__slug", "kind"
        )
        if channel:
            accounts = accounts.filter(channel__slug=channel)
        for account in accounts:
            self.stdout.write(json.dumps(describe(account, public_url)))

    def do_add(self, channel, kind, name, set, base_url, rate, public_url, check, **_):
        sales_channel = reads.channel_by_slug(channel, active_only=False)
        if sales_channel is None:
            raise CommandError(f"no sales channel with slug {channel!r}")
        values = {}
        for item in set:
            key, sep, value = item.partition("=")
            if not sep:
                raise CommandError(f"--set expects KEY=VALUE, got {item!r}")
            if value.startswith("@env:"):
                env_name = value[5:]
                if env_name not in os.environ:
                    raise CommandError(f"environment variable {env_name} is not set")
                value = os.environ[env_name]
            values[key.strip()] = value
        try:
            account = create_account(
                channel=sales_channel,
                kind=kind,
                name=name,
                values=values,
                base_url=base_url,
                messages_per_second=rate,
            )
        except (ValidationError, ChannelError) as exc:
            raise CommandError(
                "; ".join(getattr(exc, "messages", [str(exc)]))
            ) from None
        self.stdout.write(self.style.SUCCESS(f"Added {kind} account {account.pk}"))
        if receives_webhooks(kind):
            self.stdout.write(
                f"Webhook URL for the provider: {webhook_url(account, public_url)}"
            )
        if check:
            self._report(account)

    def _report(self, account: MessagingAccount) -> None:
        problems = check_account(account)
        if problems:
            for problem in problems:
                self.stdout.write(self.style.ERROR(f"Problem: {problem}"))
            raise CommandError(f"{account} has {len(problems)} problem(s)")
        self.stdout.write(self.style.SUCCESS(f"{account}: credentials work"))

    def do_check(self, account_id, **_):
        self._report(self._account(account_id))

    def do_register_webhook(self, account_id, public_url="", **_):
        account = self._account(account_id)
        url = webhook_url(account, public_url)
        try:
            account.adapter().register_webhook(url)
        except ChannelError as exc:
            raise CommandError(f"could not register the webhook: {exc}") from None
        self.stdout.write(self.style.SUCCESS(f"Registered {url}"))

    def do_deactivate(self, account_id, **_):
        account = self._account(account_id)
        account.is_active = False
        account.save(update_fields=["is_active"])
        self.stdout.write(f"Deactivated {account}")
