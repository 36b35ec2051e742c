"""The model-backed assistant in the API: its settings per sales channel (the API key
write-only) and the trace staff see on a message (tools called, facts returned, model,
tokens, grounding verdict, why the built-in assistant answered instead)."""

from __future__ import annotations

import graphene
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from graphene.types.generic import GenericScalar
from graphene.utils.str_converters import to_camel_case

from saleor_conversational import models
from saleor_conversational.graphql import auth
from saleor_conversational.graphql.core import (
    ChatError,
    check_length,
    global_id_field,
    path_field,
)
from saleor_conversational.graphql.mutation import ChatMutation, sales_channel_by_slug

MAX_API_KEY = 1000

AssistantKindEnum = graphene.Enum(
    "AssistantKindEnum",
    [(kind.name, kind.value) for kind in models.AssistantKind],
    description="MODEL: the model's answer was sent. BUILTIN: the model was not asked "
    "(a step the built-in assistant owns). FALLBACK: the model failed or its answer "
    "was not grounded, and the built-in assistant answered.",
)


class ModelAssistantSettings(graphene.ObjectType):
    """The OpenAI-compatible server that answers in one sales channel."""

    channel_slug = path_field(graphene.String, "channel.slug", required=True)
    enabled = graphene.Boolean(required=True)
    base_url = graphene.String(
        required=True, description="Like http://127.0.0.1:11434/v1 (Ollama)."
    )
    model = graphene.String(required=True)
    api_key_set = graphene.Boolean(
        required=True, description="Whether a key is stored; the key is write-only."
    )
    timeout_seconds = graphene.Float(
        required=True,
        description="The whole turn's deadline; then the built-in assistant answers.",
    )
    tokens_per_conversation = graphene.Int(
        required=True, description="One conversation's tokens in the last 24 hours."
    )
    tokens_per_day = graphene.Int(
        required=True,
        description="The sales channel's tokens since midnight in its time zone.",
    )
    tokens_used_today = graphene.Int(required=True)

    @staticmethod
    def resolve_tokens_used_today(root, info):
        time_zone = models.SalesChannelSettings.objects.read(root.channel_id).time_zone
        return models.AssistantTrace.objects.of_channel_today(
            root.channel_id, time_zone
        ).tokens()


class AssistantToolCall(graphene.ObjectType):
    name = graphene.String(required=True)
    arguments = GenericScalar(required=True, description="As the model sent them.")
    result = GenericScalar(description="What the tool returned: the facts.")
    error = graphene.String(
        required=True, description="Why the tool did not run or failed."
    )


class AssistantFaqFact(graphene.ObjectType):
    question = graphene.String(required=True)
    answer = graphene.String(required=True)


class AssistantTrace(graphene.ObjectType):
    """Why the assistant answered an inbound message the way it did."""

    message_id = global_id_field(
        "ConversationMessage", "message_id", description="The message answered."
    )
    reply_id = global_id_field(
        "ConversationMessage",
        "reply_id",
        required=False,
        description="The model's answer, when it was sent.",
    )
    assistant = AssistantKindEnum(required=True)
    model = graphene.String(required=True)
    prompt_tokens = graphene.Int(required=True)
    completion_tokens = graphene.Int(required=True)
    total_tokens = graphene.Int(required=True)
    tokens_estimated = graphene.Boolean(
        required=True, description="The server reported no usage: length estimates."
    )
    rounds = graphene.Int(required=True, description="Requests sent to the model.")
    tool_calls = graphene.List(graphene.NonNull(AssistantToolCall), required=True)
    faq = graphene.List(
        graphene.NonNull(AssistantFaqFact),
        required=True,
        description="The merchant's FAQ entries the model was given.",
    )
    answer = graphene.String(
        required=True, description="The model's answer, also when it was not sent."
    )
    grounded = graphene.Boolean(
        description="Whether every claim in the answer is backed by this turn's tool "
        "results or the FAQ; null when there was no answer to check."
    )
    violations = graphene.List(graphene.NonNull(graphene.String), required=True)
    reason = graphene.String(
        required=True,
        description="Why the built-in assistant answered (the fallback reason, or why "
        "the model was not asked); empty when the model's answer was sent.",
    )
    duration_ms = graphene.Int(required=True)
    created_at = graphene.DateTime(required=True)

    @staticmethod
    def resolve_tool_calls(root, info):
        return [
            AssistantToolCall(
                name=call.get("name", ""),
                arguments=call.get("arguments") or {},
                result=call.get("result"),
                error=call.get("error") or "",
            )
            for call in root.tool_calls
        ]

    @staticmethod
    def resolve_faq(root, info):
        return [
            AssistantFaqFact(question=entry["question"], answer=entry["answer"])
            for entry in root.faq
        ]


