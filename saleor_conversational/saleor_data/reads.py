"""Every read of Saleor's internals in one place.

Where Saleor has a public GraphQL API for something (checkout, transactions,
completion) the plugin uses it instead; what is here has no API a plugin can call
without a user: order look-ups for the bot and for notifications.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import connection
from django.db.models import Q, QuerySet
from saleor.account.models import User
from saleor.app.models import App, AppToken
from saleor.channel.models import Channel
from saleor.checkout.models import Checkout
from saleor.order import OrderStatus
from saleor.order.models import Fulfillment, Order
from saleor.payment import ChargeStatus, TransactionKind
from saleor.payment.models import TransactionItem
from saleor.permission.models import Permission
from saleor.product.models import (
    Product,
    ProductTranslation,
    ProductVariant,
    ProductVariantTranslation,
)
from saleor.shipping.models import ShippingMethodChannelListing
from saleor.warehouse.models import Stock

STATUS_WORDS = {
    OrderStatus.UNCONFIRMED: "received and waiting for confirmation",
    OrderStatus.UNFULFILLED: "confirmed and being prepared",
    OrderStatus.PARTIALLY_FULFILLED: "partly shipped",
    OrderStatus.FULFILLED: "shipped",
    OrderStatus.PARTIALLY_RETURNED: "partly returned",
    OrderStatus.RETURNED: "returned",
    OrderStatus.CANCELED: "cancelled",
    OrderStatus.EXPIRED: "expired",
}


def channel_by_slug(slug: str, *, active_only: bool = True) -> Channel | None:
    channels = Channel.objects.filter(slug=slug)
    return (channels.filter(is_active=True) if active_only else channels).first()


def active_channels() -> list[Channel]:
    return list(Channel.objects.filter(is_active=True).order_by("name"))


def channels_by_id(ids: Iterable[int]) -> dict[int, Channel]:
    return {channel.pk: channel for channel in Channel.objects.filter(pk__in=ids)}


def get_order(order_id) -> Order | None:
    return Order.objects.select_related("channel").filter(pk=order_id).first()


def get_fulfillment(fulfillment_id) -> Fulfillment | None:
    return (
        Fulfillment.objects.select_related("order__channel")
        .filter(pk=fulfillment_id)
        .first()
    )


def orders_of(
    user_id: int | None, checkout_tokens: Iterable[str], channel_id: int
) -> QuerySet[Order]:
    """Orders a contact provably owns: their customer's, or from their chat checkouts."""
    condition = Q(checkout_token__in=[str(t) for t in checkout_tokens])
    if user_id:
        condition |= Q(user_id=user_id)
    return (
        Order.objects.non_draft()
        .filter(condition, channel_id=channel_id)
        .order_by("-created_at")
    )


def order_owner(order_id) -> tuple[int | None, str | None]:
    """(customer user id, checkout token) of an order, or (None, None)."""
    row = (
        Order.objects.filter(pk=order_id)
        .values_list("user_id", "checkout_token")
        .first()
    )
    return row if row else (None, None)


def recent_orders_of(
    user_id: int | None,
    checkout_tokens: Iterable[str],
    limit: int = 5,
    *,
    channel_ids: Iterable[int] | None = None,
) -> list[Order]:
    """A contact's latest orders, for the inbox side panel: in every sales channel, or
    in ``channel_ids`` only (a channel-restricted staff member's)."""
    condition = Q(checkout_token__in=[str(t) for t in checkout_tokens])
    if user_id:
        condition |= Q(user_id=user_id)
    orders = Order.objects.non_draft()
    if channel_ids is not None:
        orders = orders.filter(channel_id__in=list(channel_ids))
    return list(
        orders.filter(condition)
        .select_related("channel")
        .prefetch_related("fulfillments")
        .order_by("-created_at")[:limit]
    )


def tracking_numbers(order: Order) -> list[str]:
    return [f.tracking_number for f in order.fulfillments.all() if f.tracking_number]


def order_status_words(order: Order) -> str:
    return STATUS_WORDS.get(order.status, order.status)


def checkout_in_channel(token, channel_id: int) -> Checkout | None:
    """The checkout (its token and owner, ``user_id``, None for a guest) or None."""
    return (
        Checkout.objects.filter(token=token, channel_id=channel_id)
        .only("token", "user_id")
        .first()
    )


def refunded_total(order: Order):
    """What has been refunded so far, counted as Saleor counts it for ORDER_FULLY_REFUNDED
    (saleor/order/actions.py::order_refunded): the last legacy payment's refunds plus
    every transaction's refunded value."""
    from decimal import Decimal

    total = Decimal(0)
    last_payment = order.get_last_payment()
    if last_payment and last_payment.charge_status in (
        ChargeStatus.PARTIALLY_REFUNDED,
        ChargeStatus.FULLY_REFUNDED,
    ):
        total += sum(
            last_payment.transactions.filter(
                kind=TransactionKind.REFUND, is_success=True
            ).values_list("amount", flat=True),
            Decimal(0),
        )
    total += sum(
        order.payment_transactions.values_list("refunded_value", flat=True), Decimal(0)
    )
    return total


