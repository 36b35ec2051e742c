"""The chat-completions client and the tool loop against the contract-checked fake.

Real HTTP on 127.0.0.1: every request the client sends is validated by the fake
against OpenAI's ``createChatCompletion`` contract, and a test fails if one broke it
(``fake.violations``) unless the test sent a broken request on purpose.
"""

from __future__ import annotations

import json
import pickle
import socket
import time
import traceback

import pytest

from saleor_conversational.assistant.model.client import (
    BudgetExhausted,
    ChatCompletionsClient,
    ModelError,
    ModelRejected,
    ModelResponseInvalid,
    ModelTimeout,
    ModelUnavailable,
    ToolSpec,
    ToolsUnsupported,
    run_turn,
)
from tests.support.fakes.openai import FakeOpenAI
from tests.support.fakes.server import Answer

KEY = "sk-test-Secret-4f9c2a7d1e"
MODEL = "llama3.1:8b"
USER = [
    {"role": "system", "content": "You are the shop's assistant."},
    {"role": "user", "content": "Where is my order 1001?"},
]
GET_ORDER = ToolSpec(
    "get_order",
    "Look an order up by its number.",
    {
        "type": "object",
        "properties": {"number": {"type": "integer"}},
        "required": ["number"],
    },
)


@pytest.fixture
def fake():
    server = FakeOpenAI().start()
    yield server
    server.stop()


@pytest.fixture
def keyed_fake():
    server = FakeOpenAI(api_key=KEY).start()
    yield server
    server.stop()


@pytest.fixture
def client(fake):
    with ChatCompletionsClient(fake.url, MODEL, timeout=5) as model_client:
        yield model_client


def no_violations(server: FakeOpenAI) -> None:
    assert server.violations == []


def assert_key_hidden(*things: object) -> None:
    for thing in things:
        texts = [str(thing), repr(thing)]
        if isinstance(thing, BaseException):
            texts += [repr(arg) for arg in thing.args]
            texts += traceback.format_exception(thing)
        for text in texts:
            assert KEY not in text


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# -- requests and answers -------------------------------------------------------------
def test_plain_answer(fake, client):
    fake.script_answer("Your order has shipped.", usage=(42, 7))

    completion = client.complete(USER, None, 64)

    assert completion.content == "Your order has shipped."
    assert completion.tool_calls == []
    assert completion.finish_reason == "stop"
    assert (completion.usage.prompt_tokens, completion.usage.completion_tokens) == (
        42,
        7,
    )
    assert completion.usage.total_tokens == 49 and not completion.usage.estimated
    assert completion.model == MODEL
    (body,) = fake.bodies()
    assert body == {"model": MODEL, "messages": USER, "stream": False, "max_tokens": 64}
    no_violations(fake)


def test_echo_when_nothing_is_scripted(fake, client):
    assert client.complete(USER).content == "echo: Where is my order 1001?"
    assert "max_tokens" not in fake.bodies()[0]
    no_violations(fake)


def test_tool_calls_are_parsed_and_tools_sent_in_wire_form(fake, client):
    fake.script_tool_calls(
        [("get_order", {"number": 1001}), ("get_order", {"number": 7})]
    )

    completion = client.complete(USER, [GET_ORDER], 128)

    assert [(c.name, c.arguments) for c in completion.tool_calls] == [
        ("get_order", {"number": 1001}),
        ("get_order", {"number": 7}),
    ]
    assert all(c.id.startswith("call_") for c in completion.tool_calls)
    assert len({c.id for c in completion.tool_calls}) == 2
    assert completion.finish_reason == "tool_calls"
    assert completion.content == ""
    body = fake.bodies()[0]
    assert body["tools"] == [
        {
            "type": "function",
            "function": {
                "name": "get_order",
                "description": "Look an order up by its number.",
                "parameters": GET_ORDER.parameters,
            },
        }
    ]
    assert body["tool_choice"] == "auto"
    no_violations(fake)


def test_named_tool_choice(fake, client):
    choice = {"type": "function", "function": {"name": "get_order"}}
    client.complete(USER, [GET_ORDER], tool_choice=choice)
    assert fake.bodies()[0]["tool_choice"] == choice
    no_violations(fake)


