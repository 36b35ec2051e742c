"""A fake Telegram Bot API that checks every call against the published method list.

The contract is ``telegram-bot-api.json`` (scraped from core.telegram.org/bots/api):
``methods.<name>.fields[]`` and ``types.<name>.fields[]`` with ``types`` such as
``Integer``, ``String``, ``Array of Array of InlineKeyboardButton`` or another type's
name, plus ``subtypes`` for unions. ``TelegramContract`` checks a JSON value against
it: the method exists, required fields are present, no unknown fields, every value
has one of the allowed types (objects recursively), and the limits the field
descriptions state (``1-64 bytes``, ``0-1024 characters``) and a few rules the
descriptions spell out in words (one action per inline button, chat action names…).
"""

from __future__ import annotations

import itertools
import json
import re
import time
from typing import Any

from tests.support.fakes.contracts import load_contract
from tests.support.fakes.server import Answer, FakeProvider, Recorded

CONTRACT_FILE = "telegram-bot-api.json"
PATH_RE = re.compile(r"/bot(?P<token>[^/]+)/(?P<method>[A-Za-z]+)")
LIMIT_RE = re.compile(r"\b(\d+)-(\d+) (characters|bytes)\b")
SCALARS = {
    "Integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "Float": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "String": lambda v: isinstance(v, str),
    "Boolean": lambda v: isinstance(v, bool),
}
# sendChatAction: "Choose one, depending on what the user is about to receive: ..."
CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}
PARSE_MODES = {"HTML", "MarkdownV2", "Markdown"}
# InlineKeyboardButton: "Exactly one of the fields other than text,
# icon_custom_emoji_id, and style must be used to specify the type of the button."
BUTTON_DECORATIONS = {"text", "icon_custom_emoji_id", "style"}