def is_fully_refunded(order: Order) -> bool:
    return refunded_total(order) >= order.total_gross_amount


def idle_checkouts(channel_id: int, idle_since, not_before):
    """Checkouts with lines whose last change lies between ``not_before`` and ``idle_since``."""

    return (
        Checkout.objects.filter(
            channel_id=channel_id,
            last_change__lt=idle_since,
            last_change__gte=not_before,
            lines__isnull=False,
        )
        .distinct()
        .only("token", "user_id", "channel_id")
    )


def get_variant(variant_id):
    return (
        ProductVariant.objects.select_related("product").filter(pk=variant_id).first()
    )


def shown_in_channel(channel_id: int, now, product: str = "") -> Q:
    """The product listing shoppers see and can buy from: published (and its
    publication date reached), visible in listings, available for purchase now.
    ``product`` is the path to the product ("product__" from a variant)."""
    listing = f"{product}channel_listings__"
    return Q(
        Q(**{f"{listing}published_at__lte": now})
        | Q(**{f"{listing}published_at__isnull": True}),
        **{
            f"{listing}channel_id": channel_id,
            f"{listing}is_published": True,
            f"{listing}visible_in_listings": True,
            f"{listing}available_for_purchase_at__lte": now,
        },
    )


def _shown_variants(channel_id: int) -> QuerySet:
    """Variants with a price in the sales channel whose product is shown there."""
    from django.utils import timezone

    return ProductVariant.objects.filter(
        shown_in_channel(channel_id, timezone.now(), product="product__"),
        channel_listings__channel_id=channel_id,
        channel_listings__price_amount__isnull=False,
    )


def variant_by_sku(sku: str, channel_id: int):
    """A variant shoppers can see and buy in the sales channel, as in the product
    search: a hidden product's SKU is an unknown SKU."""
    return (
        _shown_variants(channel_id)
        .select_related("product")
        .filter(sku__iexact=sku)
        .first()
    )


def variant_shown_in_channel(variant_id, channel_id: int) -> bool:
    return _shown_variants(channel_id).filter(pk=variant_id).exists()


def variant_display_name(variant) -> str:
    if variant is None:
        return ""
    return (
        f"{variant.product.name} ({variant.name})"
        if variant.name
        else variant.product.name
    )


def variant_available_in_channel(variant_id, channel_id: int) -> bool:
    """Stock left (quantity - allocated) in a warehouse of the sales channel."""
    from django.db.models import F

    return Stock.objects.filter(
        product_variant_id=variant_id,
        warehouse__channels__id=channel_id,
        quantity__gt=F("quantity_allocated"),
    ).exists()


def _language_pattern(language: str) -> str:
    """Saleor's codes for ``language``: "nl" matches "nl", "nl-NL" and "nl_BE"."""
    return rf"^{re.escape(language)}([-_]|$)"


def translated_product_ids(words: Iterable[str], language: str) -> list[int]:
    """Products whose name in ``language`` (Saleor's product translation) holds every
    one of ``words``."""
    words = [word for word in words if word]
    if not words or not language:
        return []
    translations = ProductTranslation.objects.filter(
        language_code__iregex=_language_pattern(language)
    )
    for word in words:
        translations = translations.filter(name__icontains=word)
    return list(translations.values_list("product_id", flat=True).distinct()[:20])


def translated_names(
    product_ids: Iterable[int], variant_ids: Iterable[int], language: str
) -> tuple[dict[int, str], dict[int, str]]:
    """Products' and variants' names in ``language`` where Saleor has a translation."""
    if not language:
        return {}, {}
    pattern = _language_pattern(language)
    products = dict(
        ProductTranslation.objects.filter(
            product_id__in=list(product_ids), language_code__iregex=pattern
        )
        .exclude(name__isnull=True)
        .exclude(name="")
        .values_list("product_id", "name")
    )
    variants = dict(
        ProductVariantTranslation.objects.filter(
            product_variant_id__in=list(variant_ids), language_code__iregex=pattern
        )
        .exclude(name="")
        .values_list("product_variant_id", "name")
    )
    return products, variants