def test_arguments_that_are_not_json_are_an_invalid_response(fake, client):
    fake.script_tool_calls([("get_order", '{"number": 10')])
    with pytest.raises(ModelResponseInvalid, match="not JSON"):
        client.complete(USER, [GET_ORDER])


def test_empty_arguments_are_an_empty_object(fake, client):
    fake.script_tool_calls([("get_order", "")])
    assert client.complete(USER, [GET_ORDER]).tool_calls[0].arguments == {}


def test_base_url_is_joined_without_double_slashes(fake):
    with ChatCompletionsClient(fake.url + "/", MODEL) as model_client:
        model_client.complete(USER)
    assert fake.requests[0].path == "/v1/chat/completions"
    no_violations(fake)


def test_a_gateway_prefix():
    server = FakeOpenAI(prefix="/api/openai/v1").start()
    try:
        with ChatCompletionsClient(server.url, MODEL) as model_client:
            model_client.complete(USER)
        assert server.requests[0].path == "/api/openai/v1/chat/completions"
        no_violations(server)
    finally:
        server.stop()


def test_max_completion_tokens_for_servers_that_want_it(fake):
    with ChatCompletionsClient(
        fake.url, "o4-mini", max_tokens_field="max_completion_tokens"
    ) as model_client:
        model_client.complete(USER, None, 100)
    body = fake.bodies()[0]
    assert body["max_completion_tokens"] == 100 and "max_tokens" not in body
    no_violations(fake)


def test_usage_left_out_is_estimated(fake, client):
    fake.script_raw(
        Answer(
            200,
            {
                "id": "chatcmpl-1",
                "object": "chat.completion",
                "created": 1,
                "model": MODEL,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": "x" * 40},
                        "finish_reason": "stop",
                    }
                ],
            },
        )
    )
    usage = client.complete(USER).usage
    assert usage.estimated
    assert usage.completion_tokens == 10
    assert usage.prompt_tokens > 0
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens


# -- authentication -------------------------------------------------------------------
def test_bearer_key_is_sent(keyed_fake):
    with ChatCompletionsClient(keyed_fake.url, MODEL, api_key=KEY) as model_client:
        assert model_client.complete(USER).content.startswith("echo:")
    assert keyed_fake.requests[0].headers["authorization"] == f"Bearer {KEY}"
    no_violations(keyed_fake)


def test_no_authorization_header_without_a_key(fake, client):
    client.complete(USER)
    assert "authorization" not in fake.requests[0].headers


def test_wrong_key_is_rejected_without_showing_either_key(keyed_fake):
    wrong = "sk-test-wrong-0000000000"
    with ChatCompletionsClient(keyed_fake.url, MODEL, api_key=wrong) as model_client:
        with pytest.raises(ModelRejected) as caught:
            model_client.complete(USER)
    assert caught.value.status == 401
    assert caught.value.code == "invalid_api_key"
    assert "Incorrect API key" in str(caught.value)
    assert wrong not in str(caught.value)
    assert keyed_fake.violations == [
        "POST /v1/chat/completions: Incorrect API key provided"
    ]


def test_missing_key_is_rejected(keyed_fake):
    with ChatCompletionsClient(keyed_fake.url, MODEL) as model_client:
        with pytest.raises(ModelRejected, match="didn't provide an API key"):
            model_client.complete(USER)


# -- errors ---------------------------------------------------------------------------
def test_unknown_model_is_rejected_with_the_servers_message():
    server = FakeOpenAI(models={"llama3.1:8b"}).start()
    try:
        with ChatCompletionsClient(server.url, "llama9") as model_client:
            with pytest.raises(ModelRejected) as caught:
                model_client.complete(USER)
    finally:
        server.stop()
    assert caught.value.status == 404
    assert caught.value.code == "model_not_found"
    assert "The model `llama9` does not exist" in str(caught.value)


@pytest.mark.parametrize(
    ("headers", "retry_after"),
    [({"retry-after": "7"}, 7.0), ({"retry-after-ms": "1500"}, 1.5), ({}, None)],
)
def test_rate_limit_is_unavailable_with_retry_after(fake, client, headers, retry_after):
    fake.script_error(
        429,
        "Rate limit reached for requests",
        "requests",
        "rate_limit_exceeded",
        headers=headers,
    )
    with pytest.raises(ModelUnavailable) as caught:
        client.complete(USER)
    assert caught.value.status == 429
    assert caught.value.code == "rate_limit_exceeded"
    assert caught.value.retry_after == retry_after
    assert "Rate limit reached" in str(caught.value)


