"""Twilio Programmable Messaging: SMS and MMS (``api.twilio.com/2010-04-01``).

Messages are created with a form-encoded POST to ``Accounts/{AccountSid}/Messages.json``
under HTTP Basic auth (Account SID : Auth Token). Inbound messages and status callbacks
are form-encoded POSTs signed with ``X-Twilio-Signature`` (see ``signature.py``); the
expected answer is TwiML, here an empty ``<Response/>`` so Twilio sends nothing itself.
Twilio answers STOP/START/HELP on SMS long codes itself; sending to a number that
replied STOP fails with 21610. ``twilio_whatsapp`` reuses all of this with
``whatsapp:``-prefixed addresses.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qs

from saleor_conversational.channels.base import (
    Capabilities,
    ChannelAdapter,
    ConfigField,
    SendResult,
)
from saleor_conversational.channels.errors import (
    ConfigurationError,
    MalformedRequest,
    PermanentSendError,
    RetryableSendError,
    UnsupportedMessage,
    VerificationFailed,
)
from saleor_conversational.channels.events import (
    DeliveryStatus,
    HttpReply,
    InboundEvent,
    InboundKind,
    InboundMessage,
    InboundRequest,
    Media,
    StatusUpdate,
)
from saleor_conversational.channels.messages import Image, OutboundMessage, Text
from saleor_conversational.channels.twilio import error_codes, signature

MAX_BODY = 1600
MAX_MEDIA = 10
ACCOUNT_SID = re.compile(r"AC[0-9a-fA-F]{32}")
SERVICE_SID = re.compile(r"MG[0-9a-fA-F]{32}")
E164 = re.compile(r"\+[1-9][0-9]{6,14}")
DIGITS = re.compile(
    r"[0-9]{1,6}"
)  # ASCII only: str.isdigit() accepts '²', int() does not
EMPTY_TWIML = b'<?xml version="1.0" encoding="UTF-8"?><Response/>'
STATUSES = {
    "accepted": DeliveryStatus.QUEUED,
    "scheduled": DeliveryStatus.QUEUED,
    "queued": DeliveryStatus.QUEUED,
    "sending": DeliveryStatus.SENDING,
    "sent": DeliveryStatus.SENT,
    # Some recipients of a multi-part MMS got it: the message left Twilio, no more.
    "partially_delivered": DeliveryStatus.SENT,
    "delivered": DeliveryStatus.DELIVERED,
    "read": DeliveryStatus.READ,
    "undelivered": DeliveryStatus.FAILED,
    "failed": DeliveryStatus.FAILED,
    "canceled": DeliveryStatus.FAILED,
}


def normalize_phone(value: str) -> str:
    """E.164 with '+', or "" when ``value`` is not a phone number (short code, name…)."""
    number = re.sub(r"[\s().-]", "", value.partition(":")[2] if ":" in value else value)
    if number.startswith("00"):
        number = "+" + number[2:]
    elif re.fullmatch(r"[0-9]+", number):
        number = "+" + number
    return number if E164.fullmatch(number) else ""


class TwilioAdapter(ChannelAdapter):
    name = "twilio"
    label = "SMS (Twilio)"
    capabilities = Capabilities(
        kinds=frozenset({"text", "image"}),
        max_text_length=MAX_BODY,
        opt_out_keywords=True,
        messages_per_second=1.0,  # a US long code: 1 segment per second
    )
    config_fields = (
        ConfigField(
            "account_sid",
            "Account SID",
            help_text="Starts with AC, in the Twilio Console.",
        ),
        ConfigField("auth_token", "Auth Token", secret=True),
        ConfigField(
            "from_number",
            "Sender phone number (E.164)",
            required=False,
            help_text="e.g. +14155552345; or set a Messaging Service SID.",
        ),
        ConfigField(
            "messaging_service_sid",
            "Messaging Service SID",
            required=False,
            help_text="Starts with MG; Twilio picks the sender from its pool.",
        ),
        ConfigField("status_callback_url", "Status callback URL", required=False),
    )
    default_base_url = "https://api.twilio.com"
    address_prefix = ""  # "whatsapp:" for WhatsApp senders and recipients

    def __init__(self, config, **kwargs: Any) -> None:
        super().__init__(config, **kwargs)
        if not ACCOUNT_SID.fullmatch(self.config["account_sid"]):
            raise ConfigurationError(
                "the Account SID must be 'AC' followed by 32 hex characters"
            )
        service = self.config.get("messaging_service_sid", "")
        if service and not SERVICE_SID.fullmatch(service):
            raise ConfigurationError(
                "the Messaging Service SID must be 'MG' followed by 32 hex characters"
            )
        sender = self.config.get("from_number", "")
        if sender and not normalize_phone(sender):
            raise ConfigurationError(
                "the sender number must be in E.164 form, e.g. +14155552345"
            )
        if not sender and not service:
            raise ConfigurationError(
                "set a sender phone number or a Messaging Service SID"
            )

    # -- outbound ---------------------------------------------------------------
    @property
    def _messages_path(self) -> str:
        return f"/2010-04-01/Accounts/{self.config['account_sid']}/Messages.json"

    def _auth(self) -> tuple[str, str]:
        return self.config["account_sid"], self.config["auth_token"]

    def _address(self, phone: str) -> str:
        return self.address_prefix + phone

    def send(self, recipient: str, message: OutboundMessage) -> SendResult:
        to = normalize_phone(recipient)
        if not to:
            raise PermanentSendError(
                f"{recipient!r} is not a phone number", code="21211"
            )
        form: dict[str, Any] = {"To": self._address(to)}
        if self.config.get("from_number"):
            form["From"] = self._address(normalize_phone(self.config["from_number"]))
        if self.config.get("messaging_service_sid"):
            form["MessagingServiceSid"] = self.config["messaging_service_sid"]
        form.update(self.content(message))
        if self.config.get("status_callback_url"):
            form["StatusCallback"] = self.config["status_callback_url"]
        response = self.request(
            "POST", self._messages_path, data=form, auth=self._auth()
        )
        if response.status_code >= 300:
            raise error_codes.send_error(response)
        try:
            sid = response.json()["sid"]
        except (ValueError, KeyError, TypeError):
            sid = None
        if not isinstance(sid, str) or not sid:
            # Twilio took the request; sending again could deliver it twice.
            raise PermanentSendError(
                "Twilio answered without a message SID", code="no_sid"
            )
        return SendResult(provider_message_id=sid)

    def content(self, message: OutboundMessage) -> dict[str, Any]:
        """The form fields carrying the message itself (Body, MediaUrl, ContentSid…)."""
        if message.kind not in self.capabilities.kinds:
            raise UnsupportedMessage(
                f"{self.label} cannot send {message.kind!r} messages",
                code="unsupported",
            )
        if isinstance(message, Text):
            if not message.text.strip():
                raise UnsupportedMessage("an empty text cannot be sent", code="21619")
            return {"Body": self._body(message.text)}
        if isinstance(message, Image):
            fields: dict[str, Any] = {"MediaUrl": [message.url]}
            if message.text:
                fields["Body"] = self._body(message.text)
            return fields
        raise UnsupportedMessage(
            f"{self.label} cannot send {message.kind!r} messages", code="unsupported"
        )

    def _body(self, text: str) -> str:
        if len(text) > MAX_BODY:
            raise UnsupportedMessage(error_codes.ERRORS[21617][1], code="21617")
        return text

    # -- inbound ----------------------------------------------------------------
    def verify(self, request: InboundRequest) -> None:
        given = request.header("x-twilio-signature")
        if not given:
            raise VerificationFailed("missing X-Twilio-Signature header")
        params = (
            {}
            if signature.body_hash_in_url(request.url) is not None
            else _form(request.body)
        )
        if not signature.is_valid(
            self.config["auth_token"], request.url, params, given, request.body
        ):
            raise VerificationFailed(
                "X-Twilio-Signature does not match this URL and body for this Auth Token"
            )

    def parse(self, request: InboundRequest) -> list[InboundEvent]:
        if signature.body_hash_in_url(request.url) is not None:
            # JSON-bodied Twilio webhooks are not Messaging events: nothing to store.
            try:
                json.loads(request.body)
            except (ValueError, UnicodeDecodeError, RecursionError):
                raise MalformedRequest(
                    "the body is not the JSON Twilio signed"
                ) from None
            return []
        params = {name: values[0] for name, values in _form(request.body).items()}
        sid = params.get("MessageSid") or params.get("SmsSid") or ""
        if not sid:
            raise MalformedRequest("no MessageSid: not a Twilio messaging webhook")
        status = params.get("MessageStatus", "")
        if status and status not in ("received", "receiving"):
            return self._status(sid, status, params)
        return [self._message(sid, params)]

    def _status(
        self, sid: str, status: str, params: dict[str, str]
    ) -> list[InboundEvent]:
        mapped = STATUSES.get(status)
        if mapped is None:
            return []
        error_code = params.get("ErrorCode", "")
        if error_code in ("", "0"):
            error_code = ""
        reason = params.get("ErrorMessage", "")
        if error_code and not reason and DIGITS.fullmatch(error_code):
            reason = error_codes.ERRORS.get(int(error_code), (False, ""))[1]
        if mapped is DeliveryStatus.FAILED and not reason:
            reason = f"Twilio reported the message {status}"
        return [
            StatusUpdate(
                provider_message_id=sid,
                status=mapped,
                recipient=self._sender(params.get("To", "")),
                error_code=error_code,
                error_reason=reason,
            )
        ]

    def _message(self, sid: str, params: dict[str, str]) -> InboundMessage:
        sender = self._sender(params.get("From", ""))
        if not sender:
            raise MalformedRequest("the message has no sender ('From')")
        media = self._media(params)
        text = params.get("Body", "")
        kind, reply_id = InboundKind.TEXT, ""
        # Quick-reply taps carry ButtonPayload; list-picker picks ListId (field name unconfirmed).
        payload = params.get("ButtonPayload") or params.get("ListId") or ""
        if payload:
            kind, reply_id = InboundKind.BUTTON_REPLY, payload
            text = text or params.get("ButtonText", "") or params.get("ListTitle", "")
        elif media:
            kind = InboundKind.MEDIA
        elif params.get("Latitude") and params.get("Longitude"):
            kind = InboundKind.LOCATION
        return InboundMessage(
            provider_message_id=sid,
            sender=sender,
            kind=kind,
            text=text,
            sender_name=params.get("ProfileName", ""),
            reply_id=reply_id,
            media=media,
            raw=params,
        )

    def _sender(self, address: str) -> str:
        return (
            normalize_phone(address)
            or address.removeprefix(self.address_prefix).strip()
        )

    @staticmethod
    def _media(params: dict[str, str]) -> tuple[Media, ...]:
        count = params.get("NumMedia", "0") or "0"
        if not DIGITS.fullmatch(count) or int(count) > MAX_MEDIA:
            raise MalformedRequest(f"NumMedia must be a number from 0 to {MAX_MEDIA}")
        media = []
        for index in range(int(count)):
            url = params.get(f"MediaUrl{index}", "")
            if not url:
                raise MalformedRequest(f"MediaUrl{index} is missing")
            mime = params.get(f"MediaContentType{index}", "")
            major = mime.partition("/")[0]
            kind = major if major in ("image", "video", "audio") else "document"
            media.append(Media(media_type=kind, url=url, mime_type=mime))
        return tuple(media)

    def acknowledge(self, request: InboundRequest) -> HttpReply:
        return HttpReply(status=200, body=EMPTY_TWIML, content_type="text/xml")

    # -- account management -----------------------------------------------------
    def check_credentials(self) -> list[str]:
        path = f"/2010-04-01/Accounts/{self.config['account_sid']}.json"
        try:
            response = self.request("GET", path, auth=self._auth())
        except RetryableSendError as exc:
            return [f"Could not reach Twilio to check the account: {exc.reason}"]
        if response.status_code == 401:
            return [
                "Twilio rejected the Account SID and Auth Token: copy both again from the "
                "Twilio Console (use the primary Auth Token)."
            ]
        if response.status_code == 404:
            return ["Twilio has no account with this Account SID."]
        if response.status_code >= 300:
            return [
                f"Twilio could not check the account right now (HTTP {response.status_code})."
            ]
        try:
            status = response.json().get("status")
        except (ValueError, AttributeError):
            return ["Twilio answered the account check with something unreadable."]
        if status != "active":
            return [
                f"The Twilio account is {status or 'not active'}: messages cannot be sent."
            ]
        return []


def _form(body: bytes) -> dict[str, list[str]]:
    """POST params as Django/Flask read them (blank values kept, bad UTF-8 replaced)."""
    return parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
