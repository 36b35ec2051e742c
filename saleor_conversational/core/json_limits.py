"""Valid JSON that is still unfit to process or store: hostile shapes from public bodies.

``json.loads`` raises ``RecursionError`` (not ``ValueError``) on deep nesting, and
PostgreSQL refuses NUL characters and lone surrogates in text and jsonb. ``loads``
and ``unfit`` turn both into a reason for a 400 before anything is written.
"""

from __future__ import annotations

import json
from typing import Any

MAX_DEPTH = 32
MAX_STRING = 64 * 1024


class UnfitJson(ValueError):
    """The body is not JSON, or JSON this plugin refuses; ``str()`` is the reason."""


def loads(body: bytes | str) -> Any:
    """Decoded JSON that ``unfit`` accepts; else UnfitJson with the reason."""
    try:
        value = json.loads(body)
    except RecursionError:
        raise UnfitJson(f"JSON nested deeper than {MAX_DEPTH} levels") from None
    except (ValueError, UnicodeDecodeError):
        raise UnfitJson("body is not JSON") from None
    reason = unfit(value)
    if reason:
        raise UnfitJson(reason)
    return value


def unfit(
    value: Any, *, max_depth: int = MAX_DEPTH, max_string: int = MAX_STRING
) -> str:
    """Why decoded JSON ``value`` cannot be stored, or "" when it can."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > max_depth:
            return f"JSON nested deeper than {max_depth} levels"
        if isinstance(item, str):
            reason = unfit_text(item, max_string)
            if reason:
                return reason
        elif isinstance(item, dict):
            for key, child in item.items():
                stack.append((key, depth + 1))
                stack.append((child, depth + 1))
        elif isinstance(item, (list, tuple)):
            stack.extend((child, depth + 1) for child in item)
    return ""


def unfit_text(text: str, max_string: int = MAX_STRING) -> str:
    if len(text) > max_string:
        return f"a string longer than {max_string} characters"
    if "\x00" in text:
        return "NUL characters are not allowed"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "text that is not valid Unicode (a lone surrogate)"
    return ""
