"""Encryption at rest for messaging channel credentials, and keyed digests.

Keys come from ``CONVERSATIONAL_ENCRYPTION_KEYS`` (comma-separated Fernet keys, newest
first, so keys can be rotated) or, when unset, one key derived from Django's
``SECRET_KEY``. Decrypted values live only in memory and are never logged.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


def _fernet() -> MultiFernet:
    configured = os.environ.get("CONVERSATIONAL_ENCRYPTION_KEYS") or getattr(
        settings, "CONVERSATIONAL_ENCRYPTION_KEYS", ""
    )
    keys = [k.strip() for k in configured.split(",") if k.strip()]
    if not keys:
        digest = hashlib.sha256(
            b"saleor-conversational:" + settings.SECRET_KEY.encode()
        ).digest()
        keys = [base64.urlsafe_b64encode(digest).decode()]
    return MultiFernet([Fernet(k) for k in keys])


class DecryptionError(Exception):
    pass


def encrypt_json(data: dict[str, str]) -> str:
    return _fernet().encrypt(json.dumps(data, sort_keys=True).encode()).decode()


def decrypt_json(token: str) -> dict[str, str]:
    if not token:
        return {}
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except (InvalidToken, ValueError):
        raise DecryptionError(
            "credentials cannot be decrypted: the encryption key changed"
        ) from None


def keyed_digest(value: str) -> str:
    """HMAC-SHA256 of ``value`` (hex) under a key derived from ``SECRET_KEY``: the same
    value gives the same digest in every process, and a digest of a short identifier (a
    Telegram chat id) cannot be reversed by trying them all without the key."""
    key = hashlib.sha256(
        b"saleor-conversational:digest:" + settings.SECRET_KEY.encode()
    ).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
