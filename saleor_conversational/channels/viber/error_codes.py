"""Viber's ``status`` codes: what each means for a merchant, and whether to retry."""

from __future__ import annotations

from typing import Any

import httpx

from saleor_conversational.channels.base import retry_after_seconds
from saleor_conversational.channels.errors import (
    PermanentSendError,
    RetryableSendError,
)

# status -> (Viber's name, reason for a merchant, retryable)
STATUS_CODES: dict[int, tuple[str, str, bool]] = {
    1: ("invalidUrl", "Viber rejected a URL in the message (media or link)", False),
    2: ("invalidAuthToken", "the Viber auth token is not valid", False),
    3: ("badData", "Viber rejected the message as malformed", False),
    4: ("missingData", "the message lacks a field Viber requires", False),
    5: ("receiverNotRegistered", "the recipient is not a Viber user", False),
    6: ("receiverNotSubscribed", "the recipient is not subscribed to this bot", False),
    7: ("publicAccountBlocked", "this Viber bot account is blocked", False),
    8: ("publicAccountNotFound", "this Viber bot account does not exist", False),
    9: ("publicAccountSuspended", "this Viber bot account is suspended", False),
    10: ("webhookNotSet", "no webhook is set for this Viber bot", False),
    11: (
        "receiverNoSuitableDevice",
        "the recipient has no device that can show it",
        False,
    ),
    12: ("tooManyRequests", "Viber is throttling this bot", True),
    13: ("apiVersionNotSupported", "the recipient's Viber app is too old", False),
    14: (
        "incompatibleWithVersion",
        "the recipient's Viber app cannot show this",
        False,
    ),
    15: ("publicAccountNotAuthorized", "this Viber bot is not authorized", False),
    16: ("inboxMessageStateMismatch", "Viber inbox state mismatch", False),
    17: ("unsupportedMessageType", "Viber does not support this message type", False),
    18: (
        "messageRateExceeded",
        "this bot sent too many messages to the recipient",
        True,
    ),
    19: ("editMessageFailed", "Viber could not edit the message", False),
    20: ("unsupportedMedia", "Viber does not support this media", False),
}


def classify_status(
    data: dict[str, Any], response: httpx.Response
) -> PermanentSendError | RetryableSendError:
    status = data["status"]
    name, reason, retryable = STATUS_CODES.get(
        status, ("", "Viber refused the message", False)
    )
    message = data.get("status_message")
    if isinstance(message, str) and message and message != name:
        reason = f"{reason} ({message})"
    if retryable:
        return RetryableSendError(
            reason, code=str(status), retry_after=retry_after_seconds(response)
        )
    return PermanentSendError(reason, code=str(status))
