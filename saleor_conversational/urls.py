"""Routes under ``/plugins/global/saleor.conversational/``, resolved by the plugin."""

from django.urls import path

from .views import webchat, webhooks

urlpatterns = [
    path("webhooks/<uuid:account_id>/", webhooks.provider_webhook, name="webhook"),
    path("webchat/widget.js", webchat.widget, name="webchat-widget"),
    path("webchat/<slug:channel_slug>/session/", webchat.open_session, name="webchat-session"),
    path("webchat/<slug:channel_slug>/messages/", webchat.send, name="webchat-send"),
    path("webchat/<slug:channel_slug>/poll/", webchat.poll, name="webchat-poll"),
    path("webchat/<slug:channel_slug>/checkout/", webchat.link_checkout, name="webchat-checkout"),
]

# Which HTTP methods each route accepts; anything else is a 405.
METHODS = {
    "webhook": {"GET", "POST"},
    "webchat-widget": {"GET"},
}
DEFAULT_METHODS = {"POST"}
