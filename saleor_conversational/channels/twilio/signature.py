"""Twilio's ``X-Twilio-Signature``, checked the way twilio-python's RequestValidator does.

signature = base64(HMAC-SHA1(auth token, URL + every POST param name and value, sorted
by name; the values of a repeated name sorted too)). Like the SDK, the URL is tried
both with and without an explicit port (Twilio signs either form: 443/80 added, or any
port removed), names and values are de-duplicated before sorting (a signature over the
repeated pairs is accepted too: Twilio's docs do not say which), and a JSON body is
bound through the ``bodySHA256`` query parameter (hex SHA-256 of the raw body) with the
signature over the URL alone.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping, Sequence
from urllib.parse import ParseResult, parse_qs, urlparse

from saleor_conversational.channels.base import constant_time_equals

Params = Mapping[str, Sequence[str]]


def compute_signature(
    auth_token: str, url: str, params: Params, *, dedupe: bool = True
) -> str:
    data = url
    for name in sorted(set(params)):
        values = set(params[name]) if dedupe else params[name]
        for value in sorted(values):
            data += name + value
    mac = hmac.new(auth_token.encode("utf-8"), data.encode("utf-8"), hashlib.sha1)
    return base64.b64encode(mac.digest()).decode("ascii").strip()


def _with_port(uri: ParseResult) -> str:
    if uri.port:
        return uri.geturl()
    port = 443 if uri.scheme == "https" else 80
    return uri._replace(netloc=f"{uri.netloc}:{port}").geturl()


def _without_port(uri: ParseResult) -> str:
    if not uri.port:
        return uri.geturl()
    # The SDK keeps everything before the first ':' of the netloc.
    return uri._replace(netloc=uri.netloc.split(":")[0]).geturl()


def signed_url_variants(url: str) -> tuple[str, str]:
    """The URL without and with its port, as the SDK tries them (ValueError if unparsable)."""
    uri = urlparse(url)
    uri.port  # noqa: B018 - raises ValueError for an invalid port, like the SDK would
    return _without_port(uri), _with_port(uri)


def body_hash_in_url(url: str) -> str | None:
    try:
        values = parse_qs(urlparse(url).query).get("bodySHA256")
    except ValueError:  # an unparsable URL fails verification in is_valid
        return None
    return values[0] if values else None


def is_valid(
    auth_token: str, url: str, params: Params, signature: str, body: bytes = b""
) -> bool:
    """True if ``signature`` signs this request; ``params`` are ignored for JSON bodies."""
    if not signature or not auth_token:
        return False
    try:
        candidates = signed_url_variants(url)
    except ValueError:
        return False
    expected_hash = body_hash_in_url(url)
    if expected_hash is not None:
        if not constant_time_equals(hashlib.sha256(body).hexdigest(), expected_hash):
            return False
        params = {}
    # All are computed and compared, so timing does not reveal which form matched. A
    # repeated name=value pair is signed once by the SDK's form and twice by the plain one.
    matches = [
        constant_time_equals(
            compute_signature(auth_token, u, params, dedupe=d), signature
        )
        for u in candidates
        for d in (True, False)
    ]
    return any(matches)
