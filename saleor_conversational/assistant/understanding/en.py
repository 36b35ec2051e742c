"""English: the words shoppers use for each request."""

from __future__ import annotations

from saleor_conversational.assistant.understanding.en_cues import CUES
from saleor_conversational.assistant.understanding.lexicon import Lexicon

WORDS = {
    "order": (
        r"orders?|packages?|parcels?|shipments?|deliver(?:y|ies)|purchases?"
        r"|consignment"
    ),
    "my": r"my|our|the|this|that|me|mine",
    "you": r"you|u|ya|you guys|ye",
    "want": r"want|would like|wanna|need|d like|like|wish",
    "i": r"i|we|im|i am|we are|am",
    "address": (
        r"(?:shipping |delivery |billing |postal |home |email |e mail )?(?:address"
        r"|addresses|adress|addr)|post ?code|postal code|zip(?: ?code)?|street"
        r"|house (?:number|nr|no)|flat number|apartment number|door number"
    ),
    "relative": (
        r"wife|husband|partner|girlfriend|boyfriend|mother|mom|mum|mommy|mummy|father"
        r"|dad|daddy|son|daughter|brother|sister|friend|friends|neighbou?r|colleague"
        r"|boss|aunt|uncle|grandma|grandmother|grandpa|grandfather|cousin|kids?"
        r"|children|child|parents?|fiance|fiancee|roommate|flatmate|nephew|niece"
    ),
    "arrive": (
        r"arrive|arrives|arriving|come|comes|coming|get here|be here|be delivered"
        r"|delivered|reach me|turn up|show up|get to me|be shipped|ship"
    ),
    "shipped": (
        r"shipped|sent|dispatched|posted|on (?:its|the) way|out for delivery"
        r"|in transit|processed|delivered|sent out|shipped out"
    ),
    "person": (
        r"humans?|real person|a person|people|agents?|live agent|operator"
        r"|representative|rep|staff|employee|manager|supervisor|team|advisor|adviser"
        r"|someone|somebody|anyone|anybody|customer service|customer support|support"
        r"|customer care|colleague"
    ),
    "cart": r"cart|carts|basket|trolley|shopping bag",
    "sizes": r"xxs|xs|s|m|l|xl|xxl|xxxl|small|medium|large|extra large|\d{1,3}",
    "pay": r"pay|paying|payment",
    "bad": (
        r"terrible|awful|horrible|unacceptable|ridiculous|disgrace|disgraceful|scam"
        r"|worst|rubbish|garbage|appalling|shocking|outrageous|pathetic|joke"
    ),
    "shipping_info": (
        r"cost|costs|fee|fees|charge|charges|price|prices|rate|rates|time|times"
        r"|options?|methods?|days|duration|policy|info|information|country|countries"
        r"|zones?"
    ),
    "change": (
        r"change|changing|update|updating|edit|modify|modifying|amend|correct|fix"
        r"|alter|switch"
    ),
    "damaged": (
        r"damaged|broken|defective|faulty|torn|ripped|cracked|stained|smashed|leaking"
        r"|scratched|dented|shattered"
    ),
}


STOP_WORDS = frozenset(
    """a an the this that these those it its is are was were be been being am
    i me my mine we us our you your yours u he him his she her they them their
    and or but so if then than of to in on at by for with from about into over
    do does did doing have has had having can could would should will shall may might
    must not no yes please pls plz hi hello hey thanks thank what which who whom whose
    when where why how there here any some all each every one just also very too
    really still yet again already now today s t d ll re ve m im dont cant
    get got want like need would know tell let see find look looking""".split()
)
QUERY_TRIM = frozenset(
    """stock available availability sale left sold out back restocked anymore
    currently guys something anything cost costs price""".split()
)
SIZES = (
    r"(?:in |a |in a )?(?:size|sz) (?P<size>\S+)",
    r"in (?:a |an )?(?P<size>\d{1,3}(?: (?:waist|length|leg|inch|inches))?)",
    r"in (?P<size>xxs|xs|s|m|l|xl|xxl|xxxl)",
)
NOT_PRODUCTS = (
    r"(?:order|cart|basket|package|parcel|tracking|help|refund|account|link|person"
    r"|human|someone|address|delivery|shipping|status)\S*"
)
ORDER_WORDS = frozenset("order orders number nr no num n purchase".split())
COMMON_WORDS = frozenset(
    """red blue green black white grey gray pink brown yellow purple orange navy beige
    linen cotton wool leather silk denim shirt shirts short shorts jeans dress dresses
    jacket jackets coat coats hoodie hoodies sweater jumper boots shoes sneakers socks
    scarf hat cap bag skirt trousers pants size small medium large""".split()
)
PLURAL_ONLY_IE = frozenset(
    """hoodies beanies cookies ties onesies brownies smoothies movies pies selfies
    booties neckties bowties goalies zombies""".split()
)


def singular(word: str) -> str:
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies"):
        return word[:-1] if word in PLURAL_ONLY_IE else word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def stem(word: str) -> str:
    word = singular(word)
    for ending in ("ing", "ed"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[: -len(ending)]
            if len(word) > 3 and word[-1] == word[-2]:
                word = word[:-1]  # "shipping" -> "ship"
            break
    return word


LEXICON = Lexicon(
    language="en",
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
