"""The schema. Its SDL is committed as ``schema.graphql``; a test fails when they differ
(regenerate with ``python -m saleor_conversational.graphql.print_schema``)."""

from __future__ import annotations

from pathlib import Path

import graphene

from saleor_conversational.graphql import content, mutations, payment_alerts, queries


class Query(queries.Query, content.ContentQueries, payment_alerts.PaymentAlertQueries):
    pass


class Mutation(
    mutations.Mutation, content.ContentMutations, payment_alerts.PaymentAlertMutations
):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)
SDL_PATH = Path(__file__).with_name("schema.graphql")


def sdl() -> str:
    return str(schema).rstrip() + "\n"
