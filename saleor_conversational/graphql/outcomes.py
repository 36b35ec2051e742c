"""The assistant's outcome figures in the API: per sales channel and reply language,
how many exchanges it resolved, handed over, left unanswered or answered after the
model-backed assistant fell back (``inbox.outcomes``)."""

from __future__ import annotations

import graphene

from saleor_conversational.graphql import auth
from saleor_conversational.graphql.core import InputError, global_id
from saleor_conversational.graphql.mutation import sales_channel_by_slug
from saleor_conversational.graphql.queries import SalesChannel
from saleor_conversational.inbox import outcomes
from saleor_conversational.saleor_data.reads import channels_by_id

WINDOW_DAYS = outcomes.RESOLUTION_WINDOW.days
PERIOD_DAYS = outcomes.DEFAULT_PERIOD.days


class AssistantOutcome(graphene.ObjectType):
    """The assistant exchanges (inbound messages the assistant answered or tried to)
    of one sales channel in one reply language."""

    channel = graphene.Field(graphene.NonNull(SalesChannel))
    language_code = graphene.String(
        required=True, description="The reply language, like nl."
    )
    exchanges = graphene.Int(required=True)
    resolved = graphene.Int(
        required=True,
        description=f"Answered, and within {WINDOW_DAYS} days no staff message, no "
        "hand-over and no reopening in the conversation.",
    )
    pending = graphene.Int(
        required=True,
        description=f"Answered less than {WINDOW_DAYS} days ago with nothing against "
        "them yet: not counted as resolved, nor in the resolution rate.",
    )
    handed_over = graphene.Int(
        required=True,
        description="Answering them handed the conversation to people (the assistant "
        "passed it on, or the shopper asked for a person).",
    )
    unanswered = graphene.Int(
        required=True,
        description="No automated reply was sent (none queued, or all failed).",
    )
    fallback = graphene.Int(
        required=True,
        description="The model-backed assistant failed or was not grounded, and the "
        "built-in assistant answered.",
    )
    resolution_rate = graphene.Float(
        description="resolved / (exchanges - pending); null while all are pending."
    )
    hand_over_rate = graphene.Float(description="handedOver / exchanges.")
    unanswered_rate = graphene.Float(description="unanswered / exchanges.")
    fallback_rate = graphene.Float(description="fallback / exchanges.")


class OutcomeQueries(graphene.ObjectType):
    assistant_outcomes = graphene.List(
        graphene.NonNull(AssistantOutcome),
        required=True,
        channel=graphene.String(description="A sales channel slug."),
        since=graphene.DateTime(
            description=f"Exchanges from this time on (default: {PERIOD_DAYS} days "
            "before `until`)."
        ),
        until=graphene.DateTime(
            description="Exchanges before this time (default: now)."
        ),
        description="The assistant's outcome figures per sales channel and reply "
        "language, in the sales channels the requestor may access. Needs "
        "MANAGE_ORDERS.",
    )

    @staticmethod
    def resolve_assistant_outcomes(root, info, channel=None, since=None, until=None):
        auth.require(info.context, auth.MANAGE_ORDERS)
        if since and until and since >= until:
            raise InputError("since", "invalid", "`since` must be before `until`.")
        if channel:
            channel_ids = {sales_channel_by_slug(info.context, channel).pk}
        else:
            channel_ids = auth.accessible_channel_ids(info.context)
        figures = outcomes.outcomes(channel_ids=channel_ids, since=since, until=until)
        channels = channels_by_id({row.channel_id for row in figures})
        return sorted(
            (
                _outcome(row, channels[row.channel_id])
                for row in figures
                if row.channel_id in channels
            ),
            key=lambda o: (o.channel.name, o.channel.slug, o.language_code),
        )


def _outcome(row: outcomes.Outcome, channel) -> AssistantOutcome:
    return AssistantOutcome(
        channel=SalesChannel(
            id=global_id("Channel", channel.pk), slug=channel.slug, name=channel.name
        ),
        language_code=row.language_code,
        exchanges=row.exchanges,
        resolved=row.resolved,
        pending=row.pending,
        handed_over=row.handed_over,
        unanswered=row.unanswered,
        fallback=row.fallback,
        resolution_rate=row.resolution_rate,
        hand_over_rate=row.hand_over_rate,
        unanswered_rate=row.unanswered_rate,
        fallback_rate=row.fallback_rate,
    )
