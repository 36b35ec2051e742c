"""Default texts of order updates, per event and language (the merchant can override each).

Variables: {number}, {total} (in the order's currency and the shopper's locale),
{items} ("2 × Blue shoe, 1 × Red sock"), {tracking} (the tracking sentence, empty when
there is none), {tracking_number}, {tracking_url}.
"""

DEFAULT_TEXTS: dict[str, dict[str, str]] = {
    "order_created": {
        "en": "Thank you for your order #{number}! We have received it. Total: {total}.",
        "nl": "Bedankt voor je bestelling #{number}! We hebben hem ontvangen. Totaal: {total}.",
        "de": "Vielen Dank für Ihre Bestellung #{number}! Wir haben sie erhalten. Summe: {total}.",
        "fr": "Merci pour votre commande n°{number} ! Nous l'avons bien reçue. Total : {total}.",
        "es": "¡Gracias por tu pedido n.º {number}! Lo hemos recibido. Total: {total}.",
    },
    "order_confirmed": {
        "en": "Your order #{number} is confirmed. We'll let you know when it ships.",
        "nl": "Je bestelling #{number} is bevestigd. We laten het je weten zodra hij verzonden is.",
        "de": "Ihre Bestellung #{number} ist bestätigt. Wir melden uns, sobald sie versandt wird.",
        "fr": "Votre commande n°{number} est confirmée. Nous vous préviendrons dès son expédition.",
        "es": "Tu pedido n.º {number} está confirmado. Te avisaremos cuando se envíe.",
    },
    "order_fully_paid": {
        "en": "We received your payment of {total} for order #{number}. Thank you!",
        "nl": "We hebben je betaling van {total} voor bestelling #{number} ontvangen. Dank je!",
        "de": "Wir haben Ihre Zahlung von {total} für Bestellung #{number} erhalten. Danke!",
        "fr": "Nous avons reçu votre paiement de {total} pour la commande n°{number}. Merci !",
        "es": "Hemos recibido tu pago de {total} del pedido n.º {number}. ¡Gracias!",
    },
    "fulfillment_created": {
        "en": "Good news: order #{number} is on its way.{tracking}",
        "nl": "Goed nieuws: bestelling #{number} is onderweg.{tracking}",
        "de": "Gute Nachrichten: Bestellung #{number} ist unterwegs.{tracking}",
        "fr": "Bonne nouvelle : la commande n°{number} est en route.{tracking}",
        "es": "Buenas noticias: el pedido n.º {number} está en camino.{tracking}",
    },
    "tracking_number_updated": {
        "en": "The tracking of order #{number} was updated.{tracking}",
        "nl": "De tracking van bestelling #{number} is bijgewerkt.{tracking}",
        "de": "Die Sendungsverfolgung von Bestellung #{number} wurde aktualisiert.{tracking}",
        "fr": "Le suivi de la commande n°{number} a été mis à jour.{tracking}",
        "es": "El seguimiento del pedido n.º {number} se ha actualizado.{tracking}",
    },
    "order_cancelled": {
        "en": "Your order #{number} has been cancelled.",
        "nl": "Je bestelling #{number} is geannuleerd.",
        "de": "Ihre Bestellung #{number} wurde storniert.",
        "fr": "Votre commande n°{number} a été annulée.",
        "es": "Tu pedido n.º {number} ha sido cancelado.",
    },
    "order_refunded": {
        "en": "We have refunded part of your order #{number}.",
        "nl": "We hebben een deel van je bestelling #{number} terugbetaald.",
        "de": "Wir haben einen Teil Ihrer Bestellung #{number} erstattet.",
        "fr": "Nous avons remboursé une partie de votre commande n°{number}.",
        "es": "Hemos reembolsado parte de tu pedido n.º {number}.",
    },
    "order_fully_refunded": {
        "en": "Your order #{number} has been fully refunded.",
        "nl": "Je bestelling #{number} is volledig terugbetaald.",
        "de": "Ihre Bestellung #{number} wurde vollständig erstattet.",
        "fr": "Votre commande n°{number} a été entièrement remboursée.",
        "es": "Tu pedido n.º {number} ha sido reembolsado por completo.",
    },
    "order_expired": {
        "en": "Order #{number} has expired because it was not paid in time.",
        "nl": "Bestelling #{number} is verlopen omdat hij niet op tijd is betaald.",
        "de": "Bestellung #{number} ist abgelaufen, weil sie nicht rechtzeitig bezahlt wurde.",
        "fr": "La commande n°{number} a expiré faute de paiement à temps.",
        "es": "El pedido n.º {number} ha caducado porque no se pagó a tiempo.",
    },
}

