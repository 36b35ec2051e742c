"""German: the words shoppers use for each request (umlauts folded: "grosse")."""

from __future__ import annotations

from saleor_conversational.assistant.understanding.de_cues import CUES
from saleor_conversational.assistant.understanding.lexicon import Lexicon

WORDS = {
    "order": (
        r"bestellung(?:en)?|pakete?|pakets|packchen|sendung(?:en)?|lieferung(?:en)?"
        r"|auftrag|auftrags?nummer|bestellnummer|ware|einkauf|order|bestellte"
        r"|bestellten"
    ),
    "mein": (
        r"mein|meine|meinen|meiner|meinem|meines|unsere?|unseren?|unserem|die|der|das"
        r"|den|dem"
    ),
    "ihr": r"ihr|sie|du|euch",
    "adresse": r"\S*adresse\S*|anschrift|postleitzahl|plz|strasse|hausnummer",
    "andern": (
        r"andern|aendern|geandert|anderung|abandern|korrigieren|aktualisieren|wechseln"
        r"|anpassen|umandern|berichtigen|andere|anderen|ander|korrigiert"
    ),
    "verwandt": (
        r"frau|mann|ehefrau|ehemann|partner|partnerin|freundin|freund|mutter|mama"
        r"|vater|papa|sohn|tochter|bruder|schwester|nachbar|nachbarin|kollege|kollegin"
        r"|chef|chefin|tante|onkel|oma|opa|kinder|kind|eltern|schwiegermutter|kunde"
        r"|kundin"
    ),
    "mensch": (
        r"menschen?|mitarbeiter\S*|person|jemand|jemandem|jemanden|berater\S*"
        r"|kundenservice|kundendienst|support|kundenberater\S*|echte person"
        r"|echten menschen|operator|agent|ansprechpartner\S*|servicemitarbeiter\S*"
        r"|kollegen?|vorgesetzte\S*|chef|chefin|geschaftsfuhrer\S*|filialleiter\S*"
        r"|manager"
    ),
    "warenkorb": r"warenkorb\S*|einkaufswagen|einkaufskorb|korb|cart",
    "vorrat": (
        r"vorratig|auf lager|lagernd|lieferbar|verfugbar|erhaltlich|ausverkauft"
        r"|vorhanden|noch da|zu haben|am lager|im lager|auf vorrat|wieder da|vorraetig"
    ),
    "versand": (
        r"versand|der versand|die lieferung|lieferung|porto|versandkosten|verschicken"
        r"|zustellung|liefern|lieferkosten|versenden|den versand|das porto"
    ),
    "benachrichtigen": (
        r"sag|sagt|sagen|benachrichtige|benachrichtigt|benachrichtigen|informiere"
        r"|informiert|informieren|gib|gebt|geben|schreib|schreibt|meldet|melde|schick"
        r"|schickt|schicken"
    ),
    "schlecht": (
        r"unverschamt|unverschamtheit|frechheit|skandal|skandalos|katastrophe"
        r"|katastrophal|inakzeptabel|lacherlich|schlecht|schlechte|miserabel|betrug"
        r"|abzocke|schrott|furchtbar|schrecklich|unmoglich|zumutung"
    ),
    "kosten": (
        r"kostet|kosten|ist|sind|betragt|verlangt|verlangen|nehmt|nehmen|berechnet"
        r"|berechnen"
    ),
}


STOP_WORDS = frozenset(
    """ich du er sie es wir ihr mich mir dich dir uns euch sich mein meine meinen meinem
    meiner meines dein deine sein seine unser unsere euer eure der die das den dem des
    ein eine einen einem einer eines und oder aber wenn dann als wie was wer wo wann
    warum welche welcher welches ist sind war waren bin bist seid wird werden wurde hat
    habe hab hast haben hatte habt kann kannst konnen konnte mochte mochten will willst
    wollen soll sollen muss mussen darf in im an am auf aus bei mit nach von vom zu zum
    zur fur uber unter vor durch um bis noch schon auch nur mal bitte danke ja nein
    nicht kein keine hallo hi doch denn so da hier dort gerne gern etwas gibt s ob
    dieses dieser diese diesen ihn ihm ihnen euer""".split()
)
QUERY_TRIM = frozenset(
    """vorratig verfugbar lieferbar erhaltlich ausverkauft lager vorrat wieder derzeit
    aktuell momentan gerade kaufen bestellen haben erwerben""".split()
)
SIZES = (
    r"(?:in )?(?:der )?(?:grosse|gr) (?P<size>xxs|xs|s|m|l|xl|xxl|xxxl|\d{1,3})",
    r"in (?P<size>xxs|xs|s|m|l|xl|xxl|xxxl)",
)
NOT_PRODUCTS = (
    r"(?:bestellung|paket|sendung|warenkorb|hilfe|konto|adresse|mitarbeiter|versand"
    r"|lieferung|tracking)\S*"
)
ORDER_WORDS = frozenset(
    "bestellung bestellnummer auftrag auftragsnummer order nummer nr".split()
)


COMMON_WORDS = frozenset(
    """rot rote roten blau blaue blauen grun grune grunen schwarz schwarze weiss weisse
    grau graue rosa braun braune gelb gelbe lila leinen baumwolle wolle leder seide
    hemd hemden kleid kleider jacke jacken mantel pullover hose hosen schuhe socken
    schal mutze tasche rock grosse klein gross""".split()
)


def singular(word: str) -> str:
    if len(word) <= 4:
        return word
    if word.endswith("en") and len(word) >= 6 and word[-3] not in "aeiouäöü":
        return word[:-2]  # "hemden" -> "hemd"
    if word.endswith("e") and len(word) >= 6 and word[-2] not in "aeiouäöü":
        return word[:-1]  # "schuhe" -> "schuh"
    if word.endswith("s") and word[-2] in "tkpdrye":
        return word[:-1]  # "shirts", "hoodies"
    return word


def stem(word: str) -> str:
    return singular(word)


LEXICON = Lexicon(
    language="de",
    words=WORDS,
    cues=CUES,
    stop_words=STOP_WORDS,
    query_trim=QUERY_TRIM,
    sizes=SIZES,
    not_products=NOT_PRODUCTS,
    order_words=ORDER_WORDS,
    singular=singular,
    stem=stem,
    extra_vocabulary=COMMON_WORDS,
)
