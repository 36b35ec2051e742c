"""A fake Graph API Send API (Messenger and Instagram) that checks the documented shapes.

Meta publishes no machine-readable contract for the Send API, so ``check`` follows
shared/docs/messaging-channels.md §2–3: a Page (or Instagram) access token as
``access_token`` query parameter or bearer header, ``recipient.id``, exactly one of
``message`` / ``sender_action``, ``messaging_type`` (and ``tag`` for MESSAGE_TAG),
text ≤ 2000 characters (1000 on Instagram), quick replies (≤ 13, titles ≤ 20),
attachment payload shapes, button template (text ≤ 640, ≤ 3 buttons) and generic
template (≤ 10 elements, title ≤ 80, a title plus one more field). Errors come back
in the Graph shape ``{"error": {message, type, code, error_subcode?, fbtrace_id}}``.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import re
from typing import Any

from tests.support.fakes.server import Answer, FakeProvider, Recorded

PATH = re.compile(r"^/(v\d+\.\d+)/([^/]+)(/messages|/subscribed_apps)?$")
TOP_FIELDS = {
    "recipient",
    "messaging_type",
    "tag",
    "message",
    "sender_action",
    "notification_type",
    "persona_id",
    "payload",
}
MESSAGING_TYPES = {"RESPONSE", "UPDATE", "MESSAGE_TAG"}
MESSENGER_TAGS = {
    "CONFIRMED_EVENT_UPDATE",
    "POST_PURCHASE_UPDATE",
    "ACCOUNT_UPDATE",
    "HUMAN_AGENT",
}
SENDER_ACTIONS = {"typing_on", "typing_off", "mark_seen", "react", "unreact"}
WEBHOOK_FIELDS = {
    "messages",
    "messaging_postbacks",
    "message_deliveries",
    "message_reads",
    "message_echoes",
    "message_reactions",
    "messaging_optins",
    "messaging_referrals",
    "messaging_handovers",
    "standby",
}
BUTTON_FIELDS = {
    "web_url": {
        "type",
        "url",
        "title",
        "webview_height_ratio",
        "messenger_extensions",
        "fallback_url",
        "webview_share_button",
    },
    "postback": {"type", "title", "payload"},
    "phone_number": {"type", "title", "payload"},
}
DEFAULT_ACTION_FIELDS = {
    "type",
    "url",
    "webview_height_ratio",
    "messenger_extensions",
    "fallback_url",
    "webview_share_button",
}


def graph_error(
    code: int,
    message: str,
    subcode: int | None = None,
    *,
    status: int = 400,
    kind: str = "OAuthException",
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Answer:
    """An error answer exactly as the Graph API shapes it."""
    error: dict[str, Any] = {"message": message, "type": kind, "code": code, **extra}
    if subcode is not None:
        error["error_subcode"] = subcode
    error["fbtrace_id"] = "AbCdEfGhIjKlMnOp"
    return Answer(status, {"error": error}, headers=headers or {})


def signed(payload: dict[str, Any] | bytes, app_secret: str) -> tuple[bytes, str]:
    """A webhook body and its X-Hub-Signature-256 header, signed as Meta does."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return body, "sha256=" + hmac.new(
        app_secret.encode(), body, hashlib.sha256
    ).hexdigest()


def _is_url(value: Any) -> bool:
    return (
        isinstance(value, str)
        and value.startswith(("http://", "https://"))
        and len(value) > 8
    )


def _text(value: Any, where: str, low: int, high: int) -> list[str]:
    if not isinstance(value, str) or not low <= len(value) <= high:
        return [f"{where} must be a string of {low} to {high} characters"]
    return []


def _unknown(data: dict[str, Any], allowed: set[str], where: str) -> list[str]:
    return [f"{where}: unknown field {key!r}" for key in data if key not in allowed]


