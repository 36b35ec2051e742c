"""Mutations, Saleor style: ``objectVerb`` names and payloads with ``errors``."""

from __future__ import annotations

import dataclasses

import graphene
import phonenumbers
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from graphene.types.generic import GenericScalar

from saleor_conversational import models
from saleor_conversational.channels.base import get_adapter_class, registered_adapters
from saleor_conversational.channels.errors import ConfigurationError
from saleor_conversational.channels.messages import Template
from saleor_conversational.commerce import catalog
from saleor_conversational.commerce.checkout import start_chat_checkout
from saleor_conversational.commerce.errors import CheckoutError
from saleor_conversational.commerce.payment_links import send_payment_link
from saleor_conversational.contacts import linking, merging
from saleor_conversational.contacts.consent import set_consent
from saleor_conversational.contacts.privacy import erase_customer
from saleor_conversational.graphql import auth
from saleor_conversational.graphql.core import (
    ChatError,
    InputError,
    check_length,
    decode_int,
    decode_uuid,
    get_or_error,
)
from saleor_conversational.graphql.types import (
    ChatCheckout,
    ConsentPurposeEnum,
    Contact,
    ContactMergeRecord,
    Conversation,
    ConversationMessage,
    ConversationNote,
    ConversationStatusEnum,
    MessagingAccount,
)
from saleor_conversational.inbox import conversations
from saleor_conversational.messaging.accounts import create_account, split_config
from saleor_conversational.saleor_data.reads import channel_by_slug

MAX_NAME = 256


class ChatMutation(graphene.Mutation):
    errors = graphene.List(graphene.NonNull(ChatError), required=True)

    class Meta:
        abstract = True

    permission = (
        None  # checked before anything else; a missing one is a top-level error
    )

    @classmethod
    def check_permissions(cls, context) -> None:
        if cls.permission is not None:
            auth.require(context, cls.permission)

    @classmethod
    def mutate(cls, root, info, **data):
        cls.check_permissions(info.context)
        try:
            return cls.perform(info, **data)
        except InputError as exc:
            return cls(
                errors=[ChatError(field=exc.field, code=exc.code, message=exc.message)]
            )
        except linking.LinkError as exc:
            return cls(
                errors=[ChatError(field=None, code=exc.code, message=exc.message)]
            )
        except CheckoutError as exc:
            return cls(
                errors=[
                    ChatError(
                        field=exc.field, code="checkout_error", message=exc.message
                    )
                ]
            )

    @classmethod
    def perform(cls, info, **data):
        raise NotImplementedError


# -- lookups -----------------------------------------------------------------------------
def _contact(context, value, field="contact") -> models.Contact:
    return get_or_error(
        models.Contact.objects.all(),
        decode_uuid(value, "Contact", field),
        "Contact",
        field,
    )


def _conversation(context, value, field="id") -> models.Conversation:
    qs = auth.visible_conversations(context).select_related("contact")
    return get_or_error(
        qs, decode_uuid(value, "Conversation", field), "Conversation", field
    )


def _user(value, field="customer", *, staff=False):
    qs = get_user_model().objects.filter(is_active=True)
    if staff:
        qs = qs.filter(is_staff=True)
    return get_or_error(qs, decode_int(value, "User", field), "User", field)


def _sales_channel(context, slug: str, field="channel"):
    channel = channel_by_slug(slug or "")
    allowed = auth.accessible_channel_ids(context)
    if channel is None or (allowed is not None and channel.pk not in allowed):
        raise InputError(field, "not_found", f"No sales channel with slug {slug!r}.")
    return channel


# -- conversations -------------------------------------------------------------------------
class TemplateInput(graphene.InputObjectType):
    name = graphene.String(required=True)
    language = graphene.String(required=True)
    body_params = graphene.List(graphene.NonNull(graphene.String))
    header_params = graphene.List(graphene.NonNull(graphene.String))
    button_params = graphene.List(graphene.NonNull(graphene.String))


