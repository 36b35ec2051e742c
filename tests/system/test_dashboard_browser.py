"""The inbox pages in a real headless Chromium (Debian's /usr/bin/chromium, driven by
Playwright), served by the plugin from a live Saleor.

Most tests play the Dashboard with a host page that embeds the inbox in an iframe and
posts the App Bridge ``handshake`` with a token, as the Dashboard does. The assistant
tests open the inbox inside the real Saleor Dashboard 3.23 (the build in
``../shared/saleor-dashboard-3.23``, or ``SALEOR_DASHBOARD_DIR``): a staff member signs in
and opens the App's page, whose iframe gets its token from the Dashboard itself.
Screenshots go to ``test-artifacts/dashboard/`` (gitignored).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from saleor_conversational.inbox import canned

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "dashboard"
DASHBOARD_BUILD = (
    Path(
        os.environ.get("SALEOR_DASHBOARD_DIR")
        or Path(__file__).resolve().parents[3] / "shared" / "saleor-dashboard-3.23"
    )
    / "dashboard"
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None
    PlaywrightTimeout = TimeoutError

pytestmark = [
    pytest.mark.browser,
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
    {after_load}
  }});
</script></body></html>"""


def open_as_dashboard(
    page,
    live_server_url: str,
    path: str,
    token: str,
    theme: str = "light",
    params: dict | None = None,
    after_load: str = "",
):
    """Load ``path`` of the inbox inside a host page that plays the Dashboard (``params``:
    what the Dashboard adds for a page opened from an order or a customer)."""
    host_url = f"{live_server_url}/__dashboard_host__.html"
    # The query the Dashboard adds to every App iframe URL.
    query = urlencode(
        {
            "id": "app",
            "saleorApiUrl": f"{live_server_url}/graphql/",
            "theme": theme,
            "domain": urlsplit(live_server_url).netloc,
            **(params or {}),
        }
    )
    src = f"{live_server_url}/plugins/global/saleor.conversational/dashboard/{path}?{query}"
    html = HOST_PAGE.format(
        src=src, token=json.dumps(token), theme=json.dumps(theme), after_load=after_load
    )
    page.route(
        host_url,
        lambda route: route.fulfill(status=200, content_type="text/html", body=html),
    )
    page.goto(host_url)
    return page.frame_locator("#app")


