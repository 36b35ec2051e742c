"""Held-out messages: written after the lexicons were frozen, committed before their
first run, and never used to tune the lexicons. ``test_understanding`` requires at
least 90 % of each language's intents right; ``bench/understanding.py`` prints the
figures.

This is round 3 (30 per language). Earlier rounds were each measured once, before any
tuning on them, then used to improve the lexicons and moved into the tuning tables
(tests/unit/assistant/labelled/):
round 1 (24 per language): en 91.7 %, nl 87.5 %, de 87.5 %, fr 95.8 %, es 91.7 %;
round 2 (24 per language): en 91.7 %, nl 100 %, de 83.3 %, fr 91.7 %, es 91.7 %.
Round 3's first run: en 86.7 %, nl 90.0 %, de 86.7 %, fr 90.0 %, es 83.3 % (131/150 =
87.3 %). One of its misses was a bug rather than a gap (Spanish "para", "for", was
among the words for stopping an order, so "un enlace de seguimiento para mi pedido"
became a cancellation); that was fixed (es 86.7 %, 132/150 = 88.0 %). Its other misses
were left as they are: this round is not tuned on.

Do not change the lexicons to make these pass: add the failing phrasing to the
tuning tables instead, and write a new held-out round.
"""

from saleor_conversational.assistant.understanding import Intent as I

