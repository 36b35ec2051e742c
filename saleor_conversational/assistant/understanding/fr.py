"""French: the words shoppers use for each request (accents folded, elisions split:
"l'avez-vous" -> "l avez vous", "qu'il" -> "qu il")."""

from __future__ import annotations

from saleor_conversational.assistant.understanding.fr_cues import CUES
from saleor_conversational.assistant.understanding.lexicon import Lexicon

WORDS = {
    "commande": r"commandes?|colis|paquets?|livraisons?|achats?|envois?|cde|cmd|order",
    "ma": r"ma|mon|mes|notre|nos|la|le|les|cette|ce",
    "adresse": r"adresses?|code postal|rue|adr",
    "modifier": (
        r"modifier|changer|corriger|mettre a jour|rectifier|modification|changement"
        r"|modifie|change|modifiee|changee|editer|modifiez|changez|corrigez"
    ),
    "proche": (
        r"femme|mari|epouse|epoux|compagne|compagnon|copine|copain|petite amie"
        r"|petit ami|mere|maman|pere|papa|fils|fille|frere|soeur|voisin|voisine"
        r"|collegue|patron|patronne|tante|oncle|grand mere|grand pere|enfants?"
        r"|parents?|ami|amie|amis|belle mere|beau pere|client|cliente"
    ),
    "humain": (
        r"humaine?|personne|quelqu un|qqn|conseill(?:er|ere)|agent|operat(?:eur|rice)"
        r"|employee?|vendeu(?:r|se)|service client|service clientele|sav|support"
        r"|equipe|responsable|vraie personne|interlocuteur|etre humain|directeur"
        r"|directrice|gerant|gerante|manager"
    ),
    "panier": r"panier|caddie|caddy|cart",
    "stock": (
        r"en stock|disponibles?|dispos?|en rupture|rupture de stock|epuisee?s?"
        r"|en magasin|de disponible|encore en vente"
    ),
    "livraison": (
        r"livraison|l envoi|envoi|expedition|l expedition|frais de port|port"
        r"|frais d envoi|frais de livraison|livrer|expedier|envoyer|transport"
    ),
    "prevenir": (
        r"prevenez|previens|prevenir|avertissez|avertis|avertir|informez|informe"
        r"|informer|dites|dis|dire|envoyez|envoie|notifiez|alertez|alerter|tenez|tiens"
        r"|ecrivez|ecris"
    ),
    "revenir": (
        r"sera|seront|est|sont|revient|reviennent|redevient|redeviendra|reviendra"
        r"|reviendront|repasse|arrive|arrivera"
    ),
    "nul": (
        r"inadmissible|inacceptable|scandaleux|scandale|honteux|honte|nul|nulle"
        r"|lamentable|arnaque|escroquerie|escroc\S*|catastrophe|catastrophique|pire"
        r"|horrible|n importe quoi|ridicule|deplorable|inadmissible|minable"
    ),
    "livrer": (
        r"livraison|livrer|livre|recevoir|arriver|expedition|expedier|livrez|livrent"
        r"|expediez|envoyez"
    ),
    "vouloir": (
        r"voudrais|voudrions|veux|voulons|souhaite|souhaiterais|souhaitons|aimerais"
        r"|aimerions"
    ),
    "bloquer": (
        r"bloquer|bloquez|arreter|arretez|stopper|stoppez|suspendre|suspendez|retenir"
        r"|retenez"
    ),
    "article": (
        r"article|produit|colis|commande|vetement|chaussure|pantalon|jean|robe|pull"
        r"|veste|chemise"
    ),
    "envoyer": (
        r"envoyer|envoyez|envoie|renvoyer|renvoyez|renvoie|donner|donnez|recevoir"
        r"|avoir|besoin d"
    ),
}


STOP_WORDS = frozenset(
    """le la les l un une des du de d au aux et ou mais donc car ni que qu qui quoi
    quel quelle quels quelles ce cet cette ces c ca cela est sont suis es etes etre
    ai as a avons avez ont avoir je j tu il elle on nous vous ils elles me m te t se
    s moi toi lui leur leurs mon ma mes ton ta tes son sa ses notre nos votre vos en
    y dans sur sous avec sans pour par chez vers ne n pas plus tres aussi encore
    toujours deja bien oui non bonjour merci svp stp s il plait est ce comment quand
    ou pourquoi combien peux peut pouvez puis voudrais veux aimerais souhaite
    souhaiterais""".split()
)
QUERY_TRIM = frozenset(
    """stock disponible disponibles dispo dispos rupture epuise actuellement nouveau
    acheter commander avoir trouver""".split()
)
SIZES = (r"(?:en )?taille (?P<size>\S+)", r"en (?P<size>xxs|xs|s|m|l|xl|xxl|xxxl)")
NOT_PRODUCTS = r"(?:commande|colis|panier|suivi|aide|compte|adresse|livraison)\S*"
ORDER_WORDS = frozenset("commande cde cmd numero n no num nr ref".split())


COMMON_WORDS = frozenset(
    """rouge rouges bleu bleue bleus vert verte verts noir noire noirs blanc blanche
    gris grise rose marron jaune violet lin coton laine cuir soie chemise chemises
    robe robes veste vestes manteau pull pulls pantalon chaussures chaussettes echarpe
    bonnet sac jupe taille petit grand baskets basket rayee rayees""".split()
)


def singular(word: str) -> str:
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith(("s", "x")):
        return word[:-1]  # "chemises" -> "chemise", "chapeaux" -> "chapeau"
    return word


def stem(word: str) -> str:
    return singular(word)


LEXICON = Lexicon(
    language="fr",
    words=WORDS,
    cues=CUES,
    stop_words=STOP_WORDS,
    query_trim=QUERY_TRIM,
    sizes=SIZES,
    not_products=NOT_PRODUCTS,
    order_words=ORDER_WORDS,
    head_first=True,
    singular=singular,
    stem=stem,
    extra_vocabulary=COMMON_WORDS,
)