class ConversationMessageSendInput(graphene.InputObjectType):
    text = graphene.String(description=f"Up to {conversations.MAX_TEXT} characters.")
    template = graphene.Field(
        TemplateInput, description="An approved template (outside the window)."
    )
    identity = graphene.ID(
        description="Send through this identity; default: the one the shopper used last."
    )
    product = graphene.ID(
        description="A Saleor `Product` to send as a product card (with `text` as "
        "its caption); it must be sold in the conversation's sales channel."
    )


class ConversationMessageSend(ChatMutation):
    """Send a staff message. It obeys consent and the service window, and takes the
    conversation from the bot until it is resolved or given back."""

    message = graphene.Field(ConversationMessage)

    class Arguments:
        conversation = graphene.ID(required=True)
        input = ConversationMessageSendInput(required=True)

    permission = auth.MANAGE_ORDERS

    @classmethod
    def perform(cls, info, conversation, input):
        thread = _conversation(info.context, conversation, "conversation")
        text = check_length(
            (input.get("text") or "").strip(), conversations.MAX_TEXT, "text"
        )
        template = None
        if input.get("template"):
            data = input["template"]
            template = Template(
                name=check_length(data["name"], 512, "template"),
                language=data["language"],
                body_params=tuple(data.get("body_params") or ()),
                header_params=tuple(data.get("header_params") or ()),
                button_params=tuple(data.get("button_params") or ()),
                text=text,
            )
        content = None
        if input.get("product") and template is None:
            content = _product_cards(thread, input["product"], text)
        elif not text and template is None:
            raise InputError(
                "text", "required", "Give a text, a template or a product."
            )
        identity = None
        if input.get("identity"):
            pk = decode_int(input["identity"], "ContactIdentity", "identity")
            identity = get_or_error(
                models.ContactIdentity.objects.select_related("account"),
                pk,
                "ContactIdentity",
                "identity",
            )
            if identity.contact_id != thread.contact_id:
                raise InputError(
                    "identity", "invalid", "This identity belongs to another contact."
                )
            if identity.account.channel_id != thread.channel_id:
                raise InputError(
                    "identity",
                    "channel_mismatch",
                    "This identity's messaging account is in another sales channel.",
                )
        try:
            row = conversations.send_staff_message(
                thread, text=text, template=template, identity=identity, content=content
            )
        except conversations.NotSendable as exc:
            raise InputError(None, "not_sendable", str(exc)) from None
        return cls(message=row, errors=[])


def _product_cards(thread: models.Conversation, product_id: str, caption: str):
    """A product card for a product sold in the conversation's sales channel."""

    product = catalog.get_product(
        thread.channel.slug, decode_int(product_id, "Product", "product")
    )
    if product is None:
        raise InputError(
            "product",
            "not_found",
            "This product is not for sale in the conversation's sales channel.",
        )
    cards = catalog.cards([product])
    return dataclasses.replace(cards, text=caption or product.name)


class ConversationUpdateInput(graphene.InputObjectType):
    status = ConversationStatusEnum()
    snoozed_until = graphene.DateTime(
        description="With status SNOOZED: when it opens again."
    )
    assignee = graphene.ID(description="A staff `User` id.")
    unassign = graphene.Boolean()
    handed_over = graphene.Boolean(
        description="false gives the conversation back to the bot; true "
        "takes it from the bot without replying."
    )


class ConversationUpdate(ChatMutation):
    """Change status (RESOLVED gives the conversation back to the bot) or assignee."""

    conversation = graphene.Field(Conversation)

    class Arguments:
        id = graphene.ID(required=True)
        input = ConversationUpdateInput(required=True)

    permission = auth.MANAGE_ORDERS

    @classmethod
    def perform(cls, info, id, input):
        thread = _conversation(info.context, id)
        status = input.get("status")
        if status == models.ConversationStatus.SNOOZED and not input.get(
            "snoozed_until"
        ):
            raise InputError("snoozedUntil", "required", "Snoozing needs snoozedUntil.")
        assignee = None
        if input.get("assignee"):
            assignee = _user(input["assignee"], "assignee", staff=True)
        with transaction.atomic():
            if status is not None:
                thread = conversations.set_status(
                    thread, status, input.get("snoozed_until")
                )
            if assignee is not None:
                thread = conversations.assign(thread, assignee)
            elif input.get("unassign"):
                thread = conversations.assign(thread, None)
            if input.get("handed_over") is not None:
                (
                    conversations.hand_over
                    if input["handed_over"]
                    else conversations.give_back
                )(thread)
        return cls(conversation=thread, errors=[])


