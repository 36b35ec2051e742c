"""A fake Mollie API (v2 Payments and Refunds) answering in Mollie's documented shapes.

There is no published machine-readable Mollie contract in ../shared/contracts, so the
checks follow Mollie's API reference (docs.mollie.com): ``Authorization: Bearer
test_...``/``live_...``, JSON bodies, ``amount`` as ``{"currency": "EUR", "value":
"10.00"}`` with a string value carrying exactly the currency's decimals, a required
``description`` and absolute ``redirectUrl``, a ``webhookUrl`` Mollie can reach (not
localhost). Payment ids are ``tr_...``, refunds ``re_...``; the checkout URL is in
``_links.checkout.href``. Errors are ``application/hal+json`` problem objects
(``status``, ``title``, ``detail``, optional ``field``, ``_links.documentation``).
``Idempotency-Key`` replays the first answer, marked ``Idempotent-Replayed: true``.
"""

from __future__ import annotations

import copy
import datetime
import itertools
import json
import re
from urllib.parse import urlsplit

from tests.support.fakes.server import Answer, FakeProvider, Recorded

HAL = {"Content-Type": "application/hal+json"}
PAYMENT_PATH = re.compile(r"^/v2/payments/(?P<id>tr_[A-Za-z0-9]+)$")
REFUNDS_PATH = re.compile(r"^/v2/payments/(?P<id>tr_[A-Za-z0-9]+)/refunds$")
ZERO_DECIMAL = {"JPY", "KRW", "ISK"}
DOCS = "https://docs.mollie.com/reference/handling-errors"
TITLES = {401: "Unauthorized Request", 404: "Not Found", 422: "Unprocessable Entity"}
_ids = itertools.count(1)


def problem(status: int, detail: str, field: str = "") -> Answer:
    body = {
        "status": status,
        "title": TITLES.get(status, "Error"),
        "detail": detail,
        "_links": {"documentation": {"href": DOCS, "type": "text/html"}},
    }
    if field:
        body["field"] = field
    return Answer(status, body, headers=dict(HAL))


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()


def _amount_problem(amount, field: str = "amount") -> str:
    if not isinstance(amount, dict):
        return f"The {field} is required"
    currency = amount.get("currency")
    value = amount.get("value")
    if not isinstance(currency, str) or not re.fullmatch(r"[A-Z]{3}", currency):
        return f"The {field} currency is invalid"
    decimals = 0 if currency in ZERO_DECIMAL else 2
    pattern = r"\d+" if decimals == 0 else r"\d+\.\d{2}"
    if not isinstance(value, str) or not re.fullmatch(pattern, value):
        return (
            f'The {field} value must be a string with {decimals} decimals, e.g. "10.00"'
        )
    return ""


