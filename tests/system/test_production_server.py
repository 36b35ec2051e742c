"""The whole chat purchase against Saleor as deployed: uvicorn serving ``saleor.asgi`` with
Saleor's production settings (DEBUG off, default ALLOWED_HOSTS, the plugin found through
its entry point) and a Celery worker with the same settings. Everything reaches Saleor over
HTTP, as the shopper's widget, Stripe and the Dashboard would send it; nothing runs in
this test process except the fake Stripe and the assertions."""

from __future__ import annotations

import json
import time
from datetime import timedelta
from urllib.parse import urlencode

import graphene
import httpx
import pytest
from django.utils import timezone
from saleor.core.jwt import create_access_token
from saleor.order.models import Order
from saleor.payment.models import TransactionEvent, TransactionItem

from saleor_conversational.assistant.shopping import checkout_steps as steps
from saleor_conversational.assistant.shopping import words as shopping_words
from saleor_conversational.models import (
    Conversation,
    InboundEvent,
    Message,
    PaymentLink,
    PaymentLinkStatus,
    PaymentNotification,
)
from tests.saleor.assistant.test_shopping import index_products
from tests.saleor.commerce.test_payment_links import (  # fixtures are used by name
    TRANSACTION_REQUEST_ACTION,
    fake_mollie,  # noqa: F401
    fake_stripe,  # noqa: F401
    mollie_account,  # noqa: F401
    stripe_account,  # noqa: F401
)
from tests.support.api import gid
from tests.support.providers import Provider, conformance_classes
from tests.support.server import SaleorServer, production_worker
from tests.support.worker import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# What the TLS-terminating proxy in front of Saleor adds (PUBLIC_URL is https: Saleor
# redirects plain http).
PROXY = {"X-Forwarded-Proto": "https"}
STOREFRONT = "https://shop.example"


@pytest.fixture
def deployed(plugin, redis_broker):
    worker = production_worker().start()
    server = SaleorServer().start()
    yield server
    server.stop()
    worker.stop()


