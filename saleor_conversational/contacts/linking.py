"""Tie a contact to a Saleor customer only when it is proven.

Proof is one of: the shopper is logged in (web chat with the customer's JWT), a
one-time code sent to the customer's email address on file, or staff linking by hand.
A phone number or email the shopper merely types is never enough; an E.164 phone
number that matches exactly one customer's saved address is only *suggested*.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import smtplib
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from saleor.core.db.connection import allow_writer

from saleor_conversational import jobs
from saleor_conversational.core import throttle
from saleor_conversational.core.crypto import decrypt_json, encrypt_json
from saleor_conversational.core.language import pick_language
from saleor_conversational.jobs import backoff_seconds, task
from saleor_conversational.models import Contact, ContactLinkCode

logger = logging.getLogger(__name__)

CODE_TTL = timedelta(minutes=15)
MAX_FAILED_ATTEMPTS = 3
LOCK_TIME = timedelta(minutes=30)
_LOCK_SECONDS = int(LOCK_TIME.total_seconds())
# A fresh chat costs nothing, so the limits that matter count per email address asked
# for and per client, across contacts. A limit's count is what it allows: the next
# wrong code locks for LOCK_TIME; the next code email is not sent (per address: silently).
WRONG_CODES_PER_ADDRESS = throttle.Limit(
    "link-wrong-codes-per-address", MAX_FAILED_ATTEMPTS - 1, _LOCK_SECONDS
)
WRONG_CODES_PER_CLIENT = throttle.Limit("link-wrong-codes-per-client", 9, _LOCK_SECONDS)
CODE_EMAILS_PER_ADDRESS = throttle.Limit("link-code-emails-per-address", 3, 3600)
CODE_EMAILS_PER_CLIENT = throttle.Limit("link-code-emails-per-client", 10, 3600)


class LinkError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def link(contact: Contact, user, *, force: bool = False) -> Contact:
    """Link ``contact`` to ``user`` (already proven by the caller)."""
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        if contact.user_id == user.pk:
            return contact
        if contact.user_id is not None and not force:
            raise LinkError(
                "already_linked",
                "This contact is linked to another customer; unlink it first.",
            )
        contact.user = user
        fields = ["user", "updated_at"]
        if not contact.email and user.email:
            contact.email = user.email
            fields.append("email")
        contact.save(update_fields=fields)
    return contact


def unlink(contact: Contact) -> Contact:
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        if contact.user_id is None:
            raise LinkError("not_linked", "This contact is not linked to a customer.")
        contact.user = None
        contact.save(update_fields=["user", "updated_at"])
    return contact


def _digest(contact_id, code: str) -> str:
    key = f"conversational-link-code:{settings.SECRET_KEY}".encode()
    return hmac.new(key, f"{contact_id}:{code}".encode(), hashlib.sha256).hexdigest()


def _locked(row: ContactLinkCode, now) -> bool:
    return row.locked_until is not None and row.locked_until > now


def _lock_error(until) -> LinkError:
    return LinkError(
        "locked",
        # Translators: %(time)s is a time of day such as "14:30".
        _("Too many wrong codes; try again after %(time)s UTC.")
        % {"time": f"{until:%H:%M}"},
    )


def _epoch(seconds: float):
    return datetime.fromtimestamp(seconds, tz=UTC)


def _lock_end(row: ContactLinkCode | None, client: str | None, now):
    """When linking is refused for this contact, address or client, else None.

    A lock holds until it ends: even the right code is refused meanwhile.
    """
    ends = []
    if row is not None and _locked(row, now):
        ends.append(row.locked_until)
    if row is not None and row.address_key:
        until = throttle.locked_until(WRONG_CODES_PER_ADDRESS.name, row.address_key)
        if until:
            ends.append(_epoch(until))
    if client:
        until = throttle.locked_until(WRONG_CODES_PER_CLIENT.name, client)
        if until:
            ends.append(_epoch(until))
    return max(ends) if ends else None


def address_key(email: str) -> str:
    return throttle.anonymous_key("link-email:" + email.strip().lower())


def request_code(contact: Contact, email: str, client: str | None = None) -> None:
    """Email a one-time code to the customer whose address this is, if there is one.

    Says nothing about whether the address belongs to a customer (no account probing):
    beyond the per-address limit, or while the address is locked, no code is sent and
    the answer is the same. ``client`` (who asks: a web chat browser, a chat identity;
    None for staff) has its own limit, which it is told about.
    """
    now = timezone.now()
    email = (email or "").strip()
    key = address_key(email)
    with transaction.atomic():
        row, _created = ContactLinkCode.objects.get_or_create(contact=contact)
        row = ContactLinkCode.objects.select_for_update().get(pk=row.pk)
        client_lock = _lock_end(None, client, now)
        if _locked(row, now) or client_lock:
            raise _lock_error(max(t for t in (row.locked_until, client_lock) if t))
        if client and throttle.hit([(CODE_EMAILS_PER_CLIENT, client)]):
            raise LinkError(
                "too_many_requests",
                _("Too many codes were asked for from here; try again in an hour."),
            )
        row.address_key = key
        sendable = (
            email
            and not throttle.locked_until(WRONG_CODES_PER_ADDRESS.name, key)
            and not throttle.hit([(CODE_EMAILS_PER_ADDRESS, key)])
        )
        user = (
            get_user_model().objects.filter(email__iexact=email, is_active=True).first()
            if sendable
            else None
        )
        code = f"{secrets.randbelow(10**6):06d}"
        row.user = user
        row.code_hash = _digest(contact.pk, code) if user else ""
        row.expires_at = now + CODE_TTL
        row.save(update_fields=["user", "code_hash", "address_key", "expires_at"])
        if user is not None:
            # Emailed by Celery, not in the request; the code travels encrypted.
            sealed = encrypt_json({"code": code})
            row_id = row.pk
            transaction.on_commit(lambda: jobs.enqueue(email_link_code, row_id, sealed))


def open_request(contact: Contact) -> None:
    """The shopper asked in chat to link their account: the next email address or code
    they send within the code's lifetime is taken as part of that request."""
    row, _created = ContactLinkCode.objects.get_or_create(contact=contact)
    ContactLinkCode.objects.filter(pk=row.pk).update(
        expires_at=timezone.now() + CODE_TTL
    )


