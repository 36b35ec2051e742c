"""Payment accounts (Stripe, Mollie) that take chat payments in a sales channel.

  manage.py conversational_payments add --channel SLUG --provider stripe --name "Stripe" \\
      --set api_key=@env:STRIPE_KEY --set webhook_secret=@env:STRIPE_WHSEC \\
      [--expiry-minutes 60] [--return-url "https://shop.example/thanks/{token}"] [--base-url URL]
  manage.py conversational_payments list [--channel SLUG]
  manage.py conversational_payments deactivate ACCOUNT_ID

Only one account per sales channel is used (the oldest active one): adding an account
while another is active in the channel is refused. ``--set key=@env:NAME`` reads a value
from the environment. Secrets are stored encrypted and never printed.
"""

from __future__ import annotations

import json
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from saleor_conversational.commerce.payment_links import webhook_url
from saleor_conversational.models import PaymentAccount, PaymentProvider
from saleor_conversational.saleor_data import reads

SECRETS = {"stripe": {"api_key", "webhook_secret"}, "mollie": {"api_key"}}
# A value pasted into the wrong field (a publishable key, a Mollie key for Stripe…) only
# fails at the first payment otherwise; the shapes are the providers' documented prefixes.
SECRET_PREFIXES = {
    ("stripe", "api_key"): ("sk_", "rk_"),
    ("stripe", "webhook_secret"): ("whsec_",),
    ("mollie", "api_key"): ("live_", "test_"),
}


class Command(BaseCommand):
    help = "Manage the payment accounts (Stripe, Mollie) of chat checkouts."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list")
        listing.add_argument("--channel")
        listing.add_argument("--public-url", default="")
        add = sub.add_parser("add")
        add.add_argument("--channel", required=True, help="sales channel slug")
        add.add_argument(
            "--provider", required=True, choices=[p.value for p in PaymentProvider]
        )
        add.add_argument("--name", required=True)
        add.add_argument(
            "--set", dest="values", action="append", default=[], metavar="KEY=VALUE"
        )
        add.add_argument("--expiry-minutes", type=int, default=60)
        add.add_argument("--return-url", default="")
        add.add_argument("--base-url", default="")
        add.add_argument("--public-url", default="")
        deactivate = sub.add_parser("deactivate")
        deactivate.add_argument("account_id")

    def handle(self, *args, action, **options):
        getattr(self, "do_" + action)(**options)

    @staticmethod
    def _describe(account: PaymentAccount, public_url: str) -> dict:
        return {
            "id": str(account.pk),
            "channel": account.channel.slug if account.channel_id else None,
            "provider": account.provider,
            "name": account.name,
            "active": account.is_active,
            "link_expiry_minutes": account.link_expiry_minutes,
            "return_url_template": account.return_url_template,
            "base_url": account.base_url,
            "webhook_url": webhook_url(account, public_url),
        }

    def do_list(self, channel=None, public_url="", **_):
        accounts = PaymentAccount.objects.select_related("channel").order_by(
            "channel__slug", "created_at"
        )
        if channel:
            accounts = accounts.filter(channel__slug=channel)
        for account in accounts:
            self.stdout.write(json.dumps(self._describe(account, public_url)))

    def do_add(
        self,
        channel,
        provider,
        name,
        values,
        expiry_minutes,
        return_url,
        base_url,
        public_url,
        **_,
    ):
        sales_channel = reads.channel_by_slug(channel, active_only=False)
        if sales_channel is None:
            raise CommandError(f"no sales channel with slug {channel!r}")
        if PaymentAccount.objects.filter(
            channel=sales_channel, is_active=True
        ).exists():
            raise CommandError(
                f"{channel} already has an active payment account; deactivate it first"
            )
        if provider == "stripe" and not 30 <= expiry_minutes <= 24 * 60:
            raise CommandError(
                "Stripe payment links expire after 30 minutes to 24 hours"
            )
        if expiry_minutes < 1:
            raise CommandError("--expiry-minutes must be positive")
        items, values = values, {}
        for item in items:
            key, sep, value = item.partition("=")
            if not sep:
                raise CommandError(f"--set expects KEY=VALUE, got {item!r}")
            if value.startswith("@env:"):
                if value[5:] not in os.environ:
                    raise CommandError(f"environment variable {value[5:]} is not set")
                value = os.environ[value[5:]]
            values[key.strip()] = value
        missing = SECRETS[provider] - {k for k, v in values.items() if v}
        unknown = set(values) - SECRETS[provider]
        if missing or unknown:
            raise CommandError(
                f"{provider} needs exactly {', '.join(sorted(SECRETS[provider]))}"
                + (f"; missing {', '.join(sorted(missing))}" if missing else "")
                + (f"; unknown {', '.join(sorted(unknown))}" if unknown else "")
            )
        for key, value in sorted(values.items()):
            prefixes = SECRET_PREFIXES[(provider, key)]
            if not value.startswith(prefixes):
                # Never echo the value: it may be a real secret pasted into the wrong field.
                raise CommandError(
                    f"{provider} {key} should start with {' or '.join(prefixes)}"
                )
        account = PaymentAccount(
            channel=sales_channel,
            provider=provider,
            name=name,
            link_expiry_minutes=expiry_minutes,
            return_url_template=return_url,
            base_url=base_url,
        )
        account.secrets = values
        try:
            account.full_clean()
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        account.save()
        self.stdout.write(
            self.style.SUCCESS(f"Added {provider} payment account {account.pk}")
        )
        self.stdout.write(f"Webhook URL: {webhook_url(account, public_url)}")
        if provider == "stripe":
            self.stdout.write(
                "Add it in Stripe for checkout.session.completed, "
                "checkout.session.async_payment_succeeded and checkout.session.expired."
            )

    def do_deactivate(self, account_id, **_):
        try:
            account = PaymentAccount.objects.get(pk=account_id)
        except (PaymentAccount.DoesNotExist, ValidationError):
            raise CommandError(f"no payment account {account_id}") from None
        account.is_active = False
        account.save(update_fields=["is_active"])
        self.stdout.write(f"Deactivated {account}")
