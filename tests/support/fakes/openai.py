"""A fake OpenAI-compatible chat-completions server, checked against OpenAI's contract.

``check`` validates every request body against ``CreateChatCompletionRequest`` of
``openai-openapi.yaml`` (operation ``createChatCompletion``; OpenAPI 3.1, so JSON
Schema 2020-12) and adds what OpenAI enforces but the schema only says in prose:
unknown top-level parameters are refused, ``tool_choice`` needs ``tools``, function
names are ``^[A-Za-z0-9_-]{1,64}$``, every ``tool`` message answers a preceding
assistant tool call and every tool call is answered, ``max_tokens`` is at least 1,
``model`` is not empty. It also checks the path (``{prefix}/chat/completions``),
``Content-Type: application/json`` and, when the fake has a key,
``Authorization: Bearer <key>`` (401 otherwise). Errors come back in OpenAI's
``{"error": {message, type, param, code}}`` shape.

Two things in the contract are not plain JSON Schema and are translated once, when it
is loaded: ``nullable: true`` (an OpenAPI 3.0 keyword the 3.1 document still uses)
becomes a ``null`` alternative, and a ``oneOf`` with a ``discriminator`` is dispatched
on the discriminating property so a wrong message gets the reason of its own variant,
not "not valid under any of the given schemas".

Answers follow ``CreateChatCompletionResponse``. Scripted steps are used in order, one
per accepted request: ``script_tool_calls``, ``script_answer``,
``script_answer_from_tools``, ``script_error``, ``script_raw``; ``script_delay`` holds
the next answer back. With nothing scripted the fake echoes: ``"echo: <the last user
message>"``. ``tools_unsupported=True`` answers a request that has ``tools`` the way
Ollama does for a model without tool support, and ``models`` (when given) makes any
other model a 404 ``model_not_found``.
"""

from __future__ import annotations

import copy
import functools
import itertools
import json
import math
import re
import secrets
import string
import threading
import time
from collections import deque
from collections.abc import Callable, Collection, Iterable
from typing import Any

from tests.support.fakes.contracts import load_contract
from tests.support.fakes.server import Answer, FakeProvider, Recorded

CONTRACT_FILE = "openai-openapi.yaml"
CONTRACT_URI = "urn:openai-openapi"
REQUEST_SCHEMA = "CreateChatCompletionRequest"
RESPONSE_SCHEMA = "CreateChatCompletionResponse"
ERROR_SCHEMA = "ErrorResponse"
FUNCTION_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_completion_ids = itertools.count(1)