def test_retry_after_as_an_http_date(fake, client):
    when = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 30))
    fake.script_error(429, "slow down", "requests", headers={"retry-after": when})
    with pytest.raises(ModelUnavailable) as caught:
        client.complete(USER)
    assert 25 <= caught.value.retry_after <= 31


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_unavailable(fake, client, status):
    fake.script_error(status, "The server had an error", "server_error")
    with pytest.raises(ModelUnavailable) as caught:
        client.complete(USER)
    assert caught.value.status == status


def test_server_error_that_is_not_json(fake, client):
    fake.script_raw(Answer(502, "<html><body>Bad Gateway</body></html>"))
    with pytest.raises(ModelUnavailable, match="Bad Gateway"):
        client.complete(USER)


def test_connection_refused_is_unavailable():
    with ChatCompletionsClient(f"http://127.0.0.1:{closed_port()}/v1", MODEL) as c:
        with pytest.raises(ModelUnavailable, match="could not reach") as caught:
            c.complete(USER)
    assert caught.value.status is None


def test_other_client_errors_are_rejected(fake, client):
    fake.script_error(
        400,
        "This model's maximum context length is 8192 tokens",
        code="context_length_exceeded",
        param="messages",
    )
    with pytest.raises(ModelRejected, match="maximum context length") as caught:
        client.complete(USER, [GET_ORDER])
    assert caught.value.code == "context_length_exceeded"


def test_ollama_model_without_tool_support():
    server = FakeOpenAI(tools_unsupported=True).start()
    try:
        with ChatCompletionsClient(server.url, "gemma:2b") as model_client:
            with pytest.raises(ToolsUnsupported, match="does not support tools"):
                model_client.complete(USER, [GET_ORDER])
            # The same model answers when no tools are offered.
            assert model_client.complete(USER).content.startswith("echo:")
    finally:
        server.stop()


@pytest.mark.parametrize(
    "answer",
    [
        # vLLM started without --enable-auto-tool-choice (old and new error shapes)
        Answer(
            400,
            {
                "object": "error",
                "type": "BadRequestError",
                "param": None,
                "code": 400,
                "message": '"auto" tool choice requires '
                "--enable-auto-tool-choice and --tool-call-parser to be set",
            },
        ),
        Answer(
            400,
            {
                "error": {
                    "type": "BadRequestError",
                    "param": None,
                    "code": 400,
                    "message": '"auto" tool choice requires '
                    "--enable-auto-tool-choice and --tool-call-parser "
                    "to be set",
                }
            },
        ),
        # llama.cpp's server without --jinja, and before it had tool support
        Answer(
            500,
            {
                "error": {
                    "code": 500,
                    "type": "server_error",
                    "message": "tools param requires --jinja flag",
                }
            },
        ),
        Answer(
            500,
            {
                "code": 500,
                "message": "Unsupported param: tools",
                "type": "server_error",
            },
        ),
        # Ollama's native error shape
        Answer(
            400,
            {"error": "registry.ollama.ai/library/phi:latest does not support tools"},
        ),
        # a gateway that names the parameter
        Answer(
            400,
            {
                "error": {
                    "message": "Unrecognized request argument supplied: tools",
                    "type": "invalid_request_error",
                    "param": None,
                    "code": None,
                }
            },
        ),
        Answer(
            400,
            {
                "error": {
                    "message": "Invalid request",
                    "type": "invalid_request_error",
                    "param": "tools",
                    "code": None,
                }
            },
        ),
        # a FastAPI server with closed request models
        Answer(
            422,
            {
                "detail": [
                    {
                        "type": "extra_forbidden",
                        "loc": ["body", "tools"],
                        "msg": "Extra inputs are not permitted",
                    }
                ]
            },
        ),
    ],
)
def test_servers_without_tool_calling(fake, client, answer):
    fake.script_raw(answer)
    with pytest.raises(ToolsUnsupported):
        client.complete(USER, [GET_ORDER])


def test_a_bad_tool_schema_is_not_mistaken_for_missing_tool_support(fake, client):
    fake.script_error(
        400,
        "Invalid schema for function 'get_order': 'strng' is not valid",
        param="tools[0].function.parameters",
    )
    with pytest.raises(ModelRejected):
        client.complete(USER, [GET_ORDER])


