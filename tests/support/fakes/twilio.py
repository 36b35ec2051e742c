"""A fake Twilio REST API (2010-04-01) checked against Twilio's own OpenAPI contract.

Every request must match an operation of ``twilio-api-v2010.json`` (path and method),
carry HTTP Basic auth with this fake's Account SID and Auth Token, and, for a message
create, send form params that validate against the operation's request schema: no
unknown params, right types, ``To`` present, and the ``x-twilio.conditional`` groups
(From or MessagingServiceSid; Body, MediaUrl or ContentSid). Answers use the
contract's own response examples; errors use Twilio's {code, message, more_info, status}.
Also here: inbound webhook builders signed as Twilio signs them, written independently
of the adapter's validator.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import re
from urllib.parse import parse_qsl, urlencode

from tests.support.fakes.contracts import OpenAPIContract
from tests.support.fakes.server import Answer, FakeProvider, Recorded

CONTRACT = "twilio-api-v2010.json"
ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "f" * 31 + "0"
PHONE = re.compile(r"^(whatsapp:)?\+[1-9][0-9]{6,14}$")
URL = re.compile(r"^https?://[^\s/]+(/\S*)?$")


def twilio_error(status: int, code: int, message: str) -> Answer:
    return Answer(
        status,
        {
            "code": code,
            "message": message,
            "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": status,
        },
    )


def sign(auth_token: str, url: str, params: list[tuple[str, str]]) -> str:
    """X-Twilio-Signature as Twilio's servers compute it (URL + sorted name/value pairs)."""
    data = url + "".join(name + value for name, value in sorted(params))
    digest = hmac.new(auth_token.encode(), data.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def body_sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


class FakeTwilio(FakeProvider):
    name = "twilio"

    def __init__(
        self, account_sid: str = ACCOUNT_SID, auth_token: str = AUTH_TOKEN
    ) -> None:
        super().__init__()
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.account_status = "active"
        self.contract = OpenAPIContract(CONTRACT)
        self._ids = itertools.count(1)

    # -- contract -------------------------------------------------------------------
    def check(self, request: Recorded) -> list[str]:
        found = self.contract.operation(request.method, request.path)
        if found is None:
            return [f"no {request.method} operation for this path in the Twilio API"]
        template, op = found
        problems = self._check_auth(request)
        problems += self._check_path_params(template, op, request.path)
        if op.get("requestBody"):
            problems += self._check_form(op, request)
        elif request.body:
            problems.append("this operation takes no request body")
        return problems

    def _check_auth(self, request: Recorded) -> list[str]:
        scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "basic":
            return ["no HTTP Basic authorization (AccountSid:AuthToken)"]
        try:
            user, _, password = (
                base64.b64decode(encoded, validate=True).decode().partition(":")
            )
        except (ValueError, UnicodeDecodeError):
            return ["unreadable Basic authorization"]
        if (user, password) != (self.account_sid, self.auth_token):
            return [
                "Basic authorization does not match the account's SID and Auth Token"
            ]
        if f"/Accounts/{user}" not in request.path:
            return ["the path's account is not the authenticated account"]
        return []

    def _check_path_params(self, template: str, op: dict, path: str) -> list[str]:
        names = re.findall(r"\{([^}]+)\}", template)
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "([^/]+)", re.escape(template)) + "$"
        values = dict(zip(names, re.match(pattern, path).groups(), strict=False))
        problems = []
        for param in op.get("parameters", []):
            param = self.contract.resolve(param)
            if param.get("in") == "path" and param["name"] in values:
                problems += [
                    f"path {param['name']}: {p}"
                    for p in self.contract.validate(
                        param["schema"], values[param["name"]]
                    )
                ]
        return problems

    def _check_form(self, op: dict, request: Recorded) -> list[str]:
        ctype = request.headers.get("content-type", "").split(";")[0].strip()
        if ctype != "application/x-www-form-urlencoded":
            return [f"body must be form-encoded, not {ctype or 'untyped'}"]
        schema = self.contract.body_schema(op, ctype)
        properties = schema.get("properties", {})
        try:
            pairs = parse_qsl(
                request.body.decode(), keep_blank_values=True, strict_parsing=True
            )
        except (ValueError, UnicodeDecodeError) as exc:
            return [f"unreadable form body: {exc}"]
        problems: list[str] = []
        form: dict[str, object] = {}
        for name, value in pairs:
            prop = self.contract.resolve(properties.get(name, {}))
            if prop.get("type") == "array":
                form.setdefault(name, []).append(value)  # type: ignore[union-attr]
            elif name in form:
                problems.append(f"{name} given more than once")
            else:
                form[name] = _typed(value, prop.get("type"))
        strict = {**schema, "additionalProperties": False}
        problems += self.contract.validate(strict, form)
        for group in op.get("x-twilio", {}).get("conditional", []):
            names = ["".join(part.capitalize() for part in g.split("_")) for g in group]
            if not any(form.get(n) for n in names):
                problems.append("one of " + ", ".join(names) + " is required")
        problems += _documented_limits(form)
        return problems

    # -- answers --------------------------------------------------------------------
    def answer(self, request: Recorded) -> Answer:
        found = self.contract.operation(request.method, request.path)
        template, op = found  # type: ignore[misc]
        status = next(iter(op["responses"]))
        example = dict(
            next(
                iter(
                    op["responses"][status]["content"]["application/json"][
                        "examples"
                    ].values()
                )
            )["value"]
        )
        if template.endswith("/Messages.json") and request.method == "POST":
            form = dict(parse_qsl(request.body.decode(), keep_blank_values=True))
            sid = ("MM" if "MediaUrl" in form else "SM") + f"{next(self._ids):032x}"
            example.update(
                account_sid=self.account_sid,
                sid=sid,
                to=form["To"],
                body=form.get("Body", ""),
                status="queued",
                messaging_service_sid=form.get("MessagingServiceSid"),
                num_media=str(request.body.count(b"MediaUrl=")),
            )
            example["from"] = form.get("From")
        elif template == "/2010-04-01/Accounts/{Sid}.json":
            example.update(
                sid=self.account_sid,
                owner_account_sid=self.account_sid,
                status=self.account_status,
            )
        return Answer(int(status), example)

    def contract_error(self, request: Recorded, violations: list[str]) -> Answer:
        text = "; ".join(violations)
        if "authorization" in text:
            return twilio_error(401, 20003, "Authenticate")
        if "no " in text and "operation" in text:
            return twilio_error(404, 20404, "The requested resource was not found")
        return twilio_error(400, 21604 if "To" in text else 20001, text)

    def messages(self) -> list[dict[str, list[str]]]:
        return [r.form() for r in self.sent()]