# -- the contract -------------------------------------------------------------------
def _nullable(node: Any) -> Any:
    """OpenAPI 3.0's ``nullable: true`` as JSON Schema 2020-12 says it."""
    if isinstance(node, list):
        return [_nullable(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _nullable(v) for k, v in node.items() if k != "nullable"}
    if node.get("nullable") is True:
        kind = out.get("type")
        if isinstance(kind, str):
            out["type"] = [kind, "null"]
            if "enum" in out:
                out["enum"] = [*out["enum"], None]
        elif kind is None:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


def _dispatch_discriminators(node: Any, schemas: dict[str, Any]) -> Any:
    """A discriminated ``oneOf`` as if/then on the property's value."""
    if isinstance(node, list):
        return [_dispatch_discriminators(n, schemas) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _dispatch_discriminators(v, schemas) for k, v in node.items()}
    if "discriminator" not in node or "oneOf" not in node:
        return out
    prop = node["discriminator"]["propertyName"]
    branches = []
    for variant in node["oneOf"]:
        target = schemas.get(variant.get("$ref", "").rsplit("/", 1)[-1], variant)
        values = target.get("properties", {}).get(prop, {}).get("enum")
        if not values or len(values) != 1:
            return out  # not told apart by a single value: keep the plain oneOf
        branches.append((values[0], variant))
    rest = {k: v for k, v in out.items() if k not in {"oneOf", "discriminator"}}
    return {
        **rest,
        "type": "object",
        "required": [prop],
        "properties": {prop: {"enum": [value for value, _ in branches]}},
        "allOf": [
            {"if": {"properties": {prop: {"const": value}}}, "then": variant}
            for value, variant in branches
        ],
    }


class OpenAIContract:
    """Validators for the chat-completions request, response and error bodies."""

    def __init__(self) -> None:
        from jsonschema import Draft202012Validator
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        spec = load_contract(CONTRACT_FILE)
        operation = spec["paths"]["/chat/completions"]["post"]
        assert operation["operationId"] == "createChatCompletion"
        schemas = copy.deepcopy(spec["components"]["schemas"])
        schemas = _nullable(schemas)
        schemas = _dispatch_discriminators(schemas, schemas)
        document = {"components": {"schemas": schemas}}
        registry = Registry().with_resource(
            CONTRACT_URI, Resource(contents=document, specification=DRAFT202012)
        )
        self.schemas = schemas

        def validator(name: str) -> Draft202012Validator:
            ref = {"$ref": f"{CONTRACT_URI}#/components/schemas/{name}"}
            return Draft202012Validator(ref, registry=registry)

        self._request = validator(REQUEST_SCHEMA)
        self._response = validator(RESPONSE_SCHEMA)
        self._error = validator(ERROR_SCHEMA)
        self.request_fields = self._fields(schemas[REQUEST_SCHEMA])

    def _fields(self, node: dict[str, Any]) -> set[str]:
        """Every top-level property the request schema names, through allOf and $ref."""
        if "$ref" in node:
            node = self.schemas[node["$ref"].rsplit("/", 1)[-1]]
        fields = set(node.get("properties", {}))
        for part in node.get("allOf", []):
            fields |= self._fields(part)
        return fields

    def request_problems(self, body: Any) -> list[str]:
        return _problems(self._request, body)

    def response_problems(self, body: Any) -> list[str]:
        return _problems(self._response, body)

    def error_problems(self, body: Any) -> list[str]:
        return _problems(self._error, body)


def _problems(validator: Any, instance: Any) -> list[str]:
    from jsonschema.exceptions import best_match

    problems = []
    for error in validator.iter_errors(instance):
        if error.context:  # a failed union: its most specific reason
            error = best_match(error.context, key=lambda e: -len(e.absolute_path))
        path = "/".join(map(str, error.absolute_path)) or "<body>"
        problems.append(f"{path}: {error.message}")
    return problems


@functools.cache
def chat_contract() -> OpenAIContract:
    """Loaded once a process: the YAML is 3 MB."""
    return OpenAIContract()


def _semantic(body: dict[str, Any], known_fields: set[str]) -> list[str]:
    """What OpenAI refuses although the schema lets it through."""
    problems = [
        f"Unrecognized request argument supplied: {key}"
        for key in body
        if key not in known_fields
    ]
    if not body.get("model"):
        problems.append("model: you must provide a model parameter")
    tools = body.get("tools")
    if "tool_choice" in body and not tools:
        problems.append("tool_choice: only allowed when tools are specified")
    for index, tool in enumerate(tools if isinstance(tools, list) else []):
        name = (
            (tool.get("function") or {}).get("name") if isinstance(tool, dict) else None
        )
        if isinstance(name, str) and not FUNCTION_NAME.match(name):
            problems.append(
                f"tools/{index}/function/name: {name!r} is not a valid name"
            )
    for field in ("max_tokens", "max_completion_tokens"):
        value = body.get(field)
        if isinstance(value, int) and value < 1:
            problems.append(f"{field}: expected a value >= 1, got {value}")
    if body.get("stream"):
        problems.append("stream: this fake answers non-streaming requests only")
    messages = body.get("messages")
    if isinstance(messages, list):
        problems += _tool_message_order(messages)
    return problems


def _tool_message_order(messages: list[Any]) -> list[str]:
    problems = []
    unanswered: list[str] = []
    for index, message in enumerate(messages):
        if not isinstance(message, dict):
            continue
        role = message.get("role")
        if role == "tool":
            call_id = message.get("tool_call_id")
            if call_id in unanswered:
                unanswered.remove(call_id)
            else:
                problems.append(
                    f"messages/{index}: a 'tool' message must answer a tool call of "
                    f"the preceding assistant message (no open call {call_id!r})"
                )
            continue
        if unanswered:
            problems.append(
                f"messages/{index}: an assistant message with 'tool_calls' must be "
                f"followed by tool messages answering each call; unanswered: {unanswered}"
            )
        unanswered = []
        if role == "assistant" and isinstance(message.get("tool_calls"), list):
            unanswered = [
                call.get("id")
                for call in message["tool_calls"]
                if isinstance(call, dict)
            ]
    if unanswered:
        problems.append(
            f"tool calls without a tool message answering them: {unanswered}"
        )
    return problems


# -- answers ------------------------------------------------------------------------
def openai_error(
    status: int,
    message: str,
    type: str = "invalid_request_error",  # noqa: A002 - OpenAI's field name
    code: str | None = None,
    param: str | None = None,
    headers: dict[str, str] | None = None,
) -> Answer:
    body = {"error": {"message": message, "type": type, "param": param, "code": code}}
    return Answer(status, body, headers=dict(headers or {}))


def _call_id() -> str:
    alphabet = string.ascii_letters + string.digits
    return "call_" + "".join(secrets.choice(alphabet) for _ in range(24))


def _tokens(text: str) -> int:
    return max(1, math.ceil(len(text) / 4))


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return ""


Step = Callable[[dict[str, Any], Recorded], Answer]


class FakeOpenAI(FakeProvider):
    name = "openai"

    def __init__(
        self,
        api_key: str = "",
        *,
        prefix: str = "/v1",
        models: Collection[str] | None = None,
        tools_unsupported: bool = False,
    ) -> None:
        super().__init__()
        self.api_key = api_key
        self.prefix = prefix.rstrip("/")
        self.models = None if models is None else set(models)
        self.tools_unsupported = tools_unsupported
        self.contract = chat_contract()
        self.steps: deque[Step] = deque()
        # Seconds spent in check() + answer() for each request, for the benchmark to
        # take the fake's own work out of the client's figures.
        self.server_seconds: list[float] = []
        self._started_at = threading.local()

    @property
    def url(self) -> str:
        """The base URL a client is configured with, like http://127.0.0.1:1234/v1."""
        return self.base_url + self.prefix

    def bodies(self) -> list[Any]:
        """The JSON bodies of the chat-completions requests received, in order."""
        with self.lock:
            requests = list(self.requests)
        return [r.json() for r in requests if r.path.endswith("/chat/completions")]

    # -- scripting --------------------------------------------------------------------
    def script_tool_calls(
        self,
        calls: Iterable[tuple[str, dict[str, Any] | str]],
        *,
        content: str | None = None,
        usage: tuple[int, int] | None = None,
    ) -> None:
        """The next answer asks for these calls; a str is sent as the raw arguments."""
        wire = [
            {
                "id": _call_id(),
                "type": "function",
                "function": {
                    "name": name,
                    "arguments": args if isinstance(args, str) else json.dumps(args),
                },
            }
            for name, args in calls
        ]

        def step(body: dict[str, Any], request: Recorded) -> Answer:
            return self._completion(body, request, content, wire, "tool_calls", usage)

        self._add(step)

    def script_answer(
        self,
        text: str,
        *,
        finish_reason: str = "stop",
        usage: tuple[int, int] | None = None,
    ) -> None:
        def step(body: dict[str, Any], request: Recorded) -> Answer:
            return self._completion(body, request, text, [], finish_reason, usage)

        self._add(step)

    def script_answer_from_tools(
        self, write: Callable[[list[dict[str, Any]]], str]
    ) -> None:
        """The next answer is written by ``write`` from the tool results the request
        carries (a model answering from what its tools returned)."""

        def step(body: dict[str, Any], request: Recorded) -> Answer:
            results = [
                json.loads(m["content"])
                for m in body["messages"]
                if m.get("role") == "tool"
            ]
            return self._completion(body, request, write(results), [], "stop", None)

        self._add(step)

    def script_error(
        self,
        status: int,
        message: str,
        type: str = "invalid_request_error",  # noqa: A002 - OpenAI's field name
        code: str | None = None,
        *,
        param: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        answer = openai_error(status, message, type, code, param, headers)
        self._add(lambda body, request: answer)

    def script_raw(self, answer: Answer) -> None:
        """Any answer at all: broken JSON, another server's error shape…"""
        self._add(lambda body, request: answer)

    def clear_script(self) -> None:
        """Drop the steps not used yet (the built-in assistant answered instead)."""
        with self.lock:
            self.steps.clear()
            self.delays.clear()

    def script_delay(self, seconds: float) -> None:
        """Hold the next answer back this long (the model thinking)."""
        with self.lock:
            self.delays.append(seconds)

    def _add(self, step: Step) -> None:
        with self.lock:
            self.steps.append(step)

    # -- contract -----------------------------------------------------------------------
    def check(self, request: Recorded) -> list[str]:
        self._started_at.value = time.perf_counter()
        if (
            request.method != "POST"
            or request.path != f"{self.prefix}/chat/completions"
        ):
            return [f"Invalid URL ({request.method} {request.path})"]
        if self.api_key:
            header = request.headers.get("authorization", "")
            if not header:
                return ["You didn't provide an API key"]
            if header != f"Bearer {self.api_key}":
                return ["Incorrect API key provided"]
        if not request.headers.get("content-type", "").startswith("application/json"):
            return ["Content-Type must be application/json"]
        try:
            body = request.json()
        except ValueError:
            return ["the body is not valid JSON"]
        problems = self.contract.request_problems(body)
        if isinstance(body, dict):
            problems += _semantic(body, self.contract.request_fields)
        return problems

    def contract_error(self, request: Recorded, violations: list[str]) -> Answer:
        self._record_time()
        first = violations[0]
        if first.startswith("Invalid URL"):
            return openai_error(404, first)
        if first.startswith("You didn't provide"):
            return openai_error(
                401,
                f"{first}. You need to provide your API key in an "
                "Authorization header using Bearer auth.",
            )
        if first.startswith("Incorrect API key"):
            return openai_error(
                401,
                f"{first}. You can find your API key at "
                "https://platform.openai.com/account/api-keys.",
                code="invalid_api_key",
            )
        where = first.split(":", 1)[0]
        param = where.replace("/", ".") if ":" in first and " " not in where else None
        return openai_error(400, "; ".join(violations), param=param)

    def answer(self, request: Recorded) -> Answer:
        try:
            body = request.json()
            if self.models is not None and body["model"] not in self.models:
                return openai_error(
                    404,
                    f"The model `{body['model']}` does not exist or you do not have "
                    "access to it.",
                    code="model_not_found",
                )
            if self.tools_unsupported and body.get("tools"):
                # Ollama's /v1 answer for a model whose template has no tool support.
                return openai_error(
                    400,
                    f"registry.ollama.ai/library/{body['model']} does not support tools",
                    type="api_error",
                )
            with self.lock:
                step = self.steps.popleft() if self.steps else None
            if step is not None:
                return step(body, request)
            last_user = next(
                (m for m in reversed(body["messages"]) if m.get("role") == "user"), {}
            )
            echo = "echo: " + _text(last_user.get("content"))
            return self._completion(body, request, echo, [], "stop", None)
        finally:
            self._record_time()

    def _record_time(self) -> None:
        started = getattr(self._started_at, "value", None)
        if started is not None:
            with self.lock:
                self.server_seconds.append(time.perf_counter() - started)
            self._started_at.value = None

    def _completion(
        self,
        body: dict[str, Any],
        request: Recorded,
        content: str | None,
        tool_calls: list[dict[str, Any]],
        finish_reason: str,
        usage: tuple[int, int] | None,
    ) -> Answer:
        message: dict[str, Any] = {
            "role": "assistant",
            "content": content,
            "refusal": None,
            "annotations": [],
        }
        if tool_calls:
            message["tool_calls"] = tool_calls
        if usage is None:
            produced = (content or "") + "".join(
                c["function"]["arguments"] for c in tool_calls
            )
            usage = (_tokens(request.body.decode()), _tokens(produced))
        prompt, completion = usage
        return Answer(
            200,
            {
                "id": f"chatcmpl-fake{next(_completion_ids):08d}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": body["model"],
                "system_fingerprint": "fp_fake",
                "choices": [
                    {
                        "index": 0,
                        "message": message,
                        "finish_reason": finish_reason,
                        "logprobs": None,
                    }
                ],
                "usage": {
                    "prompt_tokens": prompt,
                    "completion_tokens": completion,
                    "total_tokens": prompt + completion,
                },
            },
        )
