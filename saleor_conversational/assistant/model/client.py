"""A client for servers that speak OpenAI's chat-completions API, and the tool loop.

Hosted providers, Ollama, vLLM and llama.cpp's server all take
``POST {base_url}/chat/completions`` with function tools. The client sends the request
fields of OpenAI's ``createChatCompletion`` contract (non-streaming) and turns every
way a call can fail into one ``ModelError`` subclass, so the caller can fall back to
the built-in assistant. No SDK: httpx only.
"""

from __future__ import annotations

import dataclasses
import email.utils
import json
import math
import re
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal
from urllib.parse import urlsplit

import httpx

DEFAULT_TIMEOUT = 10.0
# An answer is a few kilobytes; anything this large is not one.
MAX_RESPONSE_BYTES = 4 * 1024 * 1024
TOOL_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

ToolChoice = Literal["auto", "none", "required"] | Mapping[str, Any]
Tool = Callable[[dict[str, Any]], dict[str, Any]]


# -- errors ---------------------------------------------------------------------------
class ModelError(Exception):
    """The model gave no usable answer: fall back to the built-in assistant."""

    def __init__(
        self, message: str, *, status: int | None = None, code: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status  # the server's HTTP status, when it answered
        self.code = code  # the server's error code, when it gave one

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only fields survive pickling (Celery results, multiprocessing).
        return _restore_error, (type(self), self.args, self.__dict__)


def _restore_error(
    cls: type[ModelError], args: tuple[Any, ...], state: dict[str, Any]
) -> ModelError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class ModelTimeout(ModelError):
    """No complete answer within the timeout."""


class ModelUnavailable(ModelError):
    """The server could not be reached, failed (5xx) or is rate limiting (429)."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, status=status, code=code)
        self.retry_after = retry_after  # seconds, from Retry-After / retry-after-ms


class ModelRejected(ModelError):
    """The server refused the request (4xx): bad key, unknown model, invalid request."""


class ToolsUnsupported(ModelError):
    """The server or model does not do tool calling."""


class ModelResponseInvalid(ModelError):
    """The server answered 2xx with something that is not a usable completion."""


class BudgetExhausted(ModelError):
    """The turn would use more tokens than its budget, or more rounds than allowed."""

    def __init__(self, message: str, *, used: int, budget: int, rounds: int) -> None:
        super().__init__(message)
        self.used = used
        self.budget = budget
        self.rounds = rounds


# -- values ---------------------------------------------------------------------------
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


# -- client ---------------------------------------------------------------------------
class ChatCompletionsClient:
    """``complete`` sends one chat-completions request and returns its first choice."""

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str = "",
        timeout: float = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
        *,
        max_tokens_field: Literal["max_tokens", "max_completion_tokens"] = "max_tokens",
    ) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValueError(
                "base_url must be an http(s) URL, like http://127.0.0.1:11434/v1"
            )
        if parts.query or parts.fragment:
            raise ValueError("base_url takes no query string or fragment")
        if not model:
            raise ValueError("model is required")
        if not timeout > 0:
            raise ValueError("timeout must be positive")
        self._url = f"{base_url.rstrip('/')}/chat/completions"
        # Shown in messages and repr: never the userinfo of https://user:secret@host.
        host = parts.netloc.rsplit("@", 1)[-1]
        self.base_url = f"{parts.scheme}://{host}{parts.path.rstrip('/')}"
        self.model = model
        self.timeout = float(timeout)
        # Local servers (Ollama, llama.cpp) know max_tokens; OpenAI's reasoning models
        # only take max_completion_tokens.
        self.max_tokens_field = max_tokens_field
        self._api_key = api_key
        headers = {"Accept": "application/json", "User-Agent": "saleor-conversational"}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        self._http = httpx.Client(
            transport=transport,
            headers=headers,
            timeout=httpx.Timeout(self.timeout),
            follow_redirects=False,
        )

    def __repr__(self) -> str:
        key = "'***'" if self._api_key else "''"
        return (
            f"ChatCompletionsClient(base_url={self.base_url!r}, model={self.model!r}, "
            f"api_key={key}, timeout={self.timeout:g})"
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ChatCompletionsClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def complete(
        self,
        messages: list[dict[str, Any]],
        tools: Sequence[ToolSpec] | None = None,
        max_tokens: int | None = None,
        tool_choice: ToolChoice = "auto",
        *,
        timeout: float | None = None,
    ) -> Completion:
        """One completion; ``timeout`` (default: the client's) bounds the whole call."""
        body: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "stream": False,
        }
        if tools:
            body["tools"] = [tool.to_wire() for tool in tools]
            # OpenAI refuses tool_choice without tools.
            body["tool_choice"] = (
                tool_choice if isinstance(tool_choice, str) else dict(tool_choice)
            )
        if max_tokens is not None:
            body[self.max_tokens_field] = max_tokens
        encoded = json.dumps(body, ensure_ascii=False).encode()
        status, headers, raw = self._post(
            encoded, self.timeout if timeout is None else timeout
        )
        if status >= 300:
            raise self._error(status, headers, raw, tools_sent=bool(tools))
        return self._completion(raw, len(encoded))

    # -- transport ------------------------------------------------------------------
    def _post(self, encoded: bytes, timeout: float) -> tuple[int, httpx.Headers, bytes]:
        if timeout <= 0:
            raise ModelTimeout(f"no time left to ask {self._name}")
        deadline = time.monotonic() + timeout
        phase_timeouts = httpx.Timeout(timeout).as_dict()

        def shrink_to_deadline(event: str, info: dict[str, Any]) -> None:
            # httpcore looks up each phase's timeout (pool, connect, write, read) when
            # the phase starts: giving every phase only the time left keeps the whole
            # call within `timeout`, not each phase on its own.
            if event.endswith(".started"):
                left = max(deadline - time.monotonic(), 0.001)
                for phase in phase_timeouts:
                    phase_timeouts[phase] = left

        request = self._http.build_request(
            "POST",
            self._url,
            content=encoded,
            headers={"Content-Type": "application/json"},
            extensions={"timeout": phase_timeouts, "trace": shrink_to_deadline},
        )
        # `from None` throughout: httpx's exceptions hold the request and its
        # Authorization header.
        try:
            response = self._http.send(request, stream=True)
            try:
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > MAX_RESPONSE_BYTES:
                        raise ModelResponseInvalid(
                            f"{self._name} answered with more than {MAX_RESPONSE_BYTES} bytes"
                        )
                    chunks.append(chunk)
                    if time.monotonic() > deadline:
                        raise httpx.ReadTimeout("answer still arriving at the deadline")
            finally:
                response.close()
        except httpx.TimeoutException:
            raise ModelTimeout(
                f"no complete answer from {self._name} within {timeout:g} s"
            ) from None
        except httpx.DecodingError:
            raise ModelResponseInvalid(
                f"{self._name} answered with a body that cannot be decoded"
            ) from None
        except httpx.RequestError as exc:
            raise ModelUnavailable(
                self._redact(
                    f"could not reach {self._name}: {type(exc).__name__}: {exc}"
                )
            ) from None
        return response.status_code, response.headers, b"".join(chunks)

    @property
    def _name(self) -> str:
        return f"model {self.model!r} at {self.base_url}"

    def _redact(self, text: str) -> str:
        return text.replace(self._api_key, "***") if self._api_key else text

    # -- answers ----------------------------------------------------------------------
    def _error(
        self, status: int, headers: httpx.Headers, raw: bytes, *, tools_sent: bool
    ) -> ModelError:
        message, code, param = _error_fields(raw)
        if status < 400:  # redirects are not followed: the base URL is wrong
            message = f"redirects to {headers.get('location', '?')}"
        message = self._redact(message or httpx.codes.get_reason_phrase(status))[:500]
        where = f"{self._name} answered {status}"
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

    def _completion(self, raw: bytes, request_size: int) -> Completion:
        def invalid(reason: str) -> ModelResponseInvalid:
            return ModelResponseInvalid(f"{self._name} answered 2xx but {reason}")

        try:
            data = json.loads(raw)
        except ValueError:
            raise invalid("not with JSON") from None
        if not isinstance(data, dict):
            raise invalid("not with a JSON object")
        choices = data.get("choices")
        if (
            not isinstance(choices, list)
            or not choices
            or not isinstance(choices[0], dict)
        ):
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
        if (
            usage is None
        ):  # Some servers leave usage out; the budget still needs a figure.
            produced = len(content) + sum(
                len(json.dumps(c.arguments)) for c in tool_calls
            )
            prompt, completion = math.ceil(request_size / 4), math.ceil(produced / 4)
            usage = Usage(prompt, completion, prompt + completion, estimated=True)
        model = data.get("model")
        return Completion(
            content=content,
            tool_calls=tool_calls,
            finish_reason=finish_reason,
            usage=usage,
            model=model if isinstance(model, str) and model else self.model,
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


# -- the tool loop ----------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class ToolCallRecord:
    name: str
    arguments: dict[str, Any]
    # What the tool returned; None when it was not run or failed, and then `error`
    # says why: "unknown tool", or the exception the tool raised.
    result: dict[str, Any] | None
    error: str = ""
    call_id: str = ""


@dataclasses.dataclass(frozen=True)
class TurnResult:
    answer: str
    calls: list[ToolCallRecord]
    usage_total: Usage
    rounds: int
    model: str
    messages: list[dict[str, Any]]  # the whole exchange, tool messages included

    @property
    def facts(self) -> list[str]:
        """This turn's tool results as JSON, for ``check_grounding``."""
        return [
            json.dumps(call.result, ensure_ascii=False)
            for call in self.calls
            if call.result is not None
        ]


def run_turn(
    client: ChatCompletionsClient,
    messages: Sequence[Mapping[str, Any]],
    tools: Mapping[str, Tool],
    specs: Sequence[ToolSpec],
    *,
    token_budget: int,
    max_rounds: int = 4,
    max_tokens: int | None = 512,
    timeout: float | None = None,
) -> TurnResult:
    """Ask, run the tool calls the model asks for, and ask again until it answers.

    Only tools that are both offered (``specs``) and given (``tools``) run. The whole
    turn stays within ``timeout`` (default: the client's) and ``token_budget`` tokens
    over at most ``max_rounds`` requests; ``max_tokens`` caps each completion. Tools
    run in this thread and are not interrupted: their time counts against the
    deadline of the requests after them. An answer whose reported usage takes the turn
    over budget is not returned either (``BudgetExhausted``): the budget is a cap.
    """
    offered = {spec.name for spec in specs}
    if missing := sorted(offered - tools.keys()):
        raise ValueError(f"tools offered to the model without a callable: {missing}")
    if token_budget <= 0 or max_rounds <= 0:
        raise ValueError("token_budget and max_rounds must be positive")
    deadline = time.monotonic() + (client.timeout if timeout is None else timeout)
    conversation = [dict(message) for message in messages]
    calls: list[ToolCallRecord] = []
    used = Usage()
    next_prompt = _estimate_tokens([conversation, [spec.to_wire() for spec in specs]])
    for round_number in range(1, max_rounds + 1):
        room = token_budget - used.total_tokens - next_prompt
        if room <= 0:
            raise BudgetExhausted(
                f"the next request (about {next_prompt} prompt tokens) would take the "
                f"turn past its budget of {token_budget} tokens ({used.total_tokens} used)",
                used=used.total_tokens,
                budget=token_budget,
                rounds=round_number - 1,
            )
        cap = room if max_tokens is None else min(max_tokens, room)
        completion = client.complete(
            conversation, list(specs) or None, cap, timeout=deadline - time.monotonic()
        )
        used += completion.usage
        if used.total_tokens > token_budget:
            raise BudgetExhausted(
                f"the turn used {used.total_tokens} tokens, over its budget of "
                f"{token_budget}",
                used=used.total_tokens,
                budget=token_budget,
                rounds=round_number,
            )
        if completion.tool_calls:
            conversation.append(_assistant_message(completion))
            results = []
            for call in completion.tool_calls:
                record, content = _run_tool(call, tools, offered)
                calls.append(record)
                results.append(
                    {"role": "tool", "tool_call_id": call.id, "content": content}
                )
            conversation.extend(results)
            # The next prompt is this one, plus this answer, plus the tool results.
            next_prompt = (
                completion.usage.prompt_tokens
                + completion.usage.completion_tokens
                + _estimate_tokens(results)
            )
            continue
        if completion.finish_reason == "length":
            if max_tokens is None or cap < max_tokens:
                raise BudgetExhausted(
                    f"the answer was cut off at the turn's token budget of {token_budget}",
                    used=used.total_tokens,
                    budget=token_budget,
                    rounds=round_number,
                )
            raise ModelResponseInvalid(
                f"the answer was cut off at max_tokens={max_tokens}"
            )
        answer = completion.content.strip()
        if not answer:
            reason = (
                f"refused: {completion.refusal}" if completion.refusal else "was empty"
            )
            raise ModelResponseInvalid(f"the model's answer {reason}")
        return TurnResult(
            answer=answer,
            calls=calls,
            usage_total=used,
            rounds=round_number,
            model=completion.model,
            messages=conversation + [{"role": "assistant", "content": answer}],
        )
    raise BudgetExhausted(
        f"no answer after {max_rounds} rounds of tool calls",
        used=used.total_tokens,
        budget=token_budget,
        rounds=max_rounds,
    )


def _assistant_message(completion: Completion) -> dict[str, Any]:
    return {
        "role": "assistant",
        "content": completion.content,
        "tool_calls": [
            {
                "id": call.id,
                "type": "function",
                "function": {
                    "name": call.name,
                    "arguments": json.dumps(call.arguments, ensure_ascii=False),
                },
            }
            for call in completion.tool_calls
        ],
    }


def _run_tool(
    call: ToolCall, tools: Mapping[str, Tool], offered: set[str]
) -> tuple[ToolCallRecord, str]:
    """The record and the tool message content; the model never sees exception text."""
    if call.name not in offered or call.name not in tools:
        record = ToolCallRecord(
            call.name, call.arguments, None, "unknown tool", call.id
        )
        return record, json.dumps({"error": "unknown tool"})
    try:
        result = tools[call.name](dict(call.arguments))
        if not isinstance(result, dict):
            raise TypeError(f"the tool returned {type(result).__name__}, not a dict")
        content = json.dumps(result, ensure_ascii=False, allow_nan=False)
    except Exception as exc:  # noqa: BLE001 - any tool failure becomes a tool message
        record = ToolCallRecord(
            call.name, call.arguments, None, f"{type(exc).__name__}: {exc}", call.id
        )
        return record, json.dumps({"error": "the tool failed"})
    return ToolCallRecord(call.name, call.arguments, result, "", call.id), content


def _estimate_tokens(value: Any) -> int:
    # About four characters a token for the languages served; only used where the
    # server has not yet said how many tokens a prompt takes.
    return math.ceil(len(json.dumps(value, ensure_ascii=False)) / 4)
