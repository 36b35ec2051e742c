"""The Messenger Platform Send API on the Graph API, spoken by Messenger and Instagram.

Sends are ``POST /{version}/{account id}/messages`` with the account's access token as
a bearer token and ``messaging_type: RESPONSE`` (the pipeline only sends free-form
messages inside the 24 h window); see ``send_api_payloads`` for the bodies. Messenger
has no list message: short lists are quick replies, lists with descriptions a
carousel of postback cards. Webhooks (see ``send_api_inbound``) are signed and
verified like every Meta webhook (``graph``).

``SendApiAdapter`` has no ``name``, so it is not a channel; ``messenger`` and
``instagram`` subclass it with their labels, limits, settings and account lookup.
"""

from __future__ import annotations

from typing import Any, ClassVar

from saleor_conversational.channels.base import ChannelAdapter, SendResult
from saleor_conversational.channels.errors import (
    ConfigurationError,
    PermanentSendError,
    RetryableSendError,
    UnsupportedMessage,
)
from saleor_conversational.channels.events import (
    HttpReply,
    InboundEvent,
    InboundRequest,
)
from saleor_conversational.channels.messages import (
    Image,
    LinkButton,
    ListMessage,
    OutboundMessage,
    ProductCards,
    ReplyButtons,
    Text,
)
from saleor_conversational.channels.meta import graph
from saleor_conversational.channels.meta import send_api_inbound as inbound
from saleor_conversational.channels.meta import send_api_payloads as payloads
from saleor_conversational.channels.meta.graph import (
    GraphErrorTable,
    outside_window,
    permanent,
    retry,
)

SEND_API_ERRORS = GraphErrorTable(
    {
        # rate limits: Meta estimates in a header when access comes back
        4: retry("the app reached Meta's API call limit", wait_from_usage=True),
        17: retry("the account reached Meta's API call limit", wait_from_usage=True),
        32: retry("the Page reached its API call limit", wait_from_usage=True),
        613: retry(
            "too many messages in a short time (Meta's rate limit)",
            wait_from_usage=True,
        ),
        1: retry("Meta had an unknown temporary problem"),
        2: retry("Meta's service is temporarily unavailable"),
        1200: retry("Meta had a temporary problem sending the message"),
        (10, 2018278): outside_window(
            "the 24-hour window to answer this person has closed"
        ),
        (10, 1893063): permanent(
            "the Page is temporarily restricted from sending messages"
        ),
        (100, 2018001): permanent(
            "no matching user: the recipient has not messaged this account"
        ),
        (100, 2018109): permanent("the attachment could not be fetched from its URL"),
        10: permanent(
            "the app is not allowed to send this message (permission or Page "
            "restriction)"
        ),
        100: permanent("Meta refused the request as invalid"),
        190: permanent(
            "the access token is invalid or has expired: reconnect the account"
        ),
        200: permanent(
            "the app lacks the permission to send messages for this account"
        ),
        368: permanent("the account is temporarily blocked for policy violations"),
        551: permanent(
            "this person isn't available right now (they blocked the account or left)"
        ),
    },
    subcode_in_code=True,
    unlisted_retry="{product} had a temporary problem",
    unlisted_permanent="{product} refused the message",
)