class MetaSendApiFake(FakeProvider):
    """The Graph API for one Page (``instagram=False``) or Instagram account."""

    def __init__(
        self,
        access_token: str,
        account_id: str,
        *,
        instagram: bool = False,
        account_name: str = "Saleor Shop",
    ) -> None:
        super().__init__()
        self.name = "instagram" if instagram else "messenger"
        self.access_token = access_token
        self.account_id = account_id
        self.account_name = account_name
        self.instagram = instagram
        self.subscribed_fields: list[str] = []
        self._mids = itertools.count(1)

    @property
    def max_text(self) -> int:
        return 1000 if self.instagram else 2000

    # -- contract -------------------------------------------------------------------
    def check(self, request: Recorded) -> list[str]:
        match = PATH.match(request.path)
        if not match:
            return [f"unknown Graph API path {request.path}"]
        problems = []
        token = request.headers.get("authorization", "")
        if (
            not (token.startswith("Bearer ") and token[7:].strip())
            and not request.query.get("access_token", [""])[0]
        ):
            problems.append(
                "no access token (access_token query parameter or bearer header)"
            )
        edge = match.group(3)
        if edge == "/messages":
            if request.method != "POST":
                return problems + [f"/messages takes POST, not {request.method}"]
            if "application/json" not in request.headers.get("content-type", ""):
                problems.append(
                    "the Send API body must be JSON (Content-Type application/json)"
                )
            try:
                body = request.json()
            except ValueError:
                return problems + ["body is not JSON"]
            return problems + self.check_send(body)
        if edge == "/subscribed_apps":
            if request.method != "POST":
                return problems + [
                    f"/subscribed_apps takes POST here, not {request.method}"
                ]
            fields = request.query.get("subscribed_fields", [""])[0].split(",")
            if fields == [""] or any(f not in WEBHOOK_FIELDS for f in fields):
                problems.append(
                    f"subscribed_fields must be a comma list of {sorted(WEBHOOK_FIELDS)}"
                )
            return problems
        if request.method != "GET":
            return problems + [f"a node is read with GET, not {request.method}"]
        return problems

    def check_send(self, body: Any) -> list[str]:
        if not isinstance(body, dict):
            return ["body must be a JSON object"]
        problems = _unknown(body, TOP_FIELDS, "<body>")
        recipient = body.get("recipient")
        if (
            not isinstance(recipient, dict)
            or not isinstance(recipient.get("id"), str)
            or not (recipient["id"].isdigit())
        ):
            problems.append("recipient.id must be a PSID/IGSID string of digits")
        has_message, has_action = "message" in body, "sender_action" in body
        if has_message == has_action:
            return problems + ["exactly one of message and sender_action is required"]
        if has_action:
            action = body["sender_action"]
            if action not in SENDER_ACTIONS:
                problems.append(
                    f"sender_action must be one of {sorted(SENDER_ACTIONS)}"
                )
            elif action in {"react", "unreact"} and not isinstance(
                body.get("payload"), dict
            ):
                problems.append(f"{action} needs payload.message_id")
            return problems
        kind = body.get("messaging_type")
        if kind not in MESSAGING_TYPES:
            problems.append(f"messaging_type must be one of {sorted(MESSAGING_TYPES)}")
        tags = {"HUMAN_AGENT"} if self.instagram else MESSENGER_TAGS
        if kind == "MESSAGE_TAG" and body.get("tag") not in tags:
            problems.append(f"MESSAGE_TAG needs a tag from {sorted(tags)}")
        if kind != "MESSAGE_TAG" and "tag" in body:
            problems.append("tag is only allowed with messaging_type MESSAGE_TAG")
        return problems + self.check_message(body["message"])

    def check_message(self, message: Any) -> list[str]:
        if not isinstance(message, dict):
            return ["message must be an object"]
        problems = _unknown(
            message, {"text", "attachment", "quick_replies", "metadata"}, "message"
        )
        if ("text" in message) == ("attachment" in message):
            return problems + ["message needs exactly one of text and attachment"]
        if "text" in message:
            problems += _text(message["text"], "message.text", 1, self.max_text)
        else:
            problems += self.check_attachment(message["attachment"])
        if "metadata" in message:
            problems += _text(message["metadata"], "message.metadata", 1, 999)
        if "quick_replies" in message:
            problems += self.check_quick_replies(message["quick_replies"])
        return problems

    def check_quick_replies(self, replies: Any) -> list[str]:
        if not isinstance(replies, list) or not 1 <= len(replies) <= 13:
            return ["quick_replies must be a list of 1 to 13 items"]
        problems = []
        types = (
            {"text"} if self.instagram else {"text", "user_phone_number", "user_email"}
        )
        for i, reply in enumerate(replies):
            at = f"quick_replies[{i}]"
            if not isinstance(reply, dict):
                problems.append(f"{at} must be an object")
                continue
            allowed = {"content_type", "title", "payload"} | (
                set() if self.instagram else {"image_url"}
            )
            problems += _unknown(reply, allowed, at)
            if reply.get("content_type") not in types:
                problems.append(f"{at}.content_type must be one of {sorted(types)}")
            elif reply["content_type"] == "text":
                problems += _text(reply.get("title"), f"{at}.title", 1, 20)
                problems += _text(reply.get("payload"), f"{at}.payload", 1, 1000)
            if "image_url" in reply and not _is_url(reply["image_url"]):
                problems.append(f"{at}.image_url must be a URL")
        return problems

    def check_attachment(self, attachment: Any) -> list[str]:
        if not isinstance(attachment, dict):
            return ["message.attachment must be an object"]
        problems = _unknown(attachment, {"type", "payload"}, "attachment")
        media = {"image", "audio", "video"} | (set() if self.instagram else {"file"})
        kind, payload = attachment.get("type"), attachment.get("payload")
        if not isinstance(payload, dict):
            return problems + ["attachment.payload must be an object"]
        if kind in media:
            problems += _unknown(
                payload, {"url", "is_reusable", "attachment_id"}, "payload"
            )
            if ("url" in payload) == ("attachment_id" in payload):
                problems.append(
                    "a media payload needs exactly one of url and attachment_id"
                )
            elif "url" in payload and not _is_url(payload["url"]):
                problems.append("payload.url must be an http(s) URL")
            if "is_reusable" in payload and not isinstance(
                payload["is_reusable"], bool
            ):
                problems.append("payload.is_reusable must be a boolean")
            return problems
        if kind != "template":
            return problems + [
                f"attachment.type must be one of {sorted(media | {'template'})}"
            ]
        template = payload.get("template_type")
        if template == "button" and not self.instagram:
            problems += _unknown(
                payload, {"template_type", "text", "buttons", "sharable"}, "payload"
            )
            problems += _text(payload.get("text"), "button template text", 1, 640)
            problems += self.check_buttons(payload.get("buttons"), "payload")
        elif template == "generic":
            problems += _unknown(
                payload,
                {"template_type", "elements", "image_aspect_ratio", "sharable"},
                "payload",
            )
            problems += self.check_elements(payload.get("elements"))
        else:
            problems.append(
                f"template_type {template!r} is not a documented "
                f"{'Instagram' if self.instagram else 'Messenger'} template here"
            )
        return problems

    def check_elements(self, elements: Any) -> list[str]:
        if not isinstance(elements, list) or not 1 <= len(elements) <= 10:
            return ["generic template elements must be a list of 1 to 10 items"]
        problems = []
        for i, element in enumerate(elements):
            at = f"elements[{i}]"
            if not isinstance(element, dict):
                problems.append(f"{at} must be an object")
                continue
            problems += _unknown(
                element,
                {"title", "subtitle", "image_url", "default_action", "buttons"},
                at,
            )
            problems += _text(element.get("title"), f"{at}.title", 1, 80)
            if "subtitle" in element:
                problems += _text(element["subtitle"], f"{at}.subtitle", 1, 80)
            if "image_url" in element and not _is_url(element["image_url"]):
                problems.append(f"{at}.image_url must be a URL")
            if not any(element.get(k) for k in ("subtitle", "image_url", "buttons")):
                # Graph: "(#100) Incomplete element data: title and at least one other field"
                problems.append(
                    f"{at} needs a title and one of subtitle, image_url, buttons"
                )
            action = element.get("default_action")
            if action is not None:
                if (
                    not isinstance(action, dict)
                    or action.get("type") != "web_url"
                    or not (_is_url(action.get("url")))
                ):
                    problems.append(f"{at}.default_action must be a web_url with a url")
                else:
                    problems += _unknown(
                        action, DEFAULT_ACTION_FIELDS, f"{at}.default_action"
                    )
            if "buttons" in element:
                problems += self.check_buttons(element["buttons"], at)
        return problems

    def check_buttons(self, buttons: Any, where: str) -> list[str]:
        if not isinstance(buttons, list) or not 1 <= len(buttons) <= 3:
            return [f"{where}.buttons must be a list of 1 to 3 buttons"]
        problems = []
        kinds = {"web_url", "postback"} if self.instagram else set(BUTTON_FIELDS)
        for i, button in enumerate(buttons):
            at = f"{where}.buttons[{i}]"
            if not isinstance(button, dict) or button.get("type") not in kinds:
                problems.append(f"{at} must be a button of type {sorted(kinds)}")
                continue
            problems += _unknown(button, BUTTON_FIELDS[button["type"]], at)
            problems += _text(button.get("title"), f"{at}.title", 1, 20)
            if button["type"] == "web_url" and not _is_url(button.get("url")):
                problems.append(f"{at}.url must be a URL")
            if button["type"] != "web_url":
                problems += _text(button.get("payload"), f"{at}.payload", 1, 1000)
        return problems

    def contract_error(self, request: Recorded, violations: list[str]) -> Answer:
        if not PATH.match(request.path):
            return graph_error(2500, f"Unknown path components: {request.path}")
        return graph_error(100, "(#100) " + "; ".join(violations))

    # -- answers --------------------------------------------------------------------
    def answer(self, request: Recorded) -> Answer:
        token = (
            request.headers.get("authorization", "").removeprefix("Bearer ").strip()
            or (request.query.get("access_token", [""])[0])
        )
        if token != self.access_token:
            return graph_error(
                190, "Invalid OAuth access token - Cannot parse access token"
            )
        version, node, edge = PATH.match(request.path).groups()  # type: ignore[union-attr]
        if node not in {"me", self.account_id}:
            return graph_error(
                100,
                f"Unsupported {request.method.lower()} request. Object with ID '{node}' "
                "does not exist, cannot be loaded due to missing permissions, or does not "
                "support this operation.",
                33,
                kind="GraphMethodException",
            )
        if edge == "/messages":
            body = request.json()
            recipient = body["recipient"]["id"]
            if "sender_action" in body:
                return Answer(200, {"recipient_id": recipient})
            prefix = "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlE" if self.instagram else "m_"
            return Answer(
                200,
                {
                    "recipient_id": recipient,
                    "message_id": f"{prefix}{next(self._mids):020d}",
                },
            )
        if edge == "/subscribed_apps":
            self.subscribed_fields = request.query["subscribed_fields"][0].split(",")
            return Answer(200, {"success": True})
        if self.instagram:
            return Answer(200, {"id": self.account_id, "username": self.account_name})
        return Answer(200, {"id": self.account_id, "name": self.account_name})
