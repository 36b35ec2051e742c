"""Encryption at rest for credentials and other secrets the plugin stores, and keyed
digests.

Values are encrypted with the first key of ``CONVERSATIONAL_ENCRYPTION_KEYS``
(comma-separated Fernet keys, newest first) or, when that is unset, with a key derived
from Django's ``SECRET_KEY``. Every other key only decrypts: the rest of
``CONVERSATIONAL_ENCRYPTION_KEYS``, then the ``SECRET_KEY``-derived key (so setting the
variable for the first time strands nothing), then keys derived from
``SECRET_KEY_FALLBACKS`` (so rotating ``SECRET_KEY`` the way Django documents strands
nothing either). ``manage.py conversational_rotate_keys`` re-encrypts everything with the
current key, after which the old keys can go. Decrypted values live only in memory and
are never logged.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

from saleor_conversational.core import redaction


def _derived_key(secret_key: str) -> str:
    digest = hashlib.sha256(b"saleor-conversational:" + secret_key.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def keys() -> list[str]:
    """Every key, the one that encrypts first; the rest only decrypt."""
    configured = os.environ.get("CONVERSATIONAL_ENCRYPTION_KEYS") or getattr(
        settings, "CONVERSATIONAL_ENCRYPTION_KEYS", ""
    )
    found = [k.strip() for k in configured.split(",") if k.strip()]
    fallbacks = getattr(settings, "SECRET_KEY_FALLBACKS", None) or []
    for secret in [settings.SECRET_KEY, *fallbacks]:
        if secret and (key := _derived_key(secret)) not in found:
            found.append(key)
    return found


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(k) for k in keys()])


class DecryptionError(Exception):
    pass


def encrypt_json(data: dict[str, str]) -> str:
    return _fernet().encrypt(json.dumps(data, sort_keys=True).encode()).decode()


def decrypt_json(token: str) -> dict[str, str]:
    if not token:
        return {}
    try:
        values = json.loads(_fernet().decrypt(token.encode()))
    except (InvalidToken, ValueError):
        raise DecryptionError(
            "credentials cannot be decrypted: the encryption key changed"
        ) from None
    if isinstance(values, dict):
        redaction.remember(values.values())
    return values


def key_position(token: str) -> int | None:
    """Which key decrypts ``token``: 0 is the current key, more is a decrypt-only key,
    None is none of them."""
    for position, key in enumerate(keys()):
        try:
            Fernet(key).decrypt(token.encode())
        except (InvalidToken, ValueError):
            continue
        return position
    return None


def reencrypt(token: str) -> str:
    """``token`` encrypted with the current key (DecryptionError when no key opens it)."""
    try:
        return _fernet().rotate(token.encode()).decode()
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
