"""Check out in chat, one question at a time: email, address, shipping method, then
Saleor's totals and the payment link.

A linked customer's email and saved addresses (``contact.user_id``) are *offered*
("Use this address" / "Another address") and used only once the shopper confirms; they
are read through ``saleor_data.customer_checkout_details`` because Saleor's public
``user`` query needs MANAGE_USERS (every customer's data) and the commerce App should
not have it. Everything else goes through Saleor's public API as the commerce App
(``checkoutEmailUpdate``, ``checkoutShippingAddressUpdate``,
``checkoutBillingAddressUpdate``, ``checkoutDeliveryMethodUpdate``); the shipping
methods offered are exactly the checkout's active ``shippingMethods``.

The prompts are lazy (``gettext_lazy``); what these functions return is plain ``str``
(or messages holding only ``str``) in the language active at the call.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from saleor_conversational.assistant.shopping import address_text
from saleor_conversational.channels.messages import (
    Button,
    ListMessage,
    ListRow,
    ListSection,
    ReplyButtons,
    Text,
)
from saleor_conversational.commerce import checkout_api
from saleor_conversational.commerce.catalog import money
from saleor_conversational.commerce.errors import CheckoutError
from saleor_conversational.commerce.payment_links import send_payment_link
from saleor_conversational.messaging.outbound import queue_message
from saleor_conversational.models import ShoppingState
from saleor_conversational.saleor_data import reads as saleor_data

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{2,63}$")

ASK_EMAIL = gettext_lazy("What email address should we send the order confirmation to?")
BAD_EMAIL = gettext_lazy(
    "That doesn't look like an email address. Please send it like name@example.com."
)
ASK_NAME = gettext_lazy(
    "Where should we ship to? Send the whole address in one message (name, street, postal code "
    "and city, country, one per line), or just the recipient's first and last name and I'll ask "
    "for the rest."
)
ASK_NAME_AGAIN = gettext_lazy("The recipient's first and last name?")
UNREADABLE_ADDRESS = gettext_lazy(
    "I couldn't read the whole address from that message, so let's go step by step. "
    "First, the recipient's first and last name?"
)
ASK_STREET = gettext_lazy("Street and house number?")
ASK_POSTAL = gettext_lazy("Postal code?")
ASK_CITY = gettext_lazy("City?")
ASK_COUNTRY = gettext_lazy(
    # Translators: give the example country by its own name in your language, which
    # the shop understands (Nederland, Deutschland, France, España), and its code.
    "Country? (for example: Poland, or PL)"
)
ASK_AREA = gettext_lazy("State, province or region?")
BAD_COUNTRY = gettext_lazy(
    "I don't know that country. Please send its name or its two-letter code, like PL."
)
NO_SHIPPING = gettext_lazy(
    "Sorry, we don't ship to that address. Please send another address."
)
ASK_SHIPPING = gettext_lazy("How should we ship it?")
PICK_FROM_LIST = gettext_lazy(
    # Translators: "cancel" is a word the shopper can send: quote the one of your
    # language (annuleren, abbrechen, annuler, cancelar).
    'Please choose one of the options above (or send its number), or "cancel".'
)
CART_EMPTY = gettext_lazy(
    # Translators: "search" is a command: quote the one of your language.
    'Your cart is empty. Search for something first, e.g. "search t-shirt".'
)
# Saleor refused the address: the field to send again.
BAD_FIELD = {
    "addr_postal": gettext_lazy(
        "That postal code doesn't look right for this country."
    ),
    "addr_area": gettext_lazy("That region doesn't look right for this country."),
    "addr_city": gettext_lazy("That city doesn't look right for this country."),
    "addr_street": gettext_lazy("That street doesn't look right for this country."),
    "addr_country": gettext_lazy("That country can't be used for this address."),
    "addr_name": gettext_lazy("That address doesn't look right for this country."),
}

# Typed address: the step, the prompt, the AddressInput field it fills.
ADDRESS_STEPS = [
    ("addr_name", ASK_NAME, "name"),
    ("addr_street", ASK_STREET, "streetAddress1"),
    ("addr_postal", ASK_POSTAL, "postalCode"),
    ("addr_city", ASK_CITY, "city"),
    ("addr_country", ASK_COUNTRY, "country"),
]
ADDRESS_PROMPTS = {step: prompt for step, prompt, _field in ADDRESS_STEPS} | {
    "addr_area": ASK_AREA
}
# Saleor's address error field -> the step that asks for it again.
FIELD_STEP = {
    "firstName": "addr_name",
    "lastName": "addr_name",
    "streetAddress1": "addr_street",
    "postalCode": "addr_postal",
    "city": "addr_city",
    "country": "addr_country",
    "countryArea": "addr_area",
}


def save(state: ShoppingState, step: str, options=(), **data) -> None:
    state.step, state.options = step, list(options)
    state.data = {**state.data, **data}
    state.save()


def leave(state: ShoppingState) -> None:
    state.step, state.options, state.data = "", [], {}
    if not state._state.adding:
        state.save()


def address_text_line(address: dict) -> str:
    name = " ".join(p for p in (address.get("firstName"), address.get("lastName")) if p)
    street = ", ".join(
        p for p in (address.get("streetAddress1"), address.get("streetAddress2")) if p
    )
    city = " ".join(p for p in (address.get("postalCode"), address.get("city")) if p)
    country = address.get("country") or ""
    if isinstance(country, dict):
        country = country.get("code", "")
    area = address.get("countryArea") or ""
    return ", ".join(p for p in (name, street, city, area, country) if p)


def advance(state: ShoppingState, cart, contact, identity, language: str) -> list:
    """Ask the next question the checkout needs, or show Saleor's totals and send the
    payment link when nothing is missing."""
    if cart is None or not cart.data["lines"]:
        leave(state)
        return [str(CART_EMPTY)]
    customer_email, addresses = saleor_data.customer_checkout_details(contact.user_id)
    if not cart.data["email"]:
        if customer_email and not state.data.get("email_declined"):
            save(
                state,
                "email_confirm",
                ["shop:email:use", "shop:email:other"],
                email=customer_email,
            )
            return [
                ReplyButtons(
                    text=_("Send the confirmation to %(email)s?")
                    % {"email": customer_email},
                    buttons=(
                        Button(
                            id="shop:email:use",
                            title=pgettext("button", "Use this email"),
                        ),
                        Button(
                            id="shop:email:other",
                            title=pgettext("button", "Another email"),
                        ),
                    ),
                )
            ]
        save(state, "email")
        return [str(ASK_EMAIL)]
    if not state.data.get("address_set"):
        index = state.data.get("address_index", 0)
        if index < len(addresses):
            save(
                state,
                "address_confirm",
                ["shop:addr:use", "shop:addr:other"],
                address_index=index,
            )
            return [
                ReplyButtons(
                    text=_("Ship to your saved address?")
                    + "\n"
                    + address_text_line(addresses[index]),
                    buttons=(
                        Button(
                            id="shop:addr:use",
                            title=pgettext("button", "Use this address"),
                        ),
                        Button(
                            id="shop:addr:other",
                            title=pgettext("button", "Another address"),
                        ),
                    ),
                )
            ]
        save(state, "addr_name", address={})
        return [str(ASK_NAME)]
    if cart.data["isShippingRequired"] and not (
        state.data.get("shipping_set") and cart.data.get("deliveryMethod")
    ):
        return offer_shipping(state, cart, language)
    return pay(state, cart, identity, language)


def offer_shipping(state: ShoppingState, cart, language: str) -> list:
    methods = [m for m in cart.data.get("shippingMethods") or [] if m["active"]]
    if not methods:
        save(state, "addr_name", address={}, address_set=False)
        return [str(NO_SHIPPING), str(ASK_NAME)]
    rows = tuple(
        ListRow(
            id=f"shop:ship:{m['id']}",
            title=m["name"][:24],
            description=money(m["price"]["amount"], m["price"]["currency"], language),
        )
        for m in methods
    )
    save(state, "shipping", [row.id for row in rows])
    return [
        ListMessage(
            text=str(ASK_SHIPPING),
            button_label=pgettext("button", "Shipping"),
            sections=(
                ListSection(title=pgettext("list title", "Shipping"), rows=rows),
            ),
        )
    ]


def pay(state: ShoppingState, cart, identity, language: str) -> list:
    leave(state)
    # Saleor's totals first, then the link (send_payment_link queues the link itself).
    queue_message(
        state.conversation,
        identity,
        Text(text=_("Your order:") + "\n" + cart.text(language)),
    )
    try:
        send_payment_link(cart.chat_checkout, identity=identity)
    except CheckoutError as exc:
        return [
            # Translators: %(reason)s is a sentence: "The checkout no longer exists."
            _("Sorry, I could not make a payment link: %(reason)s")
            % {"reason": exc.message}
        ]
    return []


# -- answers to each step -------------------------------------------------------------
def set_email(state, cart, email: str) -> str:
    """ "" when Saleor took it, else what to tell the shopper."""
    if not EMAIL.match(email):
        return str(BAD_EMAIL)
    errors = checkout_api.update_email(cart.chat_checkout, email)
    return str(BAD_EMAIL) if errors else ""


def set_address(state, cart, address: dict) -> str:
    """Shipping (when needed) and billing address in Saleor; "" or the problem."""
    updates = [checkout_api.update_billing_address]
    if cart.data["isShippingRequired"]:
        updates.insert(0, shipping_errors)
    for update in updates:
        errors = update(cart.chat_checkout, address)
        if errors and errors[0].get("field") == "phone" and address.get("phone"):
            # A phone number is optional: one Saleor refuses is left out, not asked again.
            address = {k: v for k, v in address.items() if k != "phone"}
            state.data["address"] = address
            return set_address(state, cart, address)
        if errors:
            return _address_problem(state, errors[0])
    save(state, "", address_set=True)
    return ""


def _address_problem(state, error: dict) -> str:
    """Saleor refused the address: ask again for the field it named."""
    step = FIELD_STEP.get(error.get("field") or "", "addr_name")
    save(state, step, address_set=False)
    if step == "addr_name":
        state.data["address"] = {}
        state.save()
    if error.get("code") == "REQUIRED" and step == "addr_area":
        return f"{_('This country needs a state, province or region.')} {ASK_AREA}"
    return f"{BAD_FIELD.get(step, BAD_FIELD['addr_name'])} {ADDRESS_PROMPTS[step]}"


def typed_address_answer(state, cart, text: str) -> tuple[str | None, bool]:
    """Store one typed address field. Returns (next prompt or problem, address complete)."""
    address = dict(state.data.get("address") or {})
    step = state.step
    value = text.strip()[:256]
    if step == "addr_name" and address_text.looks_like_whole_address(text):
        parsed = None if state.data.get("step_by_step") else address_text.parse(text)
        if parsed is None:
            save(state, "addr_name", address={}, step_by_step=True)
            return str(UNREADABLE_ADDRESS), False
        return confirm_typed(state, parsed), False
    if step == "addr_name":
        parts = value.split(None, 1)
        if len(parts) < 2:
            return _("Please send the recipient's first and last name."), False
        address["firstName"], address["lastName"] = parts
    elif step == "addr_country":
        code = address_text.country_code(value)
        if not code:
            return str(BAD_COUNTRY), False
        address["country"] = code
    elif step == "addr_area":
        address["countryArea"] = value
    else:
        field = next(f for s, _prompt, f in ADDRESS_STEPS if s == step)
        address[field] = value
    state.data["address"] = address
    order = [s for s, _prompt, _field in ADDRESS_STEPS]
    missing = [s for s, _prompt, f in ADDRESS_STEPS if not _has(address, f)]
    if missing:
        nxt = (
            missing[0]
            if step not in order or order.index(step) + 1 >= len(order)
            else next(
                (s for s in order[order.index(step) + 1 :] if s in missing), missing[0]
            )
        )
        save(state, nxt)
        return str(ADDRESS_PROMPTS[nxt]), False
    save(state, state.step)
    return None, True


def confirm_typed(state, address: dict) -> ReplyButtons:
    """A whole address read from one message is used only once the shopper confirms it."""
    save(
        state,
        "address_confirm",
        ["shop:addr:typed", "shop:addr:retype"],
        address=address,
    )
    phone = f"\n{address['phone']}" if address.get("phone") else ""
    return ReplyButtons(
        text=_("Ship to this address?") + f"\n{address_text_line(address)}{phone}",
        buttons=(
            Button(id="shop:addr:typed", title=pgettext("button", "Yes, ship there")),
            Button(id="shop:addr:retype", title=pgettext("button", "Step by step")),
        ),
    )


def retype(state) -> str:
    save(state, "addr_name", address={}, step_by_step=True)
    return str(ASK_NAME_AGAIN)


def _has(address: dict, field: str) -> bool:
    if field == "name":
        return bool(address.get("firstName") and address.get("lastName"))
    return bool(address.get(field))


def shipping_errors(chat_checkout, address: dict) -> list[dict]:
    return checkout_api.update_shipping_address(chat_checkout, address)[0]


def set_shipping(cart, method_id: str) -> str:
    errors = checkout_api.update_delivery_method(cart.chat_checkout, method_id)
    if errors:
        return _(
            "That shipping method isn't available for this address; please choose "
            "another."
        )
    return ""
