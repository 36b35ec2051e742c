"""The chat-completions wire format: the values sent and received, and their parsing.

``ToolSpec`` is a function offered to the model, written out as OpenAI's ``tools``
entry; ``parse_completion`` turns a 2xx body into a ``Completion`` (content, tool
calls, finish reason, usage) and ``answer_error`` turns any other answer into the
``ModelError`` subclass that says why. Both read the variants that OpenAI-compatible
servers (hosted providers, Ollama, vLLM, llama.cpp) actually send, and raise
``ModelResponseInvalid`` for a body that is no usable completion.
"""

from __future__ import annotations

import dataclasses
import email.utils
import json
import math
import re
import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from saleor_conversational.assistant.model.errors import (
    ModelError,
    ModelRejected,
    ModelResponseInvalid,
    ModelUnavailable,
    ToolsUnsupported,
)

TOOL_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclasses.dataclass(frozen=True)
class ToolSpec:
    """One function the model may call; ``parameters`` is a JSON schema object."""

    name: str
    description: str
    parameters: Mapping[str, Any] = dataclasses.field(
        default_factory=lambda: {"type": "object", "properties": {}}
    )

    def __post_init__(self) -> None:
        if not TOOL_NAME.match(self.name):
            raise ValueError(
                f"tool name {self.name!r}: 1-64 letters, digits, '_' or '-' only"
            )

    def to_wire(self) -> dict[str, Any]:
        return {
            "type": "function",
            "function": {
                "name": self.name,
                "description": self.description,
                "parameters": dict(self.parameters),
            },
        }


@dataclasses.dataclass(frozen=True)
class ToolCall:
    id: str
    name: str
    arguments: dict[str, Any]


@dataclasses.dataclass(frozen=True)
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    # True when the server reported no usage and the figures are length estimates.
    estimated: bool = False

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.prompt_tokens + other.prompt_tokens,
            self.completion_tokens + other.completion_tokens,
            self.total_tokens + other.total_tokens,
            self.estimated or other.estimated,
        )


@dataclasses.dataclass(frozen=True)
class Completion:
    content: str
    tool_calls: list[ToolCall]
    finish_reason: str | None
    usage: Usage
    model: str
    refusal: str = ""


# -- answers ---------------------------------------------------------------------------
def answer_error(
    status: int,
    headers: httpx.Headers,
    raw: bytes,
    *,
    tools_sent: bool,
    name: str,
    redact: Callable[[str], str],
) -> ModelError:
    """The error for a non-2xx answer; ``redact`` takes the API key out of text."""
    message, code, param = _error_fields(raw)
    if status < 400:  # redirects are not followed: the base URL is wrong
        message = f"redirects to {headers.get('location', '?')}"
    message = redact(message or httpx.codes.get_reason_phrase(status))[:500]
    where = f"{name} answered {status}"
    if tools_sent and _says_tools_unsupported(status, message, param):
        return ToolsUnsupported(
            f"{where}: no tool calling: {message}", status=status, code=code
        )
    if status in {408, 429} or status >= 500:
        return ModelUnavailable(
            f"{where}: {message}",
            status=status,
            code=code,
            retry_after=_retry_after(headers),
        )
    return ModelRejected(f"{where}: {message}", status=status, code=code)


def parse_completion(
    raw: bytes, request_size: int, *, name: str, model: str
) -> Completion:
    """The first choice of a 2xx answer; ``model`` is the one asked for, kept when
    the answer names none. ``request_size`` estimates usage a server left out."""

    def invalid(reason: str) -> ModelResponseInvalid:
        return ModelResponseInvalid(f"{name} answered 2xx but {reason}")

    try:
        data = json.loads(raw)
    except ValueError:
        raise invalid("not with JSON") from None
    if not isinstance(data, dict):
        raise invalid("not with a JSON object")
    choices = data.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise invalid("with no choices")
    choice = choices[0]
    message = choice.get("message")
    if not isinstance(message, dict):
        raise invalid("choices[0] has no message object")
    content = _text(message.get("content"))
    refusal = message.get("refusal") or ""
    if content is None or not isinstance(refusal, str):
        raise invalid("the message content is neither text nor null")
    tool_calls = _tool_calls(message.get("tool_calls"), invalid)
    finish_reason = choice.get("finish_reason")
    if finish_reason is not None and not isinstance(finish_reason, str):
        raise invalid("finish_reason is not a string")
    usage = _usage(data.get("usage"), invalid)
    if usage is None:  # Some servers leave usage out; the budget still needs a figure.
        produced = len(content) + sum(len(json.dumps(c.arguments)) for c in tool_calls)
        prompt, completion = math.ceil(request_size / 4), math.ceil(produced / 4)
        usage = Usage(prompt, completion, prompt + completion, estimated=True)
    answered_model = data.get("model")
    if not isinstance(answered_model, str) or not answered_model:
        answered_model = model
    return Completion(
        content=content,
        tool_calls=tool_calls,
        finish_reason=finish_reason,
        usage=usage,
        model=answered_model,
        refusal=refusal,
    )