def request_is_open(contact: Contact) -> bool:
    return ContactLinkCode.objects.filter(
        contact=contact, expires_at__gt=timezone.now()
    ).exists()


def email_code(link_code_id: int, sealed_code: str) -> bool:
    """Email the code, unless a newer request or a confirmation has replaced it; in the
    customer's language, else the chat contact's.

    SMTP errors propagate for the task to retry; the code itself is never logged.
    """
    code = decrypt_json(sealed_code).get("code", "")
    row = (
        ContactLinkCode.objects.select_related("user", "contact")
        .filter(pk=link_code_id)
        .first()
    )
    if row is None or row.user is None or not row.code_hash:
        return False
    if not hmac.compare_digest(row.code_hash, _digest(row.contact_id, code)):
        return False
    if row.expires_at is None or row.expires_at <= timezone.now():
        return False
    with translation.override(
        pick_language(row.user.language_code, row.contact.language_code)
    ):
        subject = _("Your chat verification code")
        body = _(
            "Your code is %(code)s. It links your chat with our shop to your account and "
            "expires in %(minutes)s minutes. If you did not ask for it, ignore this email."
        ) % {"code": code, "minutes": int(CODE_TTL.total_seconds() // 60)}
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [row.user.email])
    return True


def confirm_code(contact: Contact, code: str, client: str | None = None) -> Contact:
    """Link the contact when ``code`` is right. Three wrong codes lock the contact, and
    so do three for the same address from any contact, or ten from one ``client``."""
    now = timezone.now()
    with transaction.atomic():
        row = (
            ContactLinkCode.objects.select_for_update().filter(contact=contact).first()
        )
        if row is None:
            raise LinkError("invalid_code", "No code was requested for this contact.")
        lock_end = _lock_end(row, client, now)
        if lock_end:
            raise _lock_error(lock_end)
        if row.expires_at is None or row.expires_at <= now:
            raise LinkError(
                "code_expired", _("The code has expired; ask for a new one.")
            )
        right = bool(row.code_hash) and hmac.compare_digest(
            row.code_hash, _digest(contact.pk, (code or "").strip())
        )
        if not right:
            error = _wrong_code(row, client, now)
        else:
            user = row.user
            if row.address_key:
                throttle.reset(WRONG_CODES_PER_ADDRESS, row.address_key)
            row.delete()
            error = None
    if (
        error is not None
    ):  # raised after the commit: the counted attempt and the lock stay
        raise error
    return link(contact, user)


def _wrong_code(row: ContactLinkCode, client: str | None, now) -> LinkError:
    """Count a wrong code everywhere it counts; the error to raise after the commit."""
    lock_seconds = int(LOCK_TIME.total_seconds())
    locked = False
    if row.address_key and throttle.hit([(WRONG_CODES_PER_ADDRESS, row.address_key)]):
        throttle.lock(WRONG_CODES_PER_ADDRESS.name, row.address_key, lock_seconds)
        locked = True
    if client and throttle.hit([(WRONG_CODES_PER_CLIENT, client)]):
        throttle.lock(WRONG_CODES_PER_CLIENT.name, client, lock_seconds)
        locked = True
    row.failed_attempts += 1
    if row.failed_attempts >= MAX_FAILED_ATTEMPTS:
        row.locked_until = now + LOCK_TIME
        locked = True
    if locked:
        row.failed_attempts = 0
        row.code_hash = ""
        row.save(update_fields=["failed_attempts", "locked_until", "code_hash"])
        return _lock_error(_lock_end(row, client, now))
    row.save(update_fields=["failed_attempts"])
    return LinkError("invalid_code", "The code is not right.")


def suggested_customer(contact: Contact):
    """The one customer whose saved address has exactly this E.164 phone, else None."""
    if not contact.phone or contact.user_id:
        return None
    users = list(
        get_user_model()
        .objects.filter(addresses__phone=contact.phone, is_active=True)
        .distinct()[:2]
    )
    return users[0] if len(users) == 1 else None


@task(bind=True, max_retries=8)
@allow_writer()
def email_link_code(self, link_code_id: int, sealed_code: str) -> bool:
    """The one-time code that proves a chat contact is a Saleor customer."""

    try:
        return email_code(link_code_id, sealed_code)
    except (OSError, smtplib.SMTPException) as exc:  # the mail server: try again later
        logger.warning(
            "Could not email a chat verification code (%s); retrying",
            type(exc).__name__,
        )
        raise self.retry(countdown=backoff_seconds(self.request.retries + 1)) from exc
