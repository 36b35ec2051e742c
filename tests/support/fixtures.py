"""Fixtures for the Saleor and system tiers: the plugin active in a real Saleor, plus
helpers. Loaded by tests/saleor/conftest.py and tests/system/conftest.py."""

from __future__ import annotations

import json

import pytest
from saleor.plugins.manager import get_plugins_manager

from saleor_conversational.plugin import PLUGIN_ID

PLUGIN_PATH = "saleor_conversational.plugin.ConversationalPlugin"
BASE = f"/plugins/global/{PLUGIN_ID}/"


@pytest.fixture
def plugin(settings):
    """The plugin installed and activated the way the Dashboard does it (pluginUpdate)."""
    settings.PLUGINS = [PLUGIN_PATH]
    manager = get_plugins_manager(allow_replica=False)
    manager.save_plugin_configuration(PLUGIN_ID, None, {"active": True})
    return get_plugins_manager(allow_replica=False).get_plugin(PLUGIN_ID)


class WebChat:
    """A storefront widget talking to the plugin through Saleor's URLconf."""

    def __init__(self, client, capture, channel_slug: str) -> None:
        self.client = client
        self.capture = capture
        self.base = f"{BASE}webchat/{channel_slug}/"
        self.session = ""
        self._n = 0

    def post(
        self,
        path: str,
        body=None,
        *,
        session: str | None = None,
        raw: bytes | None = None,
    ):
        headers = {}
        token = self.session if session is None else session
        if token:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        data = raw if raw is not None else json.dumps(body or {})
        with self.capture(execute=True):
            return self.client.post(
                self.base + path, data=data, content_type="application/json", **headers
            )

    def open(self) -> str:
        response = self.post("session/")
        assert response.status_code == 201, response.content
        self.session = response.json()["session"]
        return self.session

    def say(self, text: str, message_id: str | None = None):
        self._n += 1
        response = self.post(
            "messages/", {"id": message_id or f"m{self._n}", "text": text}
        )
        assert response.status_code == 202, response.content
        return response

    def poll(self, history: bool = False, wait: float = 0) -> list[dict]:
        body = {"history": True} if history else {"wait": wait} if wait else {}
        response = self.post("poll/", body)
        assert response.status_code == 200, response.content
        return response.json()["messages"]

    def replies(self) -> list[str]:
        return [m["text"] for m in self.poll() if m["direction"] == "out"]


@pytest.fixture
def webchat(plugin, client, django_capture_on_commit_callbacks, channel_USD):
    return WebChat(client, django_capture_on_commit_callbacks, channel_USD.slug)


from tests.support.worker import celery_worker_process, redis_broker  # noqa: E402,F401
