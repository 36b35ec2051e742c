"""Dutch (and Flemish): the words shoppers use for each request."""

from __future__ import annotations

from saleor_conversational.assistant.understanding.lexicon import Lexicon
from saleor_conversational.assistant.understanding.nl_cues import CUES

WORDS = {
    "order": (
        r"bestelling(?:en)?|bestellingetje|orders?|pakket(?:je|jes|ten)?|pakje"
        r"|zendingen|zending|levering|aankoop|bestelnummer|ordernummer|spullen"
        r"|bestelde"
    ),
    "mijn": r"mijn|m n|mn|onze|ons|de|het|die|deze",
    "jullie": r"jullie|julie|je|jij|u|jou",
    "adres": r"\S*adres\S*|postcode|straat|straatnaam|huisnummer",
    "relatie": (
        r"vrouw|man|echtgenote|echtgenoot|partner|vriendin|vriend|moeder|mama|ma|vader"
        r"|papa|pa|zoon|dochter|broer|zus|zuster|buurman|buurvrouw|buren|collega|baas"
        r"|tante|oom|oma|opa|neef|nicht|kinderen|kind|ouders|schoonmoeder|schoonvader"
        r"|klant"
    ),
    "persoon": (
        r"medewerkers?|mens|mensen|persoon|iemand|echt persoon|echte persoon"
        r"|klantenservice|klantendienst|helpdesk|support|operator|collega|werknemer"
        r"|echte mens|manager|leidinggevende|eigenaar|verantwoordelijke"
    ),
    "cart": r"winkelwagen\S*|winkelmand\S*|mandje|wagentje|boodschappenmand|cart",
    "voorraad": (
        r"op voorraad|in voorraad|voorradig|leverbaar|beschikbaar|verkrijgbaar"
        r"|uitverkocht|in de winkel"
    ),
    "verzending": (
        r"verzenden|verzending|de verzending|verzendkosten|bezorgen|bezorging|levering"
        r"|leveren|versturen|porto|verzendkost|thuisbezorgen|bezorgkosten"
    ),
    "wijzigen": (
        r"wijzigen|veranderen|aanpassen|aangepast|gewijzigd|veranderd|corrigeren"
        r"|aan te passen|te wijzigen|te veranderen|updaten|aanvullen"
    ),
    "slecht": (
        r"schandalig|belachelijk|waardeloos|slecht|slechte|bagger|oplichting"
        r"|oplichters|schandaal|onacceptabel|onaanvaardbaar|bedroevend|triest|klote"
    ),
    "verzonden": (
        r"verzonden|verstuurd|onderweg|opgestuurd|bezorgd|geleverd|verscheept|klaar"
        r"|ingepakt|vertrokken|onderweg"
    ),
    "verkeerd": (
        r"verkeerd|verkeerde|fout|foute|oud|oude|nieuw|nieuwe|ander|andere|onjuist"
        r"|onjuiste|tweede"
    ),
    "annuleren": (
        r"annuleren|geannuleerd|cancelen|cancellen|intrekken|stopzetten|stornering"
        r"|annulering|annuleer"
    ),
    "gegevens": (
        r"adres|adresgegevens|e ?mail|e ?mailadres|telefoonnummer|naam|gegevens"
        r"|persoonsgegevens|klantgegevens|contactgegevens"
    ),
}


STOP_WORDS = frozenset(
    """de het een en of maar dan als dat die dit deze wat wie waar wanneer hoe waarom
    ik je jij u we wij ze zij hij hem haar hun mijn m n mn jouw jullie ons onze zijn
    is ben bent was waren wordt worden word heb hebt heeft hebben had kan kun kunt
    kunnen wil wilt willen zou zouden moet moeten mag mogen in op aan van voor met
    naar uit bij over door om tot te er nog al ook wel niet geen graag alsjeblieft
    alstublieft aub pls even eens toch ja nee hoi hallo bedankt dank me mij zo dus nu
    hier daar welke welk iets wat veel meer men eigenlijk soms misschien""".split()
)
QUERY_TRIM = frozenset(
    """voorraad leverbaar beschikbaar verkrijgbaar uitverkocht weer opnieuw momenteel
    kopen bestellen hebben aanschaffen please zoek zoeken""".split()
)
SIZES = (
    r"(?:in )?(?:de )?maat (?P<size>\S+)",
    r"in (?P<size>xxs|xs|s|m|l|xl|xxl|xxxl)",
)
NOT_PRODUCTS = (
    r"(?:bestelling|order|pakket|winkelwagen|mandje|track|hulp|account|adres|medewerker"
    r"|verzend|bezorg)\S*"
)
ORDER_WORDS = frozenset(
    "bestelling bestelnummer ordernummer order nummer nr no".split()
)


COMMON_WORDS = frozenset(
    """rood rode blauw blauwe groen groene zwart zwarte wit witte grijs grijze roze
    bruin bruine geel gele paars paarse oranje linnen katoen wol wollen leer leren
    zijde overhemd overhemden jurk jurken jas jassen trui truien broek broeken schoen
    schoenen sokken sjaal muts tas rok maat klein groot""".split()
)
PLURAL_S = (
    "ers",
    "els",
    "ems",
    "ens",
    "jes",
    "ies",
    "ts",
    "ks",
    "ps",
    "ds",
    "ys",
    "os",
)


def singular(word: str) -> str:
    if len(word) <= 4:
        return word
    if word.endswith("'s"):
        return word[:-2]
    if word.endswith("en") and len(word) >= 6:
        stem = word[:-2]
        if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiou":
            stem = stem[:-1]  # "jassen" -> "jas"
        return stem
    if word.endswith(PLURAL_S):  # "sneakers", "jurkjes", "shirts"; not "regenjas"
        return word[:-1]
    return word


def stem(word: str) -> str:
    return singular(word)


LEXICON = Lexicon(
    language="nl",
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
