from django.apps import AppConfig


class ConversationalConfig(AppConfig):
    name = "saleor_conversational"
    label = "saleor_conversational"
    verbose_name = "Conversational commerce"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        import logging

        # httpx logs every request URL at INFO, and some providers (Telegram) put
        # the bot token in the URL path: secrets are never logged.
        logging.getLogger("httpx").setLevel(logging.WARNING)

        from saleor.celeryconf import app as celery_app

        from saleor_conversational.periodic import install

        install(celery_app)
