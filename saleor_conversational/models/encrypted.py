"""Model attributes kept encrypted at rest in a text column."""

from __future__ import annotations

from typing import Any

from saleor_conversational.core.crypto import decrypt_json, encrypt_json, key_position


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


def encrypted_columns() -> list[tuple[type, str]]:
    """Every (model, column) of the plugin that holds an ``EncryptedJSON`` value."""
    from django.apps import apps

    found = []
    for model in apps.get_app_config("saleor_conversational").get_models():
        columns = {
            attribute.column
            for klass in model.__mro__
            for attribute in vars(klass).values()
            if isinstance(attribute, EncryptedJSON)
        }
        found.extend((model, column) for column in sorted(columns))
    return found


def stored_values(model: type, column: str):
    """``(pk, encrypted value)`` of every row where ``column`` is set."""
    return (
        model.objects.exclude(**{column: ""})
        .values_list("pk", column)
        .order_by("pk")
        .iterator()
    )


def key_positions() -> dict[str, dict[int | None, int]]:
    """Per ``model.column``: how many stored values each key opens (0 is the current
    key, None is no key)."""
    report: dict[str, dict[int | None, int]] = {}
    for model, column in encrypted_columns():
        counts: dict[int | None, int] = {}
        for _pk, value in stored_values(model, column):
            position = key_position(value)
            counts[position] = counts.get(position, 0) + 1
        report[f"{model.__name__}.{column}"] = counts
    return report
