"""German: the cues, per intent, that show what a shopper asks (see
``lexicon`` for how they are written)."""

from saleor_conversational.assistant.understanding.intents import Intent as I

CUES = {
    I.ORDER_STATUS: r"""
0.75 wann (?:krieg|kriege|kriegen|bekomme|bekommen|erhalte) (?:ich|wir)
0.8 wo ~ (?:mein|meine|unser|unsere) (?:zeug|sachen|ware|waren|artikel|einkauf|kram)
0.85 (?:was neues|neues|neuigkeiten|infos?|informationen|update|stand) ~ {order}
0.85 wo ~ {order}
0.85 wann ~ {order}
0.7 wann ~ (?:kommt|kommen|bekomme|erhalte|wird|werden|ist) ~ (?:es|sie|er|alles|da)
0.7 wann ~ (?:geliefert|zugestellt|versendet|verschickt)
0.85 {order} ~ (?:schon |bereits |endlich )?(?:verschickt|versandt|versendet|unterwegs)
0.85 {order} ~ (?:raus|abgeschickt|geliefert|zugestellt|angekommen|fertig|losgeschickt)
0.85 {order} ~ (?:auf dem weg|rausgegangen|bearbeitet)
0.75 (?:ist|sind|wurde|wurden) (?:es|sie|er) (?:schon |bereits )?(?:verschickt|versandt)
0.85 status ~ {order}|{order} ?status|bestellstatus|lieferstatus|sendungsstatus
0.85 {order} (?:nummer |nr |no |mit der nummer )?\d+
0.85 (?:stand|neuigkeiten|infos?|informationen|update) ~ (?:zu|uber|von|bei) ~ {order}
0.8 {order} ~ (?:nicht|nie) ~ (?:angekommen|erhalten|bekommen|da|geliefert|zugestellt)
0.8 (?:nicht|nie) ~ {order} ~ (?:erhalten|bekommen)
0.7 ^(?:habe|hab|haben) ~ bestellt
0.75 noch (?:nichts|nix|immer nichts) (?:bekommen|erhalten|angekommen|gehort|da)
0.7 (?:ich|wir) (?:habe|haben|hab) ~ bestellt
0.75 ^(?:meine |meinen |mein )?{order}$
0.8 (?:meine|letzte|letzten|bisherigen|fruheren) (?:bestellungen|auftrage|bestellung)
0.8 wie lange ~ (?:meine|mein|unsere) {order}|wie lange (?:noch|dauert es noch)
0.8 wann (?:werde ich|werden wir|wird es) (?:beliefert|geliefert)
0.8 was (?:habe|hab|hatte) ich bestellt
0.75 liefertermin|lieferdatum|zustelltermin|voraussichtliche lieferung
0.75 kommt (?:es|sie|er|das paket|die bestellung) (?:heute|morgen|diese woche)
""",
    I.TRACKING: r"""
0.9 sendungsverfolgung|paketverfolgung|tracking\S*|sendungsnummer|verfolgungsnummer
0.9 track (?:und |and |n )?trace|trackingcode|tracking link|verfolgungslink
0.9 (?:verfolgen|tracken|nachverfolgen) ~ {order}|{order} ~ (?:verfolgen|tracken)
0.9 (?:wo|wie) (?:kann|konnen) (?:ich|man|wir) ~ (?:verfolgen|tracken|sehen wo)
0.85 (?:dhl|dpd|hermes|gls|ups|post) ~ (?:nummer|code|link)
""",
    I.STOCK: r"""
0.9 (?:habt|haben|hast) {ihr} <q> noch (?:in|da|vorratig|auf lager|lieferbar|verfugbar)
0.85 (?:habt|haben|hast) {ihr} <q> in (?:grosse |weite |lange |gr
    )?(?:\d{1,3}|xxs|xs|s|m|l|xl|xxl|xxxl)
0.88 (?:verkauft|verkaufen|habt|haben|hast) {ihr} <q> noch$
0.85 ob es <q> in (?:grosse )?\S+ gibt|ob ihr <q> in (?:grosse )?\S+ habt
0.9 (?:ist|sind) <q> (?:noch |wieder |derzeit |aktuell |momentan |gerade )?{vorrat}
0.9 (?:habt|haben|hast) {ihr} (?:das |die |den |es |ihn |diese |dieses |diesen )?noch ~
    (?:in grosse|grosse|{vorrat}|in \S+)
0.9 (?:habt|haben|hast) {ihr} <q> (?:noch )?(?:{vorrat}|in grosse \S+)
0.85 (?:habt|haben|hast) {ihr} (?:das|die|den|es|ihn|diese|dieses|diesen) (?:auch )?in
    \S+
0.85 (?:habt|haben|hast) {ihr} noch <q>
0.85 gibt es <q> noch|gibt es (?:das|die|den|es|ihn|diese) noch|gibt es noch <q>
0.85 gibt es <q> (?:auch |noch )?in (?:grosse )?\S+$
0.85 (?:wie ?viele) <q> (?:habt ihr|sind|gibt es) noch
0.85 (?:lagerbestand|bestand|verfugbarkeit) (?:von|vom|der|des|fur) <q>
0.8 vorratig|auf lager|lagernd|lieferbar|verfugbar|erhaltlich|ausverkauft|vorrat
0.8 lagerbestand|verfugbarkeit|noch da|noch zu haben|noch vorhanden
0.7 (?:in )?(?:der )?(?:grosse|gr) (?:xxs|xs|s|m|l|xl|xxl|xxxl|\d{1,3})
""",
    I.SHIPPING: r"""
0.9 (?:was|wieviel|wie viel|wie teuer) {kosten} ~ {versand}
0.9 versandkosten|lieferkosten|portokosten|versandgebuhr\S*|liefergebuhr\S*
0.9 versanddauer|lieferzeit\S*|lieferdauer|versandzeit|versandoptionen|versandart\S*
0.9 lieferoptionen|liefermoglichkeiten|versandmethoden|versandbedingungen
0.9 (?:kostenlose[rn]?|gratis) (?:versand|lieferung)|versandkostenfrei\S*|frei haus
0.9 (?:liefert|liefern|versendet|versenden|verschickt|verschicken|schickt|schicken)
    {ihr} ~ (?:nach|in|ins|auch|ausland|international|weltweit|am)
0.8 wie (?:lange|schnell) ~
    (?:versand|lieferung|liefern|dauert|unterwegs|zustellung|braucht)
0.8 wie (?:lange|schnell) ~ (?:liefert|versendet|verschickt|versenden|verschicken)
0.8 abholen|abholung|selbstabholung|abholstation|packstation|click (?:and|und) collect
0.85 express|expressversand|expresslieferung|am nachsten tag|next day
0.8 welche (?:versanddienstleister|paketdienste?|versandunternehmen|lieferdienste?)
0.85 (?:versand|lieferung|liefern) (?:nach|in die|in den|ins) \S+
0.75 versand|porto|zustellung
""",
    I.PRODUCT_SEARCH: r"""
0.8 was (?:ihr|sie|du) (?:an|fur|so an) <q> (?:habt|haben|hast|verkauft|verkaufen)
0.75 (?:ich|wir) (?:brauche|brauchen|benotige|benotigen) (?:ein |eine |einen |neue
    |neuen |neues )?<q>
0.8 was fur <q> (?:habt|haben|hast|verkauft|verkaufen|fuhrt|fuhren) (?:ihr|sie|du)
0.9 ^(?:suche|suchen|finde|zeig mir|zeige mir|kaufen|kaufe|search|find) <q>
0.9 (?:ich|wir) (?:suche|suchen|such) (?:nach )?<q>
0.9 auf der suche nach <q>
0.85 (?:ich|wir) (?:mochte|mochten|will|wollen|hatte|hatten|wurde|wurden) (?:gerne |gern
    )?<q> (?:kaufen|bestellen|haben|erwerben)$
0.75 (?:ich|wir) (?:mochte|mochten|will|wollen|hatte|hatten) (?:gerne |gern
    )?(?:ein|eine|einen|neue|neuen|neues) <q>
0.8 (?:habt|haben|hast|verkauft|verkaufen|fuhrt|fuhren) {ihr} (?:auch )?<q>
0.8 (?:konnt|konnen|kannst) {ihr} (?:mir )?<q> (?:zeigen|empfehlen|vorschlagen)
0.8 zeig(?:e|en|t)? (?:mir|uns) <q>
0.8 wo (?:finde|bekomme|kaufe) ich <q>
0.7 (?:was|wieviel|wie viel) (?:kostet|kosten) <q>$
0.75 preis (?:von|fur|vom|der|des) <q>
0.9 ^(?:einkaufen|shoppen|produkte|sortiment|katalog|suchen|stobern|kaufen|shop)$
0.75 neuheiten|neue kollektion|neue produkte
0.75 geschenk (?:fur|idee\S*)|geschenkidee\S*
0.8 gibt es bei euch <q>
""",
    I.CART: r"""
0.9 ^(?:mein |meinen |den |zum )?{warenkorb}(?: anzeigen| zeigen| ansehen)?$
0.9 was (?:ist|liegt|befindet sich) (?:in|im) ~ {warenkorb}|was ist im warenkorb
0.9 (?:zeig|zeige|zeigen|anzeigen|offne|offnen|ansehen|sehen) ~ {warenkorb}
0.9 {warenkorb} ~ (?:zeigen|anzeigen|ansehen|offnen|sehen)
0.9 {warenkorb} ~ (?:leeren|loschen|leer machen|zurucksetzen)|(?:leere|losche) ~
    {warenkorb}
0.9 {warenkorb} ~ (?:legen|hinzufugen|packen|tun)|(?:lege|fuge|pack|packe|tu) ~
    {warenkorb}
0.9 (?:entfernen|loschen|entferne|losche|nimm) ~ aus ~ {warenkorb}
0.9 ^(?:code|gutschein|gutscheincode|rabattcode|aktionscode|geschenkkarte) \S+$
0.85 (?:einlosen|eingeben|verwenden|anwenden|nutzen) ~ (?:gutschein|code|rabattcode)
0.85 (?:gutschein|code|rabattcode|geschenkkarte) ~
    (?:einlosen|eingeben|verwenden|anwenden)
0.8 gutschein\S*|rabattcode|aktionscode|geschenkkarte|voucher|coupon
0.7 {warenkorb}
""",
    I.CHECKOUT: r"""
0.85 (?:bestelle|bestellen|kaufe|kaufen) (?:ich|wir)
    (?:jetzt|dann|gleich|das|es|sie)|(?:ich|wir) (?:bestelle|bestellen|kaufe|kaufen)
    (?:jetzt|dann|das|es|sie|gleich)
0.9 (?:die|das|den|diese|dieses|diesen) (?:hier|da) (?:kaufen|bestellen|nehmen)
0.95 ^(?:zur kasse|kasse|bestellen|jetzt bestellen|checkout|bestellung abschliessen)$
0.9 zur kasse|checkout|check out|kasse gehen
0.85 (?:bestellung|kauf|einkauf) ~
    (?:abschliessen|abschicken|absenden|aufgeben|bestatigen)
0.9 (?:ich|wir) (?:mochte|mochten|will|wollen|wurde) (?:jetzt |gerne |gern
    )?(?:bestellen|zur kasse|abschliessen|das bestellen|es bestellen|sie bestellen|das
    kaufen|es kaufen)
0.9 (?:ich|wir) (?:mochte|mochten|will|wollen|wurde)
    (?:das|es|ihn|sie|den|die|diese|dieses|diesen) (?:jetzt |gerne |gern |sofort
    )?(?:kaufen|bestellen|haben|nehmen)
0.85 (?:ich|wir) (?:nehme|nehmen) (?:es|das|ihn|sie|den|die|diese|dieses|diesen)
""",
    I.PAYMENT_LINK: r"""
0.85 wie (?:bezahle|zahle|bezahlen|zahlen) (?:ich|wir|man)
0.95 ^(?:bezahlen|zahlen|jetzt bezahlen|zahlungslink|bezahllink|link|neuer link|pay)$
0.9 zahlungslink|bezahllink|zahllink|bezahl link|payment link
0.9 link (?:zum|zur|fur die|fur) (?:bezahlen|zahlung|bezahlung)
0.85 (?:schick|schicke|schicken|sende|senden|gib|brauche|bekomme) ~ (?:neuen |anderen
    )?(?:zahlungs|bezahl)?link
0.85 wie (?:kann|soll|muss) (?:ich|man|wir) (?:\S+ )?(?:bezahlen|zahlen)
0.9 (?:ich|wir) (?:mochte|mochten|will|wollen) (?:jetzt |gerne |gern
    )?(?:bezahlen|zahlen)
0.85 (?:link|zahlung) ~ (?:abgelaufen|funktioniert nicht|geht
    nicht|fehlgeschlagen|ungultig)
0.85 ^(?:bezahlen|zahlen) (?:mit|per|uber) \S+|(?:kann|darf) ich (?:jetzt |hier
    )?(?:bezahlen|zahlen)
0.75 bezahlen|zahlen
""",
    I.BACK_IN_STOCK: r"""
0.95 (?:bescheid|nachricht|benachrichtigung|mail|e mail|meldung) ~ (?:wenn|sobald|falls)
    <q> (?:wieder |erneut )?(?:{vorrat}|zuruck)
0.95 {benachrichtigen} (?:mir|mich|uns) ~ (?:wenn|sobald|falls) <q> (?:wieder |erneut
    )?(?:{vorrat}|zuruck)
0.9 (?:benachrichtig\S*|bescheid|informier\S*|nachricht|meldung|mail) ~ wieder
    (?:da|verfugbar|lieferbar|vorratig|auf lager|erhaltlich)
0.92 wann (?:ist|sind|kommt|kommen|gibt es) <q> wieder (?:{vorrat}|rein)
0.8 wann (?:ist|sind|kommt|kommen|gibt es|wird) ~ wieder (?:{vorrat}|rein|aufgefullt)
0.8 wieder verfugbar|wieder auf lager|wieder lieferbar|wieder vorratig|warteliste
0.85 kommt <q> wieder (?:rein|auf lager)|bekommt ihr <q> wieder
0.8 verfugbarkeitsbenachrichtigung|nachschub|wieder reinkommen|wieder rein
""",
    I.LINK_ACCOUNT: r"""
0.9 (?:verknupf\S*|verbind\S*|koppel\S*|verifizier\S*|link\S*) ~
    (?:konto|account|kundenkonto|profil)
0.9 (?:konto|account|kundenkonto|profil) ~ (?:verknupf\S*|verbind\S*|koppel\S*|link\S*)
0.9 ^(?:anmelden|einloggen|login|log in)$
0.8 anmelden|einloggen|einlogge|angemeldet|eingeloggt
0.8 (?:ich habe|ich hab|habe ich) (?:schon |bereits )?ein (?:kunden)?konto
0.75 meine (?:e ?mail|e ?mail adresse|emailadresse|mailadresse) (?:ist|lautet)
0.6 (?:mein|ein|meinem) (?:kunden)?konto
""",
    I.GREETING: r"""
0.9 ^(?:hallo|hi|hey|servus|moin|moin moin|guten (?:morgen|tag|abend)|gruss
    gott|gruezi)\b
0.9 ^(?:gruss dich|gruss euch|tag|morgen|huhu|hallihallo|grusse|tach|na)\b
0.8 hallo|guten morgen|guten tag|guten abend|servus|moin
0.7 wie geht(?: s| es)
""",
    I.THANKS: r"""
0.9 danke|dankeschon|danke schon|vielen dank|besten dank|herzlichen dank|danke sehr
0.9 merci|thx|thanks|dank euch|dank dir|tausend dank
0.6 ^(?:super|perfekt|toll|prima|klasse|gut|okay|ok|alles klar)(?: danke)?$
""",
    I.DECLINE: r"""
0.9 ^(?:nein |ne |nee )?(?:das war alles|das wars schon|sonst nichts mehr|mehr nicht|das
    reicht)(?: danke| danke schon| vielen dank)?$
0.95 ^(?:nein|ne|nee|no|nope)(?: danke| danke schon| vielen dank)?$
0.9 ^(?:nein |ne |nee )?(?:jetzt nicht|nicht jetzt|spater|vielleicht spater|nicht
    notig)(?: danke)?$
0.9 ^(?:nein |ne |nee )?(?:das wars|das war s|das war es|das ist alles|sonst nichts)(?:
    danke)?$
0.9 ^(?:nein |ne |nee )?(?:nichts|nichts mehr|schon gut|passt schon|lass mal)(?:
    danke)?$
0.9 ^nein danke
""",
    I.HELP: r"""
0.9 ^(?:hilfe|menu|menue|optionen|info|was kannst du|wie funktioniert das|\?)$
0.9 was (?:kannst|konnen) (?:du|sie) (?:alles )?(?:tun|machen|fur mich tun)
0.9 was (?:kannst|konnen) (?:du|sie) (?:alles|so)$
0.8 ^(?:ich brauche hilfe|kannst du mir helfen|konnen sie mir helfen|hilf mir|hilfe
    bitte)$
0.8 wie funktioniert (?:das|dieser chat|es)
0.8 (?:bist du|sind sie) (?:ein )?(?:bot|roboter|computer|chatbot)
""",
    I.HUMAN: r"""
0.85 ist (?:da|hier|dort) (?:jemand|wer|einer)|jemand da
0.95 (?:sprechen|reden|chatten|telefonieren) ~ {mensch}|{mensch} ~
    (?:sprechen|reden|chatten)
0.9 mit (?:einem|einer|jemandem|dem|der|ihrem|eurem) ~ (?:sprechen|reden|chatten)
0.85 mitarbeiter\S*|kundenservice|kundendienst|kundenberater\S*|servicemitarbeiter\S*
0.85 echte person|echten menschen|echter mensch|ansprechpartner\S*|operator|berater\S*
0.8 mensch|menschen|person
0.85 (?:kann|konnte) (?:mir )?(?:jemand|einer) ~ (?:helfen|anrufen|zuruckrufen|melden)
0.9 (?:ruf|ruft|rufen) (?:mich|uns) ~ an|ruckruf|zuruckrufen|anrufen
0.85 (?:kein|keinen|nicht mit einem) (?:bot|roboter|computer|chatbot)
0.9 (?:verbinden|weiterleiten|durchstellen) ~ (?:mich|mit)|(?:verbind|leite|stell) mich
0.85 (?:kontakt|kontaktieren) ~ (?:mitarbeiter|support|kundenservice|jemand)
""",
    I.CHANGE_ADDRESS: r"""
0.9 lieber (?:an|zu|bei|nach) ~ {adresse}|{adresse} ~ lieber|(?:an|zu) (?:meine |meiner
    |die )?(?:arbeitsadresse|firmenadresse|buroadresse)
0.95 {adresse} ~~ {andern}
0.95 {andern} ~~ {adresse}
0.9 (?:falsche|falscher|falsch|alte|neue|neuen|zweite|korrekte|richtige) {adresse}
0.9 {adresse} ~ (?:falsch|nicht korrekt|nicht richtig|stimmt nicht|veraltet|fehlerhaft)
0.85 (?:liefern|schicken|senden|zustellen) ~ (?:an|zu|zum|zur|bei) (?:meinen |meine
    |meiner |den |die |der )?(?:nachbarn|arbeit|buro|arbeitsplatz|arbeitgeber)
0.8 (?:ich bin|wir sind) (?:umgezogen|verzogen)|(?:ich ziehe|wir ziehen) um|umzug
0.9 (?:beim|bei|zum|an den|an die|bei meinem|zu meinem)
    (?:nachbarn?|nachbarin|arbeit|buro|arbeitgeber) ~
    (?:abgeben|liefern|zustellen|schicken|senden|hinterlegen)
0.9 umleiten|umleitung
""",
    I.CHANGE_ORDER: r"""
0.85 {order} ~~ (?:andern|aendern|abandern|anpassen|bearbeiten|korrigieren|erganzen)
0.85 (?:andern|aendern|abandern|anpassen|bearbeiten) ~~ {order}
0.85 (?:zu|zur) ~ {order} (?:hinzufugen|dazu|erganzen|dazubestellen)
0.85 (?:fehler|versehen) (?:in|bei|mit) ~ {order}
0.85 (?:nachbestellen|dazubestellen|hinzubestellen) ~ {order}
0.8 (?:derselben|gleichen|bestehenden|selben) {order}
0.85 andere (?:grosse|farbe) ~ {order}|{order} ~ andere (?:grosse|farbe)
0.8 vergessen (?:zu bestellen|hinzuzufugen|mitzubestellen)|nachtraglich hinzufugen
""",
    I.CANCEL_ORDER: r"""
0.9 (?:haltet|halte|halten|stoppt|stoppe|stoppen|stopp) ~ {order}|{order} ~
    (?:anhalten|stoppen|aufhalten)
0.95 (?:stornier\S*|storno|annullier\S*|widerruf\S*|cancel\S*|abbestellen) ~~ {order}
0.95 {order} ~~ (?:stornieren|storniert|stornierung|annullieren|widerrufen|canceln)
0.95 {order} ~~ (?:zuruckziehen|abbestellen|zurucknehmen|storno|abbrechen)
0.9 ^(?:stornieren|stornierung|storno|cancel) (?:bestellung |auftrag )?(?:nummer |nr
    )?\d+
0.85 stornieren|stornierung|storno|widerruf|abbestellen|widerrufen
0.85 {order} ~ (?:nicht mehr|doch nicht)
0.9 (?:vom|von der|von meiner|von meinem) (?:kauf|bestellung|vertrag|auftrag)
    zurucktreten|rucktritt
0.8 es mir anders uberlegt|umentschieden|doch nicht mehr
""",
    I.RETURN_ORDER: r"""
0.9 geld ~ zuruck
0.9 zurucksenden|zuruckschicken|zuruckgeben|zurucksendung|rucksendung\S*
0.9 retoure\S*|retournieren|retour (?:senden|schicken)
0.9 zuruck senden|zuruck schicken|schicke ~ zuruck|schicken ~ zuruck
0.9 (?:geld|mein geld) zuruck|ruckerstattung|erstattung|ruckzahlung|zuruckerstattet
0.9 erstattet|geld wieder
0.85 umtauschen|umtausch|tauschen|austauschen|umtauscht
0.75 passt nicht|zu (?:klein|gross|eng|weit|kurz|lang)|fallt (?:klein|gross) aus
0.9 rucksendeschein|rucksendeetikett|retourenschein|retourenlabel|rucksendeadresse
""",
    I.COMPLAINT: r"""
0.85 gesprungen|gesplittert|angeknackst|abgebrochen|einen sprung|einen riss|rissig
0.85 klatschnass|nass|durchnasst|eingedruckt|zerdruckt|aufgerissen|zerquetscht
0.85 (?:nie wieder|nie mehr|nicht mehr) ~ (?:bestellen|bestelle|kaufen|kaufe)|schlechte
    erfahrung
0.9 (?:zugestellt|geliefert) ~ aber ~ (?:nicht|nichts|nie|kein|keine|nirgends)
0.95 beschwer\S*|reklamation\S*|reklamier\S*|beanstand\S*
0.85 in stucke|in tausend stucke|zerschlagen|zersplittert|kaputtgegangen|ruiniert
0.85 kaputt|beschadigt|defekt|zerbrochen|gebrochen|gerissen|zerrissen|verkratzt
0.85 eingedruckt|fleckig|flecken|undicht|ausgelaufen|zerkratzt|mangelhaft
0.85 (?:falsche|falschen|falscher|falsches) (?:artikel|produkt|ware|grosse|farbe|teil)
0.9 (?:falsch|das falsche|den falschen|die falsche) ~
    (?:geliefert|bekommen|erhalten|geschickt)
0.85 fehlt|fehlen|fehlende|fehlender|unvollstandig|verloren|verschwunden|gestohlen
0.85 nie (?:angekommen|erhalten|geliefert|bekommen|zugestellt)|niemals angekommen
0.85 (?:nicht|gar nicht|uberhaupt nicht) (?:zufrieden|glucklich|in ordnung)
0.85 unzufrieden|enttauscht|verargert|wutend|sauer|frustriert|genervt|verstimmt
0.85 {schlecht}
0.85 (?:doppelt|zweimal|2x|2 mal) (?:bezahlt|abgebucht|belastet|berechnet)
0.8 funktioniert nicht mehr|geht nicht mehr
""",
    I.OTHER_PERSON: r"""
0.85 (?:frage|fragen|schreibe|schreiben) ~ fur
    (?:meine|meinen|meinem|meiner|unsere|unseren) {verwandt}
0.85 (?:dem|der|den|die|derjenige|diejenige|demjenigen) (?:\S+ )?(?:\S+ )?bestellt
    (?:hat|hatte)
0.95 {order} (?:von )?(?:meiner|meines|meinem|meinen|unserer|unseres) {verwandt}\S*
0.95 {order} von (?:meiner|meinem|meinen|unserer|unserem) {verwandt}\S*
0.9 (?:meine|mein|unsere|unser) {verwandt} ~ (?:bestellt|gekauft|bezahlt)
    (?:hat|hatte|haben)
0.9 was (?:meine|mein|unsere|unser) {verwandt} ~ (?:bestellt|gekauft)
0.9 (?:meine|mein|unsere|unser) {verwandt} (?:hat|hatte) ~
    (?:bestellt|gekauft|aufgegeben|bezahlt)
0.9 (?:seine|sein|seiner|deren) (?:\S+ )?{order}
0.95 jemand anderes|jemand anders|eines anderen|einer anderen|anderer kunde|anderen
    kunden
0.95 fremde bestellung|fremden bestellung|fremde daten
0.9 kunde (?!nservice|ndienst|nkonto|nnummer|nkarte)\S+ ~
    (?:bestellt|bestellung|adresse|e ?mail|telefonnummer|daten|gekauft)
0.9 was hat (?!man )\S+(?: \S+)? (?:bestellt|gekauft)
0.9 (?:adresse|anschrift|e
    ?mail|telefonnummer|handynummer|name|namen|daten|kundendaten|kontaktdaten)
    (?:von|der|des|zur|zum|fur die|fur den)
    (?:bestellung|auftrag|kunden|kundin|kaufer|konto|person)
0.9 wer hat ~ (?:bestellt|gekauft|bezahlt|aufgegeben)
0.9 (?:alle|andere|anderen) (?:kunden|nutzer|kaufer)
0.85 (?:meine|mein) {verwandt} (?:fragt|will wissen|mochte wissen|fragte)
""",
}
