"""A fake Stripe API: Checkout Sessions, refunds, signed webhook events.

Objects are Stripe's own fixtures (``stripe-fixtures3.json``) with the fields of the
request filled in; requests are checked the way Stripe checks them (a secret key in
``Authorization: Bearer``, form encoding, required parameters, amounts as integers in
minor units, ``expires_at`` between 30 minutes and 24 hours ahead). Errors come back in
Stripe's ``{"error": {...}}`` shape.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import itertools
import json
import re
import time
from urllib.parse import parse_qsl

from tests.support.fakes.contracts import load_contract
from tests.support.fakes.server import Answer, FakeProvider, Recorded

CONTRACT_FILE = "stripe-fixtures3.json"
EXPIRE_PATH = re.compile(r"^/v1/checkout/sessions/(?P<id>[^/]+)/expire$")
SESSION_PATH = re.compile(r"^/v1/checkout/sessions/(?P<id>[^/]+)$")
_ids = itertools.count(1)


def fixture(kind: str) -> dict:
    return copy.deepcopy(load_contract(CONTRACT_FILE)["resources"][kind])


def nested_form(body: bytes) -> dict:
    """Stripe's form encoding (``a[b][0][c]=v``) back into nested dicts and lists."""
    root: dict = {}
    for key, value in parse_qsl(body.decode(), keep_blank_values=True):
        parts = re.findall(r"[^\[\]]+", key)
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return _lists(root)


def _lists(node):
    if isinstance(node, dict):
        if node and all(k.isdigit() for k in node):
            return [_lists(node[k]) for k in sorted(node, key=int)]
        return {k: _lists(v) for k, v in node.items()}
    return node