def _typed(value: str, kind: str | None) -> object:
    """A form value as the JSON type its schema declares (left a string if it isn't one)."""
    try:
        if kind == "integer":
            return int(value)
        if kind == "number":
            return float(value)
    except ValueError:
        return value
    if kind == "boolean" and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


def _documented_limits(form: dict) -> list[str]:
    """Rules stated in the contract's descriptions and Twilio's error docs."""
    problems = []
    for name in ("To", "From"):
        if name in form and not PHONE.match(str(form[name])):
            problems.append(
                f"{name} {form[name]!r} is not an E.164 number or whatsapp: address"
            )
    if (
        "To" in form
        and "From" in form
        and (
            str(form["To"]).startswith("whatsapp:")
            != str(form["From"]).startswith("whatsapp:")
        )
    ):
        problems.append("To and From are on different channels")
    if len(str(form.get("Body", ""))) > 1600:
        problems.append("Body is longer than 1600 characters (21617)")
    media = form.get("MediaUrl", [])
    if len(media) > 10:
        problems.append("more than 10 MediaUrl")
    problems += [
        f"MediaUrl {u!r} is not an absolute URL" for u in media if not URL.match(u)
    ]
    if "StatusCallback" in form and not URL.match(str(form["StatusCallback"])):
        problems.append("StatusCallback is not an absolute URL")
    if "ContentVariables" in form:
        if "ContentSid" not in form:
            problems.append("ContentVariables needs ContentSid")
        try:
            variables = json.loads(str(form["ContentVariables"]))
        except ValueError:
            variables = None
        if not isinstance(variables, dict):
            problems.append("ContentVariables must be a JSON object")
    return problems


# -- inbound webhooks, as Twilio sends them -----------------------------------------
WEBHOOK_URL = "https://shop.example.com/conversational/webhooks/twilio/acc-1/"


def webhook(
    params: dict[str, str], auth_token: str = AUTH_TOKEN, url: str = WEBHOOK_URL
) -> tuple[str, bytes, dict[str, str]]:
    """(url, form body, lower-case headers) of a signed Twilio webhook."""
    pairs = list(params.items())
    body = urlencode(pairs).encode()
    headers = {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": sign(auth_token, url, pairs),
        "i-twilio-idempotency-token": "b3b3c6c4-7e3f-4d32-9a2e-1f3c1d1e2b4a",
    }
    return url, body, headers


def inbound_sms(
    body: str, sid: str = "SM" + "1" * 32, sender: str = "+14155550100"
) -> dict[str, str]:
    """An incoming SMS as in Twilio's messaging webhook docs."""
    return {
        "ToCountry": "US",
        "ToState": "CA",
        "SmsMessageSid": sid,
        "NumMedia": "0",
        "ToCity": "SAN FRANCISCO",
        "FromZip": "94105",
        "SmsSid": sid,
        "FromState": "CA",
        "SmsStatus": "received",
        "FromCity": "SAN FRANCISCO",
        "Body": body,
        "FromCountry": "US",
        "To": "+14155552345",
        "ToZip": "94105",
        "NumSegments": "1",
        "MessageSid": sid,
        "AccountSid": ACCOUNT_SID,
        "From": sender,
        "ApiVersion": "2010-04-01",
    }


def inbound_whatsapp(
    body: str, sid: str = "SM" + "2" * 32, **extra: str
) -> dict[str, str]:
    return {
        "SmsMessageSid": sid,
        "NumMedia": "0",
        "ProfileName": "Ana",
        "MessageType": "text",
        "SmsSid": sid,
        "WaId": "5511987654321",
        "SmsStatus": "received",
        "Body": body,
        "To": "whatsapp:+14155552345",
        "NumSegments": "1",
        "ReferralNumMedia": "0",
        "MessageSid": sid,
        "AccountSid": ACCOUNT_SID,
        "From": "whatsapp:+5511987654321",
        "ApiVersion": "2010-04-01",
        **extra,
    }


def status_callback(
    sid: str,
    status: str,
    error_code: str = "",
    to: str = "+14155550100",
    sender: str = "+14155552345",
) -> dict[str, str]:
    params = {
        "SmsSid": sid,
        "SmsStatus": status,
        "MessageStatus": status,
        "To": to,
        "MessageSid": sid,
        "AccountSid": ACCOUNT_SID,
        "From": sender,
        "ApiVersion": "2010-04-01",
    }
    if error_code:
        params["ErrorCode"] = error_code
    return params
