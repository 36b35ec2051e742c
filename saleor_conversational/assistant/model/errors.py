"""The errors of a model call: each way a call can fail is one ``ModelError`` subclass.

The client and the tool loop raise only these, so a caller catches ``ModelError`` and
falls back to the built-in assistant; the subclasses say why (timeout, server down or
rate limiting, request refused, no tool calling, unusable answer, budget spent) and
carry the server's status, error code and Retry-After where it gave them. They pickle
with those fields, for Celery results and multiprocessing.
"""

from __future__ import annotations

from typing import Any


class ModelError(Exception):
    """The model gave no usable answer: fall back to the built-in assistant."""

    def __init__(
        self, message: str, *, status: int | None = None, code: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status  # the server's HTTP status, when it answered
        self.code = code  # the server's error code, when it gave one

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only fields survive pickling (Celery results, multiprocessing).
        return _restore_error, (type(self), self.args, self.__dict__)


def _restore_error(
    cls: type[ModelError], args: tuple[Any, ...], state: dict[str, Any]
) -> ModelError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class ModelTimeout(ModelError):
    """No complete answer within the timeout."""


class ModelUnavailable(ModelError):
    """The server could not be reached, failed (5xx) or is rate limiting (429)."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, status=status, code=code)
        self.retry_after = retry_after  # seconds, from Retry-After / retry-after-ms


class ModelRejected(ModelError):
    """The server refused the request (4xx): bad key, unknown model, invalid request."""


class ToolsUnsupported(ModelError):
    """The server or model does not do tool calling."""


class ModelResponseInvalid(ModelError):
    """The server answered 2xx with something that is not a usable completion."""


class BudgetExhausted(ModelError):
    """The turn would use more tokens than its budget, or more rounds than allowed."""

    def __init__(self, message: str, *, used: int, budget: int, rounds: int) -> None:
        super().__init__(message)
        self.used = used
        self.budget = budget
        self.rounds = rounds
