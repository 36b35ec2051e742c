"""The inbox Saleor App: its manifest passes Saleor's own validation, the install command
gives it exactly the listed permissions and extensions, and the token target keeps only
the real App's token, encrypted."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from saleor.app.installation_utils import install_app
from saleor.app.management.commands.utils import clean_permissions
from saleor.app.manifest_schema import ManifestSchema
from saleor.app.models import App, AppInstallation, AppToken
from saleor.permission.enums import get_permission_names

from saleor_conversational.dashboard.manifest import (
    APP_IDENTIFIER,
    APP_PERMISSIONS,
    EXTENSIONS,
    build_manifest,
)
from saleor_conversational.dashboard.saleor_app import app_for_token, clean_manifest
from saleor_conversational.models import DashboardAppToken
from tests.support.fixtures import BASE

MANIFEST = f"{BASE}dashboard/manifest.json"
TOKEN_TARGET = f"{BASE}dashboard/token/"


def install_command(*args) -> str:
    out = StringIO()
    call_command("conversational_install_app", *args, stdout=out)
    return out.getvalue()


def test_served_manifest_passes_saleors_manifest_validation(plugin, client):
    response = client.get(MANIFEST)
    assert response.status_code == 200
    manifest = response.json()
    ManifestSchema.model_validate(manifest)
    cleaned = clean_manifest(
        manifest
    )  # saleor.app.manifest_validations.clean_manifest_data

    assert manifest["id"] == APP_IDENTIFIER
    assert (
        manifest["appUrl"]
        == "http://testserver/plugins/global/saleor.conversational/dashboard/"
    )
    assert manifest["tokenTargetUrl"] == manifest["appUrl"] + "token/"
    assert sorted(get_permission_names(cleaned["permissions"])) == sorted(
        APP_PERMISSIONS
    )
    mounts = {(e["mount"], e["target"], e["label"]) for e in cleaned["extensions"]}
    assert mounts == {
        ("navigation_orders", "app_page", "Inbox"),
        ("order_details_more_actions", "popup", "Message the customer"),
        ("order_details_more_actions", "popup", "Send payment link again"),
        ("customer_details_more_actions", "popup", "Conversations"),
    }


def test_manifest_with_a_permission_the_app_lacks_is_rejected_by_saleor(plugin):
    manifest = build_manifest("https://shop.example.com")
    manifest["extensions"][0]["permissions"] = ["MANAGE_PRODUCTS"]
    with pytest.raises(Exception, match="Extension permission must be listed"):
        clean_manifest(manifest)


def test_manifest_and_pages_404_while_the_plugin_is_inactive(settings, client):
    settings.PLUGINS = ["saleor_conversational.plugin.ConversationalPlugin"]
    assert client.get(MANIFEST).status_code == 404


def test_manifest_refuses_post(plugin, client):
    response = client.post(MANIFEST, data="{}", content_type="application/json")
    assert response.status_code == 405


def test_install_command_gives_exactly_the_listed_permissions_and_extensions(plugin):
    out = install_command("--url", "https://shop.example.com/")
    app = App.objects.get(identifier=APP_IDENTIFIER)
    assert "Installed the inbox App" in out
    assert app.is_active and app.is_installed
    assert (
        app.app_url
        == "https://shop.example.com/plugins/global/saleor.conversational/dashboard/"
    )
    assert sorted(get_permission_names(app.permissions.all())) == sorted(
        APP_PERMISSIONS
    )

    extensions = {e.identifier: e for e in app.extensions.all()}
    assert set(extensions) == {e["identifier"] for e in EXTENSIONS}
    for expected in EXTENSIONS:
        extension = extensions[expected["identifier"]]
        assert extension.label == expected["label"]
        assert extension.mount == expected["mount"].lower()
        assert extension.target == expected["target"].lower()
        assert extension.url == expected["url"]
        assert sorted(get_permission_names(extension.permissions.all())) == sorted(
            expected["permissions"]
        )

    # The app token is kept encrypted, and it is a real token of this App.
    stored = DashboardAppToken.objects.get(app=app)
    assert stored.token and stored.token not in stored.token_encrypted
    assert app_for_token(stored.token) == app
    assert stored.saleor_api_url == "https://shop.example.com/graphql/"
    assert app.tokens.count() == 1


def test_install_command_refuses_a_second_install_and_bad_urls(plugin):
    install_command("--url", "https://shop.example.com")
    with pytest.raises(CommandError, match="already installed"):
        install_command("--url", "https://shop.example.com")
    assert App.objects.filter(identifier=APP_IDENTIFIER).count() == 1
    with pytest.raises(CommandError, match="not a URL"):
        install_command("--url", "shop")


def test_install_command_inactive_and_manifest_only(plugin):
    printed = install_command("--url", "https://shop.example.com", "--manifest")
    assert printed.startswith(
        "https://shop.example.com/plugins/global/saleor.conversational/dashboard/manifest.json"
    )
    assert not App.objects.exists()
    install_command("--url", "https://shop.example.com", "--inactive")
    assert App.objects.get(identifier=APP_IDENTIFIER).is_active is False


def _other_app_token() -> str:
    other = App.objects.create(name="Other", identifier="someone.else", is_active=True)
    _, raw = AppToken.objects.create(app=other)
    return raw


def test_token_target_keeps_only_the_inbox_apps_token_encrypted(plugin, client):
    app = App.objects.create(
        name="Conversations", identifier=APP_IDENTIFIER, is_active=True
    )
    _, raw = AppToken.objects.create(app=app, name="Default token")

    def post(body, **headers):
        data = body if isinstance(body, str) else json.dumps(body)
        return client.post(
            TOKEN_TARGET, data=data, content_type="application/json", **headers
        )

    assert post("not json").status_code == 400
    assert post({"token": raw}).status_code == 400
    assert post({"auth_token": "x" * 30}).status_code == 403
    assert post({"auth_token": _other_app_token()}).status_code == 403
    assert not DashboardAppToken.objects.exists()

    response = post(
        {"auth_token": raw}, HTTP_SALEOR_API_URL="https://shop.example.com/graphql/"
    )
    assert response.status_code == 200, response.content
    stored = DashboardAppToken.objects.get(app=app)
    assert stored.token == raw and raw not in stored.token_encrypted
    assert stored.saleor_api_url == "https://shop.example.com/graphql/"
    assert client.get(TOKEN_TARGET).status_code == 405

    app.delete()  # uninstalling the App forgets its token
    assert not DashboardAppToken.objects.exists()


@pytest.mark.django_db(transaction=True)  # declared: pytest-django then runs it last
def test_saleors_own_install_flow_fetches_the_manifest_and_posts_the_token(
    settings, live_server
):
    """appInstall's path: Saleor fetches the served manifest and posts the token back."""
    from saleor.plugins.manager import get_plugins_manager

    settings.PLUGINS = ["saleor_conversational.plugin.ConversationalPlugin"]
    settings.HTTP_IP_FILTER_ENABLED = False  # Saleor calls itself on 127.0.0.1 here
    get_plugins_manager(allow_replica=False).save_plugin_configuration(
        "saleor.conversational", None, {"active": True}
    )
    job = AppInstallation.objects.create(
        app_name="Conversations", manifest_url=live_server.url + MANIFEST
    )
    job.permissions.set(clean_permissions(APP_PERMISSIONS))

    app, raw_token = install_app(job, activate=True)

    assert sorted(get_permission_names(app.permissions.all())) == sorted(
        APP_PERMISSIONS
    )
    assert app.extensions.count() == len(EXTENSIONS)
    stored = DashboardAppToken.objects.get(app=app)
    assert stored.token == raw_token
    assert stored.saleor_api_url.endswith("/graphql/")