TRACKING_SENTENCE = {
    "en": " Track it here: {tracking_url}",
    "nl": " Volg je pakket: {tracking_url}",
    "de": " Hier verfolgen: {tracking_url}",
    "fr": " Suivez-la ici : {tracking_url}",
    "es": " Síguelo aquí: {tracking_url}",
}
TRACKING_NUMBER_SENTENCE = {
    "en": " Tracking number: {tracking_number}",
    "nl": " Trackingnummer: {tracking_number}",
    "de": " Sendungsnummer: {tracking_number}",
    "fr": " Numéro de suivi : {tracking_number}",
    "es": " Número de seguimiento: {tracking_number}",
}

ORDER_EVENTS = tuple(DEFAULT_TEXTS)

# Marketing messages (they need marketing consent). {url}: the link back to the cart;
# {product}: the product and variant name.
DEFAULT_TEXTS["abandoned_checkout"] = {
    "en": "You left something in your cart. It is still waiting for you: {url}",
    "nl": "Je hebt nog iets in je winkelwagen. Het ligt nog voor je klaar: {url}",
    "de": "Sie haben noch etwas im Warenkorb. Es wartet noch auf Sie: {url}",
    "fr": "Vous avez laissé quelque chose dans votre panier. Il vous attend toujours : {url}",
    "es": "Te has dejado algo en el carrito. Sigue esperándote: {url}",
}
DEFAULT_TEXTS["back_in_stock"] = {
    "en": "Good news: {product} is back in stock.",
    "nl": "Goed nieuws: {product} is weer op voorraad.",
    "de": "Gute Nachrichten: {product} ist wieder vorrätig.",
    "fr": "Bonne nouvelle : {product} est de nouveau en stock.",
    "es": "Buenas noticias: {product} vuelve a estar disponible.",
}

