"""Routes under ``/plugins/global/saleor.conversational/``, resolved by the plugin."""

from django.urls import path, re_path

from saleor_conversational.views import (
    dashboard,
    graphql,
    payments,
    webchat,
    webchat_poll,
    webhooks,
)

urlpatterns = [
    path("graphql/", graphql.graphql_api, name="graphql"),
    path("webhooks/<uuid:account_id>/", webhooks.provider_webhook, name="webhook"),
    path(
        "payments/<slug:provider>/<uuid:account_id>/",
        payments.psp_webhook,
        name="psp-webhook",
    ),
    path("webchat/widget.js", webchat.widget, name="webchat-widget"),
    path(
        "webchat/<slug:channel_slug>/session/",
        webchat.open_session,
        name="webchat-session",
    ),
    path(
        "webchat/<slug:channel_slug>/session/end/",
        webchat.end,
        name="webchat-session-end",
    ),
    path("webchat/<slug:channel_slug>/messages/", webchat.send, name="webchat-send"),
    path("webchat/<slug:channel_slug>/poll/", webchat_poll.poll, name="webchat-poll"),
    path(
        "webchat/<slug:channel_slug>/checkout/",
        webchat.link_checkout,
        name="webchat-checkout",
    ),
    path(
        "webchat/<slug:channel_slug>/identify/",
        webchat.identify,
        name="webchat-identify",
    ),
    # The inbox Saleor App (manifest, token target, built pages); see dashboard/manifest.py.
    path("dashboard/manifest.json", dashboard.manifest, name="dashboard-manifest"),
    path("dashboard/token/", dashboard.register_token, name="dashboard-token"),
    path("dashboard/", dashboard.page, name="dashboard-page"),
    re_path(r"^dashboard/(?P<asset>.+)$", dashboard.page, name="dashboard-asset"),
]

# Which HTTP methods each route accepts; anything else is a 405.
METHODS = {
    "webhook": {"GET", "POST"},
    "graphql": {"GET", "POST"},
    "webchat-widget": {"GET"},
    "dashboard-manifest": {"GET"},
    "dashboard-page": {"GET"},
    "dashboard-asset": {"GET"},
}
DEFAULT_METHODS = {"POST"}
