"""Who is asking, and what they may see: Saleor's own tokens and permissions.

The plugin's endpoint carries no user or app, so the context is built with Saleor's
helpers, exactly as Saleor's ``/graphql/`` does: app tokens first, then staff and
customer JWTs (``tokenCreate``, and the Dashboard's app-extension tokens).
"""

from __future__ import annotations

from saleor.graphql.app.dataloaders import get_app_promise
from saleor.graphql.context import clear_context, get_context_value
from saleor.permission.enums import (
    AccountPermissions,
    OrderPermissions,
    PluginsPermissions,
)
from saleor.permission.utils import has_one_of_permissions

from saleor_conversational.models import Contact, Conversation

MANAGE_USERS = AccountPermissions.MANAGE_USERS
MANAGE_ORDERS = OrderPermissions.MANAGE_ORDERS
MANAGE_PLUGINS = PluginsPermissions.MANAGE_PLUGINS

__all__ = [
    "build_context",
    "clear_context",
    "MANAGE_ORDERS",
    "MANAGE_PLUGINS",
    "MANAGE_USERS",
]


class PermissionDenied(Exception):
    """Reported like Saleor's: a top-level error with code ``PermissionDenied``."""

    def __init__(self, permissions=(), message: str = "") -> None:
        if message:
            pass
        elif permissions:
            names = ", ".join(p.name for p in permissions)
            message = f"To access this path, you need one of the following permissions: {names}"
        else:
            message = "You do not have permission to perform this action"
        super().__init__(message)


def build_context(request):
    request.dataloaders = getattr(request, "dataloaders", {})
    if not hasattr(request, "app"):
        request.app = get_app_promise(request).get()
    context = get_context_value(request)
    user = context.user
    context.requestor_user = user if user else None  # unwraps the lazy object once
    return context


def app_of(context):
    app = getattr(context, "app", None)
    return app if app is not None and app.is_active else None


def user_of(context):
    if app_of(context) is not None:
        return None
    user = getattr(context, "requestor_user", None)
    return user if user is not None and user.is_active else None


def requestor(context):
    return app_of(context) or user_of(context)


def has_perm(context, permission) -> bool:
    who = requestor(context)
    if who is None:
        return False
    user = user_of(context)
    if user is not None and not user.is_staff:
        return False  # customers hold no staff permissions, whatever their groups say
    return has_one_of_permissions(who, [permission])


def require(context, permission) -> None:
    if not has_perm(context, permission):
        raise PermissionDenied([permission])


def require_authenticated(context) -> None:
    if requestor(context) is None:
        raise PermissionDenied()


def accessible_channel_ids(context) -> set[int] | None:
    """Sales channels a channel-restricted staff member may see; None means all of them."""
    user = user_of(context)
    if user is None or not user.is_staff:
        return None
    from saleor.graphql.account.dataloaders import AccessibleChannelsByUserIdLoader

    channels = AccessibleChannelsByUserIdLoader(context).load(user.id).get()
    from saleor.channel.models import Channel

    if len(channels) == Channel.objects.count():
        return None
    return {channel.id for channel in channels}


def is_customer(context) -> bool:
    user = user_of(context)
    return user is not None and not user.is_staff


def in_channels(qs, context, field: str = "channel_id"):
    """``qs`` narrowed to the sales channels the requestor may access."""
    channels = accessible_channel_ids(context)
    return qs if channels is None else qs.filter(**{f"{field}__in": channels})


def require_every_channel(context) -> None:
    if accessible_channel_ids(context) is not None:
        raise PermissionDenied(
            message="You need access to every sales channel to perform this action."
        )


def visible_contacts(context):
    """Contacts this requestor may read: all with MANAGE_USERS, a customer's own;
    anyone else is refused, as Saleor refuses ``customers``. (A visible conversation
    shows its contact whatever this says; a contact's nested lists show only the
    requestor's sales channels.)"""
    if is_customer(context):
        return Contact.objects.filter(user=user_of(context))
    require(context, MANAGE_USERS)
    return Contact.objects.all()


def visible_conversations(context, *, strict: bool = True):
    """Conversations this requestor may read: with MANAGE_ORDERS those of their sales
    channels, a customer's own. Anyone else is refused, or with ``strict=False`` (a
    nested list) sees none."""
    if is_customer(context):
        return Conversation.objects.filter(contact__user=user_of(context))
    if has_perm(context, MANAGE_ORDERS):
        return in_channels(Conversation.objects.all(), context)
    if strict:
        raise PermissionDenied([MANAGE_ORDERS])
    return Conversation.objects.none()
