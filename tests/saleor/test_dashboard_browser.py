"""The inbox pages in a real headless Chromium (Debian's /usr/bin/chromium, driven by
Playwright), served by the plugin from a live Saleor.

The Dashboard is played by a host page that embeds the inbox in an iframe and posts the
App Bridge ``handshake`` with a token, exactly as the Dashboard does. Screenshots go to
``test-artifacts/dashboard/`` (gitignored).
"""

from __future__ import annotations

import contextlib
import json
import shutil
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "dashboard"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None

pytestmark = [
    # Declared, so pytest-django runs these live-server tests after the rolled-back ones.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
    sync_playwright is None or not shutil.which(CHROMIUM),
    reason=f"BROWSER TESTS SKIPPED: need the python 'playwright' package and {CHROMIUM} "
    "(apt-get install -y chromium)",
    ),
]

HOST_PAGE = """<!doctype html><html><body style="margin:0">
<iframe id="app" src="{src}" style="border:0;width:1200px;height:800px"></iframe>
<script>
  const frame = document.getElementById("app");
  frame.addEventListener("load", () => {{
    const post = (message) => frame.contentWindow.postMessage(message, "*");
    // Once, on load, as the Dashboard does.
    post({{type: "handshake", payload: {{token: {token}, version: 1}}}});
    post({{type: "theme", payload: {{theme: {theme}}}}});
  }});
</script></body></html>"""


def open_as_dashboard(page, live_server_url: str, path: str, token: str, theme: str = "light"):
    """Load ``path`` of the inbox inside a host page that plays the Dashboard."""
    host_url = f"{live_server_url}/__dashboard_host__.html"
    # The query the Dashboard adds to every App iframe URL.
    query = urlencode({"id": "app", "saleorApiUrl": f"{live_server_url}/graphql/", "theme": theme,
                       "domain": urlsplit(live_server_url).netloc})
    src = f"{live_server_url}/plugins/global/saleor.conversational/dashboard/{path}?{query}"
    html = HOST_PAGE.format(src=src, token=json.dumps(token), theme=json.dumps(theme))
    page.route(host_url, lambda route: route.fulfill(status=200, content_type="text/html", body=html))
    page.goto(host_url)
    return page.frame_locator("#app")


@contextlib.contextmanager
def chromium_page():
    """Open only after the test's database work: Playwright's sync API runs an event
    loop in this thread, and Django refuses ORM calls while it runs."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.on("console", lambda message: print("browser console:", message.text))
            page.on("pageerror", lambda error: print("browser error:", error))
            yield page
        finally:
            browser.close()


@pytest.fixture
def live_plugin(settings, live_server):
    from saleor.plugins.manager import get_plugins_manager

    settings.PLUGINS = ["saleor_conversational.plugin.ConversationalPlugin"]
    get_plugins_manager(allow_replica=False).save_plugin_configuration(
        "saleor.conversational", None, {"active": True}
    )
    return live_server


def _app_token_for(user) -> str:
    """The token the Dashboard hands the App's page for this staff user."""
    from saleor.core.jwt import create_access_token_for_app
    from saleor_conversational.dashboard.saleor_app import install

    return create_access_token_for_app(install("http://testserver"), user)


def test_staff_without_manage_orders_sees_an_explanation(live_plugin, staff_user):
    token = _app_token_for(staff_user)
    with chromium_page() as page:
        frame = open_as_dashboard(page, live_plugin.url, "inbox", token)
        explanation = frame.get_by_test_id("permission-explanation")
        explanation.wait_for(timeout=15000)
        assert "MANAGE_ORDERS" in explanation.inner_text()
        page.screenshot(path=str(ARTIFACTS / "no-permission.png"))


def test_staff_with_manage_orders_gets_the_inbox_in_dark_theme(
    live_plugin, staff_user, permission_manage_orders, permission_manage_users
):
    staff_user.user_permissions.add(permission_manage_orders, permission_manage_users)
    token = _app_token_for(staff_user)
    with chromium_page() as page:
        frame = open_as_dashboard(page, live_plugin.url, "inbox", token, theme="dark")
        frame.get_by_test_id("page-inbox").wait_for(timeout=15000)
        assert frame.get_by_test_id("permission-explanation").count() == 0
        page.screenshot(path=str(ARTIFACTS / "inbox-dark.png"))
