"""The inbox App's own URLs under ``/plugins/global/saleor.conversational/dashboard/``.

* ``manifest.json`` -> the App manifest (GET), for ``appInstall`` / "Install from manifest"
* ``token/``        -> the token target: Saleor POSTs ``{"auth_token": ...}`` at install
* anything else     -> the built pages (``static/saleor_conversational/dashboard/``): a
  built asset when the path names one, else the single page app's ``index.html``
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse

from saleor_conversational.core import json_limits
from saleor_conversational.dashboard.manifest import build_manifest
from saleor_conversational.dashboard.saleor_app import app_for_token, store_token

BUILD_DIR = (
    Path(__file__).resolve().parent.parent
    / "static"
    / "saleor_conversational"
    / "dashboard"
)
MAX_TOKEN_BODY = 4096


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def manifest(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(build_manifest(_base_url(request)))
    response["Cache-Control"] = "no-store"
    return response


def register_token(request: HttpRequest) -> JsonResponse:
    """Saleor's install step: keep the App token only if it is really our App's token."""

    if len(request.body) > MAX_TOKEN_BODY:
        return _error("the body is too large", 413)
    try:
        body = json_limits.loads(request.body)
    except json_limits.UnfitJson as exc:
        return _error(f'the body must be JSON: {{"auth_token": "..."}} ({exc})', 400)
    raw_token = body.get("auth_token") if isinstance(body, dict) else None
    if not isinstance(raw_token, str) or not raw_token:
        return _error("auth_token is missing", 400)
    app = app_for_token(raw_token)
    if app is None:
        return _error("this is not a token of the installed inbox App", 403)
    api_url = request.headers.get("Saleor-Api-Url", "")
    with transaction.atomic():
        store_token(app, raw_token, saleor_api_url=api_url)
    return JsonResponse({"success": True})


def page(request: HttpRequest, asset: str = "") -> HttpResponse:
    index = BUILD_DIR / "index.html"
    if not index.is_file():
        return HttpResponse(
            "The inbox pages are not built. Run: npm --prefix dashboard-extension ci && "
            "npm --prefix dashboard-extension run build",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    target = _built_file(asset)
    if target is None:
        if Path(asset).suffix in {
            ".js",
            ".css",
            ".map",
            ".svg",
            ".png",
            ".ico",
            ".woff2",
        }:
            return _error(f"no such asset: {asset}", 404)
        response = FileResponse(
            index.open("rb"), content_type="text/html; charset=utf-8"
        )
        response["Cache-Control"] = "no-cache"
        return response
    content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    response = FileResponse(target.open("rb"), content_type=content_type)
    # Vite puts a content hash in every asset name under assets/.
    immutable = target.parent.name == "assets"
    response["Cache-Control"] = (
        "public, max-age=31536000, immutable" if immutable else "no-cache"
    )
    return response


def _built_file(asset: str) -> Path | None:
    if not asset or asset.endswith("/"):
        return None
    root = BUILD_DIR.resolve()
    candidate = (root / asset).resolve()
    if root not in candidate.parents or not candidate.is_file():
        return None
    return candidate


def _error(reason: str, status: int) -> JsonResponse:
    return JsonResponse({"error": reason}, status=status)
