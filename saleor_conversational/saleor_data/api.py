"""Saleor's public GraphQL API, executed in-process as the plugin's own Saleor App.

The request goes through Saleor's ``GraphQLView`` (query-cost validation, permissions,
input validation) with an ``Authorization: Bearer <app token>`` header, exactly as an
external App would call it. The App and its token are created once, lazily; the raw token
is kept encrypted in ``CommerceAppCredential``. An App the merchant deactivated stays off:
every call raises ``CommerceAppDeactivated`` until they activate it again.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http.request import validate_host
from django.test import RequestFactory
from graphql_relay import from_global_id

from saleor_conversational.models import CommerceAppCredential
from saleor_conversational.saleor_data import reads as saleor_data

_view = None


class SaleorApiError(Exception):
    """Saleor's GraphQL API answered with top-level errors (not user input errors)."""


def _graphql_view():
    global _view
    if _view is None:
        from saleor.graphql.api import backend, schema
        from saleor.graphql.views import GraphQLView

        _view = GraphQLView.as_view(backend=backend, schema=schema)
    return _view


class CommerceAppDeactivated(SaleorApiError):
    """The merchant deactivated (or removed) the plugin's Saleor App: nothing is done as
    that App until they activate it again in the Dashboard (Apps)."""

    def __init__(self) -> None:
        super().__init__(
            'The Saleor App "Conversational commerce" is deactivated: chat checkouts, '
            "payments and refunds are stopped until it is activated again (Dashboard, "
            "Apps)."
        )


def app_token() -> str:
    credential = CommerceAppCredential.objects.select_related("app").first()
    if credential is None:
        return _first_token()
    if not saleor_data.commerce_app_is_on(credential.app):
        raise CommerceAppDeactivated()
    return credential.raw_token


def _first_token() -> str:
    """The App's token, made once: for the App already there (its credential lost), else
    for a new App. A switched-off App is never replaced."""
    with transaction.atomic():
        saleor_data.lock_commerce_app_creation()
        credential = CommerceAppCredential.objects.select_related("app").first()
        if credential is not None:  # another process made it while we waited
            app = credential.app
            if not saleor_data.commerce_app_is_on(app):
                raise CommerceAppDeactivated()
            return credential.raw_token
        app = saleor_data.commerce_app()
        if app is not None and not saleor_data.commerce_app_is_on(app):
            raise CommerceAppDeactivated()
        app, raw = (
            saleor_data.issue_commerce_app_token(app)
            if app is not None
            else saleor_data.create_commerce_app()
        )
        credential = CommerceAppCredential(app=app)
        credential.raw_token = raw
        credential.save()
        return raw


def request_host() -> tuple[str, bool]:
    """(Host header, https) for the in-process request.

    Saleor reads the request's host (absolute URLs), and Django refuses one that is not in
    ``ALLOWED_HOSTS``: in a Celery worker there is no incoming request to borrow it from,
    and RequestFactory's default ``testserver`` is allowed only under Django's test runner.
    So: ``PUBLIC_URL``'s host when allowed, else the first concrete ``ALLOWED_HOSTS`` entry.
    """
    public = urlsplit(getattr(settings, "PUBLIC_URL", "") or "")
    allowed = settings.ALLOWED_HOSTS or ["localhost"]
    if public.hostname and validate_host(public.hostname, allowed):
        return public.netloc, public.scheme == "https"
    for host in allowed:
        if host and "*" not in host:
            return host.lstrip(
                "."
            ), False  # ".shop.example" allows shop.example itself too
    return "localhost", False


def _run(query: str, variables: dict[str, Any] | None, bearer: str) -> dict[str, Any]:
    host, secure = request_host()
    request = RequestFactory().post(
        "/graphql/",
        data=json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json",
        secure=secure,
        HTTP_HOST=host,
        HTTP_AUTHORIZATION=f"Bearer {bearer}",
    )
    # Read from the writer, not Saleor's read replica: the plugin reads what it has just
    # written, often inside its own open transaction, which another connection (the
    # replica alias, even on the same database) cannot see yet.
    request.allow_replica = False
    return json.loads(_graphql_view()(request).content)


def execute(query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """Run one GraphQL operation as the plugin's App; return ``data``.

    Top-level errors (syntax, permission) raise ``SaleorApiError``; mutation input errors
    stay in the returned payload's ``errors`` lists for the caller to translate.
    """
    body = _run(query, variables, app_token())
    if body.get("errors"):
        raise SaleorApiError("; ".join(e.get("message", "") for e in body["errors"]))
    return body["data"]


def customer_of_token(access_token: str):
    """The active Saleor customer whose access token (``tokenCreate``) this is, else None.

    Saleor's own API checks the token: ``me`` with it as the bearer.
    """
    if not access_token or len(access_token) > 4096:
        return None
    body = _run("query { me { id isActive } }", None, access_token)
    me = (body.get("data") or {}).get("me")
    if body.get("errors") or not me or not me["isActive"]:
        return None
    _, pk = from_global_id(me["id"])
    return get_user_model().objects.filter(pk=pk, is_active=True).first()