# Buying in chat (commerce/payment_links.py). {total}: the amount in the shopper's locale;
# {until}: the link's expiry (HH:MM UTC); {number}: the order number; {reason}: why no
# order could be made (PAYMENT_REASONS, or Saleor's own message).
DEFAULT_TEXTS["payment_link"] = {
    "en": "Total to pay: {total}. Pay securely with the link below; it is valid until {until}.",
    "nl": "Te betalen: {total}. Betaal veilig via de link hieronder; hij is geldig tot {until}.",
    "de": "Zu zahlen: {total}. Bezahlen Sie sicher über den Link unten; er gilt bis {until}.",
    "fr": "Total à payer : {total}. Payez en toute sécurité avec le lien ci-dessous ; il est valable jusqu'à {until}.",
    "es": "Total a pagar: {total}. Paga de forma segura con el enlace de abajo; es válido hasta las {until}.",
}
DEFAULT_TEXTS["payment_confirmed"] = {
    "en": "Thank you! We received your payment of {total}. Your order #{number} is confirmed.",
    "nl": "Dank je! We hebben je betaling van {total} ontvangen. Je bestelling #{number} is bevestigd.",
    "de": "Vielen Dank! Wir haben Ihre Zahlung von {total} erhalten. Ihre Bestellung #{number} ist bestätigt.",
    "fr": "Merci ! Nous avons reçu votre paiement de {total}. Votre commande n°{number} est confirmée.",
    "es": "¡Gracias! Hemos recibido tu pago de {total}. Tu pedido n.º {number} está confirmado.",
}
# The sales channel confirms new orders by hand: the order exists but is not confirmed yet.
DEFAULT_TEXTS["payment_received"] = {
    "en": "Thank you! We received your payment of {total} for order #{number}. We'll let you know as soon as it is confirmed.",
    "nl": "Dank je! We hebben je betaling van {total} voor bestelling #{number} ontvangen. We laten het je weten zodra die is bevestigd.",
    "de": "Vielen Dank! Wir haben Ihre Zahlung von {total} für Bestellung #{number} erhalten. Wir melden uns, sobald sie bestätigt ist.",
    "fr": "Merci ! Nous avons reçu votre paiement de {total} pour la commande n°{number}. Nous vous préviendrons dès qu'elle sera confirmée.",
    "es": "¡Gracias! Hemos recibido tu pago de {total} del pedido n.º {number}. Te avisaremos en cuanto esté confirmado.",
}
DEFAULT_TEXTS["payment_refunded"] = {
    "en": "We could not place your order: {reason}. Your payment of {total} has been refunded.",
    "nl": "We konden je bestelling niet plaatsen: {reason}. Je betaling van {total} is terugbetaald.",
    "de": "Wir konnten Ihre Bestellung nicht aufgeben: {reason}. Ihre Zahlung von {total} wurde erstattet.",
    "fr": "Nous n'avons pas pu passer votre commande : {reason}. Votre paiement de {total} a été remboursé.",
    "es": "No hemos podido realizar tu pedido: {reason}. Te hemos devuelto el pago de {total}.",
}
DEFAULT_TEXTS["payment_refund_failed"] = {
    "en": "We received your payment but could not place your order: {reason}. Our team has been alerted and will refund you.",
    "nl": "We hebben je betaling ontvangen maar konden je bestelling niet plaatsen: {reason}. Ons team is gewaarschuwd en betaalt je terug.",
    "de": "Wir haben Ihre Zahlung erhalten, konnten die Bestellung aber nicht aufgeben: {reason}. Unser Team ist informiert und erstattet Ihnen den Betrag.",
    "fr": "Nous avons reçu votre paiement mais n'avons pas pu passer votre commande : {reason}. Notre équipe est prévenue et vous remboursera.",
    "es": "Hemos recibido tu pago pero no hemos podido realizar tu pedido: {reason}. Nuestro equipo está avisado y te lo devolverá.",
}
DEFAULT_TEXTS["payment_mismatch"] = {
    "en": "We received a payment of {total}, but it does not match your cart, so no order was placed yet. Our team has been alerted and will contact you.",
    "nl": "We hebben een betaling van {total} ontvangen, maar die past niet bij je winkelwagen, dus er is nog geen bestelling geplaatst. Ons team is gewaarschuwd en neemt contact met je op.",
    "de": "Wir haben eine Zahlung von {total} erhalten, die aber nicht zu Ihrem Warenkorb passt; daher wurde noch keine Bestellung aufgegeben. Unser Team ist informiert und meldet sich bei Ihnen.",
    "fr": "Nous avons reçu un paiement de {total}, mais il ne correspond pas à votre panier : aucune commande n'a encore été passée. Notre équipe est prévenue et vous contactera.",
    "es": "Hemos recibido un pago de {total}, pero no coincide con tu carrito, así que todavía no se ha realizado ningún pedido. Nuestro equipo está avisado y se pondrá en contacto contigo.",
}
PAYMENT_EVENTS = (
    "payment_link",
    "payment_confirmed",
    "payment_received",
    "payment_refunded",
    "payment_refund_failed",
    "payment_mismatch",
)
PAY_BUTTON = {
    "en": "Pay now",
    "nl": "Nu betalen",
    "de": "Jetzt bezahlen",
    "fr": "Payer",
    "es": "Pagar",
}
PAYMENT_REASONS = {
    "unavailable": {
        "en": "an item in your cart is no longer available",
        "nl": "een artikel in je winkelwagen is niet meer beschikbaar",
        "de": "ein Artikel in Ihrem Warenkorb ist nicht mehr verfügbar",
        "fr": "un article de votre panier n'est plus disponible",
        "es": "un artículo de tu carrito ya no está disponible",
    },
    "superseded": {
        "en": "this payment link had been replaced by a newer one or had expired",
        "nl": "deze betaallink was vervangen door een nieuwere of verlopen",
        "de": "dieser Zahlungslink wurde durch einen neueren ersetzt oder war abgelaufen",
        "fr": "ce lien de paiement avait été remplacé par un plus récent ou avait expiré",
        "es": "este enlace de pago había sido sustituido por uno más reciente o había caducado",
    },
    "gone": {
        "en": "your cart no longer exists",
        "nl": "je winkelwagen bestaat niet meer",
        "de": "Ihr Warenkorb existiert nicht mehr",
        "fr": "votre panier n'existe plus",
        "es": "tu carrito ya no existe",
    },
}
