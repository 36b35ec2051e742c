"""The schema. Its SDL is committed as ``schema.graphql``; a test fails when they differ
(regenerate with ``python -m saleor_conversational.graphql.print_schema``)."""

from __future__ import annotations

from pathlib import Path

import graphene

from saleor_conversational.graphql import (
    accounts,
    assistant,
    channel_settings,
    commerce,
    contacts,
    content,
    conversations,
    outcomes,
    queries,
)


class Query(
    queries.Query,
    content.ContentQueries,
    channel_settings.ChannelSettingsQueries,
    commerce.PaymentAlertQueries,
    assistant.AssistantQueries,
    outcomes.OutcomeQueries,
):
    pass


class Mutation(graphene.ObjectType):
    payment_alert_resolve = commerce.PaymentAlertResolve.Field()
    sales_channel_chat_settings_update = (
        channel_settings.SalesChannelChatSettingsUpdate.Field()
    )
    model_assistant_settings_update = assistant.ModelAssistantSettingsUpdate.Field()
    faq_entry_create = content.FaqEntryCreate.Field()
    faq_entry_update = content.FaqEntryUpdate.Field()
    faq_entry_delete = content.FaqEntryDelete.Field()
    canned_response_create = content.CannedResponseCreate.Field()
    canned_response_update = content.CannedResponseUpdate.Field()
    canned_response_delete = content.CannedResponseDelete.Field()
    conversation_replying = conversations.ConversationReplying.Field()
    chat_checkout_create = commerce.ChatCheckoutCreate.Field()
    chat_checkout_payment_link_send = commerce.ChatCheckoutPaymentLinkSend.Field()
    conversation_message_send = conversations.ConversationMessageSend.Field()
    conversation_update = conversations.ConversationUpdate.Field()
    conversation_note_add = conversations.ConversationNoteAdd.Field()
    conversation_mark_read = conversations.ConversationMarkRead.Field()
    contact_update = contacts.ContactUpdate.Field()
    contact_customer_link = contacts.ContactCustomerLink.Field()
    contact_customer_unlink = contacts.ContactCustomerUnlink.Field()
    contact_customer_link_code_send = contacts.ContactCustomerLinkCodeSend.Field()
    contact_customer_link_code_confirm = contacts.ContactCustomerLinkCodeConfirm.Field()
    contact_merge = contacts.ContactMergeMutation.Field()
    contact_merge_undo = contacts.ContactMergeUndo.Field()
    contact_consent_update = contacts.ContactConsentUpdate.Field()
    messaging_account_create = accounts.MessagingAccountCreate.Field()
    messaging_account_update = accounts.MessagingAccountUpdate.Field()
    messaging_account_delete = accounts.MessagingAccountDelete.Field()
    customer_chat_data_erase = contacts.CustomerChatDataErase.Field()


schema = graphene.Schema(query=Query, mutation=Mutation)
SDL_PATH = Path(__file__).with_name("schema.graphql")


def sdl() -> str:
    return str(schema).rstrip() + "\n"