def trace_of(message: models.Message) -> models.AssistantTrace | None:
    """The trace of an inbound message (how it was answered) or of the model's reply."""
    name = (
        "assistant_trace"
        if message.direction == models.Direction.INBOUND
        else "assistant_reply_trace"
    )
    try:
        return getattr(message, name)
    except models.AssistantTrace.DoesNotExist:
        return None


class AssistantQueries(graphene.ObjectType):
    model_assistant_settings = graphene.Field(
        graphene.NonNull(ModelAssistantSettings),
        channel=graphene.String(required=True),
        description="The model-backed assistant of a sales channel (off unless "
        "enabled). Needs MANAGE_PLUGINS.",
    )

    @staticmethod
    def resolve_model_assistant_settings(root, info, channel):
        auth.require(info.context, auth.MANAGE_PLUGINS)
        found = sales_channel_by_slug(info.context, channel)
        settings = models.ModelAssistantSettings.objects.read(found.pk)
        settings.channel = found
        return settings


class ModelAssistantSettingsInput(graphene.InputObjectType):
    enabled = graphene.Boolean()
    base_url = graphene.String(
        description="The server's OpenAI-compatible base URL, e.g. "
        "http://127.0.0.1:11434/v1 (Ollama), http://127.0.0.1:8000/v1 (vLLM), "
        "http://127.0.0.1:8080/v1 (llama.cpp)."
    )
    model = graphene.String()
    api_key = graphene.String(
        description="Write-only, stored encrypted; an empty string removes it."
    )
    timeout_seconds = graphene.Float(description="From 1 to 60 seconds.")
    tokens_per_conversation = graphene.Int()
    tokens_per_day = graphene.Int()


class ModelAssistantSettingsUpdate(ChatMutation):
    settings = graphene.Field(ModelAssistantSettings)

    class Arguments:
        channel = graphene.String(required=True, description="The sales channel slug.")
        input = ModelAssistantSettingsInput(required=True)

    permission = auth.MANAGE_PLUGINS

    @classmethod
    def perform(cls, info, channel, input):
        found = sales_channel_by_slug(info.context, channel)
        settings = models.ModelAssistantSettings.objects.read(found.pk)
        moved = (
            input.get("base_url") is not None
            and input["base_url"].strip() != settings.base_url
        )
        if moved and settings.api_key_set and not (input.get("api_key") or "").strip():
            # The key goes wherever the base URL points: whoever moves it must know it.
            return cls(
                errors=[
                    ChatError(
                        field="apiKey",
                        code="required",
                        message="Changing the base URL needs the API key again.",
                    )
                ]
            )
        for name in ("base_url", "model"):
            if input.get(name) is not None:
                limit = models.ModelAssistantSettings._meta.get_field(name).max_length
                setattr(
                    settings,
                    name,
                    check_length(input[name].strip(), limit, to_camel_case(name)),
                )
        for name in ("enabled", "timeout_seconds"):
            if input.get(name) is not None:
                setattr(settings, name, input[name])
        # Every field's problem at once, each with its field, so a form shows them all.
        problems: dict[str, str] = {}
        for name in ("tokens_per_conversation", "tokens_per_day"):
            if input.get(name) is not None:
                if input[name] < 0:
                    problems[name] = (
                        "A token budget must not be negative (0: the model is never asked)."
                    )
                else:
                    setattr(settings, name, input[name])
        if input.get("api_key") is not None:
            key = check_length(input["api_key"].strip(), MAX_API_KEY, "apiKey")
            if key:
                settings.api_key = key
            else:
                settings.api_key_encrypted = ""
        try:
            settings.full_clean(exclude=["channel", "api_key_encrypted"])
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                problems.setdefault(name, "; ".join(messages))
        if problems:
            return cls(
                errors=[
                    ChatError(
                        field=None if name == NON_FIELD_ERRORS else to_camel_case(name),
                        code="invalid",
                        message=message,
                    )
                    for name, message in problems.items()
                ]
            )
        settings.save()
        settings.channel = found
        return cls(settings=settings, errors=[])
