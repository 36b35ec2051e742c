"""Default texts of the messages the shop starts (order updates, marketing, payments),
one per event, in English, translated through Django's gettext
(``saleor_conversational/locale``). The merchant can override each per sales channel
and language (``NotificationText``).

They are ``str.format`` templates with the same ``{variables}`` a merchant's own text
uses: {number}, {total} (in the order's currency and the shopper's locale), {items}
("2 × Blue shoe, 1 × Red sock"), {tracking} (the tracking sentence, empty when there is
none), {tracking_number}, {tracking_url}. Lazy: each becomes text in the language
active where it is rendered (``rendering.render``).
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

DEFAULT_TEXTS = {
    "order_created": _(
        # Translators: {number} is the order number, {total} the order's total with its currency.
        "Thank you for your order #{number}! We have received it. Total: {total}."
    ),
    "order_confirmed": _(
        # Translators: {number} is the order number.
        "Your order #{number} is confirmed. We'll let you know when it ships."
    ),
    "order_fully_paid": _(
        # Translators: {total} is the amount paid with its currency, {number} the order number.
        "We received your payment of {total} for order #{number}. Thank you!"
    ),
    # Translators: {tracking} is empty or a whole sentence, with its own leading space
    # ("Track it here: …" or "Tracking number: …"); keep it right after the full stop.
    "fulfillment_created": _("Good news: order #{number} is on its way.{tracking}"),
    "tracking_number_updated": _(
        # Translators: {tracking} as in "Good news: order #{number} is on its way.{tracking}".
        "The tracking of order #{number} was updated.{tracking}"
    ),
    "order_cancelled": _("Your order #{number} has been cancelled."),
    "order_refunded": _("We have refunded part of your order #{number}."),
    "order_fully_refunded": _("Your order #{number} has been fully refunded."),
    "order_expired": _("Order #{number} has expired because it was not paid in time."),
}

# The {tracking} sentence: a link when there is one, else the tracking number.
TRACKING_SENTENCE = _("Track it here: {tracking_url}")
TRACKING_NUMBER_SENTENCE = _("Tracking number: {tracking_number}")

ORDER_EVENTS = tuple(DEFAULT_TEXTS)

# Marketing messages (they need marketing consent).
DEFAULT_TEXTS["abandoned_checkout"] = _(
    # Translators: {url} is the link back to the shopper's cart in the web shop.
    "You left something in your cart. It is still waiting for you: {url}"
)
# Translators: {product} is the product and variant name.
DEFAULT_TEXTS["back_in_stock"] = _("Good news: {product} is back in stock.")

# Buying in chat (commerce/payment_links.py). {total}: the amount in the shopper's locale;
# {until}: the link's expiry (HH:MM UTC); {number}: the order number; {reason}: why no
# order could be made (PAYMENT_REASONS, or Saleor's own message).
DEFAULT_TEXTS["payment_link"] = _(
    # Translators: {total} is the amount with its currency, {until} a time such as "14:30 UTC".
    "Total to pay: {total}. Pay securely with the link below; it is valid until {until}."
)
DEFAULT_TEXTS["payment_confirmed"] = _(
    "Thank you! We received your payment of {total}. Your order #{number} is confirmed."
)
# The sales channel confirms new orders by hand: the order exists but is not confirmed yet.
DEFAULT_TEXTS["payment_received"] = _(
    "Thank you! We received your payment of {total} for order #{number}. We'll let you "
    "know as soon as it is confirmed."
)
DEFAULT_TEXTS["payment_refunded"] = _(
    # Translators: {reason} is one of the reasons "an item in your cart is no longer
    # available", "your cart no longer exists", … (lower case, no full stop).
    "We could not place your order: {reason}. Your payment of {total} has been refunded."
)
DEFAULT_TEXTS["payment_refund_failed"] = _(
    # Translators: {reason} as in "We could not place your order: {reason}. …".
    "We received your payment but could not place your order: {reason}. Our team has "
    "been alerted and will refund you."
)
DEFAULT_TEXTS["payment_mismatch"] = _(
    "We received a payment of {total}, but it does not match your cart, so no order was "
    "placed yet. Our team has been alerted and will contact you."
)
PAYMENT_EVENTS = (
    "payment_link",
    "payment_confirmed",
    "payment_received",
    "payment_refunded",
    "payment_refund_failed",
    "payment_mismatch",
)
PAY_BUTTON = pgettext_lazy("button", "Pay now")
# Why a paid link made no order: the {reason} of payment_refunded and payment_refund_failed.
PAYMENT_REASONS = {
    "unavailable": _("an item in your cart is no longer available"),
    "superseded": _(
        "this payment link had been replaced by a newer one or had expired"
    ),
    "gone": _("your cart no longer exists"),
}
