"""The inbox App inside Saleor: validate its manifest, install it, recognise its token.

Everything here goes through Saleor's own app code (``saleor.app``): the manifest is
checked by ``clean_manifest_data``, the same validation ``appInstall`` runs, and the App,
its extensions and its token are the rows Saleor's ``install_app`` creates.
"""

from __future__ import annotations

import copy

from django.contrib.auth.hashers import check_password
from django.db import transaction
from saleor.app.manifest_validations import clean_manifest_data
from saleor.app.models import App, AppExtension, AppToken
from saleor.app.types import DEFAULT_APP_TARGET, AppType
from saleor.plugins.manager import get_plugins_manager

from saleor_conversational.dashboard.manifest import APP_IDENTIFIER, build_manifest
from saleor_conversational.models import DashboardAppToken

APP_TOKEN_LENGTH = 30  # Saleor's generate_token()


def clean_manifest(manifest: dict) -> dict:
    """Saleor's own manifest validation; returns the cleaned copy (permissions as rows).

    Raises ``django.core.exceptions.ValidationError`` with Saleor's messages.
    """
    cleaned = copy.deepcopy(manifest)
    clean_manifest_data(cleaned, raise_for_saleor_version=True)
    return cleaned


def installed_app() -> App | None:
    return App.objects.not_removed().filter(identifier=APP_IDENTIFIER).first()


def install(base_url: str, *, activate: bool = True) -> App:
    """Install the inbox App in one step, in-process (Saleor never calls itself over HTTP).

    Creates what ``saleor.app.installation_utils.install_app`` creates for this manifest:
    the App with exactly the manifest's permissions, its extensions with theirs, and an
    app token, which is stored encrypted as if Saleor had posted it to the token target.
    """
    manifest = build_manifest(base_url)
    with transaction.atomic():
        cleaned = clean_manifest(manifest)
        app = App.objects.create(
            name=cleaned["name"],
            identifier=cleaned["id"],
            is_active=activate,
            is_installed=True,
            about_app=cleaned.get("about"),
            app_url=cleaned.get("appUrl"),
            version=cleaned.get("version"),
            manifest_url=f"{cleaned['appUrl']}manifest.json",
            author=cleaned.get("author"),
            type=AppType.THIRDPARTY,
        )
        app.permissions.set(cleaned["permissions"])
        for extension_data in cleaned.get("extensions", []):
            extension = AppExtension.objects.create(
                app=app,
                label=extension_data["label"],
                url=extension_data["url"],
                mount=extension_data["mount"],
                target=extension_data.get("target", DEFAULT_APP_TARGET),
                settings=extension_data.get("options", {}),
                identifier=extension_data.get("identifier"),
            )
            extension.permissions.set(extension_data.get("permissions", []))
        _, raw_token = AppToken.objects.create(app=app, name="Default token")
        store_token(app, raw_token, saleor_api_url=f"{base_url.rstrip('/')}/graphql/")
        transaction.on_commit(
            lambda: get_plugins_manager(allow_replica=False).app_installed(app)
        )
    return app


def app_for_token(raw_token: str) -> App | None:
    """The not-removed inbox App that ``raw_token`` belongs to, else None."""
    if not isinstance(raw_token, str) or len(raw_token) != APP_TOKEN_LENGTH:
        return None
    candidates = AppToken.objects.select_related("app").filter(
        token_last_4=raw_token[-4:],
        app__identifier=APP_IDENTIFIER,
        app__removed_at__isnull=True,
    )
    for candidate in candidates:
        if check_password(raw_token, candidate.auth_token):
            return candidate.app
    return None


def store_token(
    app: App, raw_token: str, *, saleor_api_url: str = ""
) -> DashboardAppToken:
    row, _ = DashboardAppToken.objects.get_or_create(
        app=app, defaults={"token_encrypted": ""}
    )
    row.token = raw_token
    row.saleor_api_url = saleor_api_url[:512]
    row.save(update_fields=["token_encrypted", "saleor_api_url"])
    return row
