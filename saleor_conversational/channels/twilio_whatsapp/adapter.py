"""WhatsApp through Twilio: the Twilio Messages API with ``whatsapp:+E164`` addresses.

Meta's 24-hour customer-service window applies: outside it Twilio refuses free text
with 63016 and only approved Content Templates go out. A template is sent by its
Content SID (``Template.name`` = ``HX…``) with ``ContentVariables``; the template's
variables are numbered ``1, 2, …`` across header, body and button parameters in
that order. Quick-reply taps arrive with ``ButtonPayload`` (parsed by the Twilio
adapter). Interactive buttons and lists would need a Content resource created per
message (content.twilio.com), so they are degraded to numbered options instead.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from saleor_conversational.channels.base import Capabilities
from saleor_conversational.channels.errors import PermanentSendError
from saleor_conversational.channels.messages import OutboundMessage, Template
from saleor_conversational.channels.twilio.adapter import MAX_BODY, TwilioAdapter

CONTENT_SID = re.compile(r"HX[0-9a-fA-F]{32}")


class TwilioWhatsAppAdapter(TwilioAdapter):
    name = "twilio_whatsapp"
    label = "WhatsApp (Twilio)"
    capabilities = Capabilities(
        kinds=frozenset({"text", "image", "template"}),
        max_text_length=MAX_BODY,  # Twilio's Body limit, below WhatsApp's own 4096
        service_window_hours=24,
        messages_per_second=10.0,  # Twilio's documented default for a WhatsApp sender
    )
    address_prefix = "whatsapp:"

    def content(self, message: OutboundMessage) -> dict[str, Any]:
        if isinstance(message, Template):
            return {
                "ContentSid": self._content_sid(message),
                "ContentVariables": json.dumps(self.content_variables(message)),
            }
        return super().content(message)

    @staticmethod
    def _content_sid(template: Template) -> str:
        if not CONTENT_SID.fullmatch(template.name):
            raise PermanentSendError(
                f"template {template.name!r} is not a Twilio Content SID (HX followed by 32 hex)",
                code="template_name",
            )
        return template.name

    @staticmethod
    def content_variables(template: Template) -> dict[str, str]:
        params = (
            *template.header_params,
            *template.body_params,
            *template.button_params,
        )
        for number, value in enumerate(params, start=1):
            if not isinstance(value, str) or not value.strip():
                raise PermanentSendError(
                    f"template variable {number} is empty", code="template_parameters"
                )
        return {str(number): value for number, value in enumerate(params, start=1)}

    def validate_template(
        self, template: Template, declared: Mapping[str, int]
    ) -> None:
        """``declared``: how many header/body/buttons parameters the template has."""
        self._content_sid(template)
        given = {
            "header": len(template.header_params),
            "body": len(template.body_params),
            "buttons": len(template.button_params),
        }
        wrong = [
            f"{part} needs {declared.get(part, 0)}, got {count}"
            for part, count in given.items()
            if declared.get(part, 0) != count
        ]
        if wrong:
            raise PermanentSendError(
                f"template {template.name} parameters do not match: "
                + "; ".join(wrong),
                code="template_parameters",
            )
        self.content_variables(template)
