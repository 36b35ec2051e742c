"""Saleor-style building blocks: global ids, keyset connections, payload errors."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import datetime

import graphene
import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q, QuerySet
from graphql_relay import from_global_id, to_global_id

MAX_PAGE = 100
MAX_CHILD_LIST = 100  # rows of a nested list (a contact's identities...), newest kept


class ChatErrorCode(graphene.Enum):
    GRAPHQL_ERROR = "graphql_error"
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    REQUIRED = "required"
    TOO_LONG = "too_long"
    NOT_SENDABLE = "not_sendable"
    CHANNEL_MISMATCH = "channel_mismatch"
    ALREADY_LINKED = "already_linked"
    NOT_LINKED = "not_linked"
    INVALID_CODE = "invalid_code"
    CODE_EXPIRED = "code_expired"
    LOCKED = "locked"
    ALREADY_UNDONE = "already_undone"
    CHECKOUT_ERROR = "checkout_error"
    UNIQUE = "unique"


class ChatError(graphene.ObjectType):
    field = graphene.String(description="The input field the error is about, if any.")
    code = ChatErrorCode(required=True)
    message = graphene.String(required=True)


class InputError(Exception):
    """Bad input, reported in the mutation payload's ``errors``."""

    def __init__(self, field: str | None, code: str, message: str) -> None:
        super().__init__(message)
        self.field, self.code, self.message = field, code, message


def global_id(type_name: str, pk) -> str:
    return to_global_id(type_name, str(pk))


def global_id_field(
    type_name: str,
    attr: str = "pk",
    *,
    required: bool = True,
    description: str | None = None,
) -> graphene.ID:
    """An ``ID`` field: the ``type_name`` global id of ``root.<attr>``, null when unset."""

    def resolve(root, info):
        value = getattr(root, attr)
        return None if value is None else global_id(type_name, value)

    return graphene.ID(required=required, description=description, resolver=resolve)


def path_field(field_type, path: str, **kwargs):
    """A field read from ``root`` along a dotted attribute path, e.g. ``channel.slug``."""

    def resolve(root, info):
        for name in path.split("."):
            root = getattr(root, name)
        return root

    return field_type(resolver=resolve, **kwargs)


def decode_id(value, type_name: str, field: str):
    """The primary key in a global id of ``type_name``; InputError for anything else."""
    try:
        kind, pk = from_global_id(str(value))
    except Exception:
        kind, pk = "", ""
    if kind != type_name or not pk:
        raise InputError(
            field, "invalid", f"Couldn't resolve id: {value!r} is not a {type_name} id."
        )
    return pk


def decode_uuid(value, type_name: str, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(decode_id(value, type_name, field))
    except ValueError:
        raise InputError(
            field, "invalid", f"{value!r} is not a valid {type_name} id."
        ) from None


def decode_int(value, type_name: str, field: str) -> int:
    pk = decode_id(value, type_name, field)
    if not pk.isdigit():
        raise InputError(field, "invalid", f"{value!r} is not a valid {type_name} id.")
    return int(pk)


def get_or_error(queryset: QuerySet, pk, type_name: str, field: str):
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise InputError(field, "not_found", f"No {type_name} with this id.")
    return obj


def check_length(value: str, limit: int, field: str) -> str:
    if len(value) > limit:
        raise InputError(
            field, "too_long", f"{field} is longer than {limit} characters."
        )
    return value


# -- connections -------------------------------------------------------------------------
class PageInfo(graphene.ObjectType):
    has_next_page = graphene.Boolean(required=True)
    has_previous_page = graphene.Boolean(required=True)
    start_cursor = graphene.String()
    end_cursor = graphene.String()


def connection_type(node_type, name: str):
    edge = type(
        f"{name}Edge",
        (graphene.ObjectType,),
        {
            "node": graphene.Field(node_type, required=True),
            "cursor": graphene.String(required=True),
        },
    )
    connection = type(
        f"{name}CountableConnection",
        (graphene.ObjectType,),
        {
            "page_info": graphene.Field(PageInfo, required=True),
            "edges": graphene.List(graphene.NonNull(edge), required=True),
            "total_count": graphene.Int(),
            "Meta": type(
                "Meta", (), {"description": f"A page of {name} items, newest first."}
            ),
        },
    )
    connection.edge_type = edge
    return connection


def _encode_cursor(value, pk) -> str:
    raw = json.dumps(
        [value.isoformat() if isinstance(value, datetime) else value, str(pk)]
    )
    return base64.urlsafe_b64encode(raw.encode()).decode()


def _decode_cursor(cursor: str):
    try:
        value, pk = json.loads(base64.urlsafe_b64decode(cursor.encode()).decode())
        return datetime.fromisoformat(value), pk
    except Exception:
        raise InputError(
            "after", "invalid", "'after' is not a cursor from this connection."
        ) from None


def paginate(
    queryset: QuerySet,
    *,
    order_field: str,
    first: int | None,
    after: str | None,
    connection,
):
    """Keyset pages ordered by ``order_field`` then pk, both descending: items arriving
    while a client pages never shift or repeat what it has already seen."""
    size = MAX_PAGE if first is None else first
    if size < 0 or size > MAX_PAGE:
        raise InputError(
            "first", "invalid", f"'first' must be between 0 and {MAX_PAGE}."
        )
    total = queryset.count()
    ordered = queryset.order_by(f"-{order_field}", "-pk")
    if after:
        value, pk = _decode_cursor(after)
        ordered = ordered.filter(
            Q(**{f"{order_field}__lt": value}) | Q(**{order_field: value, "pk__lt": pk})
        )
    rows = list(ordered[: size + 1])
    has_next = len(rows) > size
    rows = rows[:size]
    edges = [
        {"node": row, "cursor": _encode_cursor(getattr(row, order_field), row.pk)}
        for row in rows
    ]
    return connection(
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=bool(after),
            start_cursor=edges[0]["cursor"] if edges else None,
            end_cursor=edges[-1]["cursor"] if edges else None,
        ),
        edges=[connection.edge_type(**edge) for edge in edges],
        total_count=total,
    )


# -- contacts ------------------------------------------------------------------------------
def clean_email(value: str, field="email") -> str:
    try:
        validate_email(value)
    except ValidationError:
        raise InputError(field, "invalid", "Enter a valid email address.") from None
    return value


def clean_phone(value: str) -> str:
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        raise InputError(
            "phone",
            "invalid",
            "The phone number must be in E.164 form, e.g. +31612345678.",
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise InputError("phone", "invalid", "This is not a valid phone number.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
