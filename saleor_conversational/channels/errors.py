"""Precise exceptions raised by messaging channel adapters.

The pipeline decides what to do from the class alone:

* ``VerificationFailed`` -> 401, nothing parsed or stored;
* ``MalformedRequest``   -> 400, nothing stored;
* ``RetryableSendError`` -> retried with backoff, or after ``retry_after`` seconds;
* ``UncertainSendError`` -> the request may have reached the provider: a message ends
  ``uncertain`` with the reason and is never resent automatically (no messaging
  provider takes an idempotency key, so a resend could deliver it twice);
* ``PermanentSendError`` -> the message ends ``failed`` with ``code`` and ``reason``;
* ``ConfigurationError`` -> the account's credentials or settings are unusable.
"""

from __future__ import annotations


class ChannelError(Exception):
    """Base class for every adapter error."""


class VerificationFailed(ChannelError):
    """The inbound request is not signed by the provider (or signed with another secret)."""


class MalformedRequest(ChannelError):
    """The inbound request is signed but its body is not what the provider sends."""


class ConfigurationError(ChannelError):
    """The account's configuration is missing a field or has an unusable value."""


class SendError(ChannelError):
    def __init__(self, reason: str, *, code: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = str(code)

    def __str__(self) -> str:
        return f"{self.code}: {self.reason}" if self.code else self.reason


class RetryableSendError(SendError):
    """Temporary: network trouble, 5xx, throttling. ``retry_after`` in seconds if known."""

    def __init__(
        self, reason: str, *, code: str = "", retry_after: float | None = None
    ) -> None:
        super().__init__(reason, code=code)
        self.retry_after = retry_after


class UncertainSendError(RetryableSendError):
    """The request may have reached the provider (read timeout, dropped connection,
    5xx after the body was sent). The trouble is temporary, so an idempotent call (a
    lookup, a credentials check) may be retried; a message send must not be."""


class PermanentSendError(SendError):
    """Will never succeed as it is: blocked, opted out, invalid recipient, bad request."""


class OutsideServiceWindow(PermanentSendError):
    """The provider refused free text because the customer-service window is closed."""


class UnsupportedMessage(PermanentSendError):
    """The adapter cannot express this message kind (after degradation)."""