def products_matching(words: str, channel_id: int, limit: int = 3, language: str = ""):
    """Products shoppers can see and buy in the sales channel (published, visible in
    listings, available for purchase now) whose name, or name in ``language``, holds
    every word of ``words``, with their variants sold there.
    [(product, [variant, ...]), ...]"""
    from django.utils import timezone

    now = timezone.now()
    terms = [word for word in words.split() if len(word) > 1] or [words.strip()]
    by_name = Q()
    for term in terms:
        by_name &= Q(name__icontains=term)
    translated = translated_product_ids(terms, language)
    products = (
        Product.objects.filter(
            by_name | Q(pk__in=translated), shown_in_channel(channel_id, now)
        )
        .distinct()
        .order_by("name")[:limit]
    )
    found = []
    for product in products:
        variants = list(
            ProductVariant.objects.filter(
                product=product,
                channel_listings__channel_id=channel_id,
                channel_listings__price_amount__isnull=False,
            )
            .select_related("product")
            .order_by("sort_order", "pk")
        )
        if variants:
            found.append((product, variants))
    return found


def shipping_options(channel_id: int) -> list[dict]:
    """The sales channel's shipping methods with their price there and delivery days."""

    listings = (
        ShippingMethodChannelListing.objects.filter(
            channel_id=channel_id,
            shipping_method__shipping_zone__channels__id=channel_id,
        )
        .select_related("shipping_method__shipping_zone")
        .order_by("price_amount", "shipping_method__name")
        .distinct()
    )
    return [
        {
            "name": listing.shipping_method.name,
            "price": listing.price,
            "countries": [
                c.code for c in listing.shipping_method.shipping_zone.countries
            ],
            "min_days": listing.shipping_method.minimum_delivery_days,
            "max_days": listing.shipping_method.maximum_delivery_days,
        }
        for listing in listings
    ]


def customer_checkout_details(user_id) -> tuple[str, list[dict]]:
    """A linked customer's email and saved addresses (default shipping address first),
    each as Saleor's ``AddressInput``, for the chat checkout to offer.

    Read here rather than through the API: Saleor's ``user(id:)`` query needs
    MANAGE_USERS, which would let the commerce App read every customer; ``me`` needs
    the customer's own token, which a chat does not have.
    """

    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        return "", []
    addresses = sorted(
        user.addresses.all(),
        key=lambda a: (a.pk != user.default_shipping_address_id, a.pk),
    )
    return user.email, [address_input(a) for a in addresses]


def address_input(address) -> dict:
    fields = {
        "firstName": address.first_name,
        "lastName": address.last_name,
        "companyName": address.company_name,
        "streetAddress1": address.street_address_1,
        "streetAddress2": address.street_address_2,
        "city": address.city,
        "cityArea": address.city_area,
        "postalCode": address.postal_code,
        "country": address.country.code,
        "countryArea": address.country_area,
    }
    if address.phone:
        fields["phone"] = str(address.phone)
    return {key: value for key, value in fields.items() if value}


COMMERCE_APP_IDENTIFIER = "saleor.conversational.commerce"
COMMERCE_APP_PERMISSIONS = ("HANDLE_CHECKOUTS", "HANDLE_PAYMENTS")


def create_commerce_app():
    """Saleor's App model has no public API usable without a staff user: create it directly.

    Returns ``(app, raw_token)``; only a hash of the token is stored by Saleor.
    """

    app = App.objects.create(
        name="Conversational commerce",
        identifier=COMMERCE_APP_IDENTIFIER,
        is_active=True,
    )
    app.permissions.set(
        Permission.objects.filter(
            codename__in=[p.lower() for p in COMMERCE_APP_PERMISSIONS]
        )
    )
    return issue_commerce_app_token(app)


def issue_commerce_app_token(app):
    """``(app, raw_token)``: a new token of the plugin's App."""
    _token, raw = AppToken.objects.create(app=app, name="saleor-conversational")
    return app, raw


def commerce_app():
    """The plugin's App (the newest, should several exist), or None."""
    return (
        App.objects.filter(identifier=COMMERCE_APP_IDENTIFIER).order_by("-pk").first()
    )


def commerce_app_is_on(app) -> bool:
    """Whether the merchant left the plugin's App active (not deactivated, not removed)."""
    return app.is_active and app.removed_at is None


def lock_commerce_app_creation() -> None:
    """One process at a time makes the App (inside a transaction): no duplicates."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))", [COMMERCE_APP_IDENTIFIER]
        )


def transaction_item(token: str):
    """Saleor's ``TransactionItem`` with this token, or None."""
    return TransactionItem.objects.filter(token=token).first()


# -- the model-backed assistant ----------------------------------------------------------
def channel_product_names(channel_id: int, limit: int = 2000) -> list[str]:
    """Names of the products published in the sales channel, for the grounding check to
    recognise a product named in a model's answer."""
    return list(
        Product.objects.filter(
            channel_listings__channel_id=channel_id,
            channel_listings__is_published=True,
        )
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()[:limit]
    )


def order_lines(order: Order) -> list[dict]:
    """An order's lines: product and variant name, SKU and quantity."""
    return [
        {
            "product_name": line.product_name,
            "variant_name": line.variant_name,
            "sku": line.product_sku or "",
            "quantity": line.quantity,
        }
        for line in order.lines.all()
    ]
