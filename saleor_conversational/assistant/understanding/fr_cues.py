"""French: the cues, per intent, that show what a shopper asks (see
``lexicon`` for how they are written)."""

from saleor_conversational.assistant.understanding.intents import Intent as I

CUES = {
    I.ORDER_STATUS: r"""
0.85 date (?:de livraison|d arrivee|de reception) (?:prevue|estimee)|(?:date|jour)
    prevue?
0.8 (?:mes|ma|mon) (?:affaires|commande|colis|articles|achats) ~ quand
0.75 (?:recois|recevrai|aurai|arrive|arrivera) ~ quand$
0.8 (?:ou|sont ou|est ou) ~ (?:mes|mon|ma) (?:affaires|articles|trucs|produits|achats)
0.8 (?:mes|mon|ma) (?:affaires|articles|trucs|produits|achats) ~ ou
0.85 (?:nouvelles|du nouveau|infos?|informations|mise a jour|news) ~ {commande}
0.85 ou ~ {commande}
0.85 quand ~ {commande}
0.7 quand ~ (?:recevoir|arriver|arrive|arrivera|livre|livree|recevrai|aurai|recois)
0.85 {commande} ~ (?:deja |bien |enfin )?(?:expediee?s?|envoyee?s?|partie?s?|livree?s?)
0.85 {commande} ~ (?:en route|en cours de livraison|en chemin|prete?s?|en transit)
0.85 {commande} ~ (?:en preparation|acheminee?|en cours d acheminement)
0.75 (?:est elle|est il|a t elle|a t il|est ce qu elle|est ce qu il) ~
    (?:expedie\S*|envoye\S*|parti\S*|en route)
0.85 (?:statut|etat|avancement) ~ {commande}|{commande} statut
0.85 {commande} (?:numero |n |no |num |nr |ref |nº )?\d+
0.85 (?:nouvelles|infos?|informations|mise a jour|news) (?:de|sur|concernant|pour) ~
    {commande}
0.85 (?:nouvelles|infos?|informations|news) (?:a propos) ~ {commande}
0.8 {commande} ~ (?:pas|jamais) ~ (?:recue?s?|arrivee?s?|livree?s?)
0.8 (?:pas|jamais) (?:encore )?(?:recu|eu) ~ {commande}
0.75 toujours rien|toujours pas recu|rien recu
0.7 (?:j ai|nous avons) (?:passe une|passe) commande|j ai commande|nous avons commande
0.75 ^(?:ma |mes )?{commande}$
0.8 (?:mes|derniere|dernieres|precedentes|recentes) commandes?
0.85 (?:combien de temps|dans combien de temps) ~ (?:ma|mon|notre|mes) {commande}
0.85 (?:date|delai) (?:de livraison|d arrivee) ~ (?:ma|mon|mes) {commande}
0.8 qu est ce que j ai commande|qu ai je commande
0.8 quand (?:est ce que je serai|serai je|serons nous|vais je etre) livree?
0.75 (?:arrive|arrivera) (?:t il |t elle )?(?:aujourd hui|demain|cette semaine)
""",
    I.TRACKING: r"""
0.9 suivi|numero de suivi|lien de suivi|code de suivi|tracking|numero de colis|track
0.9 (?:suivre|tracer|pister) ~ {commande}|{commande} ~ (?:suivre|tracer)
0.9 (?:ou|comment) (?:puis je|peut on|je peux) (?:suivre|tracer|voir ou)
0.85 (?:colissimo|chronopost|dhl|ups|dpd|gls|mondial relay|la poste) ~
    (?:numero|code|lien)
""",
    I.STOCK: r"""
0.85 (?:avez vous|vous avez|as tu|tu as) <q> en (?:taille |pointure
    )?(?:\d{1,3}|xxs|xs|s|m|l|xl|xxl|xxxl)
0.88 (?:vous vendez|vendez vous|vous avez|avez vous) encore <q>
0.85 <q> (?:existe|existent) (?:en|dans|aussi en|encore en) (?:taille )?\S+
0.9 <q> (?:est|sont)(?: il| elle| ils| elles)? (?:encore |toujours |de nouveau
    |actuellement )?{stock}
0.9 (?:vous l avez|vous les avez|l avez vous|les avez vous|vous l auriez|l auriez vous)
    ~ (?:en stock|en taille|taille|encore|toujours|dispo\S*|en \S+)
0.85 (?:vous l avez|vous les avez|l avez vous|les avez vous|vous l auriez|l auriez vous)
0.9 (?:vous en avez|en avez vous|en auriez vous) ~ (?:en stock|en
    taille|taille|encore|toujours|dispo\S*|en \S+)
0.9 (?:avez vous|vous avez|as tu|tu as|vous auriez|auriez vous) <q> (?:en stock|en
    taille \S+|de disponible|dispo|disponibles?)
0.85 (?:avez vous|vous avez|as tu|tu as|vous auriez|auriez vous) (?:encore|toujours) <q>
0.85 (?:reste t il|il reste|y a t il encore|il y a encore|reste il|en reste t il) (?:des
    |du |de la |encore )?<q>
0.85 (?:stock|disponibilite) (?:de|du|des|pour|d) <q>
0.8 en stock|disponible|disponibles|dispo|dispos|en rupture|rupture de stock|epuise\S*
0.8 stock|disponibilite|en magasin
0.7 (?:en )?taille \S+
""",
    I.SHIPPING: r"""
0.9 (?:combien|quel|quels|quelle|quelles) ~
    (?:coute|coutent|cout|couts|prix|tarifs?|frais) ~ {livraison}
0.9 frais de (?:port|livraison|envoi|expedition)|cout de (?:la )?livraison|prix de (?:la
    )?livraison
0.9 tarifs? (?:de )?livraison|delais? (?:de livraison|d expedition|d envoi)
0.9 (?:options|modes?|methodes?|temps|duree|zones|moyens) (?:de|d)
    (?:livraison|expedition|envoi)
0.9 livraison (?:gratuite|offerte|express|rapide|standard|a domicile|en point relais|le
    samedi)
0.9 (?:port|frais de port|livraison) (?:gratuit|offert)s?
0.9 (?:vous )?(?:livrez|expediez) ~ (?:en|a|au|aux|vers|dans|l
    etranger|partout|international|le)
0.9 envoyez vous ~ (?:a|au|aux|vers|l etranger|partout|international)
0.9 (?:livre|livrent) t ?on ~ (?:en|a|au|aux|vers)
0.8 (?:combien de temps|en combien de temps|quel delai|quels delais|sous combien de
    temps) ~ {livrer}
0.8 retrait|retirer|click and collect|point relais|relais colis|chercher en magasin
0.85 recuperer en magasin|retrait en magasin|retirer en magasin|retirer au magasin
0.8 (?:quel|quels) (?:transporteurs?|livreurs?)
0.85 (?:livraison|envoi|expedition) (?:en|vers|pour|au|aux|a) \S+
0.75 livraison|expedition|frais de port
""",
    I.PRODUCT_SEARCH: r"""
0.8 ce que vous (?:avez|vendez|proposez) (?:en|comme) <q>
0.8 il (?:me|nous) faut (?:un |une |des |du |de la |de nouveaux |de nouvelles )?<q>
0.75 (?:j ai|on a|nous avons) besoin (?:d un |d une |de |d |des |du )<q>
0.8 (?:quel|quels|quelle|quelles) (?:genres?|types?|sortes?) (?:de|d) <q> (?:vous
    avez|avez vous|vendez vous|vous vendez|proposez vous|vous proposez)
0.9 ^(?:chercher|recherche|rechercher|trouver|acheter|montrez moi|montre
    moi|search|find) <q>
0.9 (?:je|nous|j) (?:cherche|cherchons|recherche|recherchons) <q>
0.9 a la recherche (?:de |d |du |des )<q>
0.85 (?:je|nous) {vouloir} (?:acheter|commander|avoir|trouver) <q>
0.75 (?:je|nous) (?:voudrais|veux|souhaite|souhaiterais|aimerais) (?:un|une|des|du|de
    la|le|la|les) <q>
0.8 (?:avez vous|vous avez|vendez vous|vous vendez|as tu|tu as|auriez vous|vous
    auriez|proposez vous|vous proposez) (?:des |du |de la |un |une |les )?<q>
0.8 (?:montrez|montre|montrer|proposez|conseillez|recommandez) (?:moi |nous )?<q>
0.8 (?:pouvez vous|peux tu|pourriez vous) (?:me
    )?(?:montrer|conseiller|recommander|proposer|trouver) <q>
0.8 (?:ou|comment) (?:puis je|je peux|peut on) (?:trouver|acheter) <q>
0.7 combien (?:coute|coutent) <q>$|quel est le prix (?:de|du|des|d) <q>$
0.75 prix (?:de|du|des|d) <q>
0.9 ^(?:boutique|catalogue|produits|acheter|magasin|shopping)$
0.9 ^(?:parcourir|rechercher|chercher)$
0.75 nouveautes|nouvelle collection|derniers produits
0.75 idee cadeau|idees cadeaux|cadeau pour
0.8 qu est ce que vous (?:avez|vendez|proposez) (?:comme )?<q>
""",
    I.CART: r"""
0.9 ^(?:mon |le |voir |voir mon |afficher |afficher mon )?{panier}$
0.9 (?:qu est ce qu il y a|qu y a t il|quoi|qu est ce qui est) (?:dans|ds) ~ {panier}
0.9 (?:voir|afficher|montrer|montrez|montre|consulter|ouvrir) ~ {panier}
0.9 (?:vider|videz|vide|effacer|supprimer) ~ {panier}|{panier} ~ (?:vider|vide)
0.9 (?:ajouter|ajoute|ajoutez|mettre|mets|mettez) ~ (?:au|dans|a mon|dans mon|dans le)
    {panier}
0.9 (?:retirer|enlever|supprimer|retire|enleve|supprime) ~ (?:du|de mon) {panier}
0.9 ^(?:retirer|supprimer|enlever) (?:la ligne )?\d+$
0.9 ^(?:code|code promo|bon de reduction|bon d achat|carte cadeau|code de
    reduction|coupon) \S+$
0.85 (?:utiliser|appliquer|entrer|saisir|ajouter) ~ (?:code|bon|coupon|carte cadeau)
0.8 code promo|code de reduction|bon de reduction|bon d achat|carte cadeau|coupon
0.7 {panier}
""",
    I.CHECKOUT: r"""
0.85 je (?:passe|valide) (?:la |ma )?commande|je commande
    (?:maintenant|ca|cela|le|la|les|tout)|je (?:le|la|les) commande|je valide
0.9 (?:acheter|commander|prendre) (?:ceux|celles|celui|celle|ca|cela)(?: la| ci)?
0.95 (?:aller|passer|allons|proceder|passons) au paiement
0.9 (?:aller|allons|va|vais|on va) a la caisse
0.95 ^(?:commander|passer commande|valider|valider la
    commande|checkout|caisse|finaliser|passer a la caisse)$
0.9 (?:je|nous) (?:veux|voudrais|souhaite|souhaiterais|vais|aimerais) (?:maintenant
    )?(?:passer (?:la |ma |une )?commande|commander|valider (?:ma |la
    )?commande|finaliser (?:ma |la )?commande|le commander|la commander|les commander|l
    acheter|les acheter|passer a la caisse)
0.9 passer (?:a la caisse|commande|la commande|ma commande)|checkout|check out
0.9 (?:valider|confirmer|finaliser) (?:mon panier|la commande|ma commande)|finaliser
    (?:la |ma |mon )?(?:commande|achat)
0.85 je (?:le|la|les) prends|je prends (?:celui|celle|ceux|ca)
""",
    I.PAYMENT_LINK: r"""
0.85 comment (?:je paie|je paye|payer|on paie|on paye|je regle|regler)
0.95 ^(?:payer|paiement|payer maintenant|lien de paiement|lien|nouveau lien|pay)$
0.9 lien (?:de|pour|du) (?:paiement|payer|reglement)|lien paiement
0.85 {envoyer} ~ (?:nouveau |autre )?lien
0.85 comment (?:puis je|je peux|on peut|dois je|faire pour|je fais pour) (?:\S+
    )?(?:payer|regler)
0.9 (?:je|nous) (?:veux|voudrais|souhaite|souhaiterais|aimerais) (?:maintenant
    )?(?:payer|regler)
0.9 (?:lien|paiement) ~ (?:expire|ne marche pas|ne fonctionne pas|echoue|invalide|marche
    pas)
0.85 ^payer (?:par|avec|en) \S+|(?:puis je|je peux|peut on) payer
0.75 payer|paiement
""",
    I.BACK_IN_STOCK: r"""
0.95 {prevenir} ~ (?:quand|lorsque|des que|si) <q> {revenir} ~ (?:en
    stock|disponibles?|dispo|de retour)
0.95 {prevenir} (?:moi |nous )?(?:au courant )?(?:quand|lorsque|des que|si) <q>
    {revenir} ~ (?:en stock|disponibles?|dispo|de retour)
0.95 (?:me|nous) (?:prevenir|avertir|informer|notifier|dire|ecrire) (?:quand|lorsque|des
    que|si) <q> {revenir} ~ (?:en stock|disponibles?|dispo|de retour)
0.9 (?:prevenez|previens|avertissez|informez|me prevenir|m avertir|m
    informer|alerte|alertez|notification) ~ (?:de nouveau|a nouveau|retour) (?:en
    stock|disponible)
0.9 retour en stock|reassort|reapprovisionnement
0.85 quand <q> (?:sera|seront|va|vont|revient|reviendra|reviennent)(?: t)?(?: il| elle|
    ils| elles)? ~ (?:de nouveau|a nouveau|de retour|en stock|reapprovisionne\S*)
0.8 quand ~ (?:de nouveau|a nouveau) (?:en stock|disponibles?|dispo)
0.85 (?:revient|reviendra|reviennent|reviendront) (?:t il |t elle )?en stock
0.85 <q> (?:va|vont) t (?:il|elle|ils|elles) revenir
0.85 (?:va|vont) revenir|revenir en stock
0.8 liste d attente|alerte stock|alerte de disponibilite|de retour en stock
""",
    I.LINK_ACCOUNT: r"""
0.9 (?:lier|relier|associer|connecter|rattacher|verifier|lie|associe|relie) ~
    (?:compte|profil)
0.9 (?:compte|profil) ~ (?:lier|relier|associer|connecter|rattacher)
0.9 ^(?:connexion|se connecter|me connecter|login|log in|identification|m identifier)$
0.8 me connecter|se connecter|connexion|m identifier
0.8 (?:j ai|nous avons) (?:deja )?un compte
0.75 mon (?:e ?mail|adresse e ?mail|adresse mail|mail|courriel) (?:est|c est)
0.6 (?:mon|un) compte(?: client)?
""",
    I.GREETING: r"""
0.9 ^(?:bonjour|bonsoir|salut|coucou|hello|hey|bjr|slt|cc|allo|bonne journee|re|yo|hi)\b
0.8 bonjour|bonsoir|salut|coucou
0.7 comment (?:allez vous|ca va|vas tu)|ca va$
""",
    I.THANKS: r"""
0.9 merci|merci beaucoup|merci bien|mille mercis|je vous remercie|je te remercie
0.9 remerciements|thanks|mrc|mci
0.6 ^(?:super|parfait|genial|top|nickel|tres bien|d accord|ok|cool|impeccable)(?:
    merci)?$
""",
    I.DECLINE: r"""
0.9 ^(?:non |nan )?(?:c etait tout|ca sera tout|rien de plus|ce sera tout pour moi|c est
    tout pour moi)(?: merci| merci bien| merci beaucoup)?$
0.95 ^(?:non|nan|non non|non desole)(?: merci| merci bien| merci beaucoup)?$
0.9 ^(?:non |nan )?(?:pas maintenant|plus tard|peut etre plus tard|pas besoin)(?:
    merci)?$
0.9 ^(?:non |nan )?(?:pas la peine|c est tout|ce sera tout|rien|rien d autre)(?:
    merci)?$
0.9 ^(?:non |nan )?(?:rien de plus|laisse tomber|ca ira|ca va aller|c est bon)(?:
    merci)?$
0.9 ^non merci
""",
    I.HELP: r"""
0.9 ^(?:aide|aidez moi|menu|options|info|infos|que pouvez vous faire|comment ca
    marche|\?)$
0.9 (?:que|qu est ce que) (?:pouvez vous|peux tu|tu peux|vous pouvez) (?:faire|me
    proposer)
0.8 ^(?:j ai besoin d aide|pouvez vous m aider|peux tu m aider|tu peux m aider|besoin d
    aide|aide moi|vous pouvez m aider)$
0.8 comment (?:ca|cela|ce chat) (?:marche|fonctionne)
0.9 (?:tu sais|vous savez) faire quoi|que sais tu faire|qu est ce que tu sais faire
0.8 (?:es tu|etes vous|tu es|vous etes) (?:un )?(?:bot|robot|ordinateur|chatbot|ia)
""",
    I.HUMAN: r"""
0.85 (?:il y a|y a t il|y a|est ce qu il y a) quelqu un
0.95 (?:parler|discuter|echanger|causer) (?:a|au|aux|avec) ~ {humain}
0.85 (?:parler|discuter) (?:a|au|aux|avec)
0.85 humain|humaine|conseiller|conseillere|operateur|operatrice|service client
0.85 service clientele|vraie personne|personne reelle|etre humain|interlocuteur
0.8 personne
0.85 (?:quelqu un|qqn) (?:peut|pourrait|pour) ~
    (?:aider|appeler|rappeler|contacter|regarder)
0.9 appelez moi|rappelez moi|appelez nous|me rappeler|m appeler|rappel telephonique
0.9 par telephone
0.85 (?:pas|plus) (?:a |avec )?(?:un |une |le )?(?:bot|robot|machine|chatbot)
0.9 transferer|transferez|mettre en relation|mettez moi en relation|passez moi
0.85 (?:contacter|joindre) ~ (?:service|conseiller|quelqu un|equipe|vous)
""",
    I.CHANGE_ADDRESS: r"""
0.9 plutot (?:a|chez|au|vers) ~ {adresse}|{adresse} (?:de|du) (?:mon |ma
    )?(?:travail|bureau|boulot|entreprise)
0.95 {modifier} ~~ {adresse}
0.95 {adresse} ~~ (?:{modifier}|mauvaise|fausse|erronee)
0.95 {adresse} ~~ (?:incorrecte|pas bonne|pas la bonne|erreur)
0.9 (?:mauvaise|fausse|ancienne|nouvelle|autre|deuxieme|bonne) {adresse}
0.9 (?:livrer|envoyer|expedier|faire
    livrer|livrez|envoyez|deposer|deposez|laisser|laissez) ~ (?:a|chez|au|vers) (?:une
    |un |mon |ma |mes )?(?:autre|nouvelle|voisin|voisine|travail|bureau|boulot)
0.8 (?:j ai|nous avons) demenage|je demenage|nous demenageons|demenagement
0.9 rediriger|reacheminer|redirection
""",
    I.CHANGE_ORDER: r"""
0.9 {commande} ~ (?:autre|une autre) (?:taille|couleur|pointure)
0.85 {modifier} ~~ {commande}
0.85 {commande} ~~ (?:modifier|changer|corriger|modifiee|completer)
0.85 ajouter ~ a ~ {commande}
0.85 (?:erreur|trompe\S*) (?:dans|sur|de) ~ {commande}|je me suis trompe
0.85 (?:autre|une autre) (?:taille|couleur) ~ {commande}
0.8 oublie (?:de commander|d ajouter|de mettre)
""",
    I.CANCEL_ORDER: r"""
0.9 {bloquer} ~ {commande}
0.95 (?:annuler|annule|annulez|annulation|annulee) ~~ {commande}
0.95 {commande} ~~ (?:annuler|annulee|annulation|annule)
0.9 ^(?:annuler|annulez|annulation) (?:la commande |commande )?(?:n |numero |no )?\d+
0.85 (?:ne veux plus|ne souhaite plus|ne veut plus|n en veux plus|veux plus) ~
    {commande}
0.85 {commande} ~ (?:ne veux plus|plus besoin)
0.8 change d avis|change d idee|retracte|retractation|droit de retractation
0.75 annulation
""",
    I.RETURN_ORDER: r"""
0.9 (?:faire un|un|le|mon|demande de|demander un|procedure de|politique de) retour
0.9 (?:bon|etiquette|formulaire|adresse) de retour|retourner|retours
0.85 (?:renvoyer|renvoyez|rendre|rapporter|retourner) (?:l |le |la |les |cet |cette |ces
    |mon |ma |mes )?{article}\S*
0.85 ^(?!.*(?:lien|code|mail|message|paiement)).*(?:le|la|les|l)
    (?:renvoyer|rendre|rapporter)
0.9 rembours\S*|recuperer mon argent|mon argent
0.85 echanger|echange|echanges
0.75 trop (?:petit|grand|petite|grande|large|serre|court|long)|ne me va pas
""",
    I.COMPLAINT: r"""
0.85 fele\S*|fendu\S*|ebreche\S*|fissure\S*
0.85 trempe\S*|mouille\S*|ecrase\S*|eventre\S*|deforme\S*
0.85 plus jamais|mauvaise experience
0.9 (?:livre|livree|livres|livrees) ~ mais ~ (?:rien|pas|jamais|aucun)
0.95 plainte|reclamation|reclamer|me plaindre|se plaindre|porter plainte|litige
0.85 en morceaux|en miettes|brise\S*|detruit\S*|explose\S*
0.85 abime\S*|endommage\S*|casse|cassee|casses|cassees|defectueu\S*|dechire\S*
0.85 tache\S*|fissure\S*|ne fonctionne plus|ne marche plus|eraflure\S*
0.9 (?:mauvais|mauvaise|faux|pas le bon|pas la bonne)
    (?:article|produit|taille|couleur|colis|commande|modele)
0.9 (?:recu|livre|envoye) ~ (?:mauvais|mauvaise|pas le bon|pas la bonne)
0.85 manque|manquant|manquante|manquants|manquantes|perdu|perdue|disparu|vole|volee
0.85 jamais (?:recu|arrive|arrivee|livre|livree)
0.85 (?:pas|vraiment pas) (?:content|contente|satisfait|satisfaite|heureux)
0.85 mecontent\S*|insatisfait\S*|decue?|furieu(?:x|se)|en colere|enerve\S*|frustre\S*
0.85 {nul}
0.85 (?:debite|preleve|facture|paye) (?:deux fois|2 fois)|double
    (?:debit|prelevement|paiement)
""",
    I.OTHER_PERSON: r"""
0.9 (?:la personne|celui|celle|le client|la cliente|quelqu un) qui a
    (?:commande|achete|passe|paye)
0.95 {commande} (?:de|d) (?:ma|mon|mes|notre|nos) {proche}
0.9 (?:ma|mon|notre) {proche} (?:a|avait) ~ (?:commande|achete|passe commande|paye)
0.9 (?:sa|son|ses|leur|leurs) {commande}
0.95 quelqu un d autre|une autre personne|un autre client|une autre cliente|autres
    clients
0.95 autre client|tierce personne
0.9 (?:client|cliente) (?!\S*ele)\S+ ~ (?:commande|achete|adresse|e
    ?mail|telephone|coordonnees|donnees)
0.9 (?:qu a|qu est ce qu a|qu est ce que) (?:commande|achete) (?:le |la
    )?(?:client|cliente|monsieur|madame|m|mme) \S+
0.9 (?:adresse|e ?mail|adresse e ?mail|telephone|numero de
    telephone|nom|coordonnees|donnees|donnees personnelles) (?:de|du|d|de la|associee
    a|liee a) (?:la |l |cette )?(?:commande|client|cliente|acheteur|compte|personne)
0.9 ce que (?:ma|mon|notre) {proche} ~ (?:commande|achete)
0.9 qui a (?:commande|achete|passe|paye)
0.9 (?:tous les|les autres) clients
0.85 (?:ma|mon) {proche} (?:demande|veut savoir|voudrait savoir|se demande)
""",
}
