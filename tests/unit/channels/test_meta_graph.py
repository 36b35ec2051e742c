"""meta/graph.py: the Graph error translation the Meta channels share."""

from __future__ import annotations

import json

import httpx
import pytest

from saleor_conversational.channels.errors import (
    OutsideServiceWindow,
    PermanentSendError,
    RetryableSendError,
    UncertainSendError,
)
from saleor_conversational.channels.meta.graph import (
    GraphError,
    GraphErrorTable,
    outside_window,
    permanent,
    retry,
    usage_wait,
)

TABLE = GraphErrorTable(
    {
        4: retry("rate limited", wait_from_usage=True),
        131056: retry("pair rate", 6.0),
        1: retry("temporary"),
        (10, 2018278): outside_window("window closed"),
        10: permanent("not allowed"),
    },
    subcode_in_code=True,
    unlisted_retry="{product} had a temporary problem",
    unlisted_permanent="{product} refused the message",
)
BARE = GraphErrorTable({190: permanent("token expired")}, details_first=True)


def answer(status=400, headers=None, **error):
    data = {"error": error}
    response = httpx.Response(status, headers=headers or {}, json=data)
    return response, data


def test_graph_error_reads_only_json_typed_fields():
    assert GraphError.from_answer(
        {
            "error": {
                "code": 100,
                "error_subcode": 2018001,
                "message": "(#100) No matching user found",
                "error_data": {"details": "more"},
                "is_transient": True,
            }
        }
    ) == GraphError(100, 2018001, "(#100) No matching user found", "more", True)
    assert GraphError.from_answer(
        {"error": {"code": 1, "error_subcode": "2", "message": 3, "is_transient": 1}}
    ) == GraphError(1)
    for data in (None, [], {}, {"error": "x"}, {"error": {"code": "100"}}):
        assert GraphError.from_answer(data) is None


def test_no_graph_error_falls_back_to_the_http_status():
    error = TABLE.send_error(httpx.Response(503), None, "Messenger")
    assert isinstance(error, RetryableSendError)
    assert (error.code, error.reason) == ("503", "Messenger answered HTTP 503")
    error = TABLE.send_error(httpx.Response(403), {"ok": 1}, "Messenger")
    assert type(error) is PermanentSendError and error.code == "403"


def test_subcode_picks_the_more_precise_entry():
    error = TABLE.send_error(*answer(code=10, error_subcode=2018278), "Messenger")
    assert isinstance(error, OutsideServiceWindow)
    assert (error.code, error.reason) == ("10/2018278", "window closed")
    error = TABLE.send_error(*answer(code=10, error_subcode=99), "Messenger")
    assert type(error) is PermanentSendError
    assert (error.code, error.reason) == ("10/99", "not allowed")


def test_the_code_alone_without_subcode_in_code():
    error = BARE.send_error(*answer(code=190, error_subcode=460), "WhatsApp")
    assert error.code == "190"


def test_meta_words_follow_ours_once():
    error = TABLE.send_error(*answer(code=10, message="(#10) Nope"), "Messenger")
    assert error.reason == "not allowed ((#10) Nope)"
    error = TABLE.send_error(*answer(code=10, message="not allowed"), "Messenger")
    assert error.reason == "not allowed"


def test_details_first_prefers_error_data_details():
    response, data = answer(
        code=190, message="(#190) Expired", error_data={"details": "Session expired"}
    )
    assert BARE.send_error(response, data, "WhatsApp").reason == (
        "token expired (Session expired)"
    )
    assert TABLE.send_error(response, data, "X").reason == (
        "X refused the message ((#190) Expired)"
    )


@pytest.mark.parametrize(
    "status, transient, expected",
    [
        (400, False, PermanentSendError),
        (500, False, UncertainSendError),
        (400, True, RetryableSendError),
    ],
)
def test_unlisted_codes_retry_when_transient_or_5xx(status, transient, expected):
    response, data = answer(status, code=9999, message="odd", is_transient=transient)
    error = TABLE.send_error(response, data, "Instagram")
    assert type(error) is expected
    words = (
        "had a temporary problem"
        if expected is not PermanentSendError
        else "refused the message"
    )
    assert error.reason == f"Instagram {words} (odd)"
    assert BARE.send_error(response, data, "WhatsApp").reason == "odd"


def test_unlisted_code_without_words():
    error = BARE.send_error(*answer(code=9999), "WhatsApp")
    assert error.reason == "WhatsApp error 9999" and error.code == "9999"


def test_listed_codes_keep_their_outcome_on_5xx():
    error = TABLE.send_error(*answer(500, code=10, is_transient=True), "Messenger")
    assert type(error) is PermanentSendError


@pytest.mark.parametrize(
    "headers, code, expected",
    [
        ({}, 131056, 6.0),  # the table's wait
        ({"retry-after": "2"}, 131056, 2.0),  # Meta's Retry-After wins
        ({"retry-after": "0"}, 131056, 6.0),  # 0 is no hint
        ({}, 1, None),  # the pipeline's backoff
        ({"retry-after": "0"}, 1, None),
        ({}, 4, None),
        (
            {
                "x-business-use-case-usage": json.dumps(
                    {"1": [{"estimated_time_to_regain_access": 3}]}
                )
            },
            4,
            180.0,
        ),
        (
            {
                "retry-after": "5",
                "x-business-use-case-usage": json.dumps(
                    {"1": [{"estimated_time_to_regain_access": 3}]}
                ),
            },
            4,
            5.0,
        ),
        (
            {
                "x-business-use-case-usage": json.dumps(
                    {"1": [{"estimated_time_to_regain_access": 3}]}
                )
            },
            1,
            None,  # only codes marked wait_from_usage read the estimate
        ),
    ],
)
def test_retry_wait(headers, code, expected):
    error = TABLE.send_error(*answer(headers=headers, code=code), "Messenger")
    assert isinstance(error, RetryableSendError)
    assert error.retry_after == expected


@pytest.mark.parametrize(
    "header, expected",
    [
        (None, None),
        ("not json", None),
        ("[]", None),
        ('{"1": [{"estimated_time_to_regain_access": 0}]}', None),
        ('{"1": [{"estimated_time_to_regain_access": true}]}', None),
        (
            '{"1": [{"estimated_time_to_regain_access": 2}], '
            '"2": [{"estimated_time_to_regain_access": 10}, "x"]}',
            600.0,
        ),
    ],
)
def test_usage_wait(header, expected):
    headers = {"x-business-use-case-usage": header} if header is not None else {}
    assert usage_wait(httpx.Response(400, headers=headers)) == expected
