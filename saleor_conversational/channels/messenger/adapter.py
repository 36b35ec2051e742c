"""Facebook Messenger: the Messenger Platform Send API on the Graph API.

Sends are ``POST /{version}/{page_id}/messages`` with the Page access token as a
bearer token and ``messaging_type: RESPONSE`` (the pipeline only sends free-form
messages inside the 24 h window). Reply buttons are quick replies (13, titles of at
most 20 characters); a link button is a button template with one ``web_url`` button;
product cards are a generic template carousel. Messenger has no list message: short
lists are quick replies, lists with descriptions a carousel of postback cards.

Webhooks are ``{object: "page", entry: [{messaging: [event]}]}`` signed with
``X-Hub-Signature-256`` (HMAC-SHA256 of the raw body with the App Secret). A read
receipt (``read.watermark``) names no message ids, only a time, so it yields no
StatusUpdate; deliveries list their ``mids``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

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
    SendError,
    UnsupportedMessage,
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
from saleor_conversational.channels.http import (
    json_body,
    nested,
    string_or_empty,
    truncate,
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
from saleor_conversational.channels.meta.graph import (
    GraphErrorTable,
    outside_window,
    permanent,
    retry,
)

MAX_QUICK_REPLIES = 13
MAX_TITLE = 20  # quick reply and button titles
MAX_PAYLOAD = 1000
MAX_TEMPLATE_TEXT = 640  # button template
MAX_ELEMENT_TEXT = 80  # generic template title and subtitle
MAX_ELEMENTS = 10
ERRORS = GraphErrorTable(
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
MEDIA_TYPES = {
    "image": "image",
    "video": "video",
    "audio": "audio",
    "file": "document",
    "sticker": "sticker",
}


class MessengerAdapter(ChannelAdapter):
    name = "messenger"
    label = "Facebook Messenger"
    capabilities = Capabilities(
        kinds=frozenset({"text", "image", "buttons", "list", "link", "products"}),
        max_text_length=2000,
        max_buttons=MAX_QUICK_REPLIES,
        max_button_title=MAX_TITLE,
        max_list_rows=MAX_ELEMENTS,
        service_window_hours=24,
        typing_indicator=True,
        read_receipts=True,
        messages_per_second=300.0,  # Send API: 300 calls/s per Page for text
    )
    config_fields = (
        ConfigField("page_id", "Facebook Page ID"),
        ConfigField(
            "page_access_token",
            "Page access token",
            secret=True,
            help_text="A Page token with the pages_messaging permission.",
        ),
        ConfigField(
            "app_secret",
            "App secret",
            secret=True,
            help_text="From the Meta app's Basic settings; it signs webhooks.",
        ),
        ConfigField(
            "verify_token",
            "Webhook verify token",
            secret=True,
            help_text="Any secret string; enter the same one in the Meta app's "
            "webhook settings.",
        ),
        ConfigField("api_version", "Graph API version", default="v23.0"),
    )
    default_base_url = graph.DEFAULT_BASE_URL
    webhook_object: ClassVar[str] = "page"
    account_noun: ClassVar[str] = "Page"

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
            return _image(message)
        if isinstance(message, ReplyButtons):
            return _quick_replies(
                message.text, [(b.id, b.title) for b in message.buttons]
            )
        if isinstance(message, ListMessage):
            return self._list(message)
        if isinstance(message, LinkButton):
            return self._link(message)
        if isinstance(message, ProductCards):
            return _generic(
                [_product_element(p) for p in message.products[:MAX_ELEMENTS]]
            )
        raise UnsupportedMessage(
            f"{self.label} cannot send {message.kind!r} messages",
            code="unsupported_kind",
        )

    def _list(self, message: ListMessage) -> dict[str, Any]:
        rows = [row for section in message.sections for row in section.rows]
        if not rows:
            raise UnsupportedMessage("a list needs at least one row", code="empty_list")
        plain = all(len(r.title) <= MAX_TITLE and not r.description for r in rows)
        if plain and len(rows) <= MAX_QUICK_REPLIES:
            return _quick_replies(message.text, [(r.id, r.title) for r in rows])
        # A carousel shows no intro text, so it goes into the first card's subtitle.
        label = truncate(message.button_label or "Choose", MAX_TITLE)
        elements = []
        for i, row in enumerate(rows[:MAX_ELEMENTS]):
            subtitle = row.description or (message.text if i == 0 else "") or label
            elements.append(
                {
                    "title": truncate(row.title, MAX_ELEMENT_TEXT),
                    "subtitle": truncate(subtitle, MAX_ELEMENT_TEXT),
                    "buttons": [
                        {
                            "type": "postback",
                            "title": label,
                            "payload": _payload(row.id),
                        }
                    ],
                }
            )
        return _generic(elements)

    def _link(self, message: LinkButton) -> dict[str, Any]:
        button = {
            "type": "web_url",
            "url": message.url,
            "title": truncate(message.label, MAX_TITLE),
        }
        return _template(
            {
                "template_type": "button",
                "text": truncate(message.text or message.label, MAX_TEMPLATE_TEXT),
                "buttons": [button],
            }
        )

    # -- provider calls -----------------------------------------------------------
    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.config['page_access_token']}"}
        response = self.request(method, self._prefix + path, headers=headers, **kwargs)
        try:
            data = response.json()
        except ValueError:
            data = None
        if response.status_code >= 300 or (isinstance(data, dict) and "error" in data):
            raise ERRORS.send_error(response, data, self.label)
        if not isinstance(data, dict):
            raise PermanentSendError(
                f"{self.label}'s answer could not be read", code="bad_response"
            )
        return data

    # -- account management -----------------------------------------------------
    def _lookup(self) -> dict[str, Any]:
        """The account the token acts for; with a Page token ``/me`` is the Page."""
        return self._call("GET", "/me", params={"fields": "id,name"})

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

    def register_webhook(self, url: str) -> None:
        """Subscribe the Page to the app's webhook events.

        The callback ``url`` and verify token themselves are entered in the Meta app
        dashboard (setting them needs an app token this account does not hold); Meta
        then calls ``handshake``. Without this subscription no Page events arrive.
        """
        fields = "messages,messaging_postbacks,message_deliveries,message_reads"
        try:
            data = self._call(
                "POST",
                f"/{self.config['page_id']}/subscribed_apps",
                params={"subscribed_fields": fields},
            )
        except SendError as exc:
            raise ConfigurationError(
                f"{self.label} refused to subscribe Page {self.config['page_id']} to the "
                f"app's webhooks: {exc.reason} (code {exc.code})"
            ) from exc
        if data.get("success") is not True:
            raise ConfigurationError(
                f"{self.label} did not confirm the webhook subscription"
            )

    # -- inbound ----------------------------------------------------------------
    def handshake(self, request: InboundRequest) -> HttpReply | None:
        return graph.handshake_reply(request, self.config["verify_token"])

    def verify(self, request: InboundRequest) -> None:
        graph.verify_signature(request, self.config["app_secret"])

    def parse(self, request: InboundRequest) -> list[InboundEvent]:
        data = json_body(request.body)
        if not isinstance(data, dict) or not isinstance(data.get("object"), str):
            raise MalformedRequest("body is not a Meta webhook: no 'object'")
        if data["object"] != self.webhook_object:
            return []  # another product's events (e.g. a shared app callback)
        entries = data.get("entry")
        if not isinstance(entries, list):
            raise MalformedRequest("webhook without an 'entry' list")
        events: list[InboundEvent] = []
        for entry in entries:
            if not isinstance(entry, dict):
                raise MalformedRequest("'entry' items must be objects")
            messaging = entry.get("messaging", [])
            # Entries with 'changes' (comments, feed) or 'standby' are not conversations.
            if not isinstance(messaging, list):
                raise MalformedRequest("'messaging' must be a list")
            for event in messaging:
                if not isinstance(event, dict):
                    raise MalformedRequest("'messaging' items must be objects")
                events += self._event(event)
        return events

    def _event(self, event: dict[str, Any]) -> list[InboundEvent]:
        sender = string_or_empty(nested(event, "sender", "id"))
        timestamp = _timestamp(event.get("timestamp"))
        if "message" in event:
            return self._message(event["message"], sender, timestamp, event)
        if "postback" in event:
            return [_postback(event["postback"], sender, timestamp, event)]
        if "delivery" in event:
            return _statuses(
                event["delivery"], DeliveryStatus.DELIVERED, sender, timestamp
            )
        if "read" in event:
            return self._read(event["read"], sender, timestamp)
        return []  # reactions, referrals, opt-ins, handover…: nothing to store

    def _read(
        self, read: Any, sender: str, timestamp: datetime | None
    ) -> list[InboundEvent]:
        if not isinstance(read, dict):
            raise MalformedRequest("'read' must be an object")
        return []  # only a watermark: "everything before this time was read"

    def _message(
        self,
        message: Any,
        sender: str,
        timestamp: datetime | None,
        event: dict[str, Any],
    ) -> list[InboundEvent]:
        if not isinstance(message, dict):
            raise MalformedRequest("'message' must be an object")
        if message.get("is_echo") is True or message.get("is_deleted") is True:
            return []  # our own sends echoed back, or a shopper unsending a message
        mid = string_or_empty(message.get("mid"))
        if not mid or not sender:
            raise MalformedRequest("message event without 'message.mid' or 'sender.id'")
        text = string_or_empty(message.get("text"))
        kind, reply_id = InboundKind.TEXT, ""
        payload = nested(message, "quick_reply", "payload")
        media = _attachments(message.get("attachments"))
        if (
            isinstance(payload, (str, int))
            and not isinstance(payload, bool)
            and payload != ""
        ):
            kind, reply_id = InboundKind.BUTTON_REPLY, str(payload)
        elif media:
            kind = InboundKind.MEDIA
        elif not text:
            kind = InboundKind.OTHER  # shares, story mentions, unsupported content
        return [
            InboundMessage(
                provider_message_id=mid,
                sender=sender,
                kind=kind,
                text=text,
                timestamp=timestamp,
                reply_id=reply_id,
                media=media,
                raw=event,
            )
        ]


def _payload(option_id: str) -> str:
    if not option_id or len(option_id) > MAX_PAYLOAD:
        raise UnsupportedMessage(
            f"option ids must have 1 to {MAX_PAYLOAD} characters", code="bad_option_id"
        )
    return option_id


def _template(payload: dict[str, Any]) -> dict[str, Any]:
    return {"attachment": {"type": "template", "payload": payload}}


def _generic(elements: list[dict[str, Any]]) -> dict[str, Any]:
    if not elements:
        raise UnsupportedMessage(
            "a carousel needs at least one card", code="no_elements"
        )
    return _template({"template_type": "generic", "elements": elements})


def _image(message: Image) -> dict[str, Any]:
    if not message.text:
        return {
            "attachment": {
                "type": "image",
                "payload": {"url": message.url, "is_reusable": True},
            }
        }
    # An image attachment has no caption; a card shows the image with the caption under it.
    return _generic([{**card_text(message.text), "image_url": message.url}])


def card_text(text: str) -> dict[str, str]:
    """``text`` as a card's title, continued in its subtitle (80 characters each)."""
    element = {"title": truncate(text, MAX_ELEMENT_TEXT)}
    if len(text) > MAX_ELEMENT_TEXT:
        element["subtitle"] = truncate(
            "…" + text[MAX_ELEMENT_TEXT - 1 :], MAX_ELEMENT_TEXT
        )
    return element


