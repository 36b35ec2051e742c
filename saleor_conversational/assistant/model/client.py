"""A client for servers that speak OpenAI's chat-completions API.

Hosted providers, Ollama, vLLM and llama.cpp's server all take
``POST {base_url}/chat/completions`` with function tools. The client sends the request
fields of OpenAI's ``createChatCompletion`` contract (non-streaming) and turns every
way a call can fail into one ``ModelError`` subclass, so the caller can fall back to
the built-in assistant. No SDK: httpx only. The errors, the wire values and the tool
loop live in ``errors``, ``wire`` and ``turn``, and are importable from here too.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from typing import Any, Literal
from urllib.parse import urlsplit

import httpx

from saleor_conversational.assistant.model.errors import (
    BudgetExhausted,
    ModelError,
    ModelRejected,
    ModelResponseInvalid,
    ModelTimeout,
    ModelUnavailable,
    ToolsUnsupported,
)
from saleor_conversational.assistant.model.turn import (
    Tool,
    ToolCallRecord,
    TurnResult,
    run_turn,
)
from saleor_conversational.assistant.model.wire import (
    TOOL_NAME,
    Completion,
    ToolCall,
    ToolSpec,
    Usage,
    answer_error,
    parse_completion,
)

__all__ = [
    "DEFAULT_TIMEOUT",
    "MAX_RESPONSE_BYTES",
    "TOOL_NAME",
    "BudgetExhausted",
    "ChatCompletionsClient",
    "Completion",
    "ModelError",
    "ModelRejected",
    "ModelResponseInvalid",
    "ModelTimeout",
    "ModelUnavailable",
    "Tool",
    "ToolCall",
    "ToolCallRecord",
    "ToolChoice",
    "ToolSpec",
    "ToolsUnsupported",
    "TurnResult",
    "Usage",
    "run_turn",
]

DEFAULT_TIMEOUT = 10.0
# An answer is a few kilobytes; anything this large is not one.
MAX_RESPONSE_BYTES = 4 * 1024 * 1024

ToolChoice = Literal["auto", "none", "required"] | Mapping[str, Any]


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
            raise answer_error(
                status,
                headers,
                raw,
                tools_sent=bool(tools),
                name=self._name,
                redact=self._redact,
            )
        return parse_completion(raw, len(encoded), name=self._name, model=self.model)

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