@contextlib.contextmanager
def chromium_page():
    """Open only after the test's database work: Playwright's sync API runs an event
    loop in this thread, and Django refuses ORM calls while it runs."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.on("console", lambda message: print("browser console:", message.text))
            page.on("pageerror", lambda error: print("browser error:", error))
            yield page
        finally:
            browser.close()


@pytest.fixture
def live_plugin(settings, live_server):
    from django.db import connections
    from saleor.plugins.manager import get_plugins_manager

    settings.PLUGINS = ["saleor_conversational.plugin.ConversationalPlugin"]
    # The test runner points the replica alias at the test database only for this
    # thread's connection (a test mirror); the live server thread opens its own from the
    # settings, so point those at the test database too.
    replica = connections.settings.get(settings.DATABASE_CONNECTION_REPLICA_NAME)
    if replica is not None:
        saved = replica["NAME"]
        replica["NAME"] = connections.settings["default"]["NAME"]
    get_plugins_manager(allow_replica=False).save_plugin_configuration(
        "saleor.conversational", None, {"active": True}
    )
    yield live_server
    if replica is not None:
        replica["NAME"] = saved


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


def test_the_inbox_takes_the_fresh_token_the_dashboard_posts_and_keeps_working(
    live_plugin, staff_user, permission_manage_orders, settings, channel_USD
):
    """The Dashboard posts ``tokenRefresh`` before the App's token expires (app-sdk's
    event): every later call carries the new token, so nothing answers 401 once the
    first token has expired (issue 19: the inbox emptied after five minutes)."""
    import time
    from datetime import timedelta

    from saleor.account.models import Group

    from tests.support.api import make_thread

    make_thread(channel_USD, address="still-here", text="Still there?")
    # Saleor gives staff their sales channels through permission groups.
    group = Group.objects.create(name="Support", restricted_access_to_channels=False)
    group.permissions.add(permission_manage_orders)
    group.user_set.add(staff_user)
    from saleor.core.jwt import create_access_token_for_app

    from saleor_conversational.dashboard.saleor_app import install

    app = install("http://testserver")
    settings.JWT_TTL_APP_ACCESS = timedelta(seconds=6)
    first = create_access_token_for_app(app, staff_user)
    settings.JWT_TTL_APP_ACCESS = timedelta(minutes=5)
    fresh = create_access_token_for_app(app, staff_user)
    assert first != fresh
    refresh = (
        'setTimeout(() => post({type: "tokenRefresh", payload: {token: '
        + json.dumps(fresh)
        + "}}), 2000);"
    )
    statuses: list[tuple[float, int, str]] = []
    with chromium_page() as page:
        started = time.monotonic()
        page.on(
            "response",
            lambda response: statuses.append(
                (
                    time.monotonic() - started,
                    response.status,
                    response.request.headers.get("authorization", ""),
                )
            )
            if response.url.endswith("/saleor.conversational/graphql/")
            else None,
        )
        frame = open_as_dashboard(
            page, live_plugin.url, "inbox", first, after_load=refresh
        )
        frame.get_by_test_id("conversation-row").first.wait_for(timeout=15000)
        time.sleep(12)  # the first token has expired for 6 s: the inbox polls on
        assert frame.get_by_test_id("conversation-row").count() == 1
        page.screenshot(path=str(ARTIFACTS / "inbox-after-token-refresh.png"))
    late = [(status, auth) for at, status, auth in statuses if at > 8]
    assert late, statuses  # the inbox kept polling after the first token expired
    assert all(status == 200 for status, _ in late), late
    assert all(auth == f"Bearer {fresh}" for _, auth in late), late


# -- the whole inbox scenario ------------------------------------------------------------
def _post(url: str, inbound) -> int:
    """A provider's webhook call to the live Saleor, over real HTTP."""
    import urllib.error
    import urllib.request
    from urllib.parse import urlencode as _urlencode

    if inbound.query:
        url += "?" + _urlencode(inbound.query)
    request = urllib.request.Request(
        url, data=inbound.body, method=inbound.method, headers=dict(inbound.headers)
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _wait(check, timeout: float = 15.0):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out waiting")


def test_inbox_scenario_one_thread_reply_delivered_note_assign_resolve(
    live_plugin,
    staff_user,
    permission_manage_orders,
    permission_manage_users,
    customer_user,
    channel_USD,
    order_with_lines,
    monkeypatch,
):
    """WhatsApp and web chat of one customer in one thread; reply, delivered, note, assign,
    resolve; the order and customer pages show the same conversation."""
    from saleor.account.tests.fixtures.user import (
        dangerously_create_test_user as create_user,
    )

    from saleor_conversational import models
    from saleor_conversational.channels.events import DeliveryStatus
    from saleor_conversational.contacts.merging import merge
    from saleor_conversational.inbox import presence
    from tests.support.api import gid, make_thread
    from tests.support.providers import Provider
    from tests.unit.channels.test_whatsapp import TestWhatsAppConformance

    # Playwright's sync API runs an event loop in this thread; the ORM calls below are
    # plain synchronous calls between browser steps.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from saleor.account.models import Group

    # As in a real shop: permissions (and sales channel access) come from a group.
    group = Group.objects.create(name="Support", restricted_access_to_channels=False)
    group.permissions.add(permission_manage_orders, permission_manage_users)
    staff_user.groups.add(group)
    order_with_lines.user = customer_user
    order_with_lines.save(update_fields=["user"])
    web = make_thread(
        channel_USD,
        user=customer_user,
        address="web-session-1",
        text="Hello from the web chat",
        name="Sam Shopper",
    )
    whatsapp = Provider(TestWhatsAppConformance, channel_USD)
    try:
        assert (
            _post(
                live_plugin.url + whatsapp.path,
                whatsapp.inbound_text("And hello from WhatsApp"),
            )
            == 200
        )
        wa_identity = _wait(
            lambda: models.ContactIdentity.objects.filter(
                account=whatsapp.account
            ).first()
        )
        merge(
            source=wa_identity.contact, target=web.contact
        )  # one profile: staff merged them
        # The shopper wrote on the web chat first, then on WhatsApp: replies go to WhatsApp.
        wa_first = models.Message.objects.filter(
            identity=wa_identity, direction="in"
        ).earliest("created_at")
        models.Message.objects.filter(pk=web.messages[0].pk).update(
            created_at=wa_first.created_at - timedelta(minutes=5)
        )
        conversation = models.Conversation.objects.get(
            contact=web.contact, channel=channel_USD
        )
        sent_before = len(whatsapp.fake.sent())
        models.CannedResponse.objects.create(
            name="Shipped",
            text="Hi {{first_name}}, your parcel left our warehouse today.",
        )
        reply_text = canned.render(
            "Hi {{first_name}}, your parcel left our warehouse today.", conversation
        )
        assert "{{" not in reply_text
        colleague = create_user(
            email="bea@example.com", password="x", is_staff=True, first_name="Bea"
        )
        token = _app_token_for(staff_user)

        with chromium_page() as page:
            frame = open_as_dashboard(page, live_plugin.url, "inbox", token)
            frame.get_by_test_id("filter-status").select_option("")
            frame.locator(
                '[data-testid="filter-channel"] option', has_text=channel_USD.name
            ).wait_for(state="attached")
            frame.get_by_test_id("filter-channel").select_option(label=channel_USD.name)
            frame.get_by_test_id("conversation-row").first.click()
            timeline = frame.get_by_test_id("timeline")
            timeline.get_by_text("Hello from the web chat").wait_for(timeout=15000)
            timeline.get_by_text("And hello from WhatsApp").wait_for(timeout=15000)
            channels = set(frame.get_by_test_id("message-channel").all_inner_texts())
            assert {"webchat", "whatsapp"} <= channels
            assert (
                "Reply on whatsapp" in frame.get_by_test_id("window-state").inner_text()
            )
            page.screenshot(path=str(ARTIFACTS / "inbox-thread.png"))

            # A colleague starts typing in the same conversation.
            presence.mark_replying(conversation.pk, colleague.pk)
            frame.get_by_test_id("others-replying").filter(
                has_text="Bea is replying"
            ).wait_for(timeout=15000)

            frame.get_by_test_id("canned").select_option(label="Shipped")
            assert frame.get_by_test_id("reply-text").input_value() == reply_text
            frame.get_by_test_id("send").click()
            reply = _wait(
                lambda: models.Message.objects.filter(
                    conversation=conversation, text=reply_text, status="sent"
                ).first()
            )
            assert len(whatsapp.fake.sent()) == sent_before + 1
            assert (
                "your parcel left our warehouse today."
                in whatsapp.fake.sent()[-1].body.decode()
            )
            assert (
                _post(
                    live_plugin.url + whatsapp.path,
                    whatsapp.status(
                        reply.provider_message_id, DeliveryStatus.DELIVERED
                    ),
                )
                == 200
            )
            delivered = frame.locator(
                '[data-testid="message"][data-status="DELIVERED"]',
                has_text="parcel left",
            )
            delivered.wait_for(timeout=15000)

            frame.get_by_test_id("note-text").fill(
                "Customer asked twice; courier called."
            )
            frame.get_by_test_id("add-note").click()
            frame.get_by_test_id("note").filter(has_text="courier called").wait_for(
                timeout=15000
            )

            frame.get_by_test_id("assignee").select_option(label=staff_user.email)
            frame.get_by_test_id("notice").filter(has_text="Assignee changed").wait_for(
                timeout=15000
            )
            page.screenshot(path=str(ARTIFACTS / "thread-side-panel.png"))

            frame.get_by_test_id("resolve").click()
            frame.get_by_test_id("thread-status").filter(has_text="resolved").wait_for(
                timeout=15000
            )
            frame.get_by_test_id("recent-order").filter(
                has_text=f"#{order_with_lines.number}"
            ).wait_for(timeout=15000)
            page.screenshot(path=str(ARTIFACTS / "thread-resolved.png"))

            frame = open_as_dashboard(
                page,
                live_plugin.url,
                "order/message",
                token,
                params={"orderId": gid("Order", order_with_lines.pk)},
            )
            frame.get_by_test_id("timeline").get_by_text(
                "Hello from the web chat"
            ).wait_for(timeout=15000)
            page.screenshot(path=str(ARTIFACTS / "order-message-customer.png"))
            frame = open_as_dashboard(
                page,
                live_plugin.url,
                "customer/conversations",
                token,
                theme="dark",
                params={"customerId": gid("User", customer_user.pk)},
            )
            frame.get_by_test_id("timeline").get_by_text(
                "And hello from WhatsApp"
            ).wait_for(timeout=15000)
            page.screenshot(path=str(ARTIFACTS / "customer-conversations-dark.png"))

        conversation.refresh_from_db()
        assert (
            conversation.status == "resolved"
            and conversation.assignee_id == staff_user.pk
        )
        assert not conversation.handed_over  # resolved: the bot answers again
        note = models.ConversationNote.objects.get(conversation=conversation)
        assert note.author_id == staff_user.pk
        reply.refresh_from_db()
        assert reply.status == "delivered"
        # The note never reached the shopper.
        assert all(
            "courier called" not in r.body.decode() for r in whatsapp.fake.sent()
        )
        assert whatsapp.fake.violations == []
    finally:
        whatsapp.stop()


def test_payment_alerts_show_in_the_inbox_open_the_thread_and_resolve(
    live_plugin,
    staff_user,
    permission_manage_orders,
    channel_USD,
    monkeypatch,
):
    import uuid
    from decimal import Decimal

    from django.utils import timezone
    from saleor.account.models import Group

    from saleor_conversational import models
    from saleor_conversational.commerce import alerts
    from tests.support.api import make_thread

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    group = Group.objects.create(name="Support", restricted_access_to_channels=False)
    group.permissions.add(permission_manage_orders)
    staff_user.groups.add(group)
    thread = make_thread(
        channel_USD, address="web-alert", text="I paid!", name="Pat Payer"
    )
    account = models.PaymentAccount.objects.create(
        channel=channel_USD, provider="stripe", name="Shop Stripe"
    )
    chat_checkout = models.ChatCheckout.objects.create(
        contact=thread.contact, channel=channel_USD, checkout_token=uuid.uuid4()
    )
    link = models.PaymentLink.objects.create(
        chat_checkout=chat_checkout,
        account=account,
        amount=Decimal("10.00"),
        currency="USD",
        expires_at=timezone.now(),
    )
    alerts.alert_link(
        link,
        "amount_mismatch",
        "the PSP reports 9.00 USD paid; the link was for $10.00",
    )
    for _ in range(4):
        alerts.alert_refused_notification(
            account, "forged", "Stripe signature: no match"
        )
    token = _app_token_for(staff_user)
    with chromium_page() as page:
        frame = open_as_dashboard(page, live_plugin.url, "inbox", token)
        panel = frame.get_by_test_id("payment-alerts")
        panel.wait_for(timeout=15000)
        assert "Payment alerts (2)" in panel.inner_text()
        forged = frame.get_by_test_id("payment-alert").filter(
            has_text="notification forged"
        )
        assert "×4" in forged.inner_text() and "Shop Stripe" in forged.inner_text()
        mismatch = frame.get_by_test_id("payment-alert").filter(
            has_text="amount mismatch"
        )
        mismatch.get_by_role("button", name="Open conversation").click()
        frame.get_by_test_id("timeline").get_by_text("I paid!").wait_for(timeout=15000)
        frame.get_by_test_id("note").filter(
            has_text="Payment alert (amount_mismatch)"
        ).wait_for(timeout=15000)
        page.screenshot(path=str(ARTIFACTS / "payment-alerts.png"))
        forged.get_by_test_id("resolve-alert").click()
        frame.get_by_test_id("payment-alert").filter(
            has_text="notification forged"
        ).wait_for(state="detached", timeout=15000)
        assert "Payment alerts (1)" in panel.inner_text()
    resolved = models.PaymentAlert.objects.get(code="notification_forged")
    assert resolved.resolved_at is not None and resolved.resolved_by_id == staff_user.pk
    assert models.PaymentAlert.objects.get(code="amount_mismatch").resolved_at is None


# -- inside the real Saleor Dashboard ------------------------------------------------------
needs_real_dashboard = pytest.mark.skipif(
    not (DASHBOARD_BUILD / "index.html").is_file(),
    reason=f"REAL DASHBOARD TESTS SKIPPED: no Saleor Dashboard build at {DASHBOARD_BUILD} "
    "(../shared/saleor-dashboard-3.23, or set SALEOR_DASHBOARD_DIR)",
)
# Where the Dashboard build reads its API (shared/saleor-dashboard-3.23/README.md).
BUILT_API_URL = 'API_URL: "http://localhost:8000/graphql/"'
SALEOR_PATHS = ("/graphql/", "/plugins/", "/media/", "/thumbnail/")


def serve_real_dashboard(page, live_server_url: str) -> None:
    """Serve the Dashboard build on the live Saleor's own origin (every path that is not
    Saleor's answered from the build, unknown ones with index.html, as the README says),
    so the Dashboard, its API and the App's pages share one origin. Requests to any
    other host (saleor.io's video and assets) are refused: this machine has no internet."""
    origin = live_server_url.rstrip("/")
    index = (DASHBOARD_BUILD / "index.html").read_text()
    assert BUILT_API_URL in index, "the Dashboard build no longer says where its API is"
    index = index.replace(BUILT_API_URL, f'API_URL: "{origin}/graphql/"')
    root = DASHBOARD_BUILD.resolve()

    def handle(route):
        url = urlsplit(route.request.url)
        if f"{url.scheme}://{url.netloc}" != origin:
            return route.abort()
        if url.path.startswith(SALEOR_PATHS):
            return route.continue_()
        built = (root / url.path.lstrip("/")).resolve()
        if url.path != "/" and built.is_file() and root in built.parents:
            return route.fulfill(path=str(built))
        return route.fulfill(status=200, content_type="text/html", body=index)

    page.route("**/*", handle)


def sign_in_to_dashboard(page, live_server_url: str, email: str, password: str) -> None:
    page.goto(live_server_url + "/")
    page.locator('[data-test-id="email"]').fill(email)
    page.locator('[data-test-id="password"]').fill(password)
    page.locator('[data-test-id="submit"]').click()
    page.locator('[data-test-id="email"]').wait_for(state="detached", timeout=30000)


def open_app_page(page, live_server_url: str, app, deep_path: str):
    """The App's page as the Dashboard opens it from Orders → Inbox, and its iframe."""
    from tests.support.api import gid

    page.goto(f"{live_server_url}/extensions/app/{gid('App', app.pk)}/{deep_path}")
    frame = page.frame_locator('iframe[src*="/saleor.conversational/dashboard/"]')
    frame.locator("#root > *").first.wait_for(timeout=30000)
    # The Dashboard's "Saleor Pulse" video announcement covers part of the page until
    # dismissed, as a person would dismiss it.
    dismiss = page.locator('[data-test-id="ripple-video-announcement-dismiss"]')
    with contextlib.suppress(PlaywrightTimeout):
        dismiss.wait_for(state="visible", timeout=3000)
        dismiss.click()
        dismiss.wait_for(state="detached", timeout=5000)
    return frame


def _staff_in_group(staff_user, *permissions):
    from saleor.account.models import Group

    group = Group.objects.create(name="Support", restricted_access_to_channels=False)
    group.permissions.add(*permissions)
    staff_user.groups.add(group)
    return staff_user


@needs_real_dashboard
def test_staff_save_model_settings_in_the_real_dashboard_and_the_key_stays_hidden(
    live_plugin,
    staff_user,
    permission_manage_orders,
    permission_manage_plugins,
    channel_USD,
    channel_PLN,
    monkeypatch,
):
    from saleor_conversational import models
    from saleor_conversational.core.crypto import decrypt_json
    from saleor_conversational.dashboard.saleor_app import install

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    _staff_in_group(staff_user, permission_manage_orders, permission_manage_plugins)
    app = install(live_plugin.url)
    secret = "sk-browser-Secret-4711"

    with chromium_page() as page:
        serve_real_dashboard(page, live_plugin.url)
        sign_in_to_dashboard(page, live_plugin.url, staff_user.email, "password")
        frame = open_app_page(page, live_plugin.url, app, "inbox")
        frame.get_by_test_id("open-assistant-settings").click(timeout=30000)
        settings = frame.get_by_test_id("assistant-settings")
        settings.wait_for(timeout=15000)
        frame.get_by_test_id("assistant-channel").select_option(label=channel_USD.name)
        frame.get_by_test_id("assistant-key-state").filter(
            has_text="No API key is stored"
        ).wait_for(timeout=15000)
        assert (
            "0 of 500,000 tokens"
            in frame.get_by_test_id("assistant-usage").inner_text()
        )

        # Bad input: each field's reason beside it, nothing stored.
        frame.get_by_test_id("assistant-enabled").check()
        frame.get_by_test_id("assistant-base-url").fill("localhost:11434")
        frame.get_by_test_id("assistant-model").fill("llama3.1:8b")
        frame.get_by_test_id("assistant-timeout").fill("600")
        frame.get_by_test_id("assistant-save").click()
        base_url_field = frame.get_by_test_id("field-baseUrl")
        base_url_field.get_by_text("an http(s) URL").wait_for(timeout=15000)
        timeout_field = frame.get_by_test_id("field-timeoutSeconds")
        assert "from 1 to 60 seconds" in timeout_field.inner_text()
        assert "from 1 to 60" not in base_url_field.inner_text()
        page.screenshot(path=str(ARTIFACTS / "assistant-settings-errors.png"))
        assert not models.ModelAssistantSettings.objects.exists()

        frame.get_by_test_id("assistant-base-url").fill("http://127.0.0.1:11434/v1")
        frame.get_by_test_id("assistant-timeout").fill("6.5")
        frame.get_by_test_id("assistant-api-key").fill(secret)
        frame.get_by_test_id("assistant-tokens-per-conversation").fill("12000")
        frame.get_by_test_id("assistant-tokens-per-day").fill("300000")
        frame.get_by_test_id("assistant-save").click()
        frame.get_by_test_id("assistant-notice").filter(has_text="Saved").wait_for(
            timeout=15000
        )
        assert (
            "An API key is stored"
            in frame.get_by_test_id("assistant-key-state").inner_text()
        )
        assert frame.get_by_test_id("assistant-api-key").input_value() == ""
        page.screenshot(path=str(ARTIFACTS / "assistant-settings-saved.png"))

        # Opened again: the stored values come back, the key never does.
        frame = open_app_page(page, live_plugin.url, app, "inbox")
        frame.get_by_test_id("open-assistant-settings").click(timeout=30000)
        frame.get_by_test_id("assistant-channel").select_option(label=channel_USD.name)
        frame.get_by_test_id("assistant-key-state").filter(
            has_text="An API key is stored"
        ).wait_for(timeout=15000)
        assert frame.get_by_test_id("assistant-model").input_value() == "llama3.1:8b"
        assert frame.get_by_test_id("assistant-timeout").input_value() == "6.5"
        assert frame.get_by_test_id("assistant-enabled").is_checked()
        assert secret not in frame.locator("html").inner_html()
        assert frame.get_by_test_id("assistant-api-key").input_value() == ""
        # The other sales channel keeps its own (default) settings.
        frame.get_by_test_id("assistant-channel").select_option(label=channel_PLN.name)
        frame.get_by_test_id("assistant-key-state").filter(
            has_text="No API key is stored"
        ).wait_for(timeout=15000)
        assert not frame.get_by_test_id("assistant-enabled").is_checked()

    row = models.ModelAssistantSettings.objects.get()
    assert row.channel_id == channel_USD.pk
    assert (row.enabled, row.base_url, row.model) == (
        True,
        "http://127.0.0.1:11434/v1",
        "llama3.1:8b",
    )
    assert (row.timeout_seconds, row.tokens_per_conversation, row.tokens_per_day) == (
        6.5,
        12000,
        300000,
    )
    assert secret not in row.api_key_encrypted
    assert decrypt_json(row.api_key_encrypted) == {"api_key": secret}


@pytest.fixture
def fake_model():
    """An OpenAI-compatible server that answers with scripted tool calls, every request
    checked against OpenAI's published contract."""
    from tests.saleor.assistant.test_model_backed import KEY
    from tests.support.fakes.openai import FakeOpenAI

    server = FakeOpenAI(api_key=KEY).start()
    yield server
    server.stop()
    assert server.violations == []


@needs_real_dashboard
def test_the_thread_shows_why_the_assistant_answered_in_the_real_dashboard(
    live_plugin,
    staff_user,
    permission_manage_orders,
    channel_USD,
    order_with_lines,
    fake_model,
    webchat,
    monkeypatch,
):
    """A shopper's question answered by the model (one tool call) and one whose answer
    failed grounding: staff see the model, tokens, the tool with its arguments and
    facts, and the fallback's reason, each folded under the message it explains."""
    import uuid

    from saleor_conversational import models
    from saleor_conversational.dashboard.saleor_app import install
    from tests.saleor.assistant.test_model_backed import MODEL, _switch_on

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    _staff_in_group(staff_user, permission_manage_orders)
    app = install(live_plugin.url)
    _switch_on(channel_USD, fake_model)
    webchat.open()
    webchat.say("hi")
    identity = models.ContactIdentity.objects.get()
    token = uuid.uuid4()
    order_with_lines.checkout_token = str(token)
    order_with_lines.save(update_fields=["checkout_token"])
    models.ChatCheckout.objects.create(
        contact=identity.contact, channel=channel_USD, checkout_token=token
    )
    number = order_with_lines.number
    fake_model.script_tool_calls([("get_order", {"number": number})])
    fake_model.script_answer(f"Order #{number} is being prepared.", usage=(400, 12))
    webchat.say(f"status of {number}?")
    fake_model.script_answer("Your order #99999 has shipped.")
    webchat.say("and the other one?")
    answered = models.AssistantTrace.objects.get(assistant="model")
    assert answered.reply is not None  # what the page must show, from the pipeline

    with chromium_page() as page:
        serve_real_dashboard(page, live_plugin.url)
        sign_in_to_dashboard(page, live_plugin.url, staff_user.email, "password")
        frame = open_app_page(page, live_plugin.url, app, "inbox")
        frame.get_by_test_id("conversation-row").first.click(timeout=30000)
        timeline = frame.get_by_test_id("timeline")
        timeline.get_by_text(f"Order #{number} is being prepared.").wait_for(
            timeout=15000
        )
        why = timeline.locator(
            '[data-testid="assistant-trace"][data-assistant="MODEL"]'
        )
        assert why.count() == 1
        assert not why.get_by_test_id("trace-model").is_visible()  # folded
        why.get_by_text("Why this answer").click()
        model_line = why.get_by_test_id("trace-model").inner_text()
        assert MODEL in model_line and f"{answered.total_tokens:,} tokens" in model_line
        [tool] = why.get_by_test_id("trace-tool-call").all()
        arguments = json.dumps({"number": number}, separators=(",", ":"))
        assert f"get_order({arguments})" in tool.inner_text()
        assert str(number) in tool.get_by_test_id("trace-tool-result").inner_text()
        assert "Grounded" in why.get_by_test_id("trace-grounding").inner_text()
        # It sits right under the model's reply.
        assert "being prepared" in why.evaluate(
            "el => el.previousElementSibling.innerText"
        )
        why.get_by_test_id("trace-tools").scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "thread-why-this-answer.png"))

        refused = timeline.locator(
            '[data-testid="assistant-trace"][data-assistant="FALLBACK"]'
        )
        refused.get_by_text("Why the built-in assistant answered").click()
        assert "not grounded" in refused.get_by_test_id("trace-reason").inner_text()
        assert (
            "order number 99999 is not in this turn's tool results"
            in refused.get_by_test_id("trace-grounding").inner_text()
        )
        assert (
            "Your order #99999 has shipped."
            in refused.get_by_test_id("trace-unsent-answer").inner_text()
        )
        assert "and the other one?" in refused.evaluate(
            "el => el.previousElementSibling.innerText"
        )
        greeting = timeline.locator(
            '[data-testid="assistant-trace"][data-assistant="BUILTIN"]'
        )
        greeting.get_by_text("Why the built-in assistant answered").click()
        assert "a greeting" in greeting.get_by_test_id("trace-reason").inner_text()
        refused.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "thread-why-fallback.png"))