class FakeMollie(FakeProvider):
    name = "mollie"

    def __init__(self, api_key: str = "test_fakeMollieKey0000000000000000") -> None:
        super().__init__()
        self.api_key = api_key
        self.payments: dict[str, dict] = {}
        self.refunds: list[dict] = []
        self.idempotent: dict[str, Answer] = {}

    # -- contract -------------------------------------------------------------------
    def check(self, request: Recorded) -> list[str]:
        problems = []
        if request.headers.get("authorization") != f"Bearer {self.api_key}":
            problems.append("invalid API key")
        if request.method == "POST":
            if not request.headers.get("content-type", "").startswith(
                "application/json"
            ):
                problems.append("Mollie takes JSON bodies")
            else:
                try:
                    body = request.json()
                except ValueError:
                    return problems + ["body is not JSON"]
                if request.path == "/v2/payments":
                    problems += self._check_payment(body)
                elif REFUNDS_PATH.match(request.path):
                    if "amount" in body and (p := _amount_problem(body["amount"])):
                        problems.append(p)
                else:
                    problems.append(f"no such endpoint POST {request.path}")
        elif request.method in {"GET", "DELETE"}:
            if not PAYMENT_PATH.match(request.path):
                problems.append(f"no such endpoint {request.method} {request.path}")
        else:
            problems.append(f"no such endpoint {request.method} {request.path}")
        return problems

    def _check_payment(self, body: dict) -> list[str]:
        problems = []
        if p := _amount_problem(body.get("amount")):
            problems.append(p)
        if (
            not isinstance(body.get("description"), str)
            or not body["description"].strip()
        ):
            problems.append("The description is required")
        if not str(body.get("redirectUrl", "")).startswith(("http://", "https://")):
            problems.append("The redirect URL is required for one-off payments")
        webhook = body.get("webhookUrl")
        if webhook is not None:
            host = urlsplit(str(webhook)).hostname or ""
            if not str(webhook).startswith(("http://", "https://")) or host in {
                "localhost",
                "127.0.0.1",
            }:
                problems.append(
                    "The webhook URL is invalid because it is unreachable from Mollie's point of view"
                )
        metadata = body.get("metadata")
        if metadata is not None and len(json.dumps(metadata)) > 1024:
            problems.append("The metadata may be at most 1024 characters")
        return problems

    def contract_error(self, request: Recorded, violations: list[str]) -> Answer:
        if "invalid API key" in violations:
            return problem(401, "Missing authentication, or failed to authenticate")
        return problem(422, "; ".join(violations))

    # -- answers --------------------------------------------------------------------
    def answer(self, request: Recorded) -> Answer:
        key = request.headers.get("idempotency-key")
        with self.lock:
            if key and (request.method, request.path, key) in self.idempotent:
                replay = copy.deepcopy(
                    self.idempotent[(request.method, request.path, key)]
                )
                replay.headers["Idempotent-Replayed"] = "true"
                return replay
        if request.method == "POST" and request.path == "/v2/payments":
            answer = Answer(201, self._create(request.json()), headers=dict(HAL))
        elif request.method == "POST":
            answer = self._refund(
                REFUNDS_PATH.match(request.path)["id"], request.json()
            )
        else:
            payment_id = PAYMENT_PATH.match(request.path)["id"]
            with self.lock:
                payment = self.payments.get(payment_id)
                if payment is None:
                    return problem(404, f"No payment exists with token {payment_id}.")
                if request.method == "DELETE":
                    if not payment["isCancelable"]:
                        return problem(422, "The payment cannot be canceled")
                    payment.update(
                        status="canceled", isCancelable=False, canceledAt=_now()
                    )
                answer = Answer(200, copy.deepcopy(payment), headers=dict(HAL))
        with self.lock:
            if key and answer.status < 300:
                self.idempotent[(request.method, request.path, key)] = copy.deepcopy(
                    answer
                )
        return answer

    def _create(self, body: dict) -> dict:
        payment_id = f"tr_fake{next(_ids):06d}"
        payment = {
            "resource": "payment",
            "id": payment_id,
            "mode": "test",
            "createdAt": _now(),
            "status": "open",
            "isCancelable": True,
            "amount": body["amount"],
            "description": body["description"],
            "method": None,
            "metadata": body.get("metadata"),
            "redirectUrl": body["redirectUrl"],
            "webhookUrl": body.get("webhookUrl"),
            "profileId": "pfl_fake000001",
            "sequenceType": "oneoff",
            "expiresAt": (
                datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=15)
            )
            .replace(microsecond=0)
            .isoformat(),
            "_links": {
                "self": {
                    "href": f"{self.base_url}/v2/payments/{payment_id}",
                    "type": "application/hal+json",
                },
                "checkout": {
                    "href": f"https://www.mollie.com/checkout/select-method/{payment_id[3:]}",
                    "type": "text/html",
                },
                "dashboard": {
                    "href": f"https://www.mollie.com/dashboard/org_1/payments/{payment_id}",
                    "type": "text/html",
                },
                "documentation": {
                    "href": "https://docs.mollie.com/reference/create-payment",
                    "type": "text/html",
                },
            },
        }
        with self.lock:
            self.payments[payment_id] = payment
        return copy.deepcopy(payment)

    def _refund(self, payment_id: str, body: dict) -> Answer:
        with self.lock:
            payment = self.payments.get(payment_id)
            if payment is None:
                return problem(404, f"No payment exists with token {payment_id}.")
            if payment["status"] != "paid":
                return problem(422, "The payment cannot be refunded: it is not paid")
            amount = body.get("amount") or payment["amount"]
            if amount["currency"] != payment["amount"]["currency"]:
                return problem(
                    422,
                    "The refund currency must match the payment's",
                    "amount.currency",
                )
            refunded = sum(
                float(r["amount"]["value"])
                for r in self.refunds
                if r["paymentId"] == payment_id
            )
            if (
                refunded + float(amount["value"])
                > float(payment["amount"]["value"]) + 1e-9
            ):
                return problem(
                    422,
                    "The amount is higher than the amount that is refundable",
                    "amount",
                )
            refund = {
                "resource": "refund",
                "id": f"re_fake{next(_ids):06d}",
                "amount": amount,
                "status": "pending",
                "createdAt": _now(),
                "description": body.get("description", ""),
                "paymentId": payment_id,
                "settlementAmount": {
                    "currency": amount["currency"],
                    "value": f"-{amount['value']}",
                },
                "_links": {
                    "self": {
                        "href": f"{self.base_url}/v2/payments/{payment_id}/refunds",
                        "type": "application/hal+json",
                    },
                    "payment": {
                        "href": f"{self.base_url}/v2/payments/{payment_id}",
                        "type": "application/hal+json",
                    },
                },
            }
            self.refunds.append(refund)
            payment["amountRefunded"] = {
                "currency": amount["currency"],
                "value": f"{refunded + float(amount['value']):.2f}",
            }
        return Answer(201, copy.deepcopy(refund), headers=dict(HAL))

    # -- playing the shopper and Mollie's webhook caller -----------------------------
    def pay(self, payment_id: str, amount: dict | None = None) -> bytes:
        """The shopper pays; returns the form body Mollie posts to the webhook URL."""
        with self.lock:
            payment = self.payments[payment_id]
            if payment["status"] != "open":
                raise AssertionError(
                    f"payment {payment_id} is {payment['status']}; Mollie would not take payment"
                )
            payment.update(
                status="paid", isCancelable=False, paidAt=_now(), method="ideal"
            )
            if amount is not None:
                payment["amount"] = amount
        return f"id={payment_id}".encode()