class ConversationNoteAdd(ChatMutation):
    """An internal note: staff see it beside the thread, the shopper never does."""

    conversation = graphene.Field(Conversation)
    note = graphene.Field(ConversationNote)

    class Arguments:
        conversation = graphene.ID(required=True)
        text = graphene.String(required=True)

    permission = auth.MANAGE_ORDERS

    @classmethod
    def perform(cls, info, conversation, text):
        thread = _conversation(info.context, conversation, "conversation")
        text = check_length(text.strip(), conversations.MAX_NOTE, "text")
        if not text:
            raise InputError("text", "required", "The note is empty.")
        note = conversations.add_note(
            thread,
            text,
            author=auth.user_of(info.context),
            app=auth.app_of(info.context),
        )
        return cls(conversation=thread, note=note, errors=[])


class ConversationMarkRead(ChatMutation):
    conversation = graphene.Field(Conversation)

    class Arguments:
        id = graphene.ID(required=True)

    permission = auth.MANAGE_ORDERS

    @classmethod
    def perform(cls, info, id):
        return cls(
            conversation=conversations.mark_read(_conversation(info.context, id)),
            errors=[],
        )


# -- chat checkout -------------------------------------------------------------------------
class ChatCheckoutLineInput(graphene.InputObjectType):
    variant_id = graphene.ID(required=True, description="A Saleor `ProductVariant` id.")
    quantity = graphene.Int(required=True)


class ChatCheckoutCreateInput(graphene.InputObjectType):
    contact = graphene.ID(required=True)
    channel = graphene.String(required=True, description="The sales channel slug.")
    lines = graphene.List(graphene.NonNull(ChatCheckoutLineInput), required=True)
    email = graphene.String()


class ChatCheckoutCreate(ChatMutation):
    """Create a Saleor checkout for a contact and send the cart (and payment link) in chat."""

    chat_checkout = graphene.Field(ChatCheckout)

    class Arguments:
        input = ChatCheckoutCreateInput(required=True)

    permission = auth.MANAGE_ORDERS

    @classmethod
    def perform(cls, info, input):
        contact = _contact(info.context, input["contact"])
        channel = _sales_channel(info.context, input["channel"])
        if not models.ContactIdentity.objects.filter(
            contact=contact, account__channel=channel
        ).exists():
            raise InputError(
                "contact",
                "channel_mismatch",
                "The contact has no messaging channel in this sales channel.",
            )
        email = (input.get("email") or "").strip() or None
        if email:
            _email(email)
        lines = [
            (
                decode_int(line["variant_id"], "ProductVariant", "lines"),
                line["quantity"],
            )
            for line in input["lines"]
        ]
        chat_checkout = start_chat_checkout(
            contact=contact, channel=channel, lines=lines, email=email
        )
        return cls(chat_checkout=chat_checkout, errors=[])


class ChatCheckoutPaymentLinkSend(ChatMutation):
    """Send a fresh payment link for an open chat checkout (the old link can no longer pay)."""

    chat_checkout = graphene.Field(ChatCheckout)

    class Arguments:
        id = graphene.ID(required=True, description="The ChatCheckout id.")

    permission = auth.MANAGE_ORDERS

    @classmethod
    def perform(cls, info, id):
        pk = decode_int(id, "ChatCheckout", "id")
        visible = auth.visible_conversations(info.context).values("contact_id")
        allowed = auth.accessible_channel_ids(info.context)
        qs = models.ChatCheckout.objects.filter(contact_id__in=visible)
        if allowed is not None:
            qs = qs.filter(channel_id__in=allowed)
        chat_checkout = get_or_error(qs, pk, "ChatCheckout", "id")
        send_payment_link(chat_checkout)
        return cls(chat_checkout=chat_checkout, errors=[])


