"""Model attributes kept encrypted at rest in a text column."""

from __future__ import annotations

from typing import Any

from saleor_conversational.core.crypto import decrypt_json, encrypt_json


class EncryptedJSON:
    """Reads decrypt ``column``, assignments encrypt into it.

    Without ``key`` the attribute is the whole stored object (a dict of secrets); with
    ``key`` it is that one value of it (a token), ``""`` when absent.
    """

    def __init__(self, column: str, key: str | None = None) -> None:
        self.column = column
        self.key = key

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        values = decrypt_json(getattr(obj, self.column))
        return values if self.key is None else values.get(self.key, "")

    def __set__(self, obj: Any, value: Any) -> None:
        data = value if self.key is None else {self.key: value}
        setattr(obj, self.column, encrypt_json(data))