def _text(content: Any) -> str | None:
    """A message's content as text; None when it is not text at all."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list) and all(
        isinstance(part, dict) and isinstance(part.get("text"), str) for part in content
    ):
        return "".join(part["text"] for part in content)
    return None


def _tool_calls(
    raw: Any, invalid: Callable[[str], ModelResponseInvalid]
) -> list[ToolCall]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise invalid("tool_calls is not a list")
    calls = []
    for index, call in enumerate(raw):
        if not isinstance(call, dict) or not isinstance(call.get("function"), dict):
            raise invalid(f"tool_calls[{index}] has no function object")
        if call.get("type", "function") != "function":
            raise invalid(
                f"tool_calls[{index}] is of type {call.get('type')!r}, not function"
            )
        function = call["function"]
        name = function.get("name")
        if not isinstance(name, str) or not name:
            raise invalid(f"tool_calls[{index}] has no function name")
        arguments = function.get("arguments", "")
        # A JSON object as is: the shape of Ollama's native API.
        if isinstance(arguments, str):
            # An empty string is what some servers send for a call without arguments.
            try:
                arguments = json.loads(arguments) if arguments.strip() else {}
            except ValueError:
                raise invalid(
                    f"the arguments of tool call {name!r} are not JSON"
                ) from None
        if not isinstance(arguments, dict):
            raise invalid(f"the arguments of tool call {name!r} are not a JSON object")
        call_id = call.get("id")
        # llama.cpp and older Ollama builds can leave the id out; answers need one.
        calls.append(
            ToolCall(
                call_id if isinstance(call_id, str) and call_id else f"call_{index}",
                name,
                arguments,
            )
        )
    return calls


def _usage(raw: Any, invalid: Callable[[str], ModelResponseInvalid]) -> Usage | None:
    if raw is None:
        return None
    fields = ("prompt_tokens", "completion_tokens", "total_tokens")
    if not isinstance(raw, dict):
        raise invalid("usage is not an object")
    values = [raw.get(field, 0) for field in fields]
    if not all(
        isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in values
    ):
        raise invalid("usage has token counts that are not non-negative integers")
    prompt, completion, total = values
    return Usage(prompt, completion, total or prompt + completion)


def _error_fields(raw: bytes) -> tuple[str, str | None, str | None]:
    """(message, code, param) from the error shapes OpenAI-compatible servers use."""
    try:
        data = json.loads(raw)
    except ValueError:
        text = raw.decode("utf-8", "replace")
        return " ".join(text.split())[:200], None, None
    if not isinstance(data, dict):
        return "", None, None
    error = data.get("error", data)  # old vLLM: the error fields at the top level
    if isinstance(error, str):  # Ollama's native API: {"error": "..."}
        return error, None, None
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        code, param = error.get("code"), error.get("param")
        return (
            error["message"],
            None if code is None else str(code),
            param if isinstance(param, str) else None,
        )
    detail = data.get("detail")  # FastAPI validation errors (vLLM's own layer)
    if isinstance(detail, str):
        return detail, None, None
    if isinstance(detail, list) and detail and isinstance(detail[0], dict):
        loc = [str(part) for part in detail[0].get("loc", []) if part != "body"]
        message = "; ".join(
            f"{'.'.join(str(p) for p in d.get('loc', []) if p != 'body')}: {d.get('msg', '')}"
            for d in detail
            if isinstance(d, dict)
        )
        return message, None, loc[0] if loc else None
    return "", None, None


_TOOLS_UNSUPPORTED = re.compile(
    r"does not support tools"  # Ollama: "<model> does not support tools"
    r"|tools? (?:is|are) not supported"
    r"|tool[ _-]?(?:calling|calls?|use|choice) (?:is |are )?not (?:supported|enabled|available)"
    r"|function[ _-]?calling is not (?:supported|enabled|available)"
    r"|tools param requires"  # llama.cpp without --jinja: "tools param requires --jinja flag"
    r"|unsupported param(?:eter)?s?\W+tools\b"  # older llama.cpp: "Unsupported param: tools"
    r"|enable-auto-tool-choice"  # vLLM started without --enable-auto-tool-choice
    r"|unrecognized request arguments? supplied\W+(?:\w+, )*tools\b"  # older gateways
    r"|(?:unknown|unrecognized|unexpected|extra)\W+(?:\w+\W+){0,2}"
    r"(?:field|parameter|argument|input|key)s?\W+(?:\w+\W+){0,3}['\"`]?tools?\b",
    re.IGNORECASE,
)


def _says_tools_unsupported(status: int, message: str, param: str | None) -> bool:
    if status in {400, 404, 422, 500, 501} and _TOOLS_UNSUPPORTED.search(message):
        return True
    # A 400/422 that blames the `tools` parameter itself, not one tool inside it.
    return status in {400, 422} and param in {"tools", "tool_choice"}


def _retry_after(headers: httpx.Headers) -> float | None:
    if (millis := headers.get("retry-after-ms")) is not None:  # OpenAI sends both
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
