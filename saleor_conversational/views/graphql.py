"""``/plugins/global/saleor.conversational/graphql/``: POST runs the plugin's schema with
Saleor's own authentication; GET shows Saleor's GraphQL playground pointed at it."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from graphql.error import GraphQLError
from graphql.error import format_error as format_graphql_error
from jwt.exceptions import PyJWTError
from saleor.graphql.core.validators.query_cost import QueryCostError

from saleor_conversational.core import json_limits, throttle
from saleor_conversational.graphql import auth, limits
from saleor_conversational.graphql.core import InputError
from saleor_conversational.graphql.schema import schema
from saleor_conversational.views.limits import client_key

logger = logging.getLogger(__name__)

MAX_BODY = 1_000_000
MAX_QUERY = 20_000
# Per client (its IP address, hashed) and minute: well above what the inbox polls.
REQUESTS_PER_CLIENT_PER_MINUTE = 600


def _error_response(message: str, status: int) -> JsonResponse:
    return JsonResponse({"errors": [{"message": message}]}, status=status)


def request_limit() -> throttle.Limit:
    count = getattr(
        settings,
        "CONVERSATIONAL_GRAPHQL_REQUESTS_PER_CLIENT_PER_MINUTE",
        REQUESTS_PER_CLIENT_PER_MINUTE,
    )
    return throttle.Limit("graphql-requests-per-client", int(count), 60)


def format_error(error) -> dict:
    formatted = (
        format_graphql_error(error)
        if isinstance(error, GraphQLError)
        else {"message": str(error)}
    )
    original = getattr(error, "original_error", None)
    if isinstance(error, QueryCostError | limits.QueryShapeError):
        code = type(error).__name__
    elif original is None:
        code = "GRAPHQL_ERROR"
    elif isinstance(original, auth.PermissionDenied):
        code = "PermissionDenied"
    elif isinstance(original, InputError):
        code = original.code.upper()
        formatted["extensions"] = {"exception": {"code": code, "field": original.field}}
        return formatted
    else:
        logger.error("Conversational API error", exc_info=original)
        code = "INTERNAL_ERROR"
        formatted["message"] = "Internal error"
    formatted["extensions"] = {
        **(formatted.get("extensions") or {}),
        "exception": {"code": code},
    }
    return formatted


def graphql_api(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(
            request,
            "graphql/playground.html",
            {
                "api_url": request.build_absolute_uri(request.path),
                "plugins_url": request.build_absolute_uri("/plugins/"),
            },
        )
    refusal = throttle.hit([(request_limit(), client_key(request))])
    if refusal is not None:
        response = JsonResponse(
            {
                "errors": [
                    {
                        "message": refusal.reason,
                        "extensions": {"exception": {"code": "TooManyRequests"}},
                    }
                ]
            },
            status=429,
        )
        response["Retry-After"] = str(refusal.retry_after)
        return response
    if len(request.body) > MAX_BODY:
        return _error_response("The request body is too large.", 413)
    try:
        body = json_limits.loads(request.body or b"{}")
    except json_limits.UnfitJson as exc:
        return _error_response(
            f'The body must be JSON: {{"query": ..., "variables": {{...}}}} ({exc}).',
            400,
        )
    if not isinstance(body, dict):
        return _error_response(
            "Batched queries are not supported; send one JSON object.", 400
        )
    query, variables = body.get("query"), body.get("variables") or {}
    if not isinstance(query, str) or not query.strip():
        return _error_response("'query' must be a non-empty string.", 400)
    if len(query) > MAX_QUERY:
        return _error_response("The query is too long.", 400)
    if not isinstance(variables, dict):
        return _error_response("'variables' must be an object.", 400)
    operation = body.get("operationName")
    if operation is not None and not isinstance(operation, str):
        return _error_response("'operationName' must be a string.", 400)

    document, error = limits.parse_query(query)
    if error is not None:
        return JsonResponse({"errors": [format_error(error)]}, status=400)
    cost, errors = limits.validate_limits(schema, document, variables)
    extensions = {"cost": limits.cost_extension(cost)}
    if errors:
        return JsonResponse(
            {"errors": [format_error(e) for e in errors], "extensions": extensions},
            status=400,
        )

    try:
        context = auth.build_context(request)
    except PyJWTError as exc:
        # Saleor's own code for it (the exception's name), as a 401: the Dashboard or
        # storefront must fetch a fresh token, not retry this one.
        response = JsonResponse(
            {
                "errors": [
                    {
                        "message": f"The access token is not valid: {exc}",
                        "extensions": {"exception": {"code": type(exc).__name__}},
                    }
                ]
            },
            status=401,
        )
        response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return response
    try:
        result = schema.execute(
            document,
            variables=variables,
            operation_name=operation,
            context_value=context,
        )
    finally:
        auth.clear_context(context)
    payload: dict = {}
    if result.errors:
        payload["errors"] = [format_error(error) for error in result.errors]
    if result.data is not None or not result.errors:
        payload["data"] = result.data
    payload["extensions"] = extensions
    status = 400 if result.errors and result.data is None and result.invalid else 200
    return JsonResponse(payload, status=status)
