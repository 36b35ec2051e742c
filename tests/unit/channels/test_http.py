"""The JSON and text helpers the adapters share (channels/http.py)."""

from __future__ import annotations

import httpx
import pytest

from saleor_conversational.channels.errors import MalformedRequest
from saleor_conversational.channels.http import (
    json_body,
    json_object_body,
    nested,
    response_json,
    string_or_empty,
    truncate,
    typed_field,
)


# -- json_body / json_object_body -------------------------------------------------------
@pytest.mark.parametrize(
    "body, expected",
    [(b'{"a": 1}', {"a": 1}), (b"[1, 2]", [1, 2]), (b'"x"', "x"), (b"null", None)],
)
def test_json_body_decodes_any_json(body, expected):
    assert json_body(body) == expected


@pytest.mark.parametrize(
    "body",
    [b"", b"{", b"\xff\xfe", b"not json", b"[" * 100_000],
    ids=["empty", "truncated", "bad utf-8", "text", "nested too deep"],
)
def test_json_body_refuses_what_is_not_json(body):
    with pytest.raises(MalformedRequest, match="^body is not JSON$"):
        json_body(body)


def test_json_object_body_returns_the_object():
    assert json_object_body(b'{"object": "page"}') == {"object": "page"}


@pytest.mark.parametrize("body", [b"[]", b"1", b'"page"', b"null"])
def test_json_object_body_refuses_other_json(body):
    with pytest.raises(MalformedRequest, match="^body must be a JSON object$"):
        json_object_body(body)
    with pytest.raises(MalformedRequest, match="^an update must be an object$"):
        json_object_body(body, "an update must be an object")


def test_json_object_body_says_not_json_first():
    with pytest.raises(MalformedRequest, match="^body is not JSON$"):
        json_object_body(b"{", "an update must be an object")


# -- response_json ----------------------------------------------------------------------
def _response(content: bytes) -> httpx.Response:
    return httpx.Response(200, content=content)


@pytest.mark.parametrize(
    "content, expected",
    [
        (b'{"ok": true}', {"ok": True}),
        (b"[1]", {}),
        (b"null", {}),
        (b"<html>bad gateway</html>", {}),
        (b"", {}),
    ],
)
def test_response_json_is_an_object_or_empty(content, expected):
    assert response_json(_response(content)) == expected


# -- truncate ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, limit, expected",
    [
        ("short", 10, "short"),
        ("exactly10!", 10, "exactly10!"),
        ("eleven char", 10, "eleven ch…"),
        ("ab", 1, "…"),
        ("ab", 0, "…"),
        ("", 0, ""),
    ],
)
def test_truncate(text, limit, expected):
    assert truncate(text, limit) == expected


def test_truncate_never_exceeds_a_positive_limit():
    for limit in range(1, 30):
        assert len(truncate("x" * 40, limit)) == limit


# -- typed_field ------------------------------------------------------------------------
def test_typed_field_returns_a_value_of_the_right_type():
    obj = {"s": "x", "n": 3, "f": 1.5, "d": {}, "b": True}
    assert typed_field(obj, "s", str) == "x"
    assert typed_field(obj, "n", int) == 3
    assert typed_field(obj, "f", (int, float)) == 1.5
    assert typed_field(obj, "d", dict) == {}
    assert typed_field(obj, "b", bool) is True


@pytest.mark.parametrize("obj", [{}, {"k": None}])
def test_typed_field_absent_or_null(obj):
    with pytest.raises(MalformedRequest, match="missing 'k'"):
        typed_field(obj, "k", str)
    assert typed_field(obj, "k", str, None) is None
    assert typed_field(obj, "k", str, "") == ""
    assert typed_field(obj, "k", list, []) == []


@pytest.mark.parametrize(
    "value, kind",
    [("1", int), (1, str), ([], dict), ({}, list), (True, int), (False, (int, float))],
)
def test_typed_field_wrong_type_is_malformed_even_with_a_default(value, kind):
    with pytest.raises(MalformedRequest, match="'k' has the wrong type"):
        typed_field({"k": value}, "k", kind, None)


# -- nested / string_or_empty -----------------------------------------------------------
def test_nested():
    data = {"sender": {"id": "42"}, "list": [1]}
    assert nested(data, "sender", "id") == "42"
    assert nested(data, "sender") == {"id": "42"}
    assert nested(data, "sender", "name") is None
    assert nested(data, "list", "x") is None
    assert nested("text", "a") is None
    assert nested(None, "a", "b") is None
    assert nested(data) is data


@pytest.mark.parametrize(
    "value, expected", [("x", "x"), ("", ""), (None, ""), (3, ""), (["x"], "")]
)
def test_string_or_empty(value, expected):
    assert string_or_empty(value) == expected