class SendApiAdapter(ChannelAdapter):
    """Settings: page_id (the account id), page_access_token, app_secret,
    verify_token and api_version."""

    default_base_url = graph.DEFAULT_BASE_URL
    webhook_object: ClassVar[str]  # the webhook envelope's "object"
    account_noun: ClassVar[str]  # what page_id names, for the merchant
    #: Whether a read receipt names the message read (else only a time).
    read_names_message: ClassVar[bool] = False

    def __init__(self, config, *, base_url=None, client=None) -> None:
        super().__init__(config, base_url=base_url, client=client)
        if not graph.API_VERSION.match(self.config["api_version"]):
            raise ConfigurationError(
                f"the Graph API version must look like v23.0, not {self.config['api_version']!r}"
            )

    @property
    def _prefix(self) -> str:
        return f"/{self.config['api_version']}"

    # -- outbound ---------------------------------------------------------------
    def send(self, recipient: str, message: OutboundMessage) -> SendResult:
        body = {
            "recipient": {"id": recipient},
            "messaging_type": "RESPONSE",
            "message": self._content(message),
        }
        data = self._call("POST", f"/{self.config['page_id']}/messages", json=body)
        mid = data.get("message_id")
        if not isinstance(mid, str) or not mid:
            # The message may have gone out; retrying could send it twice.
            raise PermanentSendError(
                f"{self.label} accepted the message but returned no message_id",
                code="bad_response",
            )
        return SendResult(provider_message_id=mid)

    def send_typing(self, recipient: str) -> None:
        self._sender_action(recipient, "typing_on")

    def mark_read(self, provider_message_id: str, recipient: str = "") -> None:
        # mark_seen marks the whole conversation read; it needs the person, not the id.
        if recipient:
            self._sender_action(recipient, "mark_seen")

    def _sender_action(self, recipient: str, action: str) -> None:
        self._call(
            "POST",
            f"/{self.config['page_id']}/messages",
            json={"recipient": {"id": recipient}, "sender_action": action},
        )

    def _content(self, message: OutboundMessage) -> dict[str, Any]:
        if isinstance(message, Text):
            return {"text": message.text}
        if isinstance(message, Image):
            return payloads.image_content(message)
        if isinstance(message, ReplyButtons):
            return payloads.quick_replies(
                message.text, [(b.id, b.title) for b in message.buttons]
            )
        if isinstance(message, ListMessage):
            return payloads.list_content(message)
        if isinstance(message, LinkButton):
            return self._link(message)
        if isinstance(message, ProductCards):
            products = message.products[: payloads.MAX_ELEMENTS]
            return payloads.generic_template(
                [payloads.product_element(p) for p in products]
            )
        raise UnsupportedMessage(
            f"{self.label} cannot send {message.kind!r} messages",
            code="unsupported_kind",
        )

    def _link(self, message: LinkButton) -> dict[str, Any]:
        return payloads.button_template(message)

    # -- provider calls -----------------------------------------------------------
    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.config['page_access_token']}"}
        response = self.request(method, self._prefix + path, headers=headers, **kwargs)
        try:
            data = response.json()
        except ValueError:
            data = None
        if response.status_code >= 300 or (isinstance(data, dict) and "error" in data):
            raise SEND_API_ERRORS.send_error(response, data, self.label)
        if not isinstance(data, dict):
            raise PermanentSendError(
                f"{self.label}'s answer could not be read", code="bad_response"
            )
        return data

    # -- account management -----------------------------------------------------
    def _lookup(self) -> dict[str, Any]:
        """The account the token acts for: ``{"id": …, "name" or "username": …}``."""
        raise NotImplementedError

    def check_credentials(self) -> list[str]:
        noun, account_id = self.account_noun, self.config["page_id"]
        try:
            data = self._lookup()
        except RetryableSendError as exc:
            return [
                f"{self.label} could not be reached to check the account ({exc.reason})."
            ]
        except PermanentSendError as exc:
            code = exc.code.split("/")[0]
            if code == "190":
                return [
                    f"The {noun} access token is invalid or has expired: generate a new "
                    "one in the Meta app dashboard and save it here."
                ]
            if code in {"10", "200"}:
                return [
                    f"The access token lacks a permission needed to send messages for "
                    f"this {noun} ({exc.reason})."
                ]
            if code == "100":
                return [
                    f"The {noun} ID {account_id} was not found or this access token "
                    f"cannot use it ({exc.reason})."
                ]
            return [
                f"{self.label} refused the account check: {exc.reason} (code {exc.code})."
            ]
        if data.get("id") != account_id:
            return [
                f"The access token belongs to {noun} {data.get('id')!r} "
                f"({data.get('name') or data.get('username') or 'no name'}), not to {noun} ID "
                f"{account_id}."
            ]
        return []

    # -- inbound ----------------------------------------------------------------
    def handshake(self, request: InboundRequest) -> HttpReply | None:
        return graph.handshake_reply(request, self.config["verify_token"])

    def verify(self, request: InboundRequest) -> None:
        graph.verify_signature(request, self.config["app_secret"])

    def parse(self, request: InboundRequest) -> list[InboundEvent]:
        return inbound.parse_webhook(
            request.body,
            self.webhook_object,
            self.config["page_id"],
            read_names_message=self.read_names_message,
        )
