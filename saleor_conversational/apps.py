import logging

from django.apps import AppConfig
from django.core import checks
from django.db import DatabaseError

ROTATE = "Run `manage.py conversational_rotate_keys`."


def check_encryption_keys(app_configs=None, databases=None, **kwargs):
    """Stored secrets that only a decrypt-only key opens, or no key at all. Runs with
    the database checks (``migrate``, ``manage.py check --database default``)."""
    from saleor_conversational.models.encrypted import key_positions

    if not databases:
        return []
    try:
        report = key_positions()
    except DatabaseError:  # tables not migrated yet
        return []
    found = []
    for column, counts in report.items():
        old = sum(n for position, n in counts.items() if position)
        if old:
            found.append(
                checks.Warning(
                    f"{old} value(s) of {column} are encrypted with a key that only "
                    "decrypts (an older CONVERSATIONAL_ENCRYPTION_KEYS key or the "
                    "SECRET_KEY-derived one).",
                    hint=ROTATE,
                    id="saleor_conversational.W001",
                )
            )
        if counts.get(None):
            found.append(
                checks.Warning(
                    f"{counts[None]} value(s) of {column} cannot be decrypted with any "
                    "configured key: those accounts need their credentials again.",
                    hint="Restore the missing key in CONVERSATIONAL_ENCRYPTION_KEYS "
                    "(or SECRET_KEY_FALLBACKS), then " + ROTATE,
                    id="saleor_conversational.W002",
                )
            )
    return found


class ConversationalConfig(AppConfig):
    name = "saleor_conversational"
    label = "saleor_conversational"
    verbose_name = "Conversational commerce"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here: models (and so everything that uses them) load after the app
        # registry is ready.
        from saleor.celeryconf import app as celery_app

        from saleor_conversational.assistant.router import on_message_received
        from saleor_conversational.core import redaction
        from saleor_conversational.messaging.signals import message_received
        from saleor_conversational.periodic import install

        # httpx logs every request URL at INFO, and some providers (Telegram) put
        # the bot token in the URL path: secrets are never logged, nor sent to Sentry.
        logging.getLogger("httpx").setLevel(logging.WARNING)
        redaction.install_logging_filter()
        redaction.install_sentry_redaction()
        checks.register(check_encryption_keys, checks.Tags.database)
        install(celery_app)
        from django.db.models.signals import post_delete, post_save, pre_delete

        from saleor_conversational.contacts.privacy import erase_inbound_payloads
        from saleor_conversational.messaging import webhook_accounts
        from saleor_conversational.messaging.accounts import (
            keep_messages_of_deleted_account,
        )
        from saleor_conversational.models import ContactIdentity, MessagingAccount

        pre_delete.connect(
            keep_messages_of_deleted_account,
            sender=MessagingAccount,
            dispatch_uid="saleor_conversational.keep_messages_of_deleted_account",
        )
        post_delete.connect(
            erase_inbound_payloads,
            sender=ContactIdentity,
            dispatch_uid="saleor_conversational.erase_inbound_payloads",
        )
        for signal in (post_save, post_delete):
            signal.connect(
                webhook_accounts.forget,
                sender=MessagingAccount,
                dispatch_uid=f"saleor_conversational.webhook_accounts.{signal}",
            )
        message_received.connect(
            on_message_received, dispatch_uid="saleor_conversational.assistant"
        )