class Widget:
    """The storefront's chat widget, over HTTP."""

    def __init__(self, server: SaleorServer, channel_slug: str) -> None:
        # The widget runs on the storefront's origin, not Saleor's: every call is cross-origin.
        self.http = httpx.Client(
            base_url=f"{server.url}/plugins/global/saleor.conversational/webchat/{channel_slug}/",
            timeout=40,
            headers={**PROXY, "Origin": STOREFRONT},
        )
        preflight = self.http.options(
            "session/",
            headers={
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization,content-type",
            },
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == STOREFRONT
        assert "Authorization" in preflight.headers["access-control-allow-headers"]
        response = self.http.post("session/")
        assert response.status_code == 201, response.text
        assert response.headers["access-control-allow-origin"] == STOREFRONT
        self.http.headers["Authorization"] = f"Bearer {response.json()['session']}"
        self.n = 0

    def send(self, text: str, reply_id: str = "") -> list[dict]:
        self.n += 1
        body = {
            "id": f"m{self.n}",
            "text": text,
            **({"reply_id": reply_id} if reply_id else {}),
        }
        assert self.http.post("messages/", json=body).status_code == 202
        return self.answers()

    def answers(self, timeout: float = 60) -> list[dict]:
        """Everything the worker sends back for what happened so far: waits until nothing
        is left to process or send (not for a quiet moment, which a busy machine stretches)."""
        deadline, received = time.monotonic() + timeout, []
        while (
            not received and time.monotonic() < deadline
        ):  # a hook's task may not have run yet
            wait_until(
                settled,
                timeout=timeout,
                interval=0.2,
                message="the worker left work undone",
            )
            response = self.http.post("poll/", json={})
            assert response.status_code == 200, response.text
            received = [
                m for m in response.json()["messages"] if m["direction"] == "out"
            ]
            time.sleep(0 if received else 0.3)
        assert received, "no answer from the worker"
        return received


def settled() -> bool:
    return not (
        InboundEvent.objects.filter(processed_at__isnull=True).exists()
        or PaymentNotification.objects.filter(processed_at__isnull=True).exists()
        or Message.objects.filter(
            direction="out", status__in=["queued", "sending"]
        ).exists()
    )


@pytest.mark.parametrize("psp", ["stripe", "mollie"])
def test_chat_purchase_against_saleor_as_deployed(
    psp,
    request,
    deployed,
    product,
    shipping_zone,
    channel_USD,
    staff_user,
    permission_group_handle_payments,
):
    account = request.getfixturevalue(f"{psp}_account")
    fake = request.getfixturevalue(f"fake_{psp}")
    index_products()
    widget = Widget(deployed, channel_USD.slug)
    opening, cards, choose = widget.send("search test product")
    assert "automated assistant" in opening["text"]
    assert [p["title"] for p in cards["content"]["products"]] == ["Test product"]
    [row] = [r for section in choose["content"]["sections"] for r in section["rows"]]
    assert [m["text"] for m in widget.send(row["title"], row["id"])] == [
        shopping_words.ASK_QUANTITY
    ]
    [added] = widget.send("2")
    assert "2 × Test product" in added["text"]
    assert [m["text"] for m in widget.send("checkout")] == [steps.ASK_EMAIL]
    assert [m["text"] for m in widget.send("buyer@example.com")] == [steps.ASK_NAME]
    [confirm] = widget.send("John Doe\nTęczowa 7\n53-601 Wrocław\nPoland")
    assert confirm["kind"] == "buttons"
    [shipping] = widget.send("Yes, ship there", "shop:addr:typed")
    [dhl] = [r for section in shipping["content"]["sections"] for r in section["rows"]]
    summary, link_message = widget.send(dhl["title"], dhl["id"])
    assert summary["text"].startswith("Your order:") and link_message["kind"] == "link"
    link = PaymentLink.objects.get()
    assert link_message["content"]["url"] == link.url

    webhook = f"{deployed.url}/plugins/global/saleor.conversational/payments/{psp}/{account.pk}/"
    if psp == "stripe":
        body, signature = fake.signed(fake.pay(link.psp_reference))
        headers = {
            "Stripe-Signature": signature,
            "Content-Type": "application/json",
            **PROXY,
        }
    else:
        body, headers = (
            fake.pay(link.psp_reference),
            {"Content-Type": "application/x-www-form-urlencoded", **PROXY},
        )
    for _ in range(2):  # PSPs deliver again when an answer is slow
        response = httpx.post(webhook, content=body, timeout=30, headers=headers)
        assert response.status_code == 200, response.text
    [confirmation] = (
        widget.answers()
    )  # one message, not also order created / paid / confirmed
    order = Order.objects.get(checkout_token=str(link.chat_checkout.checkout_token))
    assert f"order #{order.number} is confirmed" in confirmation["text"]
    assert order.charge_status == "full" and order.total_charged_amount == link.amount
    assert (order.shipping_address.street_address_1, order.user_email) == (
        "Tęczowa 7",
        "buyer@example.com",
    )
    assert PaymentLink.objects.get().status == PaymentLinkStatus.PAID

    # A Dashboard refund, through Saleor's API over HTTP as the Dashboard sends it.
    staff_user.groups.add(permission_group_handle_payments)
    item = TransactionItem.objects.get(order=order)
    response = httpx.post(
        f"{deployed.url}/graphql/",
        timeout=30,
        headers={"Authorization": f"Bearer {create_access_token(staff_user)}", **PROXY},
        json={
            "query": TRANSACTION_REQUEST_ACTION,
            "variables": {
                "id": graphene.Node.to_global_id("TransactionItem", item.token),
                "amount": "5.00",
            },
        },
    )
    content = response.json()
    assert content["data"]["transactionRequestAction"]["errors"] == [], json.dumps(
        content
    )
    wait_until(
        lambda: TransactionEvent.objects.filter(
            transaction=item, type="refund_success"
        ).exists(),
        timeout=60,
        message="the refund did not come back from Stripe",
    )
    [refund] = fake.refunds
    assert (
        refund["amount"] == 500
        if psp == "stripe"
        else refund["amount"]["value"] == "5.00"
    )
    assert fake.violations == []


SEND = """mutation($c: ID!) { conversationMessageSend(conversation: $c, input: {text: "Your parcel left today."}) {
  message { status } errors { code message } } }"""


def test_every_messaging_channel_and_the_inbox_api_against_saleor_as_deployed(
    deployed, channel_USD, staff_user
):
    from saleor.account.models import Group
    from saleor.permission.models import Permission

    providers = [
        Provider(param.values[0], channel_USD) for param in conformance_classes()
    ]
    try:
        for (
            provider
        ) in providers:  # the shopper writes first, on every messaging channel
            inbound = provider.inbound_text("hi")
            query = f"?{urlencode(inbound.query)}" if inbound.query else ""
            response = httpx.request(
                inbound.method,
                f"{deployed.url}{provider.path}{query}",
                content=inbound.body,
                timeout=30,
                headers={
                    **{
                        k: v
                        for k, v in inbound.headers.items()
                        if k not in ("content-length", "host")
                    },
                    **PROXY,
                },
            )
            assert response.status_code == 200, (provider.account.kind, response.text)
        for provider in providers:
            wait_until(
                lambda p=provider: len(p.fake.sent()) == 1,
                timeout=60,
                message=f"{provider.account.kind}: the worker did not answer",
            )

        group = Group.objects.create(name="Inbox", restricted_access_to_channels=False)
        group.permissions.add(Permission.objects.get(codename="manage_orders"))
        staff_user.groups.add(group)
        api = httpx.Client(
            base_url=f"{deployed.url}/plugins/global/saleor.conversational/",
            timeout=30,
            headers={
                "Authorization": f"Bearer {create_access_token(staff_user)}",
                **PROXY,
            },
        )
        for (
            provider
        ) in providers:  # staff answer from the inbox, through the plugin's API
            conversation = Conversation.objects.get(
                contact__identities__account=provider.account
            )
            body = api.post(
                "graphql/",
                json={
                    "query": SEND,
                    "variables": {"c": gid("Conversation", conversation.pk)},
                },
            )
            assert body.json()["data"]["conversationMessageSend"]["errors"] == [], (
                body.text
            )
        for provider in providers:
            wait_until(
                lambda p=provider: len(p.fake.sent()) == 2,
                timeout=60,
                message=f"{provider.account.kind}: the staff reply was not sent",
            )
            sent = Message.objects.get(
                account=provider.account, text="Your parcel left today."
            )
            assert sent.status == "sent"
        # The inbox App as the Dashboard fetches it: its manifest and page, on Saleor's public URL.
        manifest = httpx.get(
            f"{deployed.url}/plugins/global/saleor.conversational/dashboard/manifest.json",
            headers=PROXY,
            timeout=30,
        )
        assert manifest.status_code == 200
        assert manifest.json()["tokenTargetUrl"].startswith(
            f"https://127.0.0.1:{deployed.port}/plugins/global/"
        )
        page = httpx.get(
            manifest.json()["appUrl"].replace("https://", "http://"),
            headers=PROXY,
            timeout=30,
        )
        assert page.status_code == 200 and "<script" in page.text
    finally:
        for provider in providers:
            provider.stop()
    for provider in providers:
        assert provider.fake.violations == [], (
            provider.account.kind,
            provider.fake.violations,
        )


def test_marketing_scans_in_a_production_worker(
    deployed,
    variant,
    warehouse,
    channel_USD,
    checkout_with_item,
    customer_user,
):
    """The back-in-stock and abandoned-checkout scans (beat enqueues them every five
    minutes; here they are enqueued at once) run in the production-settings worker."""
    from saleor.checkout.models import Checkout
    from saleor.warehouse.models import Stock

    from saleor_conversational import tasks
    from saleor_conversational.models import Contact, SalesChannelSettings

    stock = Stock.objects.create(
        warehouse=warehouse, product_variant=variant, quantity=0
    )
    widget = Widget(deployed, channel_USD.slug)
    from saleor_conversational.assistant.words import MARKETING_ON

    assert MARKETING_ON in [
        m["text"] for m in widget.send("SUBSCRIBE")
    ]  # marketing consent, in chat
    [answer] = widget.send(f"tell me when {variant.sku} is back")
    assert "I'll tell you here once" in answer["text"]

    stock.quantity = 5
    stock.save(update_fields=["quantity"])
    tasks.notify_back_in_stock.delay()
    [alert] = widget.answers()
    assert "is back in stock" in alert["text"] and variant.product.name in alert["text"]

    Contact.objects.update(user=customer_user)
    checkout_with_item.user = customer_user
    checkout_with_item.save(update_fields=["user"])
    SalesChannelSettings.objects.update_or_create(
        channel=channel_USD,
        defaults={
            "checkout_url_template": "https://shop.example/cart/{token}",
            "abandoned_checkout_minutes": 60,
        },
    )
    Checkout.objects.filter(pk=checkout_with_item.pk).update(
        last_change=timezone.now() - timedelta(minutes=61)
    )
    tasks.remind_abandoned_checkouts.delay()
    [reminder] = widget.answers()
    assert (
        reminder["content"]["url"]
        == f"https://shop.example/cart/{checkout_with_item.token}"
    )


TRACKING = """mutation($id: ID!, $number: String!) { orderFulfillmentUpdateTracking(id: $id,
  input: {trackingNumber: $number, notifyCustomer: false}) { errors { field code message } } }"""


def test_a_dashboard_tracking_update_reaches_the_shopper_through_saleors_hook(
    deployed,
    fulfillment,
    channel_USD,
    staff_user,
    permission_group_manage_orders,
):
    """Staff act in the Dashboard (Saleor's API over HTTP); Saleor's plugin hook in the
    server enqueues, the production worker tells the shopper in chat."""
    from saleor_conversational.models import Contact

    widget = Widget(deployed, channel_USD.slug)
    widget.send("hi")
    Contact.objects.update(user=fulfillment.order.user)
    staff_user.groups.add(permission_group_manage_orders)
    response = httpx.post(
        f"{deployed.url}/graphql/",
        timeout=30,
        headers={"Authorization": f"Bearer {create_access_token(staff_user)}", **PROXY},
        json={
            "query": TRACKING,
            "variables": {
                "id": graphene.Node.to_global_id("Fulfillment", fulfillment.pk),
                "number": "https://carrier.example/track/XYZ",
            },
        },
    )
    assert response.status_code == 200 and "errors" not in response.json(), (
        response.text
    )
    assert response.json()["data"]["orderFulfillmentUpdateTracking"]["errors"] == [], (
        response.text
    )
    [update] = widget.answers()
    assert f"#{fulfillment.order.number}" in update["text"]
    assert "https://carrier.example/track/XYZ" in json.dumps(update)


def test_a_long_poll_waits_in_saleor_as_deployed_and_is_woken_by_the_worker(
    deployed, channel_USD, redis_broker
):
    """Under uvicorn and Saleor's ASGI stack: a waiting poll answers as soon as the
    production worker sends the reply (woken over the server's one Redis subscription,
    not after its 20 s), the polls beyond the per-session cap get 429, and the session
    ends on the storefront's logout."""
    from concurrent.futures import ThreadPoolExecutor

    widget = Widget(deployed, channel_USD.slug)
    widget.send("hi")

    def poll(wait: float) -> tuple[int, dict, float, httpx.Headers]:
        with httpx.Client(
            base_url=widget.http.base_url, headers=widget.http.headers, timeout=40
        ) as http:
            started = time.monotonic()
            response = http.post("poll/", json={"wait": wait})
            return (
                response.status_code,
                response.json(),
                time.monotonic() - started,
                response.headers,
            )

    with ThreadPoolExecutor(4) as pool:
        waiting = pool.submit(poll, 20)
        time.sleep(1.0)
        assert not waiting.done()
        names = [c.get("name", "") for c in redis_broker.client_list()]
        assert (
            len([n for n in names if n.startswith("conversational-webchat-waits-")])
            == 1
        ), names
        sent_at = time.monotonic()
        assert (
            widget.http.post("messages/", json={"id": "lp", "text": "hi"}).status_code
            == 202
        )
        status, body, _, _ = waiting.result(timeout=30)
        assert status == 200 and body["messages"], body
        assert time.monotonic() - sent_at < 15  # woken, not the end of the 20 s

        held = [pool.submit(poll, 3) for _ in range(2)]
        time.sleep(0.5)
        status, body, elapsed, headers = poll(3)
        assert status == 429 and headers["retry-after"] == "5", body
        assert elapsed < 2
        assert [f.result(timeout=30)[0] for f in held] == [200, 200]

    ended = widget.http.post("session/end/", json={"reason": "logout"})
    assert ended.status_code == 200, ended.text
    assert widget.http.post("poll/", json={}).status_code == 401