def test_a_plain_server_error_with_tools_is_unavailable(fake, client):
    fake.script_error(500, "CUDA out of memory", "server_error")
    with pytest.raises(ModelUnavailable):
        client.complete(USER, [GET_ORDER])


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("this is not json", "not with JSON"),
        ([1, 2], "not with a JSON object"),
        ({"id": "x", "object": "chat.completion"}, "no choices"),
        ({"choices": []}, "no choices"),
        ({"choices": [{"index": 0}]}, "no message"),
        (
            {"choices": [{"message": {"role": "assistant", "content": 12}}]},
            "neither text",
        ),
        (
            {"choices": [{"message": {"content": None, "tool_calls": {"id": "a"}}}]},
            "not a list",
        ),
        (
            {
                "choices": [
                    {
                        "message": {
                            "content": None,
                            "tool_calls": [
                                {
                                    "id": "a",
                                    "type": "custom",
                                    "custom": {"name": "x", "input": "y"},
                                }
                            ],
                        }
                    }
                ]
            },
            "no function object",
        ),
        (
            {
                "choices": [
                    {
                        "message": {
                            "content": None,
                            "tool_calls": [
                                {
                                    "id": "a",
                                    "type": "function",
                                    "function": {"arguments": "{}"},
                                }
                            ],
                        }
                    }
                ]
            },
            "no function name",
        ),
        (
            {
                "choices": [
                    {
                        "message": {
                            "content": None,
                            "tool_calls": [
                                {
                                    "id": "a",
                                    "type": "function",
                                    "function": {
                                        "name": "get_order",
                                        "arguments": "[1]",
                                    },
                                }
                            ],
                        }
                    }
                ]
            },
            "not a JSON object",
        ),
        (
            {
                "choices": [{"message": {"content": "hi"}}],
                "usage": {
                    "prompt_tokens": -1,
                    "completion_tokens": 1,
                    "total_tokens": 0,
                },
            },
            "non-negative",
        ),
    ],
)
def test_invalid_answers(fake, client, body, reason):
    fake.script_raw(Answer(200, body))
    with pytest.raises(ModelResponseInvalid, match=reason):
        client.complete(USER)


def test_a_redirect_is_rejected(fake, client):
    fake.script_raw(Answer(301, "", headers={"Location": "https://h.example/v1"}))
    with pytest.raises(ModelRejected, match="redirects to https://h.example/v1"):
        client.complete(USER)


def test_a_body_that_cannot_be_decoded(fake, client):
    fake.script_raw(
        Answer(200, b"not gzip at all", headers={"Content-Encoding": "gzip"})
    )
    with pytest.raises(ModelResponseInvalid, match="cannot be decoded"):
        client.complete(USER)


def test_errors_survive_pickling():
    for error in (
        BudgetExhausted("over budget", used=1200, budget=1000, rounds=2),
        ModelUnavailable("busy", status=429, code="rate_limit_exceeded", retry_after=7),
        ToolsUnsupported("no tools", status=400),
    ):
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error)
        assert copy.args == error.args
        assert copy.__dict__ == error.__dict__


def test_every_failure_is_a_model_error():
    for error in (
        ModelTimeout,
        ModelUnavailable,
        ModelRejected,
        ToolsUnsupported,
        ModelResponseInvalid,
        BudgetExhausted,
    ):
        assert issubclass(error, ModelError)


# -- time ------------------------------------------------------------------------------
def test_timeout_within_its_bound(fake):
    fake.script_delay(3)
    with ChatCompletionsClient(fake.url, MODEL, timeout=0.4) as model_client:
        started = time.monotonic()
        with pytest.raises(ModelTimeout, match="within 0.4 s"):
            model_client.complete(USER)
        elapsed = time.monotonic() - started
        assert 0.35 <= elapsed < 0.7
        # The client still works after a timeout (the held answer is abandoned).
        assert model_client.complete(USER).content.startswith("echo:")


def test_per_call_timeout(fake, client):
    fake.script_delay(2)
    started = time.monotonic()
    with pytest.raises(ModelTimeout):
        client.complete(USER, timeout=0.2)
    assert time.monotonic() - started < 0.5


