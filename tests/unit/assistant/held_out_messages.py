"""Held-out messages: written after the lexicons were frozen, committed before their
first run, and never used to tune the lexicons. ``test_understanding`` requires at
least 90 % of each language's intents right; ``bench/understanding.py`` prints the
figures.

This is round 2. Round 1 (24 per language) was measured once, before any tuning on
it: en 91.7 %, nl 87.5 %, de 87.5 %, fr 95.8 %, es 91.7 % (109/120 = 90.8 %). Its
failures were then used to improve the lexicons, so it moved into the tuning tables
(tests/unit/assistant/labelled/) and this new set replaced it.

Do not change the lexicons to make these pass: add the failing phrasing to the
tuning tables instead, and write a new held-out round.
"""

from saleor_conversational.assistant.understanding import Intent as I

HELD_OUT = {
    "en": [
        ("morning! just wondering where my order has got to", I.ORDER_STATUS),
        ("has order 58214 been posted yet?", I.ORDER_STATUS),
        ("it's been 10 days since I ordered, is it coming?", I.ORDER_STATUS),
        ("what's the tracking code for my parcel please", I.TRACKING),
        ("do you have the corduroy trousers in a 32 waist?", I.STOCK),
        ("is the large cast iron pan still in stock", I.STOCK),
        ("how much does it cost to ship to Spain?", I.SHIPPING),
        ("do you offer next day delivery", I.SHIPPING),
        ("I'm looking for a lamp for my bedside table", I.PRODUCT_SEARCH),
        ("do you sell vegan leather wallets?", I.PRODUCT_SEARCH),
        ("can you show me what's in my basket", I.CART),
        ("right, let's place the order", I.CHECKOUT),
        ("could you resend the payment link? it's not working", I.PAYMENT_LINK),
        ("let me know when the mustard scarf is back in stock please", I.BACK_IN_STOCK),
        ("can you link my account? I've got one already", I.LINK_ACCOUNT),
        ("hey there", I.GREETING),
        ("perfect, cheers for your help", I.THANKS),
        ("no, that's all thanks", I.DECLINE),
        ("I'd like to talk to a real person please", I.HUMAN),
        (
            "I gave the wrong postcode for order 58214, can it be changed?",
            I.CHANGE_ADDRESS,
        ),
        ("please cancel my order, I ordered by mistake", I.CANCEL_ORDER),
        ("the dress is too big, I'd like to send it back for a refund", I.RETURN_ORDER),
        ("two of the glasses arrived cracked", I.COMPLAINT),
        ("where is my husband's order? he ordered a drill", I.OTHER_PERSON),
    ],
    "nl": [
        ("goedemorgen! ik vroeg me af waar mijn bestelling blijft", I.ORDER_STATUS),
        ("is bestelling 58214 al verstuurd?", I.ORDER_STATUS),
        ("ik heb 10 dagen geleden besteld, komt het nog?", I.ORDER_STATUS),
        ("wat is de trackingcode van mijn pakket?", I.TRACKING),
        ("hebben jullie de ribbroek nog in maat 32?", I.STOCK),
        ("is de grote gietijzeren pan nog op voorraad", I.STOCK),
        ("wat kost het om naar Spanje te verzenden?", I.SHIPPING),
        ("bezorgen jullie ook de volgende dag?", I.SHIPPING),
        ("ik ben op zoek naar een lampje voor op mijn nachtkastje", I.PRODUCT_SEARCH),
        ("verkopen jullie portemonnees van vegan leer?", I.PRODUCT_SEARCH),
        ("kun je laten zien wat er in mijn winkelmandje zit", I.CART),
        ("oké, plaats de bestelling maar", I.CHECKOUT),
        ("kun je de betaallink opnieuw sturen? hij werkt niet", I.PAYMENT_LINK),
        (
            "laat het me weten als de okergele sjaal weer op voorraad is",
            I.BACK_IN_STOCK,
        ),
        ("kun je mijn account koppelen? ik heb er al een", I.LINK_ACCOUNT),
        ("hey hallo", I.GREETING),
        ("perfect, bedankt voor je hulp", I.THANKS),
        ("nee, dat was alles, bedankt", I.DECLINE),
        ("ik wil graag met een echt persoon praten", I.HUMAN),
        (
            "ik heb de verkeerde postcode opgegeven bij bestelling 58214, kan dat nog veranderd worden?",
            I.CHANGE_ADDRESS,
        ),
        (
            "annuleer mijn bestelling alsjeblieft, ik heb per ongeluk besteld",
            I.CANCEL_ORDER,
        ),
        (
            "de jurk is te groot, ik wil hem terugsturen en mijn geld terug",
            I.RETURN_ORDER,
        ),
        ("twee van de glazen kwamen gebarsten aan", I.COMPLAINT),
        (
            "waar is de bestelling van mijn man? hij heeft een boormachine besteld",
            I.OTHER_PERSON,
        ),
    ],
    "de": [
        ("guten Morgen! ich wollte fragen, wo meine Bestellung bleibt", I.ORDER_STATUS),
        ("wurde Bestellung 58214 schon verschickt?", I.ORDER_STATUS),
        ("ich habe vor 10 Tagen bestellt, kommt das noch?", I.ORDER_STATUS),
        ("wie ist die Sendungsnummer von meinem Paket?", I.TRACKING),
        ("habt ihr die Cordhose noch in Weite 32?", I.STOCK),
        ("ist die große gusseiserne Pfanne noch auf Lager", I.STOCK),
        ("was kostet der Versand nach Spanien?", I.SHIPPING),
        ("bietet ihr Lieferung am nächsten Tag an?", I.SHIPPING),
        ("ich suche eine Lampe für meinen Nachttisch", I.PRODUCT_SEARCH),
        ("verkauft ihr Geldbörsen aus veganem Leder?", I.PRODUCT_SEARCH),
        ("kannst du mir zeigen, was in meinem Warenkorb ist", I.CART),
        ("gut, dann bestelle ich jetzt", I.CHECKOUT),
        (
            "kannst du den Zahlungslink nochmal schicken? der funktioniert nicht",
            I.PAYMENT_LINK,
        ),
        (
            "sag mir bitte Bescheid, wenn der senfgelbe Schal wieder auf Lager ist",
            I.BACK_IN_STOCK,
        ),
        ("kannst du mein Konto verknüpfen? ich hab schon eins", I.LINK_ACCOUNT),
        ("hey hallo", I.GREETING),
        ("perfekt, danke für die Hilfe", I.THANKS),
        ("nein, das war alles, danke", I.DECLINE),
        ("ich möchte bitte mit einer echten Person sprechen", I.HUMAN),
        (
            "ich habe bei Bestellung 58214 die falsche Postleitzahl angegeben, kann man das ändern?",
            I.CHANGE_ADDRESS,
        ),
        (
            "bitte storniert meine Bestellung, ich habe aus Versehen bestellt",
            I.CANCEL_ORDER,
        ),
        (
            "das Kleid ist zu groß, ich möchte es zurückschicken und mein Geld zurück",
            I.RETURN_ORDER,
        ),
        ("zwei der Gläser kamen gesprungen an", I.COMPLAINT),
        (
            "wo ist die Bestellung meines Mannes? er hat eine Bohrmaschine bestellt",
            I.OTHER_PERSON,
        ),
    ],
    "fr": [
        ("bonjour ! je me demandais où en était ma commande", I.ORDER_STATUS),
        ("la commande 58214 a-t-elle été expédiée ?", I.ORDER_STATUS),
        ("j'ai commandé il y a 10 jours, ça arrive bientôt ?", I.ORDER_STATUS),
        ("c'est quoi le numéro de suivi de mon colis ?", I.TRACKING),
        ("vous avez encore le pantalon en velours en taille 40 ?", I.STOCK),
        ("la grande poêle en fonte est-elle toujours en stock", I.STOCK),
        ("combien ça coûte d'envoyer en Espagne ?", I.SHIPPING),
        ("vous proposez la livraison le lendemain ?", I.SHIPPING),
        ("je cherche une lampe pour ma table de chevet", I.PRODUCT_SEARCH),
        ("vous vendez des portefeuilles en cuir vegan ?", I.PRODUCT_SEARCH),
        ("tu peux me montrer ce qu'il y a dans mon panier", I.CART),
        ("bon, je passe commande", I.CHECKOUT),
        ("vous pouvez renvoyer le lien de paiement ? il ne marche pas", I.PAYMENT_LINK),
        (
            "prévenez-moi quand l'écharpe moutarde sera de nouveau en stock svp",
            I.BACK_IN_STOCK,
        ),
        ("vous pouvez lier mon compte ? j'en ai déjà un", I.LINK_ACCOUNT),
        ("coucou", I.GREETING),
        ("parfait, merci pour votre aide", I.THANKS),
        ("non, c'est tout, merci", I.DECLINE),
        ("je voudrais parler à une vraie personne s'il vous plaît", I.HUMAN),
        (
            "je me suis trompé de code postal pour la commande 58214, on peut le changer ?",
            I.CHANGE_ADDRESS,
        ),
        ("annulez ma commande svp, j'ai commandé par erreur", I.CANCEL_ORDER),
        (
            "la robe est trop grande, je voudrais la renvoyer et être remboursée",
            I.RETURN_ORDER,
        ),
        ("deux des verres sont arrivés fêlés", I.COMPLAINT),
        ("où est la commande de mon mari ? il a commandé une perceuse", I.OTHER_PERSON),
    ],
    "es": [
        ("¡buenos días! quería saber por dónde va mi pedido", I.ORDER_STATUS),
        ("¿ya habéis enviado el pedido 58214?", I.ORDER_STATUS),
        ("hice el pedido hace 10 días, ¿va a llegar?", I.ORDER_STATUS),
        ("¿cuál es el código de seguimiento de mi paquete?", I.TRACKING),
        ("¿tenéis todavía el pantalón de pana en la talla 40?", I.STOCK),
        ("¿la sartén grande de hierro fundido sigue en stock?", I.STOCK),
        ("¿cuánto cuesta enviar a Portugal?", I.SHIPPING),
        ("¿tenéis entrega al día siguiente?", I.SHIPPING),
        ("busco una lámpara para la mesita de noche", I.PRODUCT_SEARCH),
        ("¿vendéis carteras de cuero vegano?", I.PRODUCT_SEARCH),
        ("¿me enseñas lo que hay en mi carrito?", I.CART),
        ("venga, hago el pedido", I.CHECKOUT),
        ("¿me podéis reenviar el enlace de pago? no funciona", I.PAYMENT_LINK),
        (
            "avisadme cuando la bufanda mostaza vuelva a estar en stock, por favor",
            I.BACK_IN_STOCK,
        ),
        ("¿podéis vincular mi cuenta? ya tengo una", I.LINK_ACCOUNT),
        ("hola, qué tal", I.GREETING),
        ("perfecto, gracias por la ayuda", I.THANKS),
        ("no, eso es todo, gracias", I.DECLINE),
        ("me gustaría hablar con una persona real, por favor", I.HUMAN),
        (
            "puse mal el código postal en el pedido 58214, ¿se puede cambiar?",
            I.CHANGE_ADDRESS,
        ),
        ("cancelad mi pedido por favor, lo pedí por error", I.CANCEL_ORDER),
        (
            "el vestido me queda grande, quiero devolverlo y que me reembolséis",
            I.RETURN_ORDER,
        ),
        ("dos de los vasos llegaron rajados", I.COMPLAINT),
        ("¿dónde está el pedido de mi marido? pidió un taladro", I.OTHER_PERSON),
    ],
}
