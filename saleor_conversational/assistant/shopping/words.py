"""The shopping dialogue's commands, the words it recognises and the texts it answers
with.

The texts are lazy (``gettext_lazy``): ``actions`` makes them ``str`` when it answers,
in the language active then (the reply's ``translation.override``).
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from saleor_conversational.assistant.shopping import checkout_steps as steps
from saleor_conversational.channels.messages import Button

# The commands are understood in en, nl, de, fr and es, whatever the reply language
# (a shopper may mix them); the router understands other wordings of search, cart and
# checkout through ``understanding``.
SEARCH = re.compile(
    r"^(?:search|find|show\s+me|look\s+for|looking\s+for|buy|shop\s+for"
    r"|zoek(?:\s+naar)?|zoeken(?:\s+naar)?|suche(?:\s+nach)?|suchen(?:\s+nach)?"
    r"|cherche[rz]?|rechercher|busca[r]?)"
    r"\s+(?:(?:for|some|a|an|een|ein|eine|einen|un|une|des|du|una|unos|unas)\s+)?"
    r"(?P<q>.+)$",
    re.I,
)


NOT_PRODUCTS = re.compile(
    r"\b(order|orders|cart|basket|package|parcel|tracking"
    r"|bestelling|winkelwagen|pakket|bestellung|warenkorb|paket|sendung"
    r"|commande|panier|colis|pedido|carrito|cesta|paquete)\b",
    re.I,
)


BROWSE = {
    "shop",
    "browse",
    "products",
    "catalog",
    "catalogue",
    "search",
    "zoek",
    "suche",
    "cherche",
    "busca",
    "buy",
    "keep shopping",
    "producten",
    "zoeken",
    "verder winkelen",
    "produkte",
    "suchen",
    "weiter einkaufen",
    "produits",
    "rechercher",
    "continuer mes achats",
    "productos",
    "buscar",
    "seguir comprando",
}


CART = {
    "cart",
    "my cart",
    "view cart",
    "show cart",
    "show my cart",
    "basket",
    "my basket",
    "winkelwagen",
    "mijn winkelwagen",
    "winkelmandje",
    "warenkorb",
    "mein warenkorb",
    "meinen warenkorb",
    "panier",
    "mon panier",
    "carrito",
    "mi carrito",
    "cesta",
    "mi cesta",
}


EMPTY = {
    "empty cart",
    "empty my cart",
    "clear cart",
    "clear my cart",
    "empty basket",
    "empty the cart",
    "winkelwagen leegmaken",
    "leeg winkelwagen",
    "maak mijn winkelwagen leeg",
    "warenkorb leeren",
    "leere den warenkorb",
    "leere meinen warenkorb",
    "vider le panier",
    "vider mon panier",
    "vaciar carrito",
    "vaciar el carrito",
    "vaciar mi carrito",
}


CHECKOUT = {
    "checkout",
    "check out",
    "check-out",
    "checkout now",
    "place order",
    "order now",
    "afrekenen",
    "nu afrekenen",
    "bestelling plaatsen",
    "zur kasse",
    "kasse",
    "jetzt bestellen",
    "bestellung abschließen",
    "passer commande",
    "passer la commande",
    "commander",
    "valider la commande",
    "finalizar compra",
    "tramitar pedido",
    "realizar pedido",
}


CANCEL = {
    "cancel",
    "stop checkout",
    "cancel checkout",
    "never mind",
    "nevermind",
    "annuleren",
    "laat maar",
    "abbrechen",
    "vergiss es",
    "annuler",
    "laisse tomber",
    "cancelar",
    "olvídalo",
    "déjalo",
}


_LINE = r"(?:line\s+|regel\s+|zeile\s+|position\s+|ligne\s+|línea\s+|linea\s+)?#?"

CHANGE = re.compile(
    r"^(?:change|set|make|wijzig|verander|zet|ändere|ändern|setze|changer|change|modifier"
    r"|modifie|mettre|cambiar|cambia|poner|pon)\s+"
    + _LINE
    + r"(?P<n>\d{1,3})\s+(?:to|=|naar|in|op|auf|zu|en|à|a)\s*(?P<q>\d{1,5})$",
    re.I,
)


REMOVE = re.compile(
    r"^(?:remove|delete|drop|verwijder|verwijderen|entferne|entfernen|lösche|löschen"
    r"|supprimer|supprime|retirer|retire|eliminar|elimina|quitar|quita|borrar|borra)\s+"
    + _LINE
    + r"(?P<n>\d{1,3})$",
    re.I,
)


CODE = re.compile(
    r"^(?:code|voucher|coupon|promo(?:\s+code)?|discount(?:\s+code)?|gift\s?card"
    r"|kortingscode|cadeaubon|cadeaukaart|gutschein(?:code)?|rabattcode|geschenkkarte"
    r"|code\s+promo|bon(?:\s+de\s+réduction)?|carte\s+cadeau"
    r"|cupón|cupon|código(?:\s+de\s+descuento)?|codigo|tarjeta\s+regalo)"
    r"[:\s]+(?P<code>\S{1,100})$",
    re.I,
)


CHECKOUT_STEPS = {
    "email",
    "email_confirm",
    "address_confirm",
    "shipping",
    *steps.ADDRESS_PROMPTS,
}


BROWSING = {
    "product",
    "variant",
}  # a choice offered while browsing; free text is not an answer to it


QUANTITY = re.compile(r"^\d{1,5}$")


# The commands quoted in these texts ("search", "cart", "change 1 to 3", "cancel"…) are
# understood in every language above: each translation quotes its own language's.
ASK_SEARCH = _(
    # Translators: "search t-shirt" is a command the shopper types: quote the one of
    # your language (zoek, suche, rechercher, buscar: assistant/shopping/words.py).
    'What are you looking for? Send for example "search t-shirt".'
)


NOTHING_FOUND = _(
    # Translators: %(q)s is what the shopper searched for; "search shirt" is a command:
    # quote the one of your language (assistant/shopping/words.py).
    'I can\'t find "%(q)s" in this shop. Try other words, e.g. "search shirt".'
)


GONE = _("Sorry, that product is no longer available.")


ASK_QUANTITY = _("How many? Choose below or send a number.")


NO_CART = _(
    # Translators: "search" is a command: quote the one of your language.
    'Your cart is empty. Send "search" and what you\'re looking for to start.'
)


NO_SUCH_LINE = _(
    # Translators: %(n)s is the line number the shopper sent; "cart" is a command:
    # quote the one of your language.
    'Your cart has no line %(n)s. Send "cart" to see the numbered lines.'
)


LEFT = _(
    # Translators: "cart" is a command: quote the one of your language.
    'OK, I\'ve stopped the checkout. Your cart is kept: send "cart" to see it.'
)


CART_HELP = _(
    # Translators: the quoted texts are commands: quote the ones of your language, which
    # the dialogue understands too (assistant/shopping/words.py CHANGE, REMOVE, EMPTY,
    # CODE), e.g. "wijzig 1 naar 3", "entferne 1", "vider le panier", "cupón ABC".
    'To change it send e.g. "change 1 to 3", "remove 1" or "empty cart"; '
    '"code ABC" applies a voucher or gift card.'
)


TRY_LATER = _(
    "Sorry, something went wrong with the shop just now. Please try again in a moment."
)


def next_buttons() -> tuple[Button, ...]:
    """Check out / Keep shopping / View cart, in the active language."""
    return (
        Button(id="shop:checkout", title=pgettext("button", "Check out")),
        Button(id="shop:browse", title=pgettext("button", "Keep shopping")),
        Button(id="shop:cart", title=pgettext("button", "View cart")),
    )
