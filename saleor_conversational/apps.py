from django.apps import AppConfig


class ConversationalConfig(AppConfig):
    name = "saleor_conversational"
    label = "saleor_conversational"
    verbose_name = "Conversational commerce"
    default_auto_field = "django.db.models.BigAutoField"
