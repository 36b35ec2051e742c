import logging

from django.apps import AppConfig


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
        from saleor_conversational.messaging.signals import message_received
        from saleor_conversational.periodic import install

        # httpx logs every request URL at INFO, and some providers (Telegram) put
        # the bot token in the URL path: secrets are never logged.
        logging.getLogger("httpx").setLevel(logging.WARNING)
        install(celery_app)
        from django.db.models.signals import post_delete, post_save

        from saleor_conversational.contacts.privacy import erase_inbound_payloads
        from saleor_conversational.messaging import webhook_accounts
        from saleor_conversational.models import ContactIdentity, MessagingAccount

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