def _webchat(url: str, path: str, body: dict, session: str = "") -> dict:
    """The storefront widget's call to the live Saleor, over real HTTP."""
    import urllib.request

    headers = {"Content-Type": "application/json"}
    if session:
        headers["Authorization"] = f"Bearer {session}"
    request = urllib.request.Request(
        url + path, data=json.dumps(body).encode(), method="POST", headers=headers
    )
    with urllib.request.urlopen(request, timeout=20) as response:
        text = response.read()
    return json.loads(text) if text else {}


def test_assistant_outcomes_show_the_figures_of_real_chats(
    live_plugin,
    staff_user,
    permission_manage_orders,
    channel_USD,
    monkeypatch,
):
    """Two shoppers chat on the web chat (one asks for a person); the inbox's Assistant
    outcomes table shows those exchanges, the hand-over and the pending ones."""
    from saleor.account.models import Group

    from saleor_conversational import models

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    group = Group.objects.create(name="Support", restricted_access_to_channels=False)
    group.permissions.add(permission_manage_orders)
    staff_user.groups.add(group)
    base = f"{live_plugin.url}/plugins/global/saleor.conversational/webchat/{channel_USD.slug}/"
    for n, texts in enumerate([["hi", "thank you"], ["I want a human"]]):
        session = _webchat(base, "session/", {})["session"]
        for i, text in enumerate(texts):
            _webchat(base, "messages/", {"id": f"s{n}-{i}", "text": text}, session)
    _wait(
        lambda: models.Message.objects.filter(direction="in")
        .exclude(language_code="")
        .count()
        == 3
    )
    token = _app_token_for(staff_user)
    with chromium_page() as page:
        frame = open_as_dashboard(page, live_plugin.url, "inbox", token)
        frame.get_by_test_id("open-outcomes").click()
        row = frame.locator(
            f'[data-testid="outcome-row"][data-channel="{channel_USD.slug}"]'
            '[data-language="en"]'
        )
        row.wait_for(timeout=15000)
        cells = row.locator("td").all_inner_texts()
        # Sales channel, language, exchanges, resolved, resolution rate, pending,
        # handed over, hand-over rate, unanswered, unanswered rate, fallback, rate.
        assert cells == [
            channel_USD.name,
            "en",
            "3",
            "0",
            "0 %",  # the hand-over settled the exchange it answered
            "2",  # the other shopper's two, younger than 7 days
            "1",
            "33 %",
            "0",
            "0 %",
            "0",
            "0 %",
        ], cells
        page.screenshot(path=str(ARTIFACTS / "assistant-outcomes.png"))
