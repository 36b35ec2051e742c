"""Small helpers every adapter needs for JSON bodies, JSON answers and text limits."""

from __future__ import annotations

import json
from typing import Any

import httpx

from saleor_conversational.channels.errors import MalformedRequest

_REQUIRED: Any = object()


def json_body(body: bytes) -> Any:
    """The decoded JSON of an inbound request; MalformedRequest if it is not JSON."""
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise MalformedRequest("body is not JSON") from None


def json_object_body(
    body: bytes, refusal: str = "body must be a JSON object"
) -> dict[str, Any]:
    """``json_body`` that must be an object; ``refusal`` is the error when it is not."""
    data = json_body(body)
    if not isinstance(data, dict):
        raise MalformedRequest(refusal)
    return data


def response_json(response: httpx.Response) -> dict[str, Any]:
    """A provider's JSON answer as an object; {} when it is not JSON or not an object."""
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def truncate(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, the last one an ellipsis when cut."""
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"


def typed_field(
    obj: dict[str, Any],
    key: str,
    kind: type | tuple[type, ...],
    default: Any = _REQUIRED,
) -> Any:
    """``obj[key]`` if it has the JSON type ``kind``; ``default`` when absent or null.

    Without a default an absent key is a MalformedRequest, and so is a value of
    the wrong type.
    """
    value = obj.get(key)
    if value is None:
        if default is _REQUIRED:
            raise MalformedRequest(f"missing {key!r}")
        return default
    kinds = kind if isinstance(kind, tuple) else (kind,)
    # bool is an int in Python but never a number in JSON.
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise MalformedRequest(f"{key!r} has the wrong type")
    return value


def nested(data: Any, *keys: str) -> Any:
    """``data[k1][k2]…``, or None as soon as a level is not an object."""
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def string_or_empty(value: Any) -> str:
    return value if isinstance(value, str) else ""
