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
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from saleor_conversational.inbox import canned

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "dashboard"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None

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
  }});
</script></body></html>"""


def open_as_dashboard(
    page,
    live_server_url: str,
    path: str,
    token: str,
    theme: str = "light",
    params: dict | None = None,
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
    html = HOST_PAGE.format(src=src, token=json.dumps(token), theme=json.dumps(theme))
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
