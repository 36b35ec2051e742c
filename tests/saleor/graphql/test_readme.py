"""The API reference (docs/api.md, linked from the README) documents every query and
mutation of the developer API with an example, and every example is a valid operation of
the schema."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import parse, validate

from saleor_conversational.graphql.schema import schema

ROOT = Path(__file__).resolve().parents[3]
API_REFERENCE = ROOT / "docs" / "api.md"


def _examples() -> list[str]:
    return re.findall(r"```graphql\n(.*?)```", API_REFERENCE.read_text(), re.S)


def test_the_readme_links_the_api_reference():
    assert "(docs/api.md)" in (ROOT / "README.md").read_text()


def _root_fields(type_name: str) -> set[str]:
    return set(schema.get_type(type_name).fields)


@pytest.mark.parametrize(
    "example", _examples(), ids=lambda e: re.search(r"\{\s*(\w+)", e).group(1)
)
def test_each_example_is_valid_against_the_schema(example):
    errors = validate(schema, parse(example))
    assert errors == [], [str(e) for e in errors]


def test_every_query_and_mutation_has_an_example():
    used = set()
    for example in _examples():
        document = parse(example)
        for definition in document.definitions:
            for selection in definition.selection_set.selections:
                used.add((definition.operation, selection.name.value))
    queries = {("query", name) for name in _root_fields("Query")}
    mutations = {("mutation", name) for name in _root_fields("Mutation")}
    assert (queries | mutations) - used == set()
