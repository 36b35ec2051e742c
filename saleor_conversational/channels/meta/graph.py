"""What every Meta Graph API channel shares: webhook verification and error answers.

Meta verifies a callback URL with ``GET ?hub.mode=subscribe&hub.verify_token=…&
hub.challenge=…`` and expects the challenge echoed back. Deliveries are POSTs signed
with ``X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>``. Errors
are ``{"error": {code, error_subcode?, message, error_data?: {details}, is_transient?}}``;
each product has its own table of what a code means (``GraphErrorTable``).
"""

from __future__ import annotations

import dataclasses
import enum
import json
import re
from collections.abc import Mapping
from typing import Any

import httpx

from saleor_conversational.channels.base import (
    ChannelAdapter,
    constant_time_equals,
    hmac_hex,
    retry_after_seconds,
    retryable_or_uncertain,
)
from saleor_conversational.channels.errors import (
    OutsideServiceWindow,
    PermanentSendError,
    SendError,
    VerificationFailed,
)
from saleor_conversational.channels.events import HttpReply, InboundRequest

SIGNATURE_HEADER = "x-hub-signature-256"
API_VERSION = re.compile(r"^v\d+\.\d+$")
DEFAULT_BASE_URL = "https://graph.facebook.com"


# -- webhooks -------------------------------------------------------------------------
def handshake_reply(request: InboundRequest, verify_token: str) -> HttpReply | None:
    """The answer to Meta's verification GET, or None if ``request`` is not one.

    A wrong mode or verify token is 403 (checked first, so a caller without the
    token learns nothing more); the right token without a challenge is 400.
    """
    if request.method.upper() != "GET" or "hub.mode" not in request.query:
        return None
    token = request.query.get("hub.verify_token", "")
    challenge = request.query.get("hub.challenge", "")
    if request.query.get("hub.mode") != "subscribe" or not constant_time_equals(
        token, verify_token
    ):
        return HttpReply(status=403, body=b"verify token does not match")
    if not challenge:
        return HttpReply(status=400, body=b"missing hub.challenge")
    return HttpReply(status=200, body=challenge.encode(), content_type="text/plain")


def verify_signature(request: InboundRequest, app_secret: str) -> None:
    """Raise VerificationFailed unless the app secret signed these exact bytes.

    The ``sha256=`` prefix and the hex digest are accepted in any case.
    """
    header = request.header(SIGNATURE_HEADER).strip()
    if not header:
        raise VerificationFailed("missing X-Hub-Signature-256 header")
    scheme, _, received = header.partition("=")
    if scheme.lower() != "sha256" or not received:
        raise VerificationFailed("X-Hub-Signature-256 is not of the form sha256=<hex>")
    if not constant_time_equals(received.lower(), hmac_hex(app_secret, request.body)):
        raise VerificationFailed(
            "X-Hub-Signature-256 does not match the body signed with the app secret"
        )


# -- errors ---------------------------------------------------------------------------
class Outcome(enum.Enum):
    RETRY = "retry"
    OUTSIDE_WINDOW = "outside_window"
    PERMANENT = "permanent"


@dataclasses.dataclass(frozen=True)
class GraphCode:
    """What one Graph error code means for a product."""

    outcome: Outcome
    reason: str
    wait: float | None = None  # seconds to wait when Meta sends no Retry-After
    # Meta's X-Business-Use-Case-Usage header estimates when access comes back.
    wait_from_usage: bool = False


def retry(
    reason: str, wait: float | None = None, *, wait_from_usage: bool = False
) -> GraphCode:
    return GraphCode(Outcome.RETRY, reason, wait, wait_from_usage)


def outside_window(reason: str) -> GraphCode:
    return GraphCode(Outcome.OUTSIDE_WINDOW, reason)


def permanent(reason: str) -> GraphCode:
    return GraphCode(Outcome.PERMANENT, reason)


