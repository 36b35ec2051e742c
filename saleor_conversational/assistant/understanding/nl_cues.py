"""Dutch: the cues, per intent, that show what a shopper asks (see
``lexicon`` for how they are written)."""

from saleor_conversational.assistant.understanding.intents import Intent as I

CUES = {
    I.ORDER_STATUS: r"""
0.85 (?:verwachte|geschatte)
    (?:bezorgdatum|leverdatum|levertijd|bezorgmoment|aankomst|bezorging|levering)
0.85 waar ~ {order}
0.85 wanneer ~ {order}
0.7 wanneer ~ (?:komt|komen|krijg|ontvang|wordt|worden|word|is) ~
    (?:het|ze|alles|geleverd|bezorgd|binnen|er)
0.85 {order} ~ (?:al |nou |nu )?{verzonden}
0.75 (?:is|zijn) (?:het|ze) (?:al )?(?:verzonden|verstuurd|onderweg|opgestuurd)
0.85 status ~ {order}|{order} ?status|bestelstatus|orderstatus
0.85 {order} (?:nummer |nr |no |met nummer )?\d+
0.85 hoe staat het (?:met|ervoor met) ~ {order}
0.8 {order} ~ (?:niet|nooit|niks|niets) ~
    (?:ontvangen|binnen|gekregen|aangekomen|geleverd|bezorgd|gezien)
0.7 (?:ik|wij|we) (?:heb|hebben) ~ besteld|^(?:heb|hebben) ~ besteld
0.75 nog (?:niks|niets|steeds niks|steeds niets)
    (?:ontvangen|gekregen|binnen|gehoord|gezien)
0.75 ^(?:mijn |m n )?{order}$
0.8 (?:mijn|laatste|recente|vorige|eerdere) (?:bestellingen|orders|bestelling|order)
0.85 (?:nieuws|update|info|informatie) (?:over|van|omtrent|voor) ~ {order}
0.8 hoe lang ~ (?:mijn|m n|onze) {order}|hoe lang (?:nog|duurt het nog)
0.8 wanneer (?:word ik|worden wij|worden we|wordt het) (?:geleverd|bezorgd)
0.85 (?:levertijd|leverdatum|bezorgdatum|bezorgmoment) ~ (?:mijn|m n|onze) {order}
0.8 wat (?:heb|had|hebben) (?:ik|wij|we) besteld
0.7 komt (?:het|ze|hij) (?:vandaag|morgen|deze week)
""",
    I.TRACKING: r"""
0.9 track (?:en |and |n )?trace|tnt|t t code
0.9 (?:tracking|track|volg|traceer)(?: ?code| ?nummer| ?link| ?number)?
0.9 (?:volgen|traceren|tracken) ~ {order}|{order} ~ (?:volgen|traceren|tracken)
0.9 (?:waar|hoe) (?:kan|kun|kunnen) (?:ik|we|je) ~ (?:volgen|traceren|tracken|zien waar)
0.9 (?:kan|kun|mag) (?:ik|je|we) (?:ergens )?zien waar
0.85 (?:postnl|dhl|dpd|gls|ups|bpost) ~ (?:code|nummer|link)
0.85 (?:verzendcode|barcode|zendingnummer|volgnummer)
""",
    I.STOCK: r"""
0.85 (?:heb|hebben|hebt) {jullie} <q> (?:nog )?in (?:maat |lengte |wijdte
    )?(?:\d{1,3}|xxs|xs|s|m|l|xl|xxl|xxxl)
0.88 (?:verkopen|verkoop|hebben|heb|hebt) {jullie} <q> nog$
0.85 (?:of|is) <q> (?:er )?in (?:maat )?(?:xxs|xs|s|m|l|xl|xxl|xxxl|\d{2}) (?:is|zijn|te
    krijgen|verkrijgbaar|beschikbaar|hebben)
0.9 (?:is|zijn) <q> (?:nog |weer |momenteel |er nog |nu )?{voorraad}
0.9 (?:heb|hebben|hebt|heeft) {jullie} (?:die|dit|deze|het|dat|hem|ze)? ?(?:nog|ook) ~
    (?:in maat|maat|in de maat|{voorraad}|in \S+)
0.9 (?:heb|hebben|hebt) {jullie} <q> (?:nog )?(?:{voorraad}|in maat \S+|in de maat \S+)
0.85 (?:heb|hebben|hebt) {jullie} (?:die|dit|deze|het|dat|hem|ze) nog
0.85 (?:heb|hebben|hebt) {jullie} nog <q>
0.9 (?:zijn|is) er nog <q> (?:{voorraad}|over|te koop)
0.85 voorraad (?:van|voor|aan) <q>
0.85 (?:zijn|is) er nog <q>$
0.8 (?:op voorraad|voorradig|leverbaar|uitverkocht|beschikbaar|verkrijgbaar|in
    voorraad|voorraad)
0.8 (?:nog|ook) (?:te koop|te krijgen|in maat|in \S+ maat)
0.7 (?:in )?(?:de )?maat \S+
0.85 hoeveel <q> (?:zijn er nog|hebben jullie nog|op voorraad)
""",
    I.SHIPPING: r"""
0.9 (?:wat|hoeveel) (?:kost|kosten|zijn|is|betaal) ~ {verzending}
0.9 verzendkosten
0.9 bezorgkosten
0.9 leveringskosten
0.9 portokosten
0.9 verzendtijd
0.9 levertijd
0.9 levertijden
0.9 bezorgtijd
0.9 verzendmethode\S*
0.9 verzendopties
0.9 bezorgopties
0.9 leveropties
0.9 verzendmogelijkheden
0.9 verzendtarie\S*
0.9 bezorgmogelijkheden
0.9 gratis
    (?:verzending|verzenden|bezorging|bezorgd|geleverd|verzonden|thuisbezorgd|levering)
0.9 (?:leveren|bezorgen|versturen|verzenden|sturen|verzend|lever|bezorg) {jullie} ~
    (?:naar|in|ook|buitenland|op|heel)
0.8 hoe (?:lang|snel) ~
    (?:verzenden|verzending|levering|bezorging|leveren|bezorgen|duurt|onderweg|in
    huis|verstuurd)
0.8 (?:ophalen|afhalen|afhaalpunt|afhaallocatie|pakketpunt|ophaalpunt|afhaal)
0.85 (?:spoedlevering|expresslevering|snelle levering|morgen in huis|volgende dag
    (?:geleverd|bezorgd|in huis)|zelfde dag)
0.8 welke (?:vervoerder|bezorger|koerier|bezorgdienst|verzenddienst)
0.85 (?:verzending|verzenden|bezorging|porto|verzendkosten) naar \S+
0.75 (?:verzending|verzenden|bezorging|porto)
""",
    I.PRODUCT_SEARCH: r"""
0.8 wat (?:jullie|je|u) (?:aan|voor|in) <q> (?:hebben|heb|hebt|verkopen|verkoopt)
0.9 ^(?:zoek|zoeken|vind|toon|kopen|koop|search|find|zoek naar|ik zoek naar) <q>
0.9 (?:ik|wij|we) (?:ben|zijn)? ?op zoek naar <q>
0.85 op zoek naar <q>
0.9 (?:ik|wij|we) (?:zoek|zoeken) <q>
0.85 (?:ik|wij|we) (?:wil|wilde|willen|zou|zouden) (?:graag )?<q>
    (?:kopen|bestellen|hebben|aanschaffen|willen kopen|willen bestellen|willen hebben)$
0.8 (?:hebben|heb|hebt|heeft|verkopen|verkoop|verkoopt|voeren) {jullie} (?:ook )?<q>
0.8 (?:kun|kan|kunt|kunnen) {jullie} (?:me |mij )?<q> (?:laten
    zien|aanraden|tonen|aanbevelen)
0.8 laat (?:me|mij) <q> zien
0.8 waar (?:kan ik|vind ik|kun ik) <q> (?:vinden|kopen|bestellen)?
0.7 (?:wat|hoeveel) (?:kost|kosten) <q>$
0.75 (?:prijs|prijzen) (?:van|voor) <q>
0.9 ^(?:winkelen|shoppen|producten|assortiment|catalogus|zoeken|kopen|bladeren|winkel)$
0.75 (?:nieuwe|nieuwste) (?:collectie|producten|artikelen)
0.75 (?:cadeau|kado|cadeautje) (?:voor|idee)
0.8 wat (?:voor )?<q> (?:hebben jullie|verkopen jullie|heb je|hebt u)
""",
    I.CART: r"""
0.9 ^(?:mijn |de |bekijk |toon |open )?(?:mijn )?{cart}$
0.9 wat (?:zit|staat|ligt|is) (?:er )?in ~ {cart}
0.9 (?:bekijk|toon|open|zie|laat) ~ {cart}
0.9 {cart} (?:bekijken|tonen|zien|laten zien|openen)
0.9 {cart} ~ (?:leeg|legen|leegmaken|wissen)|(?:leeg|wis|maak) ~ {cart}
0.9 (?:toevoegen|doe|stop|zet|voeg) ~ (?:aan|in|bij) ~ {cart}
0.9 (?:aan|in) ~ {cart} ~ (?:toevoegen|doen|zetten|stoppen)
0.9 (?:verwijder|haal) ~ uit ~ {cart}|^verwijder (?:regel )?\d+$
0.9 ^(?:code|kortingscode|actiecode|cadeaubon|voucher|kortingsbon|cadeaukaart|promocode)
    \S+$
0.85 (?:gebruik|invoeren|toepassen|inwisselen|verzilveren) ~
    (?:code|bon|voucher|cadeaukaart)
0.8 kortingscode
0.8 kortingsbon
0.8 actiecode
0.8 promocode
0.8 cadeaubon
0.8 cadeaukaart
0.8 waardebon
0.8 giftcard
0.8 kortingcode
0.8 voucher
0.8 coupon
0.7 {cart}
""",
    I.CHECKOUT: r"""
0.85 (?:ik|we) (?:bestel|bestellen) (?:hem|het|ze|nu|dan|maar|deze|die)|dan bestel
    ik|(?:ik|we) (?:reken|rekenen) af|ik rond ~ af
0.95 ^(?:afrekenen|bestellen|nu bestellen|bestelling plaatsen|naar de
    kassa|kassa|checkout|afronden|bestelling afronden)$
0.9 (?:ik|wij|we) (?:wil|willen|ga|gaan|zou) (?:graag )?(?:nu
    )?(?:afrekenen|bestellen|de bestelling afronden|mijn bestelling afronden|het
    bestellen|het kopen|ze bestellen|ze kopen|deze bestellen|dit bestellen)
0.9 afrekenen|naar (?:de )?kassa|check ?out
0.85 (?:bestelling|order|aankoop|koop) ~
    (?:afronden|plaatsen|voltooien|afmaken|definitief maken|versturen|bevestigen)
0.85 (?:plaats|rond) ~ (?:bestelling|order)
0.9 (?:ik|wij|we) (?:wil|willen) (?:het|hem|ze|die|deze|dit|dat) (?:nu |graag |toch
    )?(?:kopen|bestellen|hebben)
0.85 (?:ik|wij) (?:neem|nemen) (?:hem|het|ze|die|deze|dit|er)
""",
    I.PAYMENT_LINK: r"""
0.85 hoe (?:betaal|betalen) (?:ik|we|je|jullie)
0.95 ^(?:betalen|betaal|nu betalen|betaallink|betaal link|betaalverzoek|link|nieuwe
    link|pay)$
0.9 betaallink
0.9 betaal link
0.9 betaalverzoek
0.9 betalingslink
0.9 link (?:om te|voor het|voor de|voor) betal\S*
0.85 (?:stuur|geef|mag ik|kan ik|wil|krijg) ~ (?:nieuwe |andere )?(?:betaal)?link
0.85 hoe (?:kan|moet|kun) (?:ik|we|je) (?:\S+ )?betalen
0.9 (?:ik|wij|we) (?:wil|willen) (?:graag )?(?:nu )?betalen
0.85 (?:link|betaling) ~ (?:verlopen|werkt niet|doet het niet|mislukt|kapot|ongeldig)
0.85 ^betalen (?:met|via|per) \S+|(?:kan|mag) ik (?:nu |hier )?betalen
0.75 betalen
""",
    I.BACK_IN_STOCK: r"""
0.95 (?:laat|laten) ~ weten (?:als|wanneer|zodra) <q> (?:weer |opnieuw
    )?(?:{voorraad}|terug|binnen)
0.95 (?:bericht|berichtje|melding|seintje|mail|mailtje|appje) ~ (?:als|wanneer|zodra)
    <q> (?:weer |opnieuw )?(?:{voorraad}|terug|binnen)
0.9 (?:laat|stuur|geef|houd|hou) (?:me|mij) ~ (?:weten|bericht|melding|seintje|hoogte) ~
    (?:weer|opnieuw) (?:op voorraad|binnen|beschikbaar|leverbaar)
0.92 wanneer (?:is|zijn|komt|komen) <q> (?:weer|opnieuw) (?:{voorraad}|terug|binnen)
0.8 wanneer (?:is|zijn|komt|komen|worden) ~ (?:weer|opnieuw)
    (?:{voorraad}|aangevuld|terug)
0.85 komt <q> (?:nog )?(?:weer|terug) (?:op voorraad|binnen|in de winkel)
0.85 komt <q> (?:nog |ooit )?(?:weer |nog )?terug$
0.8 weer (?:binnen|op voorraad|leverbaar|beschikbaar|terug)
0.8 weer op voorraad
0.8 voorraadmelding
0.8 voorraadalert
0.8 beschikbaarheidsmelding
0.8 wachtlijst
0.8 aangevuld
""",
    I.LINK_ACCOUNT: r"""
0.9 (?:koppel|koppelen|verbind|verbinden|link|linken|verifieer|verifieren) ~
    (?:account|profiel|klantaccount|mij)
0.9 (?:account|profiel) ~ (?:koppelen|verbinden|linken)
0.9 ^(?:inloggen|log in|aanmelden|login)$
0.8 inloggen|aanmelden|log in|ingelogd
0.8 (?:ik heb|heb ik) (?:al )?een (?:klant)?account
0.75 mijn (?:e ?mail|e ?mailadres|mailadres) is
0.6 (?:mijn|een) (?:klant)?account
""",
    I.GREETING: r"""
0.9 ^(?:hoi|hallo|hey|hee|hai|hi|dag|goedemorgen|goedemiddag|goedenavond|goede
    morgen|goedendag|morgen|hoihoi|yo|heey|heyy|joe|hallootjes|hello)\b
0.8 (?:hoi|hallo|goedemorgen|goedemiddag|goedenavond)
0.7 hoe gaat het
""",
    I.THANKS: r"""
0.9 bedankt
0.9 dank je
0.9 dankje
0.9 dankjewel
0.9 dank u
0.9 dankuwel
0.9 dank jullie
0.9 thanks
0.9 merci
0.9 thnx
0.9 dank
0.9 top bedankt
0.9 bedankt he
0.6 ^(?:top|super|prima|perfect|mooi|fijn|oke|ok|helder|goed zo|heel fijn)(?: bedankt|
    dank je)?$
""",
    I.DECLINE: r"""
0.9 ^(?:nee |neen )?(?:dat was het wel|dat is het|meer niet|verder niets meer)(?:
    bedankt| dank je| dankjewel)?$
0.95 ^(?:nee|neen|nope|nee hoor|nee dank je|nee bedankt|nee dankjewel|nee dank u|nee
    thanks|nee sorry)(?: wel)?$
0.9 ^(?:nee |neen |nee hoor )?(?:niet nu|nu niet|later|misschien later|niet nodig|hoeft
    niet|dat was het|dat was alles|verder niks|verder niets|niks|niets|laat maar|dat is
    alles|het is goed zo|nee hoeft niet)(?: bedankt| dank je| dankjewel)?$
0.9 ^nee bedankt|^nee dank
""",
    I.HELP: r"""
0.9 ^(?:help|hulp|menu|opties|info|wat kan je|wat kun je|wat kun jij|hoe werkt dit|wat
    kan jij|\?)$
0.9 wat (?:kan|kun|kunt) (?:je|jij|u) (?:allemaal )?(?:doen|voor mij doen|voor me
    doen|voor mij betekenen)
0.8 ^(?:ik heb hulp nodig|kun je me helpen|kan je me helpen|kunt u mij helpen|help
    me|hulp nodig|kun je helpen)$
0.8 hoe werkt (?:dit|het|deze chat)
0.8 (?:ben je|bent u|ben jij|is dit) (?:een )?(?:bot|robot|computer|chatbot)
""",
    I.HUMAN: r"""
0.85 (?:is|zit) (?:daar|er) (?:iemand|wel iemand)|is er iemand (?:aanwezig|daar)
0.95 (?:spreken|praten|chatten|contact|bellen) (?:met|met een|met de) ~
    (?:{persoon}|echt)
0.95 (?:{persoon}) ~ (?:spreken|praten|bellen|chatten|aan de lijn)
0.85 medewerkers?
0.85 klantenservice
0.85 klantendienst
0.85 helpdesk
0.85 echt persoon
0.85 echte persoon
0.85 echt mens
0.85 echte mensen
0.85 een mens
0.85 werknemer
0.85 operator
0.8 (?:mens|mensen|persoon)
0.85 (?:kan|kun|kunt|wil) (?:er )?iemand ~ (?:helpen|bellen|kijken|contact|naar kijken)
0.9 (?:bel|bellen) (?:me|mij)
0.9 (?:kan|kunnen|kun|kunt) (?:jullie|je|u|iemand) (?:me|mij) (?:terug)?bellen
0.9 telefonisch contact
0.9 terugbellen
0.85 (?:geen|niet met een|niet met de) (?:bot|robot|computer|chatbot)
0.9 gebeld worden|teruggebeld|terugbellen|bel mij|bel me
0.9 doorverbinden|doorverbind|verbind (?:me|mij) door
0.85 contact (?:op)?nemen met|met iemand
""",
    I.CHANGE_ADDRESS: r"""
0.9 liever (?:op|naar|bij) ~ {adres}|{adres} ~ liever|(?:op|naar) (?:mijn |het
    )?(?:werkadres|kantooradres)
0.95 (?:wijzig\S*|verander\S*|aanpass\S*|corrigeer\S*|pas|update|aanpassen) ~~ {adres}
0.95 {adres} ~~ (?:{wijzigen}|verkeerd|fout|onjuist|klopt niet|anders|niet goed|niet
    juist)
0.9 {verkeerd} {adres}
0.9 (?:bezorg|bezorgen|lever|leveren|stuur|sturen|verstuur|versturen) ~ (?:op|naar|bij)
    (?:een |mijn |de
    )?(?:ander|andere|nieuw|nieuwe|werk|buren|buurman|buurvrouw|kantoor)
0.8 (?:ik ben|we zijn|wij zijn) (?:net |onlangs |pas )?verhuisd
0.8 ik verhuis
0.8 wij verhuizen
0.8 we verhuizen
0.8 ik ga verhuizen
0.9 (?:bij|naar|op) (?:de |mijn |een |het
    )?(?:buren|buurman|buurvrouw|werk|kantoor|andere locatie) ~
    (?:bezorgen|leveren|afleveren|sturen|versturen|bezorgd|geleverd|afgeven)
0.9 omleiden|ander afleveradres
""",
    I.CHANGE_ORDER: r"""
0.85 (?:wijzig\S*|verander\S*|aanpass\S*|pas) ~~ {order}
0.85 {order} ~~ {wijzigen}
0.85 aan ~ {order} ~ (?:toevoegen|bijdoen|erbij)|(?:bijbestellen|bij bestellen)
0.85 (?:fout|vergissing) ~ (?:in|bij|met) ~ {order}
0.85 andere (?:maat|kleur) ~ {order}|{order} ~ andere (?:maat|kleur)
0.8 vergeten (?:te bestellen|toe te voegen|erbij te doen)
""",
    I.CANCEL_ORDER: r"""
0.9 (?:stop|stoppen|stopzetten|tegenhouden|tegen houden|hou|houd) ~ {order}|{order} ~
    (?:stoppen|tegenhouden|stopzetten|tegen houden)
0.95 (?:annuleer\S*|annuleren|cancel\S*|stornering) ~~ {order}
0.95 {order} ~~ {annuleren}
0.9 ^(?:annuleer|annuleren|cancel) (?:bestelling |order )?(?:nummer |nr )?\d+
0.85 {order} ~ (?:niet meer|toch niet)
0.8 van gedachten veranderd|toch niet (?:meer )?(?:hebben|bestellen)|bedacht
0.8 annulering
""",
    I.RETURN_ORDER: r"""
0.9 retourneren|retourneer|retour (?:sturen|zenden|doen)|terugsturen|terug
    sturen|terugzenden
0.9 terug te sturen|stuur ~ terug|retour\S+
0.9 geld terug
0.9 terugbetaling
0.9 terugbetaald
0.9 terugstorting
0.9 teruggestort
0.9 restitutie
0.9 terug krijgen
0.9 terugkrijgen
0.85 ruilen|omruilen|omwisselen|ruil|omruil|inruilen
0.75 past niet
0.75 te klein
0.75 te groot
0.75 te krap
0.75 te kort
0.75 te lang
0.75 te wijd
0.75 valt (?:klein|groot)
""",
    I.COMPLAINT: r"""
0.85 gebarsten|barst|barsten|scheur|gescheurd|afgebroken|geschilferd
0.85 kletsnat|doorweekt|ingedeukt|geplet|opengescheurd|nat aangekomen
0.85 (?:nooit|niet) meer ~ (?:bestellen|bestel|kopen|koop)|slechte ervaring
0.9 (?:bezorgd|geleverd|afgeleverd) ~ maar ~ (?:niks|niets|niet|geen|nergens)
0.95 klacht\S*|klagen|beklag
0.85 gruzelementen|aan stukken|in stukken|kapotgegaan|stukgegaan|in duigen|verpest
0.85 kapot
0.85 beschadigd
0.85 defect
0.85 gebroken
0.85 gescheurd
0.85 gebarsten
0.85 deuk
0.85 vlekken
0.85 (?:is|zijn|was|waren) stuk
0.85 stuk (?:aangekomen|geleverd|ontvangen)
0.9 verkeerde? (?:artikel|product|maat|kleur|item|spullen|pakket|bestelling|ding) ~
    (?:ontvangen|gekregen|geleverd|gestuurd|opgestuurd|bezorgd)
0.85 verkeerde? (?:artikel|product|item|spullen)
0.85 ontbreekt
0.85 ontbreken
0.85 ontbrekend\S*
0.85 (?:er )?mist (?:er )?(?:een|iets)
0.85 kwijtgeraakt
0.85 zoekgeraakt
0.85 gestolen
0.85 nooit (?:aangekomen|ontvangen|geleverd|bezorgd|gekregen)
0.85 (?:niet|helemaal niet) (?:blij|tevreden|te spreken)
0.85 ontevreden
0.85 teleurgesteld
0.85 boos
0.85 woedend
0.85 kwaad
0.85 geirriteerd
0.85 gefrustreerd
0.85 balen
0.85 baal
0.85 {slecht}
0.85 (?:twee keer|dubbel|2x|2 keer) (?:betaald|afgeschreven|gefactureerd)
0.8 (?:werkt|doet het) niet meer
""",
    I.OTHER_PERSON: r"""
0.9 (?:degene|diegene|de persoon|de klant|iemand) die ~ (?:besteld|gekocht|betaald)
0.95 {order} (?:van|door) (?:mijn|m n|onze) {relatie}
0.95 (?:mijn|m n|onze) {relatie}(?: s| zijn| haar)? (?:\S+ )?{order}
0.9 (?:mijn|m n|onze) {relatie} ~ (?:besteld|gekocht|betaald) (?:heeft|had|hebben)
0.9 wat (?:mijn|m n|onze) {relatie} ~ (?:besteld|gekocht)
0.9 (?:mijn|m n|onze) {relatie} (?:heeft|had) ~ (?:besteld|gekocht|geplaatst|betaald)
0.9 (?:haar|hun) (?:\S+ )?{order}|zijn {order}
0.95 iemand anders
0.95 andere klant
0.95 andere klanten
0.95 een andere klant
0.95 ander persoon
0.95 andere persoon
0.9 klant (?!service|nummer|account|enservice)\S+ ~ (?:besteld|bestelling|adres|e
    ?mail|telefoonnummer|gegevens|gekocht)
0.9 wat heeft (?!u |je |jij )\S+(?: \S+)? (?:besteld|gekocht)
0.9 {gegevens} (?:van|bij|behorende bij|horend bij) (?:de |deze |die
    )?(?:bestelling|order|klant|koper|account|persoon)
0.9 wie heeft ~ (?:besteld|gekocht|betaald|geplaatst)
0.9 (?:alle|andere) (?:klanten|gebruikers|kopers)
0.85 (?:mijn|m n|onze) {relatie} (?:vraagt|wil weten|vroeg)
0.9 {order} ~ (?:van|voor) (?:meneer|mevrouw|dhr|mevr|klant) \S+
""",
}
