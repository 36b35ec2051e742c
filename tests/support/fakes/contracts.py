"""Read the providers' published contracts from ../shared/contracts/ at test time."""

from __future__ import annotations

import functools
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

CONTRACTS_DIR = Path(
    os.environ.get(
        "CONVERSATIONAL_CONTRACTS_DIR",
        Path(__file__).resolve().parents[4] / "shared" / "contracts",
    )
)


def contract_path(filename: str) -> Path:
    path = CONTRACTS_DIR / filename
    if not path.exists():
        pytest.skip(
            f"provider contract {filename} not found in {CONTRACTS_DIR}: set "
            "CONVERSATIONAL_CONTRACTS_DIR to the shared/contracts folder"
        )
    return path


@functools.cache
def load_contract(filename: str) -> Any:
    path = contract_path(filename)
    if filename.endswith((".yaml", ".yml")):
        import yaml

        with path.open() as f:
            return yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    with path.open() as f:
        return json.load(f)


class OpenAPIContract:
    """Request-body validation against one OpenAPI 3 document with jsonschema."""

    def __init__(self, filename: str) -> None:
        from jsonschema import Draft7Validator
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT7

        self.spec = load_contract(filename)
        self._registry = Registry().with_resource(
            "urn:contract", Resource(contents=self.spec, specification=DRAFT7)
        )
        self._validator_cls = Draft7Validator
        self._paths = [
            (re.compile("^" + re.sub(r"\{[^}]+\}", r"[^/]+", template) + "$"), template)
            for template in self.spec.get("paths", {})
        ]

    def operation(self, method: str, path: str) -> tuple[str, dict] | None:
        for regex, template in self._paths:
            if regex.match(path):
                op = self.spec["paths"][template].get(method.lower())
                if op is not None:
                    return template, op
        return None

    def resolve(self, node: Any) -> Any:
        while isinstance(node, dict) and "$ref" in node:
            node = self._pointer(node["$ref"])
        return node

    def _pointer(self, ref: str) -> Any:
        node: Any = self.spec
        for part in ref.lstrip("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def body_schema(self, op: dict, content_type: str) -> dict | None:
        body = self.resolve(op.get("requestBody") or {})
        content = body.get("content", {})
        media = content.get(content_type) or next(iter(content.values()), None)
        return None if media is None else media.get("schema")

    def validate(self, schema: dict, instance: Any) -> list[str]:
        validator = self._validator_cls(self._rebase(schema), registry=self._registry)
        return [
            f"{'/'.join(map(str, e.absolute_path)) or '<body>'}: {e.message}"
            for e in validator.iter_errors(instance)
        ]

    def _rebase(self, node: Any) -> Any:
        """Point local refs at the registered document."""
        if isinstance(node, dict):
            return {
                k: (
                    "urn:contract" + v
                    if k == "$ref" and v.startswith("#")
                    else self._rebase(v)
                )
                for k, v in node.items()
            }
        if isinstance(node, list):
            return [self._rebase(v) for v in node]
        return node