HELD_OUT = {
    "en": [
        (
            "hi, I ordered a kettle on tuesday, any idea when it'll get here?",
            I.ORDER_STATUS,
        ),
        ("what's the status of order 71150", I.ORDER_STATUS),
        ("still waiting on my package 😕", I.ORDER_STATUS),
        ("is there a tracking link for my order?", I.TRACKING),
        ("which carrier has my parcel and what's the tracking number", I.TRACKING),
        ("is the green velvet armchair available?", I.STOCK),
        ("do you have these sandals in a size 6", I.STOCK),
        ("do you deliver to the Netherlands?", I.SHIPPING),
        ("how long does standard delivery take", I.SHIPPING),
        ("I'm looking for a gift for my niece, she loves drawing", I.PRODUCT_SEARCH),
        ("have you got any reusable water bottles", I.PRODUCT_SEARCH),
        ("search yoga mat", I.PRODUCT_SEARCH),
        ("what's in my cart", I.CART),
        ("I'd like to check out now", I.CHECKOUT),
        ("can you send me a link so I can pay", I.PAYMENT_LINK),
        ("tell me when the rose candle is available again", I.BACK_IN_STOCK),
        ("I want to connect my account to this chat", I.LINK_ACCOUNT),
        ("hello!", I.GREETING),
        ("thanks so much, that's really helpful", I.THANKS),
        ("no thank you, all good", I.DECLINE),
        ("what can I ask you?", I.HELP),
        ("can I speak to customer service", I.HUMAN),
        ("I'd like a human to look at this please", I.HUMAN),
        ("I need to change the shipping address on my order", I.CHANGE_ADDRESS),
        ("can I add a second mug to order 71150?", I.CHANGE_ORDER),
        ("please cancel order 71150, I found it cheaper elsewhere", I.CANCEL_ORDER),
        ("how do I return something I bought?", I.RETURN_ORDER),
        ("the blender I received doesn't turn on, it's faulty", I.COMPLAINT),
        (
            "can you tell me the delivery address for order 71002? it's my friend's",
            I.OTHER_PERSON,
        ),
        ("can you look up my sister's order for me", I.OTHER_PERSON),
    ],
    "nl": [
        (
            "hoi, ik heb dinsdag een waterkoker besteld, weet je wanneer die komt?",
            I.ORDER_STATUS,
        ),
        ("wat is de status van order 71150", I.ORDER_STATUS),
        ("ik wacht nog steeds op mijn pakket 😕", I.ORDER_STATUS),
        ("is er een track en trace link voor mijn bestelling?", I.TRACKING),
        ("met welke vervoerder komt mijn pakket en wat is de trackingcode", I.TRACKING),
        ("is de groene fluwelen fauteuil leverbaar?", I.STOCK),
        ("hebben jullie deze sandalen in maat 38", I.STOCK),
        ("leveren jullie ook in België?", I.SHIPPING),
        ("hoe lang duurt standaard verzending", I.SHIPPING),
        ("ik zoek een cadeau voor mijn nichtje, ze tekent graag", I.PRODUCT_SEARCH),
        ("hebben jullie herbruikbare drinkflessen", I.PRODUCT_SEARCH),
        ("zoek yogamat", I.PRODUCT_SEARCH),
        ("wat zit er in mijn winkelwagen", I.CART),
        ("ik wil nu afrekenen", I.CHECKOUT),
        ("kun je me een link sturen zodat ik kan betalen", I.PAYMENT_LINK),
        ("laat me weten wanneer de rozenkaars weer beschikbaar is", I.BACK_IN_STOCK),
        ("ik wil mijn account aan deze chat koppelen", I.LINK_ACCOUNT),
        ("hallo!", I.GREETING),
        ("super bedankt, daar heb ik echt wat aan", I.THANKS),
        ("nee dank je, alles goed", I.DECLINE),
        ("wat kan ik je vragen?", I.HELP),
        ("kan ik de klantenservice spreken", I.HUMAN),
        ("ik wil graag dat een medewerker hier even naar kijkt", I.HUMAN),
        ("ik moet het verzendadres van mijn bestelling wijzigen", I.CHANGE_ADDRESS),
        ("kan ik nog een tweede mok aan bestelling 71150 toevoegen?", I.CHANGE_ORDER),
        (
            "annuleer order 71150 alsjeblieft, ik heb het ergens anders goedkoper gevonden",
            I.CANCEL_ORDER,
        ),
        ("hoe kan ik iets retourneren wat ik gekocht heb?", I.RETURN_ORDER),
        ("de blender die ik kreeg doet het niet, hij is defect", I.COMPLAINT),
        (
            "wat is het bezorgadres van bestelling 71002? die is van mijn vriendin",
            I.OTHER_PERSON,
        ),
        ("kun je de bestelling van mijn zus voor me opzoeken", I.OTHER_PERSON),
    ],
    "de": [
        (
            "hallo, ich habe am Dienstag einen Wasserkocher bestellt, wann kommt der?",
            I.ORDER_STATUS,
        ),
        ("wie ist der Status von Bestellung 71150", I.ORDER_STATUS),
        ("ich warte immer noch auf mein Paket 😕", I.ORDER_STATUS),
        ("gibt es einen Tracking-Link für meine Bestellung?", I.TRACKING),
        (
            "mit welchem Paketdienst kommt mein Paket und wie ist die Sendungsnummer",
            I.TRACKING,
        ),
        ("ist der grüne Samtsessel lieferbar?", I.STOCK),
        ("habt ihr diese Sandalen in Größe 38", I.STOCK),
        ("liefert ihr auch in die Niederlande?", I.SHIPPING),
        ("wie lange dauert der Standardversand", I.SHIPPING),
        ("ich suche ein Geschenk für meine Nichte, sie malt gern", I.PRODUCT_SEARCH),
        ("habt ihr wiederverwendbare Trinkflaschen", I.PRODUCT_SEARCH),
        ("suche Yogamatte", I.PRODUCT_SEARCH),
        ("was ist in meinem Warenkorb", I.CART),
        ("ich möchte jetzt zur Kasse", I.CHECKOUT),
        ("kannst du mir einen Link schicken, damit ich bezahlen kann", I.PAYMENT_LINK),
        ("sag mir, wann die Rosenkerze wieder verfügbar ist", I.BACK_IN_STOCK),
        ("ich will mein Konto mit diesem Chat verbinden", I.LINK_ACCOUNT),
        ("hallo!", I.GREETING),
        ("vielen Dank, das hilft mir echt weiter", I.THANKS),
        ("nein danke, alles gut", I.DECLINE),
        ("was kann ich dich fragen?", I.HELP),
        ("kann ich mit dem Kundenservice sprechen", I.HUMAN),
        ("ich hätte gern, dass sich ein Mitarbeiter das ansieht", I.HUMAN),
        ("ich muss die Lieferadresse meiner Bestellung ändern", I.CHANGE_ADDRESS),
        (
            "kann ich zu Bestellung 71150 noch eine zweite Tasse hinzufügen?",
            I.CHANGE_ORDER,
        ),
        (
            "bitte Bestellung 71150 stornieren, ich habe es woanders günstiger gefunden",
            I.CANCEL_ORDER,
        ),
        ("wie kann ich etwas zurückgeben, das ich gekauft habe?", I.RETURN_ORDER),
        ("der Mixer, den ich bekommen habe, geht nicht an, er ist defekt", I.COMPLAINT),
        (
            "wie lautet die Lieferadresse von Bestellung 71002? die gehört meiner Freundin",
            I.OTHER_PERSON,
        ),
        (
            "kannst du die Bestellung meiner Schwester für mich nachschauen",
            I.OTHER_PERSON,
        ),
    ],
    "fr": [
        (
            "bonjour, j'ai commandé une bouilloire mardi, vous savez quand elle arrive ?",
            I.ORDER_STATUS,
        ),
        ("quel est le statut de la commande 71150", I.ORDER_STATUS),
        ("j'attends toujours mon colis 😕", I.ORDER_STATUS),
        ("il y a un lien de suivi pour ma commande ?", I.TRACKING),
        ("quel transporteur a mon colis et quel est le numéro de suivi", I.TRACKING),
        ("le fauteuil en velours vert est disponible ?", I.STOCK),
        ("vous avez ces sandales en 38", I.STOCK),
        ("vous livrez aux Pays-Bas ?", I.SHIPPING),
        ("combien de temps prend la livraison standard", I.SHIPPING),
        ("je cherche un cadeau pour ma nièce, elle adore dessiner", I.PRODUCT_SEARCH),
        ("vous avez des gourdes réutilisables", I.PRODUCT_SEARCH),
        ("rechercher tapis de yoga", I.PRODUCT_SEARCH),
        ("qu'est-ce qu'il y a dans mon panier", I.CART),
        ("je voudrais passer à la caisse maintenant", I.CHECKOUT),
        ("vous pouvez m'envoyer un lien pour que je puisse payer", I.PAYMENT_LINK),
        (
            "dites-moi quand la bougie à la rose sera de nouveau disponible",
            I.BACK_IN_STOCK,
        ),
        ("je veux connecter mon compte à cette conversation", I.LINK_ACCOUNT),
        ("salut !", I.GREETING),
        ("merci beaucoup, ça m'aide vraiment", I.THANKS),
        ("non merci, tout va bien", I.DECLINE),
        ("qu'est-ce que je peux te demander ?", I.HELP),
        ("je peux parler au service client", I.HUMAN),
        ("j'aimerais qu'un conseiller regarde ça", I.HUMAN),
        ("je dois changer l'adresse de livraison de ma commande", I.CHANGE_ADDRESS),
        ("je peux ajouter une deuxième tasse à la commande 71150 ?", I.CHANGE_ORDER),
        (
            "annulez la commande 71150 svp, je l'ai trouvé moins cher ailleurs",
            I.CANCEL_ORDER,
        ),
        ("comment je retourne un article que j'ai acheté ?", I.RETURN_ORDER),
        ("le mixeur que j'ai reçu ne s'allume pas, il est défectueux", I.COMPLAINT),
        (
            "quelle est l'adresse de livraison de la commande 71002 ? c'est celle de mon amie",
            I.OTHER_PERSON,
        ),
        ("tu peux regarder la commande de ma sœur pour moi", I.OTHER_PERSON),
    ],
    "es": [
        ("hola, pedí un hervidor el martes, ¿sabes cuándo llega?", I.ORDER_STATUS),
        ("¿cuál es el estado del pedido 71150?", I.ORDER_STATUS),
        ("sigo esperando mi paquete 😕", I.ORDER_STATUS),
        ("¿hay un enlace de seguimiento para mi pedido?", I.TRACKING),
        (
            "¿qué transportista lleva mi paquete y cuál es el número de seguimiento?",
            I.TRACKING,
        ),
        ("¿está disponible el sillón de terciopelo verde?", I.STOCK),
        ("¿tenéis estas sandalias en el 38?", I.STOCK),
        ("¿enviáis a los Países Bajos?", I.SHIPPING),
        ("¿cuánto tarda el envío estándar?", I.SHIPPING),
        ("busco un regalo para mi sobrina, le encanta dibujar", I.PRODUCT_SEARCH),
        ("¿tenéis botellas de agua reutilizables?", I.PRODUCT_SEARCH),
        ("buscar esterilla de yoga", I.PRODUCT_SEARCH),
        ("¿qué hay en mi carrito?", I.CART),
        ("quiero pasar por caja ya", I.CHECKOUT),
        ("¿me mandas un enlace para poder pagar?", I.PAYMENT_LINK),
        ("avísame cuando la vela de rosas vuelva a estar disponible", I.BACK_IN_STOCK),
        ("quiero conectar mi cuenta con este chat", I.LINK_ACCOUNT),
        ("¡hola!", I.GREETING),
        ("muchas gracias, me ayuda mucho", I.THANKS),
        ("no gracias, todo bien", I.DECLINE),
        ("¿qué te puedo preguntar?", I.HELP),
        ("¿puedo hablar con atención al cliente?", I.HUMAN),
        ("me gustaría que una persona revisara esto", I.HUMAN),
        ("tengo que cambiar la dirección de envío de mi pedido", I.CHANGE_ADDRESS),
        ("¿puedo añadir una segunda taza al pedido 71150?", I.CHANGE_ORDER),
        (
            "cancelad el pedido 71150 por favor, lo he encontrado más barato en otro sitio",
            I.CANCEL_ORDER,
        ),
        ("¿cómo devuelvo algo que he comprado?", I.RETURN_ORDER),
        ("la batidora que recibí no enciende, está defectuosa", I.COMPLAINT),
        (
            "¿cuál es la dirección de entrega del pedido 71002? es de mi amiga",
            I.OTHER_PERSON,
        ),
        ("¿puedes mirar el pedido de mi hermana por mí?", I.OTHER_PERSON),
    ],
}