@dataclasses.dataclass(frozen=True)
class GraphError:
    code: int
    subcode: int | None = None
    message: str = ""
    details: str = ""  # error_data.details, WhatsApp's precise words
    is_transient: bool = False

    @classmethod
    def from_answer(cls, data: Any) -> GraphError | None:
        """The ``error`` object of a Graph answer, or None if it has no usable one."""
        error = data.get("error") if isinstance(data, dict) else None
        if not isinstance(error, dict) or not isinstance(error.get("code"), int):
            return None
        subcode = error.get("error_subcode")
        message = error.get("message")
        error_data = error.get("error_data")
        details = error_data.get("details") if isinstance(error_data, dict) else None
        return cls(
            code=error["code"],
            subcode=subcode if isinstance(subcode, int) else None,
            message=message if isinstance(message, str) else "",
            details=details if isinstance(details, str) else "",
            is_transient=error.get("is_transient") is True,
        )


@dataclasses.dataclass(frozen=True)
class GraphErrorTable:
    """One product's Graph error codes, keyed by code or by (code, subcode)."""

    codes: Mapping[int | tuple[int, int], GraphCode]
    #: Meta's words after ours: error_data.details before message (WhatsApp).
    details_first: bool = False
    #: The SendError code reads "code/subcode" when there is a subcode (Send API).
    subcode_in_code: bool = False
    #: Our words for unlisted codes ("{product}" is filled in); "" keeps Meta's only.
    unlisted_retry: str = ""
    unlisted_permanent: str = ""

    def lookup(self, error: GraphError) -> GraphCode | None:
        if error.subcode is not None and (error.code, error.subcode) in self.codes:
            return self.codes[error.code, error.subcode]
        return self.codes.get(error.code)

    def send_error(
        self, response: httpx.Response, data: Any, product: str
    ) -> SendError:
        """A provider answer (``data``: its decoded JSON) as the SendError it means."""
        error = GraphError.from_answer(data)
        if error is None:
            return ChannelAdapter.http_status_error(
                response, f"{product} answered HTTP {response.status_code}"
            )
        code = str(error.code)
        if self.subcode_in_code and error.subcode is not None:
            code = f"{error.code}/{error.subcode}"
        known = self.lookup(error)
        if known is None:
            # Listed codes keep their outcome even as a 5xx; unlisted ones retry then.
            retryable = error.is_transient or response.status_code >= 500
            ours = self.unlisted_retry if retryable else self.unlisted_permanent
            reason = self._reason(ours.format(product=product), error, product)
            if retryable:
                return retryable_or_uncertain(
                    response,
                    reason,
                    code=code,
                    retry_after=retry_after_seconds(response),
                )
            return PermanentSendError(reason, code=code)
        reason = self._reason(known.reason, error, product)
        if known.outcome is Outcome.RETRY:  # a throttle, or a 5xx: uncertain
            return retryable_or_uncertain(
                response, reason, code=code, retry_after=_wait(response, known)
            )
        if known.outcome is Outcome.OUTSIDE_WINDOW:
            return OutsideServiceWindow(reason, code=code)
        return PermanentSendError(reason, code=code)

    def _reason(self, ours: str, error: GraphError, product: str) -> str:
        theirs = (
            (error.details or error.message) if self.details_first else error.message
        )
        if theirs and theirs != ours:
            return f"{ours} ({theirs})" if ours else theirs
        return ours or f"{product} error {error.code}"


def _wait(response: httpx.Response, known: GraphCode) -> float | None:
    # A Retry-After of 0 is no hint: a rate limit is not over at once.
    return (
        retry_after_seconds(response)
        or (usage_wait(response) if known.wait_from_usage else None)
        or known.wait
    )


def usage_wait(response: httpx.Response) -> float | None:
    """Seconds until Meta's business-use-case rate limit lifts, when it says."""
    # X-Business-Use-Case-Usage: {"<id>": [{"type": …, "estimated_time_to_regain_access": N}]}
    try:
        usage = json.loads(response.headers.get("x-business-use-case-usage") or "{}")
    except ValueError:
        return None
    buckets = usage.values() if isinstance(usage, dict) else ()
    minutes = [
        item.get("estimated_time_to_regain_access")
        for bucket in buckets
        if isinstance(bucket, list)
        for item in bucket
        if isinstance(item, dict)
    ]
    minutes = [
        m for m in minutes if isinstance(m, (int, float)) and not isinstance(m, bool)
    ]
    return max(minutes) * 60.0 if minutes and max(minutes) > 0 else None
