"""Install the team inbox App into Saleor in one step.

  manage.py conversational_install_app --url https://YOUR-SALEOR [--inactive] [--manifest]

``--url`` is the address staff's browsers reach Saleor at (scheme and host): the App's
pages and token target live under ``<url>/plugins/global/saleor.conversational/dashboard/``.
The App gets exactly the permissions the inbox needs (MANAGE_ORDERS, MANAGE_USERS,
MANAGE_PLUGINS for the assistant settings) and
its Dashboard extensions. The install runs in-process through Saleor's own manifest
validation, so Saleor never has to fetch its own URL (its HTTP client refuses loopback
and private addresses by default). ``--manifest`` only prints the manifest URL and JSON.
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from saleor.app.validators import AppURLValidator

from saleor_conversational.dashboard.manifest import (
    APP_PERMISSIONS,
    build_manifest,
    manifest_url,
)
from saleor_conversational.dashboard.saleor_app import install, installed_app


class Command(BaseCommand):
    help = "Install the conversational commerce team inbox as a Saleor App (Dashboard pages)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url",
            required=True,
            help="Saleor's public base URL, e.g. https://shop.example",
        )
        parser.add_argument(
            "--inactive", action="store_true", help="install without activating"
        )
        parser.add_argument(
            "--manifest", action="store_true", help="print the manifest and exit"
        )

    def handle(self, *args, **options):
        base_url = options["url"].rstrip("/")
        try:
            AppURLValidator()(base_url)
        except ValidationError:
            raise CommandError(f"--url is not a URL: {base_url}") from None
        if options["manifest"]:
            self.stdout.write(manifest_url(base_url))
            self.stdout.write(json.dumps(build_manifest(base_url), indent=2))
            return
        existing = installed_app()
        if existing is not None:
            raise CommandError(
                f"The inbox App is already installed (app id {existing.pk}, {existing.app_url}). "
                "Remove it in Dashboard -> Apps first to install it again."
            )
        try:
            app = install(base_url, activate=not options["inactive"])
        except ValidationError as error:
            raise CommandError(
                f"Saleor rejected the manifest: {error.messages}"
            ) from None
        state = "active" if app.is_active else "inactive"
        self.stdout.write(
            f"Installed the inbox App (app id {app.pk}, {state}) with permissions "
            f"{', '.join(APP_PERMISSIONS)}. Open Dashboard -> Orders -> Inbox."
        )