def test_plugin_serves_the_built_pages_and_assets(plugin, client):
    from saleor_conversational.views.dashboard import BUILD_DIR

    assert (BUILD_DIR / "index.html").is_file(), (
        "run: npm --prefix dashboard-extension run build"
    )
    for path in (
        "dashboard/",
        "dashboard/inbox",
        "dashboard/order/message?orderId=T3JkZXI6MQ==",
    ):
        response = client.get(BASE + path)
        assert response.status_code == 200, path
        html = b"".join(response.streaming_content).decode()
        assert '<div id="root">' in html
    script = next(p for p in (BUILD_DIR / "assets").iterdir() if p.suffix == ".js")
    response = client.get(f"{BASE}dashboard/assets/{script.name}")
    assert response.status_code == 200
    assert response["Content-Type"] in {"text/javascript", "application/javascript"}
    assert "immutable" in response["Cache-Control"]
    assert client.get(f"{BASE}dashboard/assets/missing.js").status_code == 404
    # A path that climbs out of the build directory never serves a source file.
    traversal = client.get(
        f"{BASE}dashboard/%2e%2e/%2e%2e/%2e%2e/dashboard/manifest.py"
    )
    body = (
        b"".join(traversal.streaming_content)
        if traversal.streaming
        else traversal.content
    )
    assert b"APP_IDENTIFIER" not in body
