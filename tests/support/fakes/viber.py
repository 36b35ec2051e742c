"""A fake Viber Bot API (chatapi.viber.com/pa) that checks the documented request shapes.

Viber publishes no machine-readable contract, so ``check`` follows the request
shapes in shared/docs/messaging-channels.md §6: the ``X-Viber-Auth-Token`` header,
JSON bodies, ``send_message`` required fields per ``type``, text ≤ 7000 characters,
sender name ≤ 28, keyboard and rich media button shapes. Viber answers HTTP 200
with a JSON ``status`` even for errors; a wrong token gets status 2, as on Viber.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

from tests.support.fakes.server import Answer, FakeProvider, Recorded

ENDPOINTS = {"/pa/send_message", "/pa/set_webhook", "/pa/get_account_info"}
MESSAGE_TYPES = {
    "text",
    "picture",
    "video",
    "file",
    "location",
    "contact",
    "sticker",
    "url",
    "rich_media",
}
SEND_FIELDS = {
    "receiver",
    "type",
    "sender",
    "tracking_data",
    "min_api_version",
    "keyboard",
    "text",
    "media",
    "thumbnail",
    "size",
    "duration",
    "file_name",
    "location",
    "contact",
    "sticker_id",
    "rich_media",
    "alt_text",
}
BUTTON_FIELDS = {
    "Columns",
    "Rows",
    "ActionType",
    "ActionBody",
    "Text",
    "Image",
    "BgColor",
    "TextSize",
    "TextVAlign",
    "TextHAlign",
    "Silent",
}
ACTION_TYPES = {"reply", "open-url", "location-picker", "share-phone", "none"}
EVENT_TYPES = {
    "delivered",
    "seen",
    "failed",
    "subscribed",
    "unsubscribed",
    "conversation_started",
}
STATUS_NAMES = {2: "invalidAuthToken", 3: "badData", 4: "missingData"}


def _is_url(value: Any) -> bool:
    return (
        isinstance(value, str)
        and value.startswith(("http://", "https://"))
        and len(value) > 8
    )


def _is_int(value: Any, low: int, high: int) -> bool:
    return (
        isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
    )


class ViberFake(FakeProvider):
    name = "viber"

    def __init__(self, auth_token: str) -> None:
        super().__init__()
        self.auth_token = auth_token
        self.webhook = ""
        self._tokens = itertools.count(5_098_034_272_017_990_000)

    # -- contract -------------------------------------------------------------------
    def check(self, request: Recorded) -> list[str]:
        if request.path not in ENDPOINTS:
            return [f"unknown Viber API method {request.path}"]
        if request.method != "POST":
            return [f"{request.path} takes POST, not {request.method}"]
        problems = []
        if not request.headers.get("x-viber-auth-token"):
            problems.append("missing X-Viber-Auth-Token header")
        try:
            body = request.json()
        except ValueError:
            return problems + ["body is not JSON"]
        if not isinstance(body, dict):
            return problems + ["body must be a JSON object"]
        if request.path == "/pa/send_message":
            problems += check_send_message(body)
        elif request.path == "/pa/set_webhook":
            problems += check_set_webhook(body)
        return problems

    def contract_error(self, request: Recorded, violations: list[str]) -> Answer:
        if request.path not in ENDPOINTS:
            return Answer(404, "Not Found")
        status = (
            2
            if any("Auth-Token" in v for v in violations)
            else (4 if any("missing" in v for v in violations) else 3)
        )
        return Answer(200, {"status": status, "status_message": STATUS_NAMES[status]})

    # -- answers --------------------------------------------------------------------
    def answer(self, request: Recorded) -> Answer:
        if request.headers.get("x-viber-auth-token") != self.auth_token:
            return Answer(200, {"status": 2, "status_message": "invalidAuthToken"})
        if request.path == "/pa/send_message":
            return Answer(
                200,
                {
                    "status": 0,
                    "status_message": "ok",
                    "message_token": next(self._tokens),
                    "chat_hostname": "SN-CHAT-01_",
                },
            )
        if request.path == "/pa/set_webhook":
            self.webhook = request.json()["url"]
            return Answer(
                200,
                {
                    "status": 0,
                    "status_message": "ok",
                    "event_types": request.json().get(
                        "event_types", sorted(EVENT_TYPES)
                    ),
                },
            )
        return Answer(
            200,
            {
                "status": 0,
                "status_message": "ok",
                "id": "pa:75346594275468546724",
                "name": "Saleor Shop",
                "uri": "saleorshop",
                "icon": "",
                "background": "",
                "category": "Shopping",
                "subcategory": "Shops",
                "country": "DE",
                "webhook": self.webhook,
                "event_types": sorted(EVENT_TYPES),
                "subscribers_count": 35,
                "members": [],
            },
        )


def check_send_message(body: dict[str, Any]) -> list[str]:
    problems = [f"unknown field {key!r}" for key in body if key not in SEND_FIELDS]
    if not isinstance(body.get("receiver"), str) or not body.get("receiver"):
        problems.append("missing receiver (a Viber user id string)")
    sender = body.get("sender")
    if not isinstance(sender, dict) or not isinstance(sender.get("name"), str):
        problems.append("missing sender.name")
    else:
        if not 1 <= len(sender["name"]) <= 28:
            problems.append("sender.name must have 1 to 28 characters")
        if "avatar" in sender and not _is_url(sender["avatar"]):
            problems.append("sender.avatar must be a URL")
        problems += [
            f"unknown sender field {k!r}" for k in sender if k not in {"name", "avatar"}
        ]
    if "min_api_version" in body and not _is_int(body["min_api_version"], 1, 20):
        problems.append("min_api_version must be a positive integer")
    if "tracking_data" in body and not (
        isinstance(body["tracking_data"], str) and len(body["tracking_data"]) <= 4096
    ):
        problems.append("tracking_data must be a string of at most 4096 characters")
    if "keyboard" in body:
        problems += check_keyboard(body["keyboard"])
    kind = body.get("type")
    if kind not in MESSAGE_TYPES:
        return problems + [f"type must be one of {sorted(MESSAGE_TYPES)}, not {kind!r}"]
    if kind == "text":
        text = body.get("text")
        if not isinstance(text, str) or not text:
            problems.append("missing text for a text message")
        elif len(text) > 7000:
            problems.append(f"text has {len(text)} characters; Viber allows 7000")
    elif kind in {"picture", "url", "video", "file"}:
        if not _is_url(body.get("media")):
            problems.append(f"missing media URL for a {kind} message")
        if "text" in body and not isinstance(body["text"], str):
            problems.append("text must be a string")
    elif kind == "rich_media":
        problems += check_rich_media(body.get("rich_media"))
        if not _is_int(body.get("min_api_version"), 2, 20):
            problems.append("rich_media needs min_api_version 2 or higher")
    return problems


def check_buttons(
    buttons: Any, where: str, max_columns: int, max_rows: int
) -> list[str]:
    if not isinstance(buttons, list) or not buttons:
        return [f"{where}.Buttons must be a non-empty array"]
    problems = []
    for i, button in enumerate(buttons):
        at = f"{where}.Buttons[{i}]"
        if not isinstance(button, dict):
            problems.append(f"{at} must be an object")
            continue
        problems += [
            f"{at}: unknown field {k!r}" for k in button if k not in BUTTON_FIELDS
        ]
        action = button.get("ActionType", "reply")
        if action not in ACTION_TYPES:
            problems.append(
                f"{at}.ActionType {action!r} is not one of {sorted(ACTION_TYPES)}"
            )
        body = button.get("ActionBody")
        if not isinstance(body, str) or not body:
            problems.append(f"{at}: missing ActionBody")
        elif len(body) > 4096:
            problems.append(f"{at}.ActionBody is longer than 4096 characters")
        elif action == "open-url" and not _is_url(body):
            problems.append(f"{at}: open-url needs a URL as ActionBody")
        text = button.get("Text", "")
        if not isinstance(text, str) or len(text) > 250:
            problems.append(f"{at}.Text must be a string of at most 250 characters")
        if "Image" in button and not _is_url(button["Image"]):
            problems.append(f"{at}.Image must be a URL")
        if "Columns" in button and not _is_int(button["Columns"], 1, max_columns):
            problems.append(f"{at}.Columns must be 1 to {max_columns}")
        if "Rows" in button and not _is_int(button["Rows"], 1, max_rows):
            problems.append(f"{at}.Rows must be 1 to {max_rows}")
        if "Text" not in button and "Image" not in button:
            problems.append(f"{at} shows nothing: it needs Text or Image")
    return problems


def check_keyboard(keyboard: Any) -> list[str]:
    if not isinstance(keyboard, dict) or keyboard.get("Type") != "keyboard":
        return ['keyboard must be an object with Type "keyboard"']
    return check_buttons(keyboard.get("Buttons"), "keyboard", 6, 2)


def check_rich_media(rich: Any) -> list[str]:
    if not isinstance(rich, dict) or rich.get("Type") != "rich_media":
        return ['missing rich_media object with Type "rich_media"']
    columns, rows = rich.get("ButtonsGroupColumns", 6), rich.get("ButtonsGroupRows", 7)
    if not _is_int(columns, 1, 6) or not _is_int(rows, 1, 7):
        return ["ButtonsGroupColumns must be 1 to 6 and ButtonsGroupRows 1 to 7"]
    return check_buttons(rich.get("Buttons"), "rich_media", columns, rows)


def check_set_webhook(body: dict[str, Any]) -> list[str]:
    problems = []
    if not isinstance(body.get("url"), str) or not body["url"].startswith("https://"):
        problems.append("set_webhook needs an HTTPS url")
    types = body.get("event_types", [])
    if not isinstance(types, list) or any(t not in EVENT_TYPES for t in types):
        problems.append(f"event_types must be a list drawn from {sorted(EVENT_TYPES)}")
    for key in ("send_name", "send_photo"):
        if key in body and not isinstance(body[key], bool):
            problems.append(f"{key} must be a boolean")
    return problems


def signed_body(payload: dict[str, Any] | bytes, auth_token: str) -> tuple[bytes, str]:
    """A webhook body and its X-Viber-Content-Signature, signed as Viber does."""
    import hashlib
    import hmac

    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return body, hmac.new(auth_token.encode(), body, hashlib.sha256).hexdigest()
