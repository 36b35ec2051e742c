"""What the shopping dialogue does for one inbound message: search, choose, cart
changes, codes and the checkout steps, each a call to Saleor's public API.

Every answer is plain ``str`` (or a message holding only ``str``), worded in the
language active at the call (the reply's ``translation.override``).
"""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from saleor_conversational.assistant.shopping import checkout_steps as steps
from saleor_conversational.assistant.shopping.words import (
    ASK_QUANTITY,
    ASK_SEARCH,
    BROWSE,
    CART,
    CART_HELP,
    CHANGE,
    CHECKOUT,
    CODE,
    EMPTY,
    GONE,
    NO_CART,
    NO_SUCH_LINE,
    NOT_PRODUCTS,
    NOTHING_FOUND,
    QUANTITY,
    REMOVE,
    SEARCH,
    next_buttons,
)
from saleor_conversational.channels.messages import Button, ReplyButtons
from saleor_conversational.commerce import catalog, checkout_api
from saleor_conversational.commerce.errors import CheckoutError
from saleor_conversational.core.language import (
    SUPPORTED_LANGUAGES,
    normalize_language_code,
    pick_language,
)
from saleor_conversational.models import SalesChannelSettings


class ShoppingActions:
    def __init__(self, conversation, identity, state):
        self.conversation, self.identity, self.state = conversation, identity, state
        self.contact = conversation.contact
        self.channel = conversation.channel
        self.language = _language(conversation.channel_id)

    def cart(self):
        return checkout_api.current(self.contact, self.channel.pk)

    # -- typed commands --------------------------------------------------------------
    def command(self, text: str, lowered: str) -> list | None:
        if lowered in BROWSE:
            steps.leave(self.state)
            return [str(ASK_SEARCH)]
        search = SEARCH.match(text)
        if search and not NOT_PRODUCTS.search(search.group("q")):
            return self.search(search.group("q").strip(" ?!."))
        if lowered in CART:
            return self.show_cart()
        if lowered in EMPTY:
            return self.empty()
        if lowered in CHECKOUT:
            return self.checkout()
        change = CHANGE.match(lowered)
        if change:
            return self.change(int(change.group("n")), int(change.group("q")))
        remove = REMOVE.match(lowered)
        if remove:
            return self.change(int(remove.group("n")), 0)
        code = CODE.match(text)
        if code:
            return self.promo(code.group("code"))
        return None

    def search(self, words: str, say_not_found: bool = True) -> list | None:
        """Products for ``words`` and the choice among them; when none is found, the
        "nothing found" text, or None with ``say_not_found=False``."""
        found = catalog.search(self.channel.slug, words, language=self.language)
        if not found:
            return [NOTHING_FOUND % {"q": words[:60]}] if say_not_found else None
        choose = catalog.choose_product(found, self.language)
        steps.save(self.state, "product", [row.id for row in choose.sections[0].rows])
        return [catalog.cards(found, self.language), choose]

    def show_cart(self) -> list:
        cart = self.cart()
        if cart is None or not cart.data["lines"]:
            return [str(NO_CART)]
        return [self._cart_with_help(cart)]

    def _cart_with_help(self, cart) -> ReplyButtons:
        return ReplyButtons(
            text=f"{cart.text(self.language)}\n{CART_HELP}", buttons=next_buttons()[:2]
        )

    def empty(self) -> list:
        cart = self.cart()
        if cart is None or not cart.data["lines"]:
            return [str(NO_CART)]
        checkout_api.empty(cart)
        steps.leave(self.state)
        return [_("Your cart is now empty.")]

    def change(self, number: int, quantity: int) -> list:
        cart = self.cart()
        if cart is None or not cart.data["lines"]:
            return [str(NO_CART)]
        lines = cart.lines
        if not 1 <= number <= len(lines):
            return [NO_SUCH_LINE % {"n": number}]
        try:
            if quantity == 0:
                cart = checkout_api.remove(cart, [lines[number - 1].id])
            else:
                cart = checkout_api.set_quantity(cart, lines[number - 1].id, quantity)
        except CheckoutError as exc:
            return [
                # Translators: %(reason)s is why, lower case: "there isn't enough stock
                # for that quantity".
                _("Sorry, I couldn't change that: %(reason)s.")
                % {"reason": exc.message}
            ]
        if not cart.data["lines"]:
            return [_("Your cart is now empty.")]
        return [self._cart_with_help(cart)]

    def promo(self, code: str) -> list:
        cart = self.cart()
        if cart is None or not cart.data["lines"]:
            return [str(NO_CART)]
        try:
            cart = checkout_api.add_promo_code(cart, code)
        except CheckoutError as exc:
            if exc.code == "INVALID" or not exc.message:
                return [
                    _(
                        'Sorry, the code "%(code)s" is not valid. Check it and send it '
                        "again."
                    )
                    % {"code": code[:40]}
                ]
            return [
                # Translators: %(reason)s is why, lower case: "that code doesn't apply
                # to this cart".
                _('Sorry, the code "%(code)s" can\'t be used: %(reason)s.')
                % {"code": code[:40], "reason": exc.message}
            ]
        return [_("Code applied.") + "\n" + cart.text(self.language)]

    def checkout(self) -> list:
        self.state.data = {}
        return steps.advance(
            self.state, self.cart(), self.contact, self.identity, self.language
        )

    # -- buttons, list rows, numbered replies ------------------------------------------
    def choose(self, choice: str) -> list:
        parts = choice.split(":", 2)
        kind = parts[1] if len(parts) > 1 else ""
        value = parts[2] if len(parts) > 2 else ""
        if kind == "checkout":
            return self.checkout()
        if kind == "browse":
            steps.leave(self.state)
            return [str(ASK_SEARCH)]
        if kind == "cart":
            return self.show_cart()
        if kind == "product" and value.isdigit():
            return self.product(int(value))
        if kind == "variant" and value.isdigit():
            steps.save(self.state, "quantity", [], variant=int(value))
            return [
                ReplyButtons(
                    text=str(ASK_QUANTITY),
                    buttons=tuple(
                        Button(id=f"shop:qty:{n}", title=str(n)) for n in (1, 2, 3)
                    ),
                )
            ]
        if kind == "qty" and value.isdigit() and self.state.data.get("variant"):
            return self.add(int(value))
        if kind in ("email", "addr", "ship"):
            return self.checkout_choice(kind, value)
        return self.reprompt()

    def product(self, product_pk: int) -> list:
        product = catalog.get_product(
            self.channel.slug, product_pk, language=self.language
        )
        if product is None:
            steps.leave(self.state)
            return [str(GONE)]
        if len(product.variants) > 1:
            choose = catalog.choose_variant(product, self.language)
            steps.save(
                self.state, "variant", [row.id for row in choose.sections[0].rows]
            )
            return [choose]
        return self.choose(f"shop:variant:{product.variants[0].pk}")

    def add(self, quantity: int) -> list:
        try:
            cart = checkout_api.add(
                self.contact, self.channel, self.state.data["variant"], quantity
            )
        except CheckoutError as exc:
            sorry = _("Sorry, I couldn't add that: %(reason)s.") % {
                "reason": exc.message
            }
            return [f"{sorry} {ASK_QUANTITY}"]
        steps.leave(self.state)
        return [
            ReplyButtons(
                text=_("Added to your cart.") + "\n" + cart.text(self.language),
                buttons=next_buttons(),
            )
        ]

    def checkout_choice(self, kind: str, value: str) -> list:
        state, cart = self.state, self.cart()
        if cart is None or not cart.data["lines"]:
            steps.leave(state)
            return [str(NO_CART)]
        if kind == "email" and state.step == "email_confirm":
            if value == "use" and state.data.get("email"):
                problem = steps.set_email(state, cart, state.data["email"])
                if problem:
                    steps.save(state, "email", email_declined=True)
                    return [problem]
            else:
                steps.save(state, "", email_declined=True)
        elif (
            kind == "addr"
            and state.step == "address_confirm"
            and value in ("typed", "retype")
        ):
            if value == "retype" or not state.data.get("address"):
                return [steps.retype(state)]
            problem = steps.set_address(state, cart, state.data["address"])
            if problem:
                return [problem]
        elif kind == "addr" and state.step == "address_confirm":
            if value == "use":
                _email, addresses = steps.saleor_data.customer_checkout_details(
                    self.contact.user_id
                )
                index = state.data.get("address_index", 0)
                if index < len(addresses):
                    problem = steps.set_address(state, cart, addresses[index])
                    if problem:
                        steps.save(
                            state, "addr_name", address={}, address_index=len(addresses)
                        )
                        return [
                            _("Saleor can't use that saved address for this order."),
                            str(steps.ASK_NAME),
                        ]
            else:
                steps.save(
                    state, "", address_index=state.data.get("address_index", 0) + 1
                )
        elif kind == "ship" and state.step == "shipping":
            problem = steps.set_shipping(cart, value)
            if problem:
                return [problem] + steps.offer_shipping(
                    state, self.cart(), self.language
                )
            steps.save(state, "", shipping_set=True)
        else:
            return self.reprompt()
        return steps.advance(
            state, self.cart(), self.contact, self.identity, self.language
        )

    # -- free text inside a step -------------------------------------------------------
    def step_answer(self, text: str) -> list:
        state = self.state
        if state.step == "quantity":
            if QUANTITY.match(text.strip()) and int(text) > 0:
                return self.add(int(text))
            return [
                # Translators: "cancel" is a word the shopper can send: quote the one
                # of your language (annuleren, abbrechen, annuler, cancelar).
                _('Please send how many you\'d like as a number, e.g. 2, or "cancel".')
            ]
        if state.step == "email":
            cart = self.cart()
            if cart is None:
                steps.leave(state)
                return [str(NO_CART)]
            problem = steps.set_email(state, cart, text.strip())
            if problem:
                return [problem]
            return steps.advance(
                state, self.cart(), self.contact, self.identity, self.language
            )
        if state.step.startswith("addr_"):
            cart = self.cart()
            if cart is None:
                steps.leave(state)
                return [str(NO_CART)]
            prompt, complete = steps.typed_address_answer(state, cart, text)
            if not complete:
                return [prompt]
            problem = steps.set_address(state, cart, state.data["address"])
            if problem:
                return [problem]
            return steps.advance(
                state, self.cart(), self.contact, self.identity, self.language
            )
        return self.reprompt()

    def reprompt(self) -> list:
        step = self.state.step
        if step in (
            "product",
            "variant",
            "shipping",
            "email_confirm",
            "address_confirm",
        ):
            return [str(steps.PICK_FROM_LIST)]
        if step == "quantity":
            return [str(ASK_QUANTITY)]
        if step == "email":
            return [str(steps.ASK_EMAIL)]
        if step in steps.ADDRESS_PROMPTS:
            return [str(steps.ADDRESS_PROMPTS[step])]
        return [
            # Translators: "cart" and "search" are commands: quote your language's.
            _(
                'That choice is no longer open. Send "cart" to see your cart or "search" '
                "to shop."
            )
        ]

    # -- WhatsApp catalog cart -----------------------------------------------------------
    def whatsapp_order(self, items) -> list:
        quantities: dict[int, int] = {}
        unknown = []
        for item in items:
            variant_pk = catalog.variant_pk_by_sku(self.channel.slug, item.retailer_id)
            if variant_pk is None:
                unknown.append(item.retailer_id or "?")
            else:
                quantities[variant_pk] = quantities.get(variant_pk, 0) + item.quantity
        notes = []
        if unknown:
            notes.append(
                # Translators: %(items)s lists the codes (SKUs) of the items left out.
                _(
                    "Sorry, these items from your cart aren't sold here any more, so I "
                    "left them out: %(items)s."
                )
                % {"items": ", ".join(unknown[:10])}
            )
        if not quantities:
            return notes + [f"{_('None of the items can be ordered.')} {ASK_SEARCH}"]
        try:
            cart = checkout_api.create(
                self.contact, self.channel, list(quantities.items())
            )
        except CheckoutError as exc:
            return notes + [
                _("Sorry, I couldn't take this order: %(reason)s.")
                % {"reason": exc.message}
            ]
        self.state.data = {}
        return (
            notes
            + [cart.text(self.language)]
            + steps.advance(
                self.state, cart, self.contact, self.identity, self.language
            )
        )


def _language(channel_id: int) -> str:
    """The reply language the router activated, else the sales channel's."""
    active = get_language()
    if active and normalize_language_code(active) in SUPPORTED_LANGUAGES:
        return normalize_language_code(active)
    return pick_language(SalesChannelSettings.objects.read(channel_id).language_code)
