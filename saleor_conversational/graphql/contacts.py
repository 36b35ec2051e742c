"""Contacts in the API: edit, link to a Saleor customer, merge, consent, erase."""

from __future__ import annotations

import graphene

from saleor_conversational import models
from saleor_conversational.channels.base import registered_adapters
from saleor_conversational.contacts import linking, merging
from saleor_conversational.contacts.consent import set_consent
from saleor_conversational.contacts.privacy import erase_customer
from saleor_conversational.graphql import auth
from saleor_conversational.graphql.core import (
    InputError,
    check_length,
    clean_email,
    clean_phone,
    decode_uuid,
    get_or_error,
)
from saleor_conversational.graphql.mutation import (
    MAX_NAME,
    ChatMutation,
    contact_by_id,
    user_by_id,
)
from saleor_conversational.graphql.types import (
    ConsentPurposeEnum,
    Contact,
    ContactMergeRecord,
)


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
        contact = contact_by_id(info.context, id, "id")
        if input.get("name") is not None:
            contact.name = check_length(input["name"].strip(), MAX_NAME, "name")
        if input.get("email") is not None:
            contact.email = (
                clean_email(input["email"].strip()) if input["email"].strip() else ""
            )
        if input.get("phone") is not None:
            contact.phone = (
                clean_phone(input["phone"].strip()) if input["phone"].strip() else ""
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
        found = contact_by_id(info.context, contact)
        return cls(contact=linking.link(found, user_by_id(customer)), errors=[])


class ContactCustomerUnlink(ChatMutation):
    contact = graphene.Field(Contact)

    class Arguments:
        contact = graphene.ID(required=True)

    permission = auth.MANAGE_USERS

    @classmethod
    def perform(cls, info, contact):
        return cls(
            contact=linking.unlink(contact_by_id(info.context, contact)), errors=[]
        )


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
        found = contact_by_id(info.context, contact)
        linking.request_code(found, clean_email(email.strip()))
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
        found = contact_by_id(info.context, contact)
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
            contact_by_id(info.context, source, "source"),
            contact_by_id(info.context, target, "target"),
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
        user = user_by_id(customer)
        return cls(deleted=erase_customer(user.pk, user.email), errors=[])
