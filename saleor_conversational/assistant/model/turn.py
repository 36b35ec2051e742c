"""The tool loop: one shopper turn, as many model requests and tool calls as it takes.

``run_turn`` asks the model, runs the tools it calls (only those both offered and
given), sends their results back and asks again until the model answers in text. The
turn is capped three ways: one deadline for all its requests, a token budget (each
request's ``max_tokens`` is what the budget has left, and an answer whose reported
usage takes the turn over budget is refused with ``BudgetExhausted``) and a number of
rounds. ``TurnResult`` keeps every call, its result and the whole exchange, so the
answer can be checked against the tool results before it is sent.
"""

from __future__ import annotations

import dataclasses
import json
import math
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from saleor_conversational.assistant.model.errors import (
    BudgetExhausted,
    ModelResponseInvalid,
)
from saleor_conversational.assistant.model.wire import (
    Completion,
    ToolCall,
    ToolSpec,
    Usage,
)

if TYPE_CHECKING:
    # Only for annotations: the client module re-exports this one's names.
    from saleor_conversational.assistant.model.client import ChatCompletionsClient

Tool = Callable[[dict[str, Any]], dict[str, Any]]


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