def test_slow_answer_inside_the_timeout_is_used(fake):
    fake.script_delay(0.2)
    with ChatCompletionsClient(fake.url, MODEL, timeout=2) as model_client:
        assert model_client.complete(USER).content.startswith("echo:")


# -- the key --------------------------------------------------------------------------
def test_the_key_is_in_no_message_or_repr(keyed_fake):
    model_client = ChatCompletionsClient(
        keyed_fake.url, MODEL, api_key=KEY, timeout=0.3
    )
    failures = []
    # A server that echoes the key back, whole, in its error message.
    keyed_fake.script_error(403, f"key {KEY} is not allowed to use {MODEL}")
    keyed_fake.script_error(500, f"upstream failed for {KEY}")
    keyed_fake.script_raw(Answer(200, f"not json {KEY}"))
    for attempt in range(4):
        if attempt == 3:
            keyed_fake.script_delay(2)  # delays apply to the next request
        with pytest.raises(ModelError) as caught:
            model_client.complete(USER)
        failures.append(caught.value)
    assert [type(f) for f in failures] == [
        ModelRejected,
        ModelUnavailable,
        ModelResponseInvalid,
        ModelTimeout,
    ]
    assert "***" in str(failures[0])
    refused = ChatCompletionsClient(
        f"http://127.0.0.1:{closed_port()}/v1", MODEL, api_key=KEY
    )
    with pytest.raises(ModelUnavailable) as caught:
        refused.complete(USER)
    failures.append(caught.value)
    assert_key_hidden(model_client, refused, *failures)
    model_client.close()
    refused.close()


def test_userinfo_in_the_base_url_is_not_shown():
    model_client = ChatCompletionsClient(
        f"http://user:{KEY}@127.0.0.1:{closed_port()}/v1", MODEL
    )
    with pytest.raises(ModelUnavailable) as caught:
        model_client.complete(USER)
    assert_key_hidden(model_client, caught.value)


def test_the_shown_base_url():
    model_client = ChatCompletionsClient("http://user:pw@[::1]:8080/v1/", MODEL)
    assert model_client.base_url == "http://[::1]:8080/v1"
    assert "pw" not in repr(model_client)


@pytest.mark.parametrize(
    "base_url", ["ftp://example.com/v1", "127.0.0.1:11434/v1", "http://h/v1?key=x"]
)
def test_bad_base_urls(base_url):
    with pytest.raises(ValueError):
        ChatCompletionsClient(base_url, MODEL)


# -- the fake itself ---------------------------------------------------------------------
def test_a_broken_request_is_a_recorded_violation(fake, client):
    broken = [{"role": "user"}, {"role": "tool", "content": "{}", "tool_call_id": "x"}]
    with pytest.raises(ModelRejected) as caught:
        client.complete(broken)
    assert caught.value.status == 400
    assert any(
        "messages/0: 'content' is a required property" in v for v in fake.violations
    )
    assert any("messages/1: a 'tool' message must answer" in v for v in fake.violations)


def test_unanswered_tool_calls_are_a_violation(fake, client):
    messages = USER + [
        {
            "role": "assistant",
            "content": "",
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "get_order", "arguments": "{}"},
                }
            ],
        },
        {"role": "user", "content": "hello?"},
    ]
    with pytest.raises(ModelRejected):
        client.complete(messages, [GET_ORDER])
    assert any("unanswered: ['call_1']" in v for v in fake.violations)


def test_unknown_parameters_and_bad_values_are_violations(fake):
    with ChatCompletionsClient(fake.url, MODEL) as model_client:
        with pytest.raises(ModelRejected):
            model_client.complete(USER, None, 0)
    assert any("max_tokens: expected a value >= 1" in v for v in fake.violations)
    fake.violations.clear()
    import httpx

    httpx.post(
        fake.url + "/chat/completions",
        json={
            "model": MODEL,
            "messages": USER,
            "temprature": 0.2,
            "tool_choice": "auto",
        },
    )
    assert any(
        "Unrecognized request argument supplied: temprature" in v
        for v in fake.violations
    )
    assert any("tool_choice: only allowed when tools" in v for v in fake.violations)