BOT_USER = {
    "id": 123456789,
    "is_bot": True,
    "first_name": "Shop bot",
    "username": "shop_example_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


def telegram_error(code: int, description: str, **parameters: Any) -> Answer:
    """An error answer exactly as the Bot API gives it."""
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return Answer(code, body)


class TelegramContract:
    def __init__(self) -> None:
        spec = load_contract(CONTRACT_FILE)
        self.methods: dict[str, Any] = spec["methods"]
        self.types: dict[str, Any] = spec["types"]
        self.update_kinds = {
            f["name"]
            for f in self.types["Update"]["fields"]
            if f["name"] != "update_id"
        }

    def check_method(self, method: str, params: Any) -> list[str]:
        spec = self.methods.get(method)
        if spec is None:
            return [f"unknown Bot API method {method!r}"]
        if not isinstance(params, dict):
            return ["parameters must be a JSON object"]
        # Top-level parameters may be JSON-serialized strings ("A JSON-serialized object").
        params = {k: _maybe_json(v, _field(spec, k)) for k, v in params.items()}
        return self._fields(
            method, spec.get("fields", []), params, ""
        ) + self._method_rules(method, params)

    def check_type(self, type_name: str, value: Any, path: str = "") -> list[str]:
        return self._one(type_name, value, path or type_name)

    # -- generic checks -----------------------------------------------------------
    def _fields(
        self, owner: str, fields: list[dict], obj: dict, path: str
    ) -> list[str]:
        prefix = f"{path}/" if path else ""
        known = {f["name"]: f for f in fields}
        errors = [
            f"{prefix}{key}: {owner} has no such field"
            for key in obj
            if key not in known
        ]
        for field in fields:
            where = prefix + field["name"]
            if field["name"] not in obj:
                if field["required"]:
                    errors.append(f"{where}: required by {owner} but missing")
                continue
            value = obj[field["name"]]
            type_errors = self._any(field["types"], value, where)
            errors += type_errors or self._limits(field, value, obj, where)
        return errors

    def _any(self, types: list[str], value: Any, path: str) -> list[str]:
        attempts = [self._one(t, value, path) for t in types]
        if any(not errors for errors in attempts):
            return []
        if len(attempts) == 1:
            return attempts[0]
        return [
            f"{path}: matches none of {', '.join(types)} "
            f"({'; '.join(min(attempts, key=len))})"
        ]

    def _one(self, type_name: str, value: Any, path: str) -> list[str]:
        if type_name.startswith("Array of "):
            if not isinstance(value, list):
                return [f"{path}: expected {type_name}, got {type(value).__name__}"]
            inner = type_name.removeprefix("Array of ")
            return list(
                itertools.chain.from_iterable(
                    self._one(inner, item, f"{path}/{i}")
                    for i, item in enumerate(value)
                )
            )
        if type_name in SCALARS:
            if SCALARS[type_name](value):
                return []
            return [f"{path}: expected {type_name}, got {json.dumps(value)[:40]}"]
        if type_name == "InputFile":
            return [f"{path}: a file upload needs multipart/form-data, not JSON"]
        spec = self.types.get(type_name)
        if spec is None:
            return [f"{path}: type {type_name} is not in the Bot API"]
        if "subtypes" in spec:
            return self._any(spec["subtypes"], value, path)
        if not isinstance(value, dict):
            return [
                f"{path}: expected a {type_name} object, got {type(value).__name__}"
            ]
        return self._fields(
            type_name, spec.get("fields", []), value, path
        ) + self._type_rules(type_name, value, path)

    def _limits(self, field: dict, value: Any, owner: dict, path: str) -> list[str]:
        if not isinstance(value, str):
            return []
        description = field.get("description", "")
        match = LIMIT_RE.search(description)
        if not match:
            return []
        if "after entities parsing" in description and (
            "parse_mode" in owner or "entities" in owner or "caption_entities" in owner
        ):
            return []  # markup makes the raw length differ from the shown length
        low, high, unit = int(match[1]), int(match[2]), match[3]
        # Telegram counts "characters" in UTF-16 code units: an emoji such as 🛍 is 2.
        size = (
            len(value.encode())
            if unit == "bytes"
            else len(value.encode("utf-16-le", "surrogatepass")) // 2
        )
        if not low <= size <= high:
            return [f"{path}: {size} {unit}, allowed {low}-{high}"]
        return []

    # -- rules stated in the descriptions ---------------------------------------------
    def _type_rules(self, type_name: str, value: dict, path: str) -> list[str]:
        errors = []
        if type_name == "InlineKeyboardButton":
            actions = sorted(set(value) - BUTTON_DECORATIONS)
            if len(actions) != 1:
                errors.append(
                    f"{path}: an inline button needs exactly one action, has {actions}"
                )
            url = value.get("url")
            if isinstance(url, str) and not url.startswith(
                ("http://", "https://", "tg://")
            ):
                errors.append(f"{path}/url: must be an HTTP or tg:// URL")
        return errors

    def _method_rules(self, method: str, params: dict) -> list[str]:
        errors = []
        chat_id = params.get("chat_id")
        if isinstance(chat_id, str) and not re.fullmatch(r"@\w+|-?\d+", chat_id):
            errors.append("chat_id: a string chat id must be @username or numeric")
        if params.get("parse_mode") not in PARSE_MODES | {None}:
            errors.append(f"parse_mode: {params['parse_mode']!r} is not a parse mode")
        text = params.get("text")
        if method == "sendMessage" and isinstance(text, str) and not text.strip():
            errors.append("text: message text is empty")
        if method == "sendChatAction" and params.get("action") not in CHAT_ACTIONS:
            errors.append(f"action: {params.get('action')!r} is not a chat action")
        if method == "setWebhook":
            url = params.get("url")
            if isinstance(url, str) and url and not url.startswith("https://"):
                errors.append("url: the webhook URL must be HTTPS")
            token = params.get("secret_token")
            if isinstance(token, str) and not re.fullmatch(
                r"[A-Za-z0-9_-]{1,256}", token
            ):
                errors.append("secret_token: only A-Z, a-z, 0-9, _ and - are allowed")
            updates = params.get("allowed_updates")
            if isinstance(updates, list):
                unknown = [u for u in updates if u not in self.update_kinds]
                if unknown:
                    errors.append(f"allowed_updates: not update types: {unknown}")
            connections = params.get("max_connections")
            if isinstance(connections, int) and not 1 <= connections <= 100:
                errors.append("max_connections: must be 1-100")
        return errors


def _field(spec: dict, name: str) -> dict | None:
    return next((f for f in spec.get("fields", []) if f["name"] == name), None)


def _maybe_json(value: Any, field: dict | None) -> Any:
    """A JSON-serialized string where the field takes an object or array, decoded."""
    if not isinstance(value, str) or field is None or "String" in field["types"]:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


class TelegramFake(FakeProvider):
    """``/bot<token>/<method>`` with JSON bodies; answers in Bot API shape."""

    name = "telegram"

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token
        self.contract = TelegramContract()
        self.webhook: dict[str, Any] = {}
        self._message_ids = itertools.count(1001)

    @staticmethod
    def method_of(request: Recorded) -> str:
        match = PATH_RE.fullmatch(request.path)
        return match["method"] if match else ""

    @staticmethod
    def params(request: Recorded) -> Any:
        return json.loads(request.body) if request.body else {}

    def calls(self, method: str) -> list[dict[str, Any]]:
        """Parameters of every accepted call of one method."""
        return [self.params(r) for r in self.sent() if self.method_of(r) == method]

    def check(self, request: Recorded) -> list[str]:
        match = PATH_RE.fullmatch(request.path)
        if not match:
            return [
                f"not a Bot API path (expected /bot<token>/<method>): {request.path}"
            ]
        if request.method not in ("GET", "POST"):
            return [f"the Bot API supports GET and POST, not {request.method}"]
        if request.query:
            return ["this fake expects parameters in a JSON body, not the query string"]
        if request.body:
            if not request.headers.get("content-type", "").startswith(
                "application/json"
            ):
                return ["a JSON body needs Content-Type: application/json"]
            try:
                params = json.loads(request.body)
            except ValueError:
                return ["body is not valid JSON"]
        else:
            params = {}
        return self.contract.check_method(match["method"], params)

    def contract_error(self, request: Recorded, violations: list[str]) -> Answer:
        if self.method_of(request) not in self.contract.methods:
            return telegram_error(404, "Not Found")
        return telegram_error(400, "Bad Request: " + "; ".join(violations))

    def answer(self, request: Recorded) -> Answer:
        match = PATH_RE.fullmatch(request.path)
        assert match
        if match["token"] != self.token:
            return telegram_error(401, "Unauthorized")
        method, params = match["method"], self.params(request)
        result: Any = True
        if method == "getMe":
            result = BOT_USER
        elif method in ("sendMessage", "sendPhoto"):
            result = self._message(method, params)
        elif method == "setWebhook":
            self.webhook = params
        elif method == "getWebhookInfo":
            result = {
                "url": self.webhook.get("url", ""),
                "has_custom_certificate": False,
                "pending_update_count": 0,
            }
        return Answer(200, {"ok": True, "result": result})

    def _message(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = params["chat_id"]
        chat = (
            {"id": int(chat_id), "type": "private", "first_name": "Ana"}
            if isinstance(chat_id, int) or str(chat_id).lstrip("-").isdigit()
            else {
                "id": -1001234567890,
                "type": "channel",
                "title": "Shop news",
                "username": str(chat_id)[1:],
            }
        )
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "from": {
                k: BOT_USER[k] for k in ("id", "is_bot", "first_name", "username")
            },
            "chat": chat,
            "date": int(time.time()),
        }
        if method == "sendMessage":
            message["text"] = params["text"]
        else:
            message["photo"] = [
                {
                    "file_id": f"AgACAgQAAxkDAAI{size}",
                    "file_unique_id": f"AQAD{size}",
                    "width": size,
                    "height": size,
                    "file_size": size * 40,
                }
                for size in (90, 320, 800)
            ]
            if "caption" in params:
                message["caption"] = params["caption"]
        if isinstance(params.get("reply_markup"), dict):
            message["reply_markup"] = params["reply_markup"]
        return message
