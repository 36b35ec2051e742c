"""What one request may ask of the API, checked before anything runs.

Saleor 3.23 limits its own API with a query cost validator (``COST_MAP``,
``GRAPHQL_QUERY_MAX_COMPLEXITY``) and with alias and mutation count rules
(``GRAPHQL_ALIAS_COUNT_LIMIT``, ``GRAPHQL_MUTATION_COUNT_LIMIT``); the same validator,
rules and settings apply here, with this schema's cost map. Saleor has no depth limit
and its cost validator expands every fragment spread anew, so a fragment bomb would cost
it exponential time: a linear shape check (depth, fields after expanding fragments)
runs first. Introspection is priced like data: its lists multiply by how many types,
fields and arguments this schema has.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import graphql.validation
from django.conf import settings
from graphql import (
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLUnionType,
)
from graphql.error import GraphQLSyntaxError
from graphql.language.ast import (
    Document,
    Field,
    FragmentDefinition,
    FragmentSpread,
    InlineFragment,
    OperationDefinition,
)
from graphql.language.parser import parse
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef
from saleor.graphql.core.validators.alias_count_limit_rule import AliasCountLimitRule
from saleor.graphql.core.validators.mutation_count_limit_rule import (
    MutationCountLimitRule,
)
from saleor.graphql.core.validators.query_cost import CostValidator, QueryCostError

from saleor_conversational.graphql.core import MAX_CHILD_LIST, MAX_PAGE

MAX_DEPTH = 16  # GraphiQL's introspection query reaches 12
MAX_FIELDS = 500  # after expanding fragments; GraphiQL's introspection query has ~150


class QueryShapeError(GraphQLError):
    """Too deep, too wide or too nested to look at."""


def parse_query(query: str) -> tuple[Document | None, GraphQLError | None]:
    try:
        return parse(query), None
    except GraphQLSyntaxError as exc:
        return None, exc
    except RecursionError:
        return None, QueryShapeError("The query is nested too deeply.")


def _measure(document: Document) -> Iterator[tuple[int, int]]:
    """(depth, fields) of each operation, fragments expanded, each fragment measured once."""
    fragments = {
        d.name.value: d
        for d in document.definitions
        if isinstance(d, FragmentDefinition)
    }
    measured: dict[str, tuple[int, int]] = {}
    entered: set[str] = set()

    def selections(selection_set) -> tuple[int, int]:
        depth = fields = 0
        for node in selection_set.selections if selection_set else ():
            if isinstance(node, Field):
                child_depth, child_fields = selections(node.selection_set)
                depth, fields = max(depth, child_depth + 1), fields + child_fields + 1
            elif isinstance(node, InlineFragment):
                child_depth, child_fields = selections(node.selection_set)
                depth, fields = max(depth, child_depth), fields + child_fields
            elif isinstance(node, FragmentSpread):
                child_depth, child_fields = fragment(node.name.value)
                depth, fields = max(depth, child_depth), fields + child_fields
        return depth, fields

    def fragment(name: str) -> tuple[int, int]:
        if name not in measured:
            if name in entered:
                raise QueryShapeError(f"Fragment {name} spreads itself.")
            if name not in fragments:
                return 0, 0  # the standard validation names the unknown fragment
            entered.add(name)
            measured[name] = selections(fragments[name].selection_set)
        return measured[name]

    for definition in document.definitions:
        if isinstance(definition, OperationDefinition):
            yield selections(definition.selection_set)


def shape_errors(document: Document) -> list[GraphQLError]:
    try:
        for depth, fields in _measure(document):
            if depth > MAX_DEPTH:
                return [
                    QueryShapeError(
                        f"The query is {depth} levels deep; the limit is {MAX_DEPTH}."
                    )
                ]
            if fields > MAX_FIELDS:
                return [
                    QueryShapeError(
                        f"The query selects {fields} fields once its fragments are "
                        f"expanded; the limit is {MAX_FIELDS}."
                    )
                ]
    except QueryShapeError as exc:
        return [exc]
    except RecursionError:
        return [QueryShapeError("The query is nested too deeply.")]
    return []


class CostValidatorWithDefaults(CostValidator):
    """Saleor's validator, plus ``default_multiplier``: the rows a list returns when no
    argument says (a page without `first` is a full page; a nested list is capped).
    It also prices ``__schema`` and ``__type``, which Saleor's skips (they are no
    fields of the query type)."""

    def compute_node_cost(self, node, type_def, parent_multipliers=None):
        schema = self.context.get_schema()
        if type_def is schema.get_query_type():
            type_def = _query_with_meta_fields(schema)
        return super().compute_node_cost(node, type_def, parent_multipliers)

    def get_args_from_cost_map(self, node, parent_type: str, field_args: dict):
        args = super().get_args_from_cost_map(node, parent_type, field_args)
        if args is None:
            return None
        default = args.pop("default_multiplier", None)
        if default is not None and not args.get("multipliers"):
            args["multipliers"] = [default]
        return args


_query_types: dict[int, GraphQLObjectType] = {}


def _query_with_meta_fields(schema) -> GraphQLObjectType:
    query = schema.get_query_type()
    if id(query) not in _query_types:
        _query_types[id(query)] = GraphQLObjectType(
            name=query.name,
            fields=lambda: {
                **query.fields,
                "__schema": SchemaMetaFieldDef,
                "__type": TypeMetaFieldDef,
            },
        )
    return _query_types[id(query)]


def _page(default: int = MAX_PAGE) -> dict[str, Any]:
    return {"complexity": 1, "multipliers": ["first"], "default_multiplier": default}


def _rows(count: int) -> dict[str, Any]:
    return {"complexity": 1, "multipliers": [], "default_multiplier": max(1, count)}


ONE = {"complexity": 1}

DATA_COST_MAP: dict[str, dict[str, Any]] = {
    "Query": {
        "contacts": _page(),
        "contact": ONE,
        "conversations": _page(),
        "conversation": ONE,
        "conversationMessage": ONE,
        "messagingAccounts": _rows(MAX_CHILD_LIST),
        "salesChannels": _rows(MAX_CHILD_LIST),
        "viewer": ONE,
        "assignableStaff": _rows(200),
        "customerChatData": {"complexity": 100},
        "faqEntries": _rows(MAX_CHILD_LIST),
        "cannedResponses": _rows(MAX_CHILD_LIST),
        "chatProducts": {"complexity": 10, "multipliers": [], "default_multiplier": 10},
        "paymentAlerts": _rows(MAX_CHILD_LIST),
        "modelAssistantSettings": ONE,
        "salesChannelChatSettings": ONE,
    },
    "Contact": {
        "customer": ONE,
        "suggestedCustomer": ONE,
        "identities": _rows(MAX_CHILD_LIST),
        "consents": _rows(MAX_CHILD_LIST),
        "conversations": _rows(MAX_CHILD_LIST),
        "checkouts": _rows(MAX_CHILD_LIST),
        "merges": _rows(MAX_CHILD_LIST),
        "recentOrders": _rows(5),
    },
    "Conversation": {
        "contact": ONE,
        "assignee": ONE,
        "unreadCount": ONE,
        "replyIdentity": ONE,
        "messages": _page(),
        "othersReplying": ONE,
        "notes": _rows(MAX_CHILD_LIST),
    },
    "ConversationMessage": {"assistantTrace": ONE},
    "ChatCheckout": {"paymentLinkStatus": ONE},
    "PaymentAlert": {"chatCheckout": ONE, "conversationId": ONE},
}


def _introspection_cost_map(schema) -> dict[str, dict[str, Any]]:
    """Each introspection list costs what it returns: `types` every type, `fields` the
    average per type (so `types { fields }` costs exactly the fields there are)."""
    types = list(schema.get_type_map().values())

    def average(attribute: str) -> int:
        total = sum(len(getattr(t, attribute, None) or ()) for t in types)
        return math.ceil(total / len(types))

    def values(t) -> int:
        return len(getattr(t, "values", None) or ())

    fields = [f for t in types for f in (getattr(t, "fields", None) or {}).values()]
    possible = sum(
        len(schema.get_possible_types(t))
        for t in types
        if isinstance(t, GraphQLInterfaceType | GraphQLUnionType)
    )
    directives = list(schema.get_directives())
    return {
        "__Schema": {
            "types": _rows(len(types)),
            "directives": _rows(len(directives)),
        },
        "__Type": {
            "fields": _rows(average("fields")),
            "inputFields": _rows(average("fields")),
            "interfaces": _rows(average("interfaces")),
            "possibleTypes": _rows(math.ceil(possible / len(types))),
            "enumValues": _rows(math.ceil(sum(map(values, types)) / len(types))),
        },
        "__Field": {
            "args": _rows(
                math.ceil(
                    sum(len(getattr(f, "args", None) or {}) for f in fields)
                    / max(1, len(fields))
                )
            )
        },
        "__Directive": {"args": _rows(max(len(d.args or {}) for d in directives))},
    }


_cost_maps: dict[int, dict] = {}


def cost_map(schema) -> dict[str, dict[str, Any]]:
    key = id(schema)
    if key not in _cost_maps:
        _cost_maps[key] = DATA_COST_MAP | _introspection_cost_map(schema)
    return _cost_maps[key]


def validate_limits(
    schema, document: Document, variables: dict | None
) -> tuple[int, list[GraphQLError]]:
    """(the query's cost, its errors): the shape first (linear), then what Saleor's
    ``validate_query`` checks: cost (it walks every expanded fragment), aliases and
    mutations."""
    errors = shape_errors(document)
    if errors:
        return 0, errors
    maximum = settings.GRAPHQL_QUERY_MAX_COMPLEXITY
    validator = CostValidatorWithDefaults(
        maximum or math.inf, variables=variables, cost_map=cost_map(schema)
    )
    errors = graphql.validation.validate(
        schema, document, [validator, AliasCountLimitRule, MutationCountLimitRule]
    )
    if not maximum:  # Saleor's switch: 0 turns the cost limit off
        errors = [e for e in errors if not isinstance(e, QueryCostError)]
    return validator.cost, errors


def cost_extension(cost: int) -> dict[str, int]:
    """What Saleor reports in every response's ``extensions.cost``."""
    return {
        "requestedQueryCost": cost,
        "maximumAvailable": settings.GRAPHQL_QUERY_MAX_COMPLEXITY,
    }