def sign(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def error(
    status: int, message: str, param: str = "", kind: str = "invalid_request_error"
) -> Answer:
    body = {"error": {"type": kind, "message": message}}
    if param:
        body["error"]["param"] = param
    return Answer(status, body)


class FakeStripe(FakeProvider):
    name = "stripe"

    def __init__(
        self, api_key: str = "sk_test_fake", webhook_secret: str = "whsec_fake"
    ) -> None:
        super().__init__()
        self.api_key = api_key
        self.webhook_secret = webhook_secret
        self.sessions: dict[str, dict] = {}
        self.refunds: list[dict] = []
        self.idempotent: dict[str, dict] = {}

    # -- contract -------------------------------------------------------------------
    def check(self, request: Recorded) -> list[str]:
        problems = []
        if request.headers.get("authorization") != f"Bearer {self.api_key}":
            problems.append("invalid API key")
        if (
            request.method == "POST"
            and request.body
            and not request.headers.get("content-type", "").startswith(
                "application/x-www-form-urlencoded"
            )
        ):
            problems.append("Stripe takes form-encoded bodies")
        if request.method == "POST" and request.path == "/v1/checkout/sessions":
            problems += self._check_session(nested_form(request.body))
        elif request.method == "POST" and request.path == "/v1/refunds":
            form = nested_form(request.body)
            if not form.get("payment_intent"):
                problems.append("refund needs payment_intent")
            if "amount" in form and not form["amount"].isdigit():
                problems.append("amount must be a positive integer in minor units")
        elif not (EXPIRE_PATH.match(request.path) or SESSION_PATH.match(request.path)):
            problems.append(f"no such endpoint {request.method} {request.path}")
        return problems

    def _check_session(self, form: dict) -> list[str]:
        problems = []
        if form.get("mode") not in {"payment", "setup", "subscription"}:
            problems.append("mode is required")
        if not form.get("success_url", "").startswith(("http://", "https://")):
            problems.append("success_url must be an absolute URL")
        lines = form.get("line_items") or []
        if not lines:
            problems.append("line_items are required in payment mode")
        for line in lines:
            price = line.get("price_data") or {}
            if not str(price.get("unit_amount", "")).isdigit():
                problems.append("unit_amount must be an integer in minor units")
            if not re.fullmatch(r"[a-z]{3}", price.get("currency", "")):
                problems.append("currency must be a lowercase ISO code")
            if not (price.get("product_data") or {}).get("name"):
                problems.append("product_data.name is required")
        if "expires_at" in form:
            ahead = int(form["expires_at"]) - time.time()
            if not 30 * 60 - 5 <= ahead <= 24 * 3600 + 5:
                problems.append(
                    "expires_at must be 30 minutes to 24 hours from creation"
                )
        for key, value in (form.get("metadata") or {}).items():
            if len(key) > 40 or len(value) > 500:
                problems.append("metadata keys ≤ 40 characters, values ≤ 500")
        return problems

    def contract_error(self, request: Recorded, violations: list[str]) -> Answer:
        if "invalid API key" in violations:
            return error(401, "Invalid API Key provided", kind="invalid_request_error")
        return error(400, "; ".join(violations))

    # -- answers --------------------------------------------------------------------
    def answer(self, request: Recorded) -> Answer:
        key = request.headers.get("idempotency-key")
        with self.lock:
            if key and key in self.idempotent:
                return Answer(200, self.idempotent[key])
        if request.path == "/v1/checkout/sessions":
            body = self._create_session(nested_form(request.body))
        elif request.path == "/v1/refunds":
            result = self._refund(nested_form(request.body))
            if isinstance(result, Answer):
                return result
            body = result
        elif match := EXPIRE_PATH.match(request.path):
            session = self.sessions.get(match["id"])
            if session is None:
                return error(
                    404, f"No such checkout.session: '{match['id']}'", "session"
                )
            if session["status"] != "open":
                return error(
                    400,
                    f"Only Checkout Sessions with a status of 'open' can be expired. This one is {session['status']}.",
                )
            session["status"] = "expired"
            body = session
        else:
            session = self.sessions.get(SESSION_PATH.match(request.path)["id"])
            if session is None:
                return error(404, "No such checkout.session", "session")
            body = session
        with self.lock:
            if key:
                self.idempotent[key] = body
        return Answer(200, body)

    def _create_session(self, form: dict) -> dict:
        n = next(_ids)
        session = fixture("checkout.session")
        price = form["line_items"][0]["price_data"]
        amount = int(price["unit_amount"]) * int(
            form["line_items"][0].get("quantity", 1)
        )
        session.update(
            id=f"cs_test_fake{n:06d}",
            url=f"https://checkout.stripe.com/c/pay/cs_test_fake{n:06d}",
            mode=form["mode"],
            status="open",
            payment_status="unpaid",
            payment_intent=None,
            amount_total=amount,
            amount_subtotal=amount,
            currency=price["currency"],
            metadata=form.get("metadata", {}),
            client_reference_id=form.get("client_reference_id"),
            success_url=form["success_url"],
            cancel_url=form.get("cancel_url"),
            expires_at=int(form.get("expires_at", time.time() + 24 * 3600)),
            created=int(time.time()),
        )
        with self.lock:
            self.sessions[session["id"]] = session
        return session

    def _refund(self, form: dict):
        intent = form["payment_intent"]
        with self.lock:
            session = next(
                (s for s in self.sessions.values() if s["payment_intent"] == intent),
                None,
            )
            if session is None:
                return error(
                    404, f"No such payment_intent: '{intent}'", "payment_intent"
                )
            refunded = sum(
                r["amount"] for r in self.refunds if r["payment_intent"] == intent
            )
            amount = int(form.get("amount", session["amount_total"] - refunded))
            if amount <= 0 or refunded + amount > session["amount_total"]:
                return error(
                    400,
                    f"Refund amount ({amount}) is greater than unrefunded amount on charge",
                    "amount",
                )
            refund = fixture("refund")
            refund.update(
                id=f"re_fake{next(_ids):06d}",
                amount=amount,
                currency=session["currency"],
                payment_intent=intent,
                status="succeeded",
                created=int(time.time()),
                metadata=form.get("metadata", {}),
            )
            self.refunds.append(refund)
            return refund

    # -- playing the shopper and Stripe's webhook sender -------------------------------
    def pay(
        self, session_id: str, event_type: str = "checkout.session.completed"
    ) -> dict:
        """The shopper pays on Stripe's page; returns the webhook event Stripe would send."""
        with self.lock:
            session = self.sessions[session_id]
            if session["status"] != "open":
                raise AssertionError(
                    f"session {session_id} is {session['status']}; Stripe would not take payment"
                )
            session.update(
                status="complete",
                payment_status="paid",
                payment_intent=f"pi_fake{next(_ids):06d}",
            )
            return self.event(event_type, copy.deepcopy(session))

    def event(self, event_type: str, obj: dict) -> dict:
        event = fixture("event")
        event.update(
            id=f"evt_fake{next(_ids):06d}",
            type=event_type,
            created=int(time.time()),
            data={"object": obj},
            api_version="2020-08-27",
        )
        return event

    def signed(
        self, event: dict, secret: str | None = None, timestamp: int | None = None
    ) -> tuple[bytes, str]:
        payload = json.dumps(event).encode()
        return payload, sign(payload, secret or self.webhook_secret, timestamp)
