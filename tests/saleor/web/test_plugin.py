"""The plugin inside Saleor: discovery, tables, activation, and hooks that never break Saleor."""

from __future__ import annotations

import importlib.metadata

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction
from saleor.graphql.tests.utils import get_graphql_content
from saleor.plugins.manager import get_plugins_manager
from saleor.plugins.models import PluginConfiguration

from saleor_conversational.plugin import PLUGIN_ID, ConversationalPlugin
from tests.support.fixtures import PLUGIN_PATH

PLUGIN_UPDATE = """
mutation($id: ID!, $active: Boolean) {
  pluginUpdate(id: $id, input: {active: $active}) {
    plugin { id name globalConfiguration { active } channelConfigurations { active } }
    errors { field message }
  }
}
"""
PLUGINS_QUERY = """
query { plugins(first: 100, filter: {search: "Conversational"}) { edges { node { id name } } } }
"""


def test_entry_point_puts_the_plugin_into_saleor():
    names = {
        ep.name: ep.value
        for ep in importlib.metadata.entry_points(group="saleor.plugins")
    }
    assert (
        names["saleor_conversational"]
        == "saleor_conversational.plugin:ConversationalPlugin"
    )
    # saleor.settings (under the test settings) read the entry point at import time.
    from saleor import settings as saleor_settings

    assert PLUGIN_PATH in saleor_settings.PLUGINS
    assert "saleor_conversational" in django_settings.INSTALLED_APPS


def test_migrate_created_the_tables():
    tables = set(connection.introspection.table_names())
    for name in (
        "contact",
        "contactidentity",
        "conversation",
        "message",
        "consent",
        "messagingaccount",
        "inboundevent",
        "chatcheckout",
        "saleschannelsettings",
    ):
        assert f"saleor_conversational_{name}" in tables


def test_plugin_is_global_and_inactive_until_activated():
    assert ConversationalPlugin.CONFIGURATION_PER_CHANNEL is False
    assert ConversationalPlugin.PLUGIN_ID == PLUGIN_ID == "saleor.conversational"


def test_activate_from_the_dashboard_plugin_list(
    settings, staff_api_client, permission_manage_plugins, client
):
    settings.PLUGINS = [PLUGIN_PATH]
    staff_api_client.user.user_permissions.add(permission_manage_plugins)

    listed = get_graphql_content(staff_api_client.post_graphql(PLUGINS_QUERY))
    assert [e["node"]["name"] for e in listed["data"]["plugins"]["edges"]] == [
        "Conversational commerce"
    ]

    content = get_graphql_content(
        staff_api_client.post_graphql(PLUGIN_UPDATE, {"id": PLUGIN_ID, "active": True})
    )
    data = content["data"]["pluginUpdate"]
    assert data["errors"] == []
    assert data["plugin"]["globalConfiguration"]["active"] is True
    assert data["plugin"]["channelConfigurations"] == []
    assert PluginConfiguration.objects.get(identifier=PLUGIN_ID).active is True
    # The webhook route answers only once the plugin is active.
    assert (
        client.get(f"/plugins/global/{PLUGIN_ID}/webchat/widget.js").status_code == 200
    )


def test_inactive_plugin_endpoints_are_404(settings, client):
    settings.PLUGINS = [PLUGIN_PATH]
    assert (
        client.get(f"/plugins/global/{PLUGIN_ID}/webchat/widget.js").status_code == 404
    )
    # Saleor's legacy route skips the active check; the plugin does it itself.
    assert client.get(f"/plugins/{PLUGIN_ID}/webchat/widget.js").status_code == 404


def test_hooks_return_previous_value_and_accept_new_kwargs(
    plugin, order_with_lines, customer_user
):
    sentinel = object()
    for hook, arg in [
        (plugin.order_created, order_with_lines),
        (plugin.order_confirmed, order_with_lines),
        (plugin.customer_deleted, customer_user),
        (plugin.account_deleted, customer_user),
    ]:
        assert (
            hook(arg, previous_value=sentinel, webhooks=None, future_kwarg=1)
            is sentinel
        )


def test_a_failing_hook_never_breaks_saleors_other_on_commit_work(
    plugin, order_with_lines, monkeypatch, django_capture_on_commit_callbacks
):
    from saleor_conversational import tasks

    def broken(*args, **kwargs):
        raise RuntimeError("worker exploded")

    monkeypatch.setattr(tasks.notify_order_event, "delay", broken)
    monkeypatch.setattr(tasks.notify_order_event.app, "send_task", broken)
    after = []
    manager = get_plugins_manager(allow_replica=False)
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            transaction.on_commit(lambda: manager.order_created(order_with_lines))
            transaction.on_commit(lambda: after.append("saleor's next callback ran"))
    assert after == ["saleor's next callback ran"]
    # The event was not lost: it waits for the sweeper.
    from saleor_conversational.models import PendingHookEvent

    pending = PendingHookEvent.objects.get()
    assert pending.task_name.endswith("notify_order_event")
    assert pending.args == ["order_created", str(order_with_lines.pk)]


@pytest.mark.parametrize("hook", ["order_created", "order_confirmed"])
def test_order_hooks_do_no_database_work_in_saleors_request(
    plugin, order_with_lines, hook, monkeypatch, django_assert_num_queries
):
    from saleor_conversational import tasks

    calls = []
    monkeypatch.setattr(tasks.notify_order_event, "delay", lambda *a: calls.append(a))
    with django_assert_num_queries(0):
        getattr(plugin, hook)(order_with_lines, previous_value=None)
    assert calls == [(hook, str(order_with_lines.pk))]