def _quick_replies(text: str, options: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "text": text or "Please choose:",
        "quick_replies": [
            {
                "content_type": "text",
                "title": truncate(title, MAX_TITLE),
                "payload": _payload(oid),
            }
            for oid, title in options[:MAX_QUICK_REPLIES]
        ],
    }


def _product_element(product) -> dict[str, Any]:
    subtitle = " – ".join(part for part in (product.price, product.description) if part)
    element: dict[str, Any] = {
        "title": truncate(product.title, MAX_ELEMENT_TEXT),
        "subtitle": truncate(subtitle or product.title, MAX_ELEMENT_TEXT),
    }
    if product.image_url:
        element["image_url"] = product.image_url
    if product.url:
        element["default_action"] = {"type": "web_url", "url": product.url}
        element["buttons"] = [{"type": "web_url", "url": product.url, "title": "View"}]
    return element


def _timestamp(value: Any) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _attachments(value: Any) -> tuple[Media, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise MalformedRequest("'attachments' must be a list")
    media = []
    for attachment in value:
        if not isinstance(attachment, dict):
            raise MalformedRequest("'attachments' items must be objects")
        kind = string_or_empty(attachment.get("type"))
        payload = (
            attachment.get("payload")
            if isinstance(attachment.get("payload"), dict)
            else {}
        )
        # Stickers used to arrive as images with a sticker_id.
        if "sticker_id" in payload:
            kind = "sticker"
        if kind in MEDIA_TYPES:
            media.append(
                Media(
                    media_type=MEDIA_TYPES[kind],
                    url=string_or_empty(payload.get("url")),
                )
            )
    return tuple(media)


def _postback(
    postback: Any, sender: str, timestamp: datetime | None, event: dict[str, Any]
) -> InboundMessage:
    if not isinstance(postback, dict) or not sender:
        raise MalformedRequest(
            "postback event without 'postback' object or 'sender.id'"
        )
    payload = string_or_empty(postback.get("payload"))
    if not payload:
        raise MalformedRequest("postback without a 'payload'")
    # Older postbacks carry no mid; sender and time identify the tap.
    mid = (
        string_or_empty(postback.get("mid"))
        or f"postback:{sender}:{event.get('timestamp')}"
    )
    return InboundMessage(
        provider_message_id=mid,
        sender=sender,
        kind=InboundKind.BUTTON_REPLY,
        text=string_or_empty(postback.get("title")),
        timestamp=timestamp,
        reply_id=payload,
        raw=event,
    )


def _statuses(
    receipt: Any, status: DeliveryStatus, sender: str, timestamp: datetime | None
) -> list[InboundEvent]:
    if not isinstance(receipt, dict):
        raise MalformedRequest(f"'{status.value}' receipt must be an object")
    mids = receipt.get("mids", [])
    if not isinstance(mids, list) or not all(isinstance(m, str) and m for m in mids):
        raise MalformedRequest("'mids' must be a list of message ids")
    return [
        StatusUpdate(
            provider_message_id=mid,
            status=status,
            timestamp=timestamp,
            recipient=sender,
        )
        for mid in mids
    ]
