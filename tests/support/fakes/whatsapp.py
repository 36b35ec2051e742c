"""A fake WhatsApp Cloud API checked against Meta's published OpenAPI contract (v23.0).

``check`` validates every request with the contract's own schemas: the ``Message``
union is dispatched on its ``type`` discriminator (OpenAPI discriminators are not
JSON Schema, and the variants overlap, so plain ``oneOf`` would be wrong), ``allOf``
parts are merged so their ``additionalProperties: false`` applies to the whole
object, and a few checks the schema only states in prose are added (see
``_semantic``). Where the contract contradicts its own examples or Meta's message
docs, ``_patch`` corrects it and says why; tests prove the checker accepts the
contract's examples and refuses bodies Meta refuses.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
import re
import uuid
from typing import Any

from tests.support.fakes.contracts import OpenAPIContract, load_contract
from tests.support.fakes.server import Answer, FakeProvider, Recorded

CONTRACT_FILE = "whatsapp-cloud-api-v23.0.yaml"
MESSAGES = "/{Version}/{Phone-Number-ID}/messages"
PHONE_NUMBER = "/{Version}/{Phone-Number-ID}"
_ROUTES = [
    (re.compile(r"^/([^/]+)/([^/]+)/messages$"), MESSAGES),
    (re.compile(r"^/([^/]+)/([^/]+)$"), PHONE_NUMBER),
]

# Documented in messaging-channels.md (Meta "Interactive CTA URL button messages"),
# missing from the v23.0 contract's InteractiveObject/ActionObject.
CTA_URL_ACTION = {
    "required": ["name", "parameters"],
    "properties": {
        "name": {"type": "string", "enum": ["cta_url"]},
        "parameters": {
            "type": "object",
            "additionalProperties": False,
            "required": ["display_text", "url"],
            "properties": {
                "display_text": {"type": "string", "minLength": 1, "maxLength": 20},
                "url": {"type": "string", "pattern": "^https?://"},
            },
        },
    },
}

# Read receipt / typing indicator: only the contract's named example
# "Send typing indicator and read receipt" describes this body.
READ_RECEIPT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["messaging_product", "status", "message_id"],
    "properties": {
        "messaging_product": {"enum": ["whatsapp"]},
        "status": {"enum": ["read"]},
        "message_id": {"type": "string", "minLength": 1},
        "typing_indicator": {
            "type": "object",
            "additionalProperties": False,
            "required": ["type"],
            "properties": {"type": {"enum": ["text"]}},
        },
    },
}


def _patch(schemas: dict[str, Any]) -> None:
    # "Position index of the button (0-9)": the pattern ^[2-6, 11-14]$ refuses the
    # contract's own examples (index "0", "1").
    schemas["TemplateComponent"]["properties"]["index"]["pattern"] = "^[0-9]$"
    schemas["ButtonComponent"]["allOf"][1]["properties"]["index"]["pattern"] = "^[0-9]$"
    # Every template example sends language {code} without the "required" policy.
    schemas["LanguageObject"]["required"] = ["code"]
    schemas["InteractiveObject"]["properties"]["type"]["enum"].append("cta_url")
    variants = schemas["ActionObject"]["oneOf"]
    variants.append(CTA_URL_ACTION)
    # ActionObject's variants are told apart by the interactive type (its prose says
    # "structure varies by interactive message type"); the bare oneOf lets a
    # list-shaped action through on a button message.
    by_type = {
        "list": 0,
        "button": 1,
        "product": 2,
        "product_list": 2,
        "catalog_message": 3,
        "flow": 4,
        "call_permission_request": 5,
        "cta_url": 6,
    }
    schemas["InteractiveObject"]["allOf"] = [
        {
            "if": {"required": ["type"], "properties": {"type": {"const": kind}}},
            "then": {"properties": {"action": {"type": "object", **variants[index]}}},
        }
        for kind, index in by_type.items()
    ]
    # Prose says "always whatsapp"; text.body is what Meta's error 100 asks for.
    schemas["BaseMessageProperties"]["properties"]["messaging_product"]["enum"] = [
        "whatsapp"
    ]
    schemas["TextMessage"]["allOf"][1]["properties"]["text"]["required"] = ["body"]
    # Every other message variant is closed; Graph refuses unknown parameters.
    schemas["TemplateMessage"]["allOf"][1]["additionalProperties"] = False


class Schemas:
    """The contract's component schemas, inlined into plain JSON Schema."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.components = copy.deepcopy(spec["components"]["schemas"])
        _patch(self.components)

    def get(self, name: str) -> dict[str, Any]:
        return self.inline({"$ref": f"#/components/schemas/{name}"})

    def inline(self, node: Any, strip: bool = False, depth: int = 0) -> Any:
        if depth > 40:
            raise RecursionError("contract schema is recursive")
        if isinstance(node, list):
            return [self.inline(n, depth=depth + 1) for n in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            return self.inline(
                self.components[node["$ref"].rsplit("/", 1)[-1]], strip, depth + 1
            )
        if "allOf" in node:
            rest = {k: v for k, v in node.items() if k != "allOf"}
            parts = [self.inline(p, strip=True, depth=depth + 1) for p in node["allOf"]]
            return _merge([*parts, self.inline(rest, strip, depth + 1)])
        if "discriminator" in node and not strip:
            return self._dispatch(node, depth)
        out = {}
        for key, value in node.items():
            if key in ("discriminator", "example", "examples", "description"):
                continue
            if key == "properties":
                out[key] = {
                    k: self.inline(v, depth=depth + 1) for k, v in value.items()
                }
            elif key in (
                "items",
                "not",
                "additionalProperties",
                "oneOf",
                "anyOf",
                "if",
                "then",
            ):
                out[key] = self.inline(value, depth=depth + 1)
            else:
                out[key] = value
        if strip and "discriminator" in node:
            out.pop(
                "oneOf", None
            )  # the union itself; the caller is one of its variants
        return out

    def _dispatch(self, node: dict[str, Any], depth: int) -> dict[str, Any]:
        prop = node["discriminator"]["propertyName"]
        mapping = node["discriminator"]["mapping"]
        return {
            "type": "object",
            "required": [prop],
            "properties": {prop: {"enum": sorted(mapping)}},
            "allOf": [
                {
                    "if": {"required": [prop], "properties": {prop: {"const": key}}},
                    "then": self.inline({"$ref": ref}, depth=depth + 1),
                }
                for key, ref in mapping.items()
            ],
        }


def _merge(parts: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"properties": {}, "required": []}
    extras: list[dict[str, Any]] = []
    closed = False
    for part in parts:
        rest = {}
        for key, value in part.items():
            if key == "properties":
                for name, sub in value.items():
                    known = out["properties"].get(name)
                    out["properties"][name] = {"allOf": [known, sub]} if known else sub
            elif key == "required":
                out["required"] += [r for r in value if r not in out["required"]]
            elif key == "additionalProperties" and value is False:
                closed = True
            elif key == "type":
                out["type"] = value
            else:
                rest[key] = value  # if/then stay together
        if rest:
            extras.append(rest)
    if closed:
        out["additionalProperties"] = False
    if extras:
        out["allOf"] = extras
    return out


def validate(schema: dict[str, Any], instance: Any) -> list[str]:
    """Violations; for a failed union, the most specific reason inside it."""
    from jsonschema import Draft7Validator
    from jsonschema.exceptions import best_match

    problems = []
    for error in Draft7Validator(schema).iter_errors(instance):
        if error.context:
            error = best_match(error.context, key=lambda e: -len(e.absolute_path))
        path = "/".join(map(str, error.absolute_path)) or "<body>"
        problems.append(f"{path}: {error.message}")
    return problems


def _semantic(body: dict[str, Any]) -> list[str]:
    """Limits Meta's docs state that the schema cannot express."""
    problems = []
    kind = body.get("type")
    if kind == "text":
        text = body.get("text", {}).get("body", "")
        if not isinstance(text, str) or not text.strip() or len(text) > 4096:
            problems.append("text.body must be 1 to 4096 characters")
    if kind == "image":
        link = body.get("image", {}).get("link")
        if link is not None and not re.match(r"^https?://", str(link)):
            problems.append("image.link must be an http(s) URL")
    if kind == "template":
        indexes = [
            c.get("index")
            for c in body["template"].get("components", [])
            if isinstance(c, dict) and c.get("type") == "button"
        ]
        if len(indexes) != len(set(map(str, indexes))):
            problems.append("template button indexes must be unique")
        # A template body is at most 1024 characters once its parameters are filled
        # in (error 132005); the fake knows no template text, so counts the parameters.
        filled = sum(
            len(p.get("text", ""))
            for c in body["template"].get("components", [])
            if isinstance(c, dict) and c.get("type") == "body"
            for p in c.get("parameters", [])
            if isinstance(p, dict) and isinstance(p.get("text", ""), str)
        )
        if filled > 1024:
            problems.append(
                f"template body parameters are {filled} characters; the filled-in "
                "body may be at most 1024 (132005)"
            )
    if kind == "interactive" and isinstance(body.get("interactive"), dict):
        problems += _semantic_interactive(body["interactive"])
    return problems


def _semantic_interactive(interactive: dict[str, Any]) -> list[str]:
    problems = []
    kind = interactive.get("type")
    action = (
        interactive.get("action") if isinstance(interactive.get("action"), dict) else {}
    )
    sections = (
        action.get("sections") if isinstance(action.get("sections"), list) else []
    )
    if kind != "product" and "body" not in interactive:
        problems.append(f"interactive {kind} needs a body")
    if kind == "button":
        buttons = [
            b.get("reply", {})
            for b in action.get("buttons") or []
            if isinstance(b, dict)
        ]
        titles, ids = [b.get("title") for b in buttons], [b.get("id") for b in buttons]
        if "buttons" not in action:
            problems.append("button action needs buttons")
        if len(set(titles)) != len(titles) or len(set(ids)) != len(ids):
            problems.append("reply button ids and titles must be unique")
        if any(not t for t in titles):
            problems.append("reply button titles cannot be empty")
    if kind == "list":
        rows = [r for s in sections if isinstance(s, dict) for r in s.get("rows") or []]
        if "button" not in action or not 1 <= len(rows) <= 10:
            problems.append("a list needs a button label and 1 to 10 rows in total")
        if len({r.get("id") for r in rows if isinstance(r, dict)}) != len(rows):
            problems.append("list row ids must be unique")
        if any("product_items" in s for s in sections if isinstance(s, dict)):
            problems.append("list sections hold rows, not product_items")
    if kind == "product":
        if "header" in interactive or not action.get("product_retailer_id"):
            problems.append(
                "a single product message has no header and needs product_retailer_id"
            )
    if kind == "product_list":
        items = [
            i
            for s in sections
            if isinstance(s, dict)
            for i in s.get("product_items") or []
        ]
        header = (
            interactive.get("header")
            if isinstance(interactive.get("header"), dict)
            else {}
        )
        if header.get("type") != "text" or not header.get("text"):
            problems.append("a multi-product message needs a text header")
        if not sections or not 1 <= len(items) <= 30:
            problems.append("a multi-product message holds 1 to 30 products")
    if kind == "cta_url" and action.get("name") != "cta_url":
        problems.append("a cta_url message needs action.name cta_url")
    if (
        kind in ("list", "product_list")
        and len(sections) > 1
        and not all(isinstance(s, dict) and s.get("title") for s in sections)
    ):
        problems.append("every section needs a title when there are several")
    return problems


def graph_error(
    code: int,
    message: str,
    status: int = 400,
    *,
    subcode: int | None = None,
    details: str = "",
    transient: bool | None = None,
    headers: dict[str, str] | None = None,
) -> Answer:
    """Meta's Graph API error shape."""
    error: dict[str, Any] = {
        "message": message,
        "type": "OAuthException",
        "code": code,
        "fbtrace_id": "AXsgnV2Cm3ZMGF3dF_cfYIn",
    }
    if subcode is not None:
        error["error_subcode"] = subcode
    if details:
        error["error_data"] = {"messaging_product": "whatsapp", "details": details}
    if transient is not None:
        error["is_transient"] = transient
    return Answer(status, {"error": error}, headers=headers or {})


class WhatsAppFake(FakeProvider):
    name = "whatsapp"

    def __init__(
        self, phone_number_id: str, access_token: str, api_version: str = "v23.0"
    ):
        super().__init__()
        self.phone_number_id = phone_number_id
        self.access_token = access_token
        self.api_version = api_version
        self.quality_rating = "GREEN"
        self.contract = OpenAPIContract(CONTRACT_FILE)
        self.schemas = Schemas(self.contract.spec)
        self.message_schema = self.schemas.get("Message")
        self.phone_update_schema = self.schemas.get("PhoneNumberStatusUpdateRequest")
        self.phone_info_fields = set(self.schemas.get("PhoneNumberInfo")["properties"])
        self._auth = re.compile(
            self._parameter(MESSAGES, "post", "Authorization")["schema"]["pattern"]
        )

    def _parameter(self, template: str, method: str, name: str) -> dict[str, Any]:
        op = self.contract.spec["paths"][template][method]
        for param in op.get("parameters", []):
            param = self.contract.resolve(param)
            if param["name"] == name:
                return param
        raise KeyError(name)

    # -- contract ------------------------------------------------------------------
    def route(self, request: Recorded) -> tuple[str, str, str] | None:
        for regex, template in _ROUTES:
            match = regex.match(request.path)
            if (
                match
                and request.method.lower() in self.contract.spec["paths"][template]
            ):
                return template, match.group(1), match.group(2)
        return None

    def check(self, request: Recorded) -> list[str]:
        routed = self.route(request)
        if routed is None:
            return [f"no operation {request.method} {request.path} in the contract"]
        template, version, number = routed
        problems = []
        if not re.match(r"^v[0-9]+\.[0-9]+$", version) or not number.isdigit():
            problems.append("path needs /v<major>.<minor>/<numeric phone number id>")
        if not self._auth.match(request.headers.get("authorization", "")):
            problems.append("Authorization: Bearer <token> header is required")
        if request.method == "GET":
            return problems + self._check_get(request)
        if not request.headers.get("content-type", "").startswith("application/json"):
            problems.append("Content-Type must be application/json")
        try:
            body = request.json()
        except ValueError:
            return problems + ["body is not JSON"]
        if not isinstance(body, dict):
            return problems + ["body must be a JSON object"]
        if template == PHONE_NUMBER:
            unknown = set(body) - set(self.phone_update_schema["properties"])
            problems += [f"unknown parameter {k}" for k in sorted(unknown)]
            return problems + validate(self.phone_update_schema, body)
        if "status" in body:
            return problems + validate(READ_RECEIPT, body)
        errors = validate(self.message_schema, body)
        return problems + (errors or _semantic(body))

    def _check_get(self, request: Recorded) -> list[str]:
        problems = [
            f"unknown query parameter {k}" for k in request.query if k != "fields"
        ]
        for value in request.query.get("fields", []):
            unknown = set(value.split(",")) - self.phone_info_fields
            problems += [f"unknown field {f}" for f in sorted(unknown)]
        return problems

    def contract_error(self, request: Recorded, violations: list[str]) -> Answer:
        return graph_error(
            100, "(#100) Invalid parameter", details="; ".join(violations)
        )

    # -- answers -------------------------------------------------------------------
    def answer(self, request: Recorded) -> Answer:
        template, version, number = self.route(request)  # type: ignore[misc]
        token = request.headers["authorization"].split(None, 1)[1]
        if token != self.access_token:
            return graph_error(
                190,
                "Invalid OAuth access token - Cannot parse access token",
                status=401,
            )
        if number != self.phone_number_id:
            return graph_error(
                100,
                f"Unsupported post request. Object with ID '{number}' does not exist, "
                "cannot be loaded due to missing permissions, or does not support this operation.",
                subcode=33,
            )
        if template == PHONE_NUMBER and request.method == "GET":
            return Answer(
                200,
                {
                    "id": number,
                    "display_phone_number": "+1 555-555-5555",
                    "verified_name": "Jaspers Market",
                    "quality_rating": self.quality_rating,
                },
            )
        body = request.json()
        if template == PHONE_NUMBER or "status" in body:
            return Answer(200, {"success": True})
        wamid = "wamid." + base64.b64encode(uuid.uuid4().bytes * 2).decode()
        return Answer(
            200,
            {
                "messaging_product": "whatsapp",
                "contacts": [
                    {"input": body["to"], "wa_id": re.sub(r"\D", "", body["to"])}
                ],
                "messages": [{"id": wamid}],
            },
        )


# -- inbound fixtures ------------------------------------------------------------------
def contract_example(schema_name: str) -> dict[str, Any]:
    """The example webhook message Meta's contract gives for ``schema_name``."""
    schema = load_contract(CONTRACT_FILE)["components"]["schemas"][schema_name]
    for part in schema.get("allOf", [schema]):
        if "example" in part:
            return copy.deepcopy(part["example"])
    raise KeyError(f"{schema_name} has no example")


def envelope(
    phone_number_id: str,
    *,
    messages: list | None = None,
    statuses: list | None = None,
    contacts: list | None = None,
) -> dict[str, Any]:
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {
            "display_phone_number": "15550783881",
            "phone_number_id": phone_number_id,
        },
    }
    if messages is not None:
        value["contacts"] = (
            contacts
            if contacts is not None
            else [
                {"profile": {"name": "Sheena Nelson"}, "wa_id": m.get("from", "")}
                for m in messages
            ]
        )
        value["messages"] = messages
    if statuses is not None:
        value["statuses"] = statuses
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "102290129340398",
                "changes": [{"field": "messages", "value": value}],
            }
        ],
    }


def status_object(
    message_id: str,
    status: str,
    recipient: str = "16505551234",
    error: dict | None = None,
) -> dict[str, Any]:
    """A ``statuses[]`` entry with the contract's ``Statuses`` fields."""
    item: dict[str, Any] = {
        "id": message_id,
        "status": status,
        "timestamp": "1750263773",
        "recipient_id": recipient,
    }
    if status != "failed":
        item["pricing"] = {
            "billable": True,
            "pricing_model": "PMP",
            "category": "utility",
        }
    if error is not None:
        item["errors"] = [error]
    return item


def sign(body: bytes, app_secret: str) -> str:
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def dumps(payload: Any) -> bytes:
    # Meta escapes non-ASCII (\u00e4) and signs exactly those bytes.
    return json.dumps(payload, separators=(",", ":")).encode()
