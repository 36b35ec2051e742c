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

    def __init__(self, permissions=()) -> None:
        if permissions:
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


def visible_contacts(context):
    """Contacts this requestor may read: all with MANAGE_USERS, a customer's own, nothing
    for anyone else. (A visible conversation shows its contact whatever this says.)"""
    if has_perm(context, MANAGE_USERS):
        return Contact.objects.all()
    user = user_of(context)
    if user is not None:
        return Contact.objects.filter(user=user)
    return Contact.objects.none()


def visible_conversations(context):
    if has_perm(context, MANAGE_ORDERS):
        qs = Conversation.objects.all()
        channels = accessible_channel_ids(context)
        return qs if channels is None else qs.filter(channel_id__in=channels)
    user = user_of(context)
    if user is not None:
        return Conversation.objects.filter(contact__user=user)
    return Conversation.objects.none()