# -- contacts ------------------------------------------------------------------------------
def _email(value: str, field="email") -> str:
    try:
        validate_email(value)
    except ValidationError:
        raise InputError(field, "invalid", "Enter a valid email address.") from None
    return value


def _phone(value: str) -> str:
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        raise InputError(
            "phone",
            "invalid",
            "The phone number must be in E.164 form, e.g. +31612345678.",
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise InputError("phone", "invalid", "This is not a valid phone number.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class ContactUpdateInput(graphene.InputObjectType):
    name = graphene.String()
    email = graphene.String()
    phone = graphene.String(description="E.164, e.g. +31612345678; empty to clear.")
    language_code = graphene.String()


class ContactUpdate(ChatMutation):
    """Edit what staff know about a contact. It never links a customer (see contactCustomerLink)."""

    contact = graphene.Field(Contact)

    class Arguments:
        id = graphene.ID(required=True)
        input = ContactUpdateInput(required=True)

    permission = auth.MANAGE_USERS

    @classmethod
    def perform(cls, info, id, input):
        contact = _contact(info.context, id, "id")
        if input.get("name") is not None:
            contact.name = check_length(input["name"].strip(), MAX_NAME, "name")
        if input.get("email") is not None:
            contact.email = (
                _email(input["email"].strip()) if input["email"].strip() else ""
            )
        if input.get("phone") is not None:
            contact.phone = (
                _phone(input["phone"].strip()) if input["phone"].strip() else ""
            )
        if input.get("language_code") is not None:
            contact.language_code = check_length(
                input["language_code"].strip(), 35, "languageCode"
            )
        contact.save()
        return cls(contact=contact, errors=[])


class ContactCustomerLink(ChatMutation):
    """Staff link a contact to a Saleor customer by hand (the staff member is the proof)."""

    contact = graphene.Field(Contact)

    class Arguments:
        contact = graphene.ID(required=True)
        customer = graphene.ID(required=True, description="A Saleor `User` id.")

    permission = auth.MANAGE_USERS

    @classmethod
    def perform(cls, info, contact, customer):
        found = _contact(info.context, contact)
        return cls(contact=linking.link(found, _user(customer)), errors=[])


class ContactCustomerUnlink(ChatMutation):
    contact = graphene.Field(Contact)

    class Arguments:
        contact = graphene.ID(required=True)

    permission = auth.MANAGE_USERS

    @classmethod
    def perform(cls, info, contact):
        return cls(contact=linking.unlink(_contact(info.context, contact)), errors=[])


class ContactCustomerLinkCodeSend(ChatMutation):
    """Email a one-time code to the customer with this address (if there is one). The
    answer is the same either way, so nobody can probe which addresses have accounts."""

    contact = graphene.Field(Contact)

    class Arguments:
        contact = graphene.ID(required=True)
        email = graphene.String(required=True)

    permission = auth.MANAGE_USERS

    @classmethod
    def perform(cls, info, contact, email):
        found = _contact(info.context, contact)
        linking.request_code(found, _email(email.strip()))
        return cls(contact=found, errors=[])


class ContactCustomerLinkCodeConfirm(ChatMutation):
    """Link the contact when the shopper's code is right; three wrong codes lock linking."""

    contact = graphene.Field(Contact)

    class Arguments:
        contact = graphene.ID(required=True)
        code = graphene.String(required=True)

    permission = auth.MANAGE_USERS

    @classmethod
    def perform(cls, info, contact, code):
        found = _contact(info.context, contact)
        return cls(
            contact=linking.confirm_code(found, check_length(code, 32, "code")),
            errors=[],
        )


class ContactMergeMutation(ChatMutation):
    """Fold ``source`` into ``target``: every identity, conversation and message is kept."""

    contact = graphene.Field(Contact, description="The merged contact (the target).")
    merge = graphene.Field(ContactMergeRecord)

    class Arguments:
        source = graphene.ID(required=True)
        target = graphene.ID(required=True)

    class Meta:
        name = "ContactMerge"

    permission = auth.MANAGE_USERS

    @classmethod
    def perform(cls, info, source, target):
        record = merging.merge(
            _contact(info.context, source, "source"),
            _contact(info.context, target, "target"),
        )
        return cls(contact=record.target, merge=record, errors=[])


class ContactMergeUndo(ChatMutation):
    """Undo a merge: the source contact comes back with what was its own."""

    contact = graphene.Field(Contact, description="The restored source contact.")
    target = graphene.Field(Contact)

    class Arguments:
        merge = graphene.ID(required=True)

    permission = auth.MANAGE_USERS

    @classmethod
    def perform(cls, info, merge):
        record = get_or_error(
            models.ContactMerge.objects.all(),
            decode_uuid(merge, "ContactMerge", "merge"),
            "ContactMerge",
            "merge",
        )
        source = merging.unmerge(record)
        return cls(
            contact=source,
            target=models.Contact.objects.get(pk=record.target_id),
            errors=[],
        )


class ContactConsentInput(graphene.InputObjectType):
    messaging_channel = graphene.String(required=True)
    purpose = ConsentPurposeEnum(required=True)
    granted = graphene.Boolean(required=True)


class ContactConsentUpdate(ChatMutation):
    """Record a consent decision. Staff with MANAGE_USERS, or the customer for their own contact."""

    contact = graphene.Field(Contact)

    class Arguments:
        contact = graphene.ID(required=True)
        input = ContactConsentInput(required=True)

    @classmethod
    def check_permissions(cls, context) -> None:
        auth.require_authenticated(context)

    @classmethod
    def perform(cls, info, contact, input):
        pk = decode_uuid(contact, "Contact", "contact")
        found = auth.visible_contacts(info.context).filter(pk=pk).first()
        if found is None:
            if models.Contact.objects.filter(pk=pk).exists() and not auth.has_perm(
                info.context, auth.MANAGE_USERS
            ):
                raise auth.PermissionDenied([auth.MANAGE_USERS])
            raise InputError("contact", "not_found", "No Contact with this id.")

        if input["messaging_channel"] not in registered_adapters():
            raise InputError(
                "messagingChannel",
                "invalid",
                f"Unknown messaging channel {input['messaging_channel']!r}.",
            )
        source = (
            "staff" if auth.has_perm(info.context, auth.MANAGE_USERS) else "customer"
        )
        set_consent(
            found.pk,
            input["messaging_channel"],
            input["purpose"],
            input["granted"],
            source,
        )
        return cls(contact=found, errors=[])


# -- messaging accounts --------------------------------------------------------------------
class MessagingAccountCreateInput(graphene.InputObjectType):
    channel = graphene.String(required=True, description="The sales channel slug.")
    messaging_channel = graphene.String(
        required=True, description="whatsapp, telegram, messenger, ..."
    )
    name = graphene.String(required=True)
    config = GenericScalar(
        description="Settings and credentials by name; credentials are write-only."
    )
    base_url = graphene.String()
    messages_per_second = graphene.Float()


def _config(value) -> dict:
    """An account's ``config`` input: settings and credentials by name, all strings."""
    if not isinstance(value, dict) or not all(
        isinstance(v, str) for v in value.values()
    ):
        raise InputError("config", "invalid", "config is an object of strings.")
    return value


class MessagingAccountCreate(ChatMutation):
    account = graphene.Field(MessagingAccount)

    class Arguments:
        input = MessagingAccountCreateInput(required=True)

    permission = auth.MANAGE_PLUGINS

    @classmethod
    def perform(cls, info, input):
        channel = _sales_channel(info.context, input["channel"])
        config = _config(input.get("config") or {})
        try:
            account = create_account(
                channel=channel,
                kind=input["messaging_channel"],
                name=check_length(input["name"], 128, "name"),
                values=config,
                base_url=input.get("base_url") or "",
                messages_per_second=input.get("messages_per_second"),
            )
        except ConfigurationError as exc:
            raise InputError("messagingChannel", "invalid", str(exc)) from None
        except ValidationError as exc:
            raise InputError("config", "invalid", "; ".join(exc.messages)) from None
        return cls(account=account, errors=[])


class MessagingAccountUpdateInput(graphene.InputObjectType):
    name = graphene.String()
    is_active = graphene.Boolean()
    config = GenericScalar(
        description="Changed settings and credentials; others stay as they are."
    )
    base_url = graphene.String()
    messages_per_second = graphene.Float()


class MessagingAccountUpdate(ChatMutation):
    account = graphene.Field(MessagingAccount)

    class Arguments:
        id = graphene.ID(required=True)
        input = MessagingAccountUpdateInput(required=True)

    permission = auth.MANAGE_PLUGINS

    @classmethod
    def perform(cls, info, id, input):
        account = get_or_error(
            models.MessagingAccount.objects.all(),
            decode_uuid(id, "MessagingAccount", "id"),
            "MessagingAccount",
            "id",
        )
        if input.get("name") is not None:
            account.name = check_length(input["name"], 128, "name")
        if input.get("is_active") is not None:
            account.is_active = input["is_active"]
        if input.get("base_url") is not None:
            account.base_url = input["base_url"]
        if input.get("messages_per_second") is not None:
            account.messages_per_second = input["messages_per_second"]
        config = input.get("config")
        if config is not None:
            config = _config(config)
            try:
                plain, secrets = split_config(
                    get_adapter_class(account.kind),
                    {**account.adapter_config(), **config},
                )
            except ValidationError as exc:
                raise InputError("config", "invalid", "; ".join(exc.messages)) from None
            account.settings = plain
            account.credentials = secrets
        try:
            account.full_clean(exclude=["credentials_encrypted"])
        except ValidationError as exc:
            raise InputError(None, "invalid", "; ".join(exc.messages)) from None
        account.save()
        return cls(account=account, errors=[])


class MessagingAccountDelete(ChatMutation):
    account = graphene.Field(MessagingAccount)

    class Arguments:
        id = graphene.ID(required=True)

    permission = auth.MANAGE_PLUGINS

    @classmethod
    def perform(cls, info, id):
        account = get_or_error(
            models.MessagingAccount.objects.all(),
            decode_uuid(id, "MessagingAccount", "id"),
            "MessagingAccount",
            "id",
        )
        snapshot = models.MessagingAccount(
            pk=account.pk,
            channel=account.channel,
            kind=account.kind,
            name=account.name,
            is_active=False,
            base_url=account.base_url,
            settings=account.settings,
        )
        account.delete()
        return cls(account=snapshot, errors=[])


# -- a customer's data ---------------------------------------------------------------------
class CustomerChatDataErase(ChatMutation):
    """Erase everything the plugin holds about a Saleor customer (it also happens when the
    customer is deleted in Saleor)."""

    deleted = graphene.Int(description="How many rows were deleted.")

    class Arguments:
        customer = graphene.ID(required=True, description="A Saleor `User` id.")

    permission = auth.MANAGE_USERS

    @classmethod
    def perform(cls, info, customer):
        user = _user(customer)
        return cls(deleted=erase_customer(user.pk), errors=[])


class Mutation(graphene.ObjectType):
    chat_checkout_create = ChatCheckoutCreate.Field()
    chat_checkout_payment_link_send = ChatCheckoutPaymentLinkSend.Field()
    conversation_message_send = ConversationMessageSend.Field()
    conversation_update = ConversationUpdate.Field()
    conversation_note_add = ConversationNoteAdd.Field()
    conversation_mark_read = ConversationMarkRead.Field()
    contact_update = ContactUpdate.Field()
    contact_customer_link = ContactCustomerLink.Field()
    contact_customer_unlink = ContactCustomerUnlink.Field()
    contact_customer_link_code_send = ContactCustomerLinkCodeSend.Field()
    contact_customer_link_code_confirm = ContactCustomerLinkCodeConfirm.Field()
    contact_merge = ContactMergeMutation.Field()
    contact_merge_undo = ContactMergeUndo.Field()
    contact_consent_update = ContactConsentUpdate.Field()
    messaging_account_create = MessagingAccountCreate.Field()
    messaging_account_update = MessagingAccountUpdate.Field()
    messaging_account_delete = MessagingAccountDelete.Field()
    customer_chat_data_erase = CustomerChatDataErase.Field()