def test_the_fakes_answers_match_the_response_contract(fake, client):
    fake.script_answer("Hello")
    fake.script_tool_calls([("get_order", {"number": 1001})])
    client.complete(USER)
    client.complete(USER, [GET_ORDER])
    client.complete(USER)  # echo
    fake.script_error(429, "Rate limit", "requests", "rate_limit_exceeded")
    with pytest.raises(ModelUnavailable):
        client.complete(USER)
    with pytest.raises(ModelRejected):
        client.complete([{"role": "user"}])  # the fake's contract error
    # Answers as the fake sent them, read back from a plain HTTP call of each kind.
    import httpx

    fake.script_answer("Hello")
    fake.script_tool_calls([("get_order", {"number": 1001})], content="Let me look.")
    fake.script_error(404, "no such model", code="model_not_found")
    sent = [
        httpx.post(
            fake.url + "/chat/completions", json={"model": MODEL, "messages": USER}
        )
        for _ in range(4)
    ]
    bad = httpx.post(
        fake.url + "/chat/completions", json={"model": MODEL, "messages": []}
    )
    contract = fake.contract
    for response in sent[:2] + [sent[3]]:
        assert response.status_code == 200
        assert contract.response_problems(response.json()) == []
    assert sent[2].status_code == 404
    assert contract.error_problems(sent[2].json()) == []
    assert bad.status_code == 400
    assert bad.json()["error"]["param"] == "messages"
    assert contract.error_problems(bad.json()) == []
    assert contract.response_problems({"id": "x", "choices": []}) != []


# -- the tool loop ----------------------------------------------------------------------
ORDERS = {1001: {"number": "1001", "status": "shipped", "total": 25.0}}


def get_order(arguments):
    return ORDERS.get(arguments["number"], {"error": "not found"})


def test_run_turn_executes_tools_and_answers(fake, client):
    fake.script_tool_calls([("get_order", {"number": 1001})], usage=(100, 10))
    fake.script_answer("Order 1001 has shipped.", usage=(140, 8))

    result = run_turn(
        client, USER, {"get_order": get_order}, [GET_ORDER], token_budget=2000
    )

    assert result.answer == "Order 1001 has shipped."
    assert result.rounds == 2
    assert [(c.name, c.arguments, c.result, c.error) for c in result.calls] == [
        ("get_order", {"number": 1001}, ORDERS[1001], "")
    ]
    assert result.usage_total.total_tokens == 258
    assert result.facts == [json.dumps(ORDERS[1001])]
    first, second = fake.bodies()
    assert first["messages"] == USER
    assistant, tool = second["messages"][2:]
    call_id = assistant["tool_calls"][0]["id"]
    assert assistant["role"] == "assistant"
    assert json.loads(assistant["tool_calls"][0]["function"]["arguments"]) == {
        "number": 1001
    }
    assert tool == {
        "role": "tool",
        "tool_call_id": call_id,
        "content": json.dumps(ORDERS[1001]),
    }
    assert result.messages[-1] == {"role": "assistant", "content": result.answer}
    no_violations(fake)


def test_run_turn_does_not_mutate_the_callers_messages(fake, client):
    messages = [dict(m) for m in USER]
    fake.script_tool_calls([("get_order", {"number": 1001})])
    run_turn(client, messages, {"get_order": get_order}, [GET_ORDER], token_budget=5000)
    assert messages == USER


def test_unknown_tools_are_never_executed(fake, client):
    ran = []

    def refund(arguments):
        ran.append(arguments)
        return {"refunded": True}

    # `refund` is given as a callable but not offered to the model: not run either.
    fake.script_tool_calls([("delete_all_orders", {}), ("refund", {"order": 1001})])
    result = run_turn(
        client,
        USER,
        {"get_order": get_order, "refund": refund},
        [GET_ORDER],
        token_budget=5000,
    )

    assert ran == []
    assert [(c.name, c.result, c.error) for c in result.calls] == [
        ("delete_all_orders", None, "unknown tool"),
        ("refund", None, "unknown tool"),
    ]
    tool_messages = [m for m in fake.bodies()[1]["messages"] if m["role"] == "tool"]
    assert [json.loads(m["content"]) for m in tool_messages] == [
        {"error": "unknown tool"},
        {"error": "unknown tool"},
    ]
    assert result.facts == []
    no_violations(fake)


