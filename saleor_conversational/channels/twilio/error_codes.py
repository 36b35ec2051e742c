"""Twilio error codes: whether to retry later, and what each means for the merchant."""

from __future__ import annotations

import httpx

from saleor_conversational.channels.base import (
    ChannelAdapter,
    retry_after_seconds,
    retryable_or_uncertain,
)
from saleor_conversational.channels.errors import (
    OutsideServiceWindow,
    PermanentSendError,
    SendError,
)
from saleor_conversational.channels.http import response_json

# Twilio error codes -> (retry later?, what it means for the merchant).
ERRORS: dict[int, tuple[bool, str]] = {
    20003: (False, "Twilio rejected the Account SID or Auth Token"),
    20404: (False, "the Twilio account, number or resource was not found"),
    20429: (True, "too many requests to Twilio at once"),
    21211: (False, "the recipient's phone number is not valid"),
    21212: (False, "the sender number is not a valid phone number"),
    21408: (
        False,
        "sending to this country is not enabled in the Twilio geo permissions",
    ),
    21606: (False, "the sender number cannot send messages to this recipient"),
    21608: (False, "a Twilio trial account can only send to verified numbers"),
    21610: (False, "the recipient has opted out of messages (replied STOP)"),
    21611: (True, "the sender's outgoing queue is full"),
    21612: (False, "Twilio cannot route a message from this sender to this recipient"),
    21614: (False, "the recipient's number is not a mobile number"),
    21617: (False, "the message text is longer than 1600 characters"),
    21620: (False, "the media URL is not valid"),
    30001: (True, "the message queue overflowed; try again later"),
    30003: (False, "the recipient's handset is unreachable"),
    30005: (False, "the recipient's number is unknown or no longer in service"),
    30006: (False, "the recipient's number is a landline or cannot receive messages"),
    30007: (False, "the carrier filtered the message as spam"),
    30008: (True, "unknown delivery error"),
    30034: (False, "the sender number is not registered for US A2P 10DLC messaging"),
    63016: (
        False,
        "the 24-hour WhatsApp window is closed; only approved templates can be sent",
    ),
    63018: (True, "the WhatsApp sender's rate limit was exceeded"),
    63119: (True, "WhatsApp's rate limit was exceeded"),
}


WINDOW_CLOSED = {63016}


def send_error(response: httpx.Response) -> SendError:
    """A Twilio error answer ({code, message, more_info, status}) as a SendError."""
    data = response_json(response)
    code = data.get("code")
    message = data.get("message") if isinstance(data.get("message"), str) else ""
    known = ERRORS.get(code) if isinstance(code, int) else None
    if known is None:
        reason = message or f"Twilio answered HTTP {response.status_code}"
        return ChannelAdapter.http_status_error(
            response, reason, code=str(code) if isinstance(code, int) else ""
        )
    retryable, reason = known
    reason = f"{reason} ({message})" if message else reason
    if code in WINDOW_CLOSED:
        return OutsideServiceWindow(reason, code=str(code))
    if retryable or response.status_code == 429:
        return retryable_or_uncertain(
            response, reason, code=str(code), retry_after=retry_after_seconds(response)
        )
    return PermanentSendError(reason, code=str(code))
