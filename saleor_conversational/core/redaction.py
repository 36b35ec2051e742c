"""Secrets never reach logs, Sentry events, breadcrumbs or spans.

Two ways a secret is recognised: by the name of the key that holds it (the credential
fields of every messaging channel and payment provider, beside Saleor's own denylist),
and by value: every value the plugin decrypts is remembered in this process, so it is
taken out wherever it turns up (an exception message, a frame's locals, a URL). Telegram
puts its bot token in the URL path, which a pattern catches even before any decryption.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from typing import Any

FILTERED = "[Filtered]"

SECRET_KEY_NAMES = frozenset(
    {
        "access_token",
        "api_key",
        "apikey",
        "app_secret",
        "auth_token",
        "authorization",
        "bot_token",
        "client_secret",
        "page_access_token",
        "password",
        "private_key",
        "secret",
        "secret_key",
        "secret_token",
        "session_secret",
        "signing_secret",
        "token",
        "verify_token",
        "webhook_secret",
    }
)

_BOT_TOKEN = re.compile(r"/bot\d+:[A-Za-z0-9_-]+")
_MIN_SECRET_LENGTH = 6  # shorter values would take out ordinary words
_MAX_REMEMBERED = 10_000

_lock = threading.Lock()
_values: set[str] = set()
_pattern: re.Pattern[str] | None = None


def remember(values: Iterable[Any]) -> None:
    """Values just decrypted: redact them from now on in this process."""
    global _pattern
    new = {
        v
        for v in values
        if isinstance(v, str) and len(v) >= _MIN_SECRET_LENGTH and v not in _values
    }
    if not new:
        return
    with _lock:
        if len(_values) + len(new) > _MAX_REMEMBERED:
            _values.clear()  # bounded; the key names and the URL pattern still hold
        _values.update(new)
        # Longest first, so a secret containing another is taken out whole.
        ordered = sorted(_values, key=len, reverse=True)
        _pattern = re.compile("|".join(re.escape(v) for v in ordered))


def redact_text(text: str) -> str:
    text = _BOT_TOKEN.sub("/bot" + FILTERED, text)
    pattern = _pattern
    return pattern.sub(FILTERED, text) if pattern is not None else text


def is_secret_key(key: Any) -> bool:
    return isinstance(key, str) and key.lower().replace("-", "_") in SECRET_KEY_NAMES


def redact(value: Any, _depth: int = 0) -> Any:
    """A copy of ``value`` (dicts, lists, strings, nested) with every secret taken out."""
    if _depth > 50:
        return value
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {
            key: FILTERED if is_secret_key(key) else redact(item, _depth + 1)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return type(value)(redact(item, _depth + 1) for item in value)
    return value


class RedactingFilter(logging.Filter):
    """On a handler: the record's message, arguments and traceback text, redacted."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to the handler
            return True
        record.msg, record.args = redact_text(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_text(record.exc_text)
        return True


def install_logging_filter() -> None:
    """Add the filter to every handler configured now (Saleor's LOGGING is applied
    before the apps are ready). Idempotent."""
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    for logger in loggers:
        for handler in logger.handlers:
            if not any(isinstance(f, RedactingFilter) for f in handler.filters):
                handler.addFilter(RedactingFilter())


def _chain(previous, hook):
    if previous is None:
        return hook
    if getattr(previous, "_conversational_redaction", False):
        return previous

    def chained(item, hint):
        item = previous(item, hint)
        return hook(item, hint) if item is not None else None

    chained._conversational_redaction = True  # type: ignore[attr-defined]
    return chained


def _redact_event(event, hint):
    return redact(event)


_redact_event._conversational_redaction = True  # type: ignore[attr-defined]


def install_sentry_redaction() -> bool:
    """When Sentry is on (Saleor inits it from ``SENTRY_DSN`` in its settings): add the
    key names to Saleor's event scrubber, and redact every event, transaction (span
    descriptions and data) and breadcrumb by name and by value. Idempotent."""
    try:
        import sentry_sdk
    except ImportError:
        return False
    client = sentry_sdk.get_client()
    if not client.is_active():
        return False
    options = client.options
    scrubber = options.get("event_scrubber")
    if scrubber is not None and hasattr(scrubber, "denylist"):
        missing = [k for k in sorted(SECRET_KEY_NAMES) if k not in scrubber.denylist]
        scrubber.denylist.extend(missing)
    for name in ("before_send", "before_send_transaction", "before_breadcrumb"):
        options[name] = _chain(options.get(name), _redact_event)
    return True
