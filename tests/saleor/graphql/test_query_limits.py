"""H2: the API refuses queries too deep, too wide or too costly before running them, as
Saleor limits its own API (its cost validator, alias and mutation rules), introspection
included, and answers in milliseconds."""

from __future__ import annotations

import json
import time

import pytest
from django.test import Client
from freezegun import freeze_time
from graphql.utils.introspection_query import introspection_query

from tests.support.api import URL, Api, error_codes

FAST = 1.0  # seconds; the unlimited endpoint took minutes for these queries


@pytest.fixture
def anonymous(plugin, client, django_capture_on_commit_callbacks):
    return Api(client, django_capture_on_commit_callbacks)


def _refused(api, query):
    started = time.perf_counter()
    response = api.post(query)
    elapsed = time.perf_counter() - started
    body = response.json()
    assert response.status_code == 400, body
    assert "data" not in body, body
    return body, elapsed


def _fragment_bomb(levels: int) -> str:
    """Each fragment spreads the next four times: 4**levels fields from ~1.5 KB."""
    fragments = [
        f"fragment F{i} on __Type {{ name a: ofType {{ ...F{i + 1} }} "
        f"b: ofType {{ ...F{i + 1} }} c: ofType {{ ...F{i + 1} }} "
        f"d: ofType {{ ...F{i + 1} }} }}"
        for i in range(levels)
    ]
    fragments.append(f"fragment F{levels} on __Type {{ name }}")
    return "{ __schema { queryType { ...F0 } } } " + " ".join(fragments)


def test_a_deep_query_is_refused_at_once(anonymous):
    query = "{ __schema { queryType { " + "ofType { " * 30 + "name" + " }" * 33
    body, elapsed = _refused(anonymous, query)
    assert error_codes(body) == ["QueryShapeError"]
    assert "levels deep; the limit is 16" in body["errors"][0]["message"]
    assert elapsed < FAST


def test_a_fragment_bomb_is_refused_at_once(anonymous):
    body, elapsed = _refused(anonymous, _fragment_bomb(12))
    assert error_codes(body) == ["QueryShapeError"]
    assert elapsed < FAST


def test_a_wide_fragment_bomb_within_the_depth_limit_is_refused(anonymous):
    # Six levels stay under the depth limit but expand to 4**6 = 4096 fields.
    body, elapsed = _refused(anonymous, _fragment_bomb(6))
    assert error_codes(body) == ["QueryShapeError"]
    assert "fields once its fragments are expanded" in body["errors"][0]["message"]
    assert elapsed < FAST


def test_a_huge_list_of_aliases_gets_saleors_alias_error(anonymous, settings):
    query = "{ " + " ".join(f"a{i}: __typename" for i in range(150)) + " }"
    body, elapsed = _refused(anonymous, query)
    limit = settings.GRAPHQL_ALIAS_COUNT_LIMIT
    assert [e["message"] for e in body["errors"]] == [
        f"Number of aliases exceed the limit of {limit}"
    ]
    assert elapsed < FAST


def test_nesting_the_parser_cannot_follow_is_a_clear_error(anonymous):
    body, elapsed = _refused(anonymous, "{" + " a {" * 2000 + " b" + " }" * 2001)
    assert body["errors"][0]["message"] == "The query is nested too deeply."
    assert elapsed < FAST


def test_cyclic_data_costs_what_it_would_load(anonymous, settings):
    query = """{ conversations { edges { node { contact { conversations {
        messages { edges { node { text } } } } } } } } }"""
    body, elapsed = _refused(anonymous, query)
    assert error_codes(body) == ["QueryCostError"]
    cost = body["extensions"]["cost"]
    assert cost["maximumAvailable"] == settings.GRAPHQL_QUERY_MAX_COMPLEXITY
    assert cost["requestedQueryCost"] > cost["maximumAvailable"]
    assert elapsed < FAST


def test_introspection_is_priced_too(anonymous):
    # Four nested `fields` levels: every field of every field's type, and so on.
    query = (
        "{ __schema { types { "
        + "fields { type { " * 4
        + "name"
        + " } }" * 4
        + " } } }"
    )
    body, elapsed = _refused(anonymous, query)
    assert error_codes(body) == ["QueryCostError"]
    assert elapsed < FAST


def test_the_playgrounds_introspection_query_still_works(anonymous):
    response = anonymous.post(introspection_query)
    body = response.json()
    assert response.status_code == 200, body
    assert "errors" not in body
    assert body["data"]["__schema"]["queryType"] == {"name": "Query"}
    assert (
        0
        < body["extensions"]["cost"]["requestedQueryCost"]
        <= (body["extensions"]["cost"]["maximumAvailable"])
    )


def test_the_cost_limit_follows_saleors_setting(anonymous, settings):
    query = "{ conversations(first: 100) { edges { node { messages(first: 100) { edges { node { text } } } } } } }"
    settings.GRAPHQL_QUERY_MAX_COMPLEXITY = 5000
    body, _ = _refused(anonymous, query)
    assert body["extensions"]["cost"]["requestedQueryCost"] == 100 + 100 * 100
    settings.GRAPHQL_QUERY_MAX_COMPLEXITY = 50000
    allowed = anonymous.execute(query)
    assert error_codes(allowed) == ["PermissionDenied"]  # priced, then run


def test_requests_are_limited_per_client(anonymous, settings):
    settings.CONVERSATIONAL_GRAPHQL_REQUESTS_PER_CLIENT_PER_MINUTE = 5
    query = json.dumps({"query": "{ __typename }"})

    def ask(ip: str):
        return Client(REMOTE_ADDR=ip).post(
            URL, data=query, content_type="application/json"
        )

    with freeze_time("2026-12-03 10:00:01"):
        assert [ask("203.0.113.7").status_code for _ in range(5)] == [200] * 5
        refused = ask("203.0.113.7")
        assert refused.status_code == 429
        assert 1 <= int(refused["Retry-After"]) <= 60
        (error,) = refused.json()["errors"]
        assert error["extensions"]["exception"]["code"] == "TooManyRequests"
        assert "graphql-requests-per-client" in error["message"]
        assert ask("198.51.100.20").status_code == 200  # another client
    with freeze_time("2026-12-03 10:01:01"):
        assert ask("203.0.113.7").status_code == 200  # the next minute
