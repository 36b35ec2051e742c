"""assistantOutcomes: the figures per sales channel and language, with Saleor's
permissions and the staff member's sales-channel restrictions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from saleor.account.models import Group
from saleor.account.tests.fixtures.user import (
    dangerously_create_test_user as create_user,
)
from saleor.permission.models import Permission

from saleor_conversational.models import (
    ConversationEvent,
    ConversationEventKind,
    MessageSender,
)
from tests.saleor.inbox.test_outcomes import exchange
from tests.support.api import Api, error_codes, gid, make_thread, user_token

QUERY = """query($channel: String, $since: DateTime, $until: DateTime) {
  assistantOutcomes(channel: $channel, since: $since, until: $until) {
    channel { id slug } languageCode exchanges resolved pending handedOver unanswered
    fallback resolutionRate handOverRate unansweredRate fallbackRate } }"""


def staff_api(client, capture, *codenames):
    user = create_user(
        email=f"{'-'.join(codenames) or 'none'}@example.com",
        password="x",
        is_staff=True,
    )
    if codenames:
        group = Group.objects.create(
            name=user.email, restricted_access_to_channels=False
        )
        group.permissions.add(*Permission.objects.filter(codename__in=codenames))
        user.groups.add(group)
    return Api(client, capture, user_token(user))


@pytest.fixture
def shops(plugin, channel_USD, channel_PLN):
    """Exchanges in two sales channels and two languages, 10 days old unless said."""
    now = timezone.now()
    old = now - timedelta(days=10)
    usd = make_thread(channel_USD, address="usd")
    pln = make_thread(channel_PLN, address="pln")
    exchange(usd, old, language="en")
    exchange(usd, old, language="en", answered=False)
    handed = exchange(usd, old + timedelta(days=1), language="nl")
    ConversationEvent.objects.create(
        conversation=usd.conversation,
        kind=ConversationEventKind.HANDED_OVER,
        actor=MessageSender.SHOPPER,
        message=handed,
        created_at=handed.created_at,
    )
    exchange(pln, now - timedelta(days=1), language="en")
    return {"now": now, "usd": usd, "pln": pln}


def test_staff_see_the_figures_per_sales_channel_and_language(
    client, django_capture_on_commit_callbacks, shops, channel_USD, channel_PLN
):
    api = staff_api(client, django_capture_on_commit_callbacks, "manage_orders")
    rows = api.data(QUERY)["assistantOutcomes"]
    by_key = {(r["channel"]["slug"], r["languageCode"]): r for r in rows}
    assert set(by_key) == {
        (channel_USD.slug, "en"),
        (channel_USD.slug, "nl"),
        (channel_PLN.slug, "en"),
    }
    assert by_key[channel_USD.slug, "en"] == {
        "channel": {"id": gid("Channel", channel_USD.pk), "slug": channel_USD.slug},
        "languageCode": "en",
        "exchanges": 2,
        "resolved": 0,  # the hand-over a day later in the same conversation
        "pending": 0,
        "handedOver": 0,
        "unanswered": 1,
        "fallback": 0,
        "resolutionRate": 0.0,
        "handOverRate": 0.0,
        "unansweredRate": 0.5,
        "fallbackRate": 0.0,
    }
    nl = by_key[channel_USD.slug, "nl"]
    assert (nl["exchanges"], nl["handedOver"], nl["handOverRate"]) == (1, 1, 1.0)
    pln = by_key[channel_PLN.slug, "en"]
    assert (pln["exchanges"], pln["pending"], pln["resolutionRate"]) == (1, 1, None)


def test_the_channel_and_period_arguments(
    client, django_capture_on_commit_callbacks, shops, channel_PLN
):
    api = staff_api(client, django_capture_on_commit_callbacks, "manage_orders")
    rows = api.data(QUERY, {"channel": channel_PLN.slug})["assistantOutcomes"]
    assert [(r["channel"]["slug"], r["exchanges"]) for r in rows] == [
        (channel_PLN.slug, 1)
    ]
    week_ago = (shops["now"] - timedelta(days=7)).isoformat()
    rows = api.data(QUERY, {"until": week_ago})["assistantOutcomes"]
    assert sum(r["exchanges"] for r in rows) == 3  # the PLN exchange is newer
    rows = api.data(QUERY, {"since": week_ago})["assistantOutcomes"]
    assert [(r["channel"]["slug"], r["exchanges"]) for r in rows] == [
        (channel_PLN.slug, 1)
    ]
    body = api.execute(QUERY, {"since": week_ago, "until": week_ago})
    assert body["errors"][0]["extensions"]["exception"]["code"] == "INVALID"


def test_channel_restricted_staff_see_only_their_sales_channels(
    client,
    django_capture_on_commit_callbacks,
    shops,
    permission_group_all_perms_channel_USD_only,
    staff_users,
    channel_USD,
    channel_PLN,
):
    restricted = Api(
        client, django_capture_on_commit_callbacks, user_token(staff_users[1])
    )
    rows = restricted.data(QUERY)["assistantOutcomes"]
    assert {r["channel"]["slug"] for r in rows} == {channel_USD.slug}
    assert sum(r["exchanges"] for r in rows) == 3
    body = restricted.execute(QUERY, {"channel": channel_PLN.slug})
    assert (body.get("data") or {}).get("assistantOutcomes") is None
    assert error_codes(body) == ["NOT_FOUND"]


@pytest.mark.parametrize(
    "who", ["anonymous", "customer", "staff without MANAGE_ORDERS"]
)
def test_without_manage_orders_it_is_saleors_permission_error(
    client, django_capture_on_commit_callbacks, shops, customer_user, who
):
    if who == "anonymous":
        api = Api(client, django_capture_on_commit_callbacks)
    elif who == "customer":
        api = Api(client, django_capture_on_commit_callbacks, user_token(customer_user))
    else:
        api = staff_api(client, django_capture_on_commit_callbacks, "manage_plugins")
    body = api.execute(QUERY)
    assert error_codes(body) == ["PermissionDenied"]
    assert "MANAGE_ORDERS" in body["errors"][0]["message"]
    assert body.get("data") is None
