"""The merchant deactivates the plugin's Saleor App: chat shopping stops honestly, staff
see why, and the plugin does not make itself a new App."""

from __future__ import annotations

from saleor.app.models import App

from saleor_conversational.assistant.words import HANDOVER
from saleor_conversational.commerce.alerts import COMMERCE_APP_DEACTIVATED
from saleor_conversational.models import (
    CommerceAppCredential,
    Conversation,
    PaymentAlert,
)
from saleor_conversational.saleor_data import api as saleor_api
from tests.saleor.saleor_data.test_api import _deactivate_in_dashboard


def test_shopping_in_chat_with_the_app_deactivated_hands_over_and_alerts_staff(
    webchat, product, staff_api_client, permission_manage_apps
):
    saleor_api.app_token()
    app = CommerceAppCredential.objects.get().app
    _deactivate_in_dashboard(staff_api_client, permission_manage_apps, app)

    webchat.open()
    webchat.say("hi")
    webchat.poll()
    webchat.say("search shirt")
    assert webchat.replies() == [str(HANDOVER)]
    conversation = Conversation.objects.get()
    assert conversation.handed_over

    conversation.handed_over = False  # staff give it back; the shopper asks again
    conversation.save(update_fields=["handed_over"])
    webchat.say("search shirt")
    assert webchat.replies() == [str(HANDOVER)]

    [alert] = PaymentAlert.objects.filter(code=COMMERCE_APP_DEACTIVATED)
    assert alert.occurrences == 2 and alert.resolved_at is None
    assert "deactivated" in alert.detail
    assert App.objects.filter(identifier=app.identifier).count() == 1