def test_a_failing_tool_is_reported_without_its_traceback(fake, client):
    def broken(arguments):
        raise RuntimeError("database down at /srv/secret/db.sqlite")

    fake.script_tool_calls([("get_order", {"number": 1001})])
    result = run_turn(
        client, USER, {"get_order": broken}, [GET_ORDER], token_budget=5000
    )

    (record,) = result.calls
    assert record.result is None
    assert record.error == "RuntimeError: database down at /srv/secret/db.sqlite"
    tool_message = fake.bodies()[1]["messages"][-1]
    assert json.loads(tool_message["content"]) == {"error": "the tool failed"}
    assert "secret" not in json.dumps(fake.bodies()[1])
    assert "Traceback" not in json.dumps(fake.bodies()[1])


def test_a_tool_returning_a_non_dict_fails(fake, client):
    fake.script_tool_calls([("get_order", {"number": 1001})])
    result = run_turn(
        client, USER, {"get_order": lambda a: [1, 2]}, [GET_ORDER], token_budget=5000
    )
    assert "not a dict" in result.calls[0].error


def test_budget_exhausted_before_the_next_round(fake, client):
    fake.script_tool_calls([("get_order", {"number": 1001})], usage=(900, 50))
    fake.script_answer("never asked for")
    with pytest.raises(BudgetExhausted) as caught:
        run_turn(client, USER, {"get_order": get_order}, [GET_ORDER], token_budget=1000)
    assert caught.value.used == 950 and caught.value.budget == 1000
    assert len(fake.bodies()) == 1  # the second request was never sent
    no_violations(fake)


def test_budget_exhausted_by_the_answer_itself(fake, client):
    fake.script_answer("a long answer", usage=(1200, 30))
    with pytest.raises(BudgetExhausted, match="over its budget of 1000"):
        run_turn(client, USER, {"get_order": get_order}, [GET_ORDER], token_budget=1000)


def test_max_tokens_is_capped_by_what_is_left_of_the_budget(fake, client):
    run_turn(
        client,
        USER,
        {"get_order": get_order},
        [GET_ORDER],
        token_budget=300,
        max_tokens=512,
    )
    sent = fake.bodies()[0]["max_tokens"]
    assert 0 < sent < 300


def test_an_answer_cut_off_at_the_budget(fake, client):
    fake.script_answer("Your order", finish_reason="length")
    with pytest.raises(BudgetExhausted, match="cut off"):
        run_turn(
            client,
            USER,
            {"get_order": get_order},
            [GET_ORDER],
            token_budget=300,
            max_tokens=512,
        )


def test_an_answer_cut_off_at_max_tokens(fake, client):
    fake.script_answer("Your order", finish_reason="length")
    with pytest.raises(ModelResponseInvalid, match="max_tokens=50"):
        run_turn(
            client,
            USER,
            {"get_order": get_order},
            [GET_ORDER],
            token_budget=5000,
            max_tokens=50,
        )


def test_max_rounds(fake, client):
    for _ in range(3):
        fake.script_tool_calls([("get_order", {"number": 1001})])
    with pytest.raises(BudgetExhausted, match="no answer after 2 rounds") as caught:
        run_turn(
            client,
            USER,
            {"get_order": get_order},
            [GET_ORDER],
            token_budget=50_000,
            max_rounds=2,
        )
    assert caught.value.rounds == 2
    assert len(fake.bodies()) == 2
    no_violations(fake)


def test_an_empty_answer_is_invalid(fake, client):
    fake.script_answer("   ")
    with pytest.raises(ModelResponseInvalid, match="empty"):
        run_turn(client, USER, {"get_order": get_order}, [GET_ORDER], token_budget=5000)


def test_the_whole_turn_is_within_the_timeout(fake):
    fake.script_tool_calls([("get_order", {"number": 1001})])
    fake.script_delay(0.25)  # first round
    fake.script_delay(3)  # second round: past the turn's deadline
    with ChatCompletionsClient(fake.url, MODEL, timeout=10) as model_client:
        started = time.monotonic()
        with pytest.raises(ModelTimeout):
            run_turn(
                model_client,
                USER,
                {"get_order": get_order},
                [GET_ORDER],
                token_budget=5000,
                timeout=0.6,
            )
        assert time.monotonic() - started < 0.9


def test_offered_tools_need_a_callable(client):
    with pytest.raises(ValueError, match="get_order"):
        run_turn(client, USER, {}, [GET_ORDER], token_budget=1000)


def test_tool_names_are_checked():
    with pytest.raises(ValueError):
        ToolSpec("get order", "spaces are not allowed")
