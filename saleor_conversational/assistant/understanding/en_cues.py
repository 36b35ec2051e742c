"""English: the cues, per intent, that show what a shopper asks (see
``lexicon`` for how they are written)."""

from saleor_conversational.assistant.understanding.intents import Intent as I

CUES = {
    I.ORDER_STATUS: r"""
0.75 (?:since|after) (?:i|we) ordered|is it (?:still )?(?:coming|on its way|on the
    way|arriving)
0.85 (?:where|wheres) ~ {order}
0.8 (?:where|wheres) ~ (?:my|our) (?:stuff|things|items|goods)
0.85 (?:when|whens) ~ {order} ~ {arrive}
0.85 when ~ (?:i|we) ~ (?:receive|get|have) ~ {order}
0.7 when ~ (?:it|they|everything) ~ {arrive}
0.85 (?:has|have|is|are|did|was|were) ~ {order} ~ {shipped}
0.75 (?:has|have|is|are) (?:it|they) (?:been |already |yet )?{shipped}
0.85 did {you} (?:already )?(?:ship|send|dispatch|post) ~ {order}
0.85 did {you} ~ (?:ship|send|sent|dispatch|post) ~ (?:my|our|the)
    (?:stuff|things|items|goods)
0.75 nothing ~ (?:arrived|come|came|here|received|delivered)|still nothing|nothing yet
0.75 (?:has not|have not|not yet|still not) (?:arrived|come|been delivered)
0.85 expect(?:ing)? ~ {order}
0.8 check ~ (?:my|our|the) {order}
0.85 {order} status
0.85 status ~ {order}
0.85 {order} (?:number |nr |no |num |n |id )?\d+
0.85 (?:news|update|updates|info|information) (?:on|about|regarding|for) ~ {order}
0.85 (?:what|whats) ~ happen\S* (?:to|with) ~ {order}
0.8 (?:not|never|still|yet) ~ (?:received|got|gotten) ~ {order}
0.8 {order} ~ (?:not|still not|yet to) ~ (?:arrived|come|here|delivered|received)
0.85 how long ~ (?:my|our) {order}
0.8 how long (?:until|till|before) ~ (?:arrives|arrive|get it|here|delivered)
0.7 (?:i|we) (?:placed|made) (?:an|my|the|a) order
0.75 (?:i|we) ordered ~ (?:ago|last|yesterday|week|weeks|days|month|on)
0.75 ^(?:my |our )?{order}s?$
0.8 (?:my|show|see|list|view|check) ~ (?:recent |last |latest |previous )?orders
0.8 (?:my|our) (?:last|latest|recent|previous) {order}
0.8 order history|what did (?:i|we) order
0.75 (?:expected|estimated) (?:delivery|arrival)|delivery date|\beta\b
0.7 (?:check|know) ~ (?:status|where it is)
0.7 is it (?:here|coming) (?:yet|soon|today|tomorrow)
""",
    I.TRACKING: r"""
0.9 track(?:ing)? ~ {order}
0.9 (?:which|what) (?:courier|carrier|company) ~ (?:my|our) {order}
0.9 tracking(?: number| code| link| info| information| id| details| no| nr| url)?
0.9 track (?:and|n)? ?trace
0.9 (?:where|how) ~ (?:can|do|could) (?:i|we) track
0.85 (?:follow|trace) ~ {order}
0.85 (?:courier|carrier|postnl|dhl|ups|fedex|dpd|gls|usps|royal mail) ~
    (?:number|code|link)
0.85 ^track(?: it| this)?$
""",
    I.STOCK: r"""
0.85 do {you} ~ (?:have|got|stock|carry|sell) <q> in (?:a |an
    )?(?:\d{1,3}|xxs|xs|s|m|l|xl|xxl|xxxl|small|medium|large|size|sizes|waist|length)
0.85 any more (?:of )?<q>
0.8 (?:comes?|available|it) in (?:a |size |a size
    )?(?:xxs|xs|s|m|l|xl|xxl|xxxl|\d{1,3})$
0.9 (?:is|are) <q> (?:still |currently |now )?(?:in stock|available|availible|back in
    stock|sold out|out of stock)
0.9 (?:is|are) there (?:any |still )?<q> (?:left|in stock|available)
0.85 ^(?:got|have|has|any) <q> in (?:a |an )?(?:size|sz) \S+
0.85 ^(?:got|have|has|any) <q> in (?:stock|xxs|xs|s|m|l|xl|xxl|xxxl|small|medium|large)$
0.9 do {you} ~ (?:have|got|stock|carry) <q> in (?:stock|size|sizes)
0.85 do {you} (?:still|currently) (?:have|sell|stock|carry|got) <q>
0.85 (?:have|got) (?:it|this|that|these|those|them|one|this one|that one) in (?:size |a
    size |colou?r )?\S+
0.85 (?:stock|availability) (?:of|for|on|level of|levels of) <q>
0.85 (?:how many|any) <q> (?:left|in stock|available)
0.8 (?:in stock|out of stock|sold out|soldout|restocked|stock level|stock levels)
0.8 availab(?:le|ility) in (?:size |colou?r )?\S+
0.75 (?:availability|available|still available|still have)
0.75 (?:in |have |got )size \S+
0.8 can i (?:still )?(?:buy|order|get) (?:it|this|that|them|one) in \S+
""",
    I.SHIPPING: r"""
0.9 how much ~ (?:shipping|postage|delivery|to ship|to deliver|for delivery|to send|for
    shipping)
0.9 (?:shipping|delivery|postage|postal|courier) {shipping_info}
0.9 (?:cost|costs|price|fee|charge|charges) (?:of|for) (?:the
    )?(?:shipping|delivery|postage)
0.9 free (?:shipping|delivery|postage)
0.9 do {you} (?:also )?(?:ship|deliver|send)
    (?:to|internationally|abroad|worldwide|outside|overseas|on|at|in)
0.85 (?:can|will|could) {you} (?:ship|deliver|send) ~ (?:to|abroad|internationally)
0.8 how (?:long|fast|quick|quickly|soon) ~
    (?:shipping|delivery|deliver|delivering|ship|shipped|take|takes|arrive)
0.8 (?:which|what) (?:couriers?|carriers?|delivery company|shipping company)
0.9 (?:express|next day|same day|overnight|standard|international) (?:shipping|delivery)
0.8 (?:pick ?up|pickup|collect) (?:in store|in the store|from (?:the |your
    )?(?:shop|store)|option|point|myself)
0.85 click (?:and|n) collect
0.8 (?:pick|collect) ~ (?:store|shop|warehouse)
0.9 ^(?:shipping|delivery|postage)$
0.8 (?:shipping|ship|deliver|delivery) to \S+
0.75 (?:shipping|postage)
0.8 deliver on (?:saturday|sunday|weekends?)
""",
    I.PRODUCT_SEARCH: r"""
0.85 {i} (?:just )?after <q>
0.9 ^(?:search|find|show me|look for|looking for|buy|shop for|browse|search for|find me)
    <q>
0.9 {i} ~ (?:looking|searching|shopping|hunting) for <q>
0.85 (?:looking|searching) for <q>
0.85 {i} {want} (?:to )?(?:buy|order|purchase|get) <q>
0.75 {i} {want} (?:a|an|some|the|new) <q>
0.8 do {you} (?:guys )?(?:have|sell|carry|stock|make|do|offer) (?:any )?<q>
0.75 (?:have|got) {you} (?:got )?(?:any )?<q>
0.8 (?:can|could) {you} (?:show|recommend|suggest|find) (?:me )?<q>
0.8 (?:show|recommend|suggest) me <q>
0.85 help me (?:find|choose|pick) <q>
0.8 where (?:can|do|could) (?:i|we) (?:find|buy|get) <q>
0.8 (?:what|which) <q> (?:do you have|do you sell|have you got|are there|do you carry)
0.75 how much (?:is|are|does|do|for) <q> (?:cost|costs)$
0.7 how much (?:is|are|for) <q>$
0.75 (?:price|prices|cost) (?:of|for) <q>
0.9 ^(?:shop|browse|products|catalog|catalogue|search|buy|keep
    shopping|shopping|store|collection)$
0.75 (?:new|latest) (?:arrivals|collection|products|items)
0.75 gift (?:ideas?|for)
0.8 (?:what|which) (?:products|items|things) (?:do you have|do you sell)
""",
    I.CART: r"""
0.9 ^(?:my |view |show |show me |see |open |check )?(?:my |the )?{cart}$
0.9 (?:what is|whats|what) (?:in|inside) ~ {cart}
0.9 (?:show|see|view|check|open|look at) ~ {cart}
0.9 (?:empty|clear|reset) ~ {cart}
0.9 (?:add|put) ~ (?:to|in|into) ~ {cart}
0.8 ^add (?:it|this|that|them|one|\d+)
0.9 (?:remove|delete|take out|drop) ~ (?:from ~ {cart})
0.9 ^(?:remove|delete|drop) (?:line )?\d+$
0.9 ^(?:change|set|make) (?:line )?\d+ (?:to )?\d+$
0.9 ^(?:code|voucher|coupon|promo(?: code)?|discount(?: code)?|gift ?card) \S+$
0.85 (?:apply|use|redeem|enter|add) ~ (?:code|voucher|coupon|promo|discount|gift ?card)
0.7 (?:discount|promo|coupon|voucher) code|gift ?card|voucher|coupon
0.7 {cart}
""",
    I.CHECKOUT: r"""
0.85 (?:i will|i ll|ill|i am going to|let me|go ahead and) (?:place the order|order
    (?:it|them|now|this)|buy (?:it|them|now))|i am ordering (?:it|now|them)
0.95 ^(?:checkout|check out|checkout now|place order|order now|place my order|buy
    now|complete order)$
0.9 {i} ~ (?:want|would like|wanna|ready|like|going) to (?:check ?out|checkout|place
    (?:my |the |an |this )?order|complete (?:my |the |this )?(?:order|purchase)|finish
    (?:my |the |this )?(?:order|purchase)|order (?:it|this|them|these|that|now)|buy
    (?:it|this|them|these|that|now))
0.9 (?:proceed|go|continue) to (?:the )?(?:checkout|payment|check out)
0.85 (?:check ?out|checkout)
0.85 (?:place|complete|finish|finalize|finalise) (?:my |the |an |this
    )?(?:order|purchase)
0.85 (?:i will|i ll|let me|ill) (?:take|buy|order)
    (?:it|this|them|that|these|those|one|two)
0.85 (?:that is|thats|that s) all ~ (?:order|buy|checkout)
""",
    I.PAYMENT_LINK: r"""
0.95 ^(?:pay|pay now|payment|payment link|new link|new payment link|send payment
    link|pay link|link)$
0.9 (?:payment|pay|paying) link|link (?:to|for) (?:pay|paying|payment|the payment)
0.85 (?:send|give|need|want|get|resend) ~ (?:new |another |fresh |the )?(?:payment
    )?link
0.85 (?:how|where) (?:can|do|should|could) (?:i|we) pay
0.9 {i} (?:want|would like|wanna|like|ready) to pay
0.85 (?:can|may) (?:i|we) pay(?: now| online| here)?$
0.85 (?:link|payment) ~ (?:expired|not working|does not work|broken|failed|did not
    work|invalid)
0.85 ^pay (?:for )?(?:my |the )?(?:order|cart|basket|purchase|it)
0.8 ^pay (?:with|by|via) \S+
0.85 (?:can|may|could) (?:i|we) pay (?:with|by|via|using|through) \S+
""",
    I.BACK_IN_STOCK: r"""
0.9 (?:alert|notification|message|email|text|heads up) ~ (?:restocked|back in
    stock|available again|back|in stock again)
0.95 (?:tell|notify|let|message|text|alert|inform|ping|email|remind|warn) (?:me|us)
    (?:know )?(?:when|once|as soon as|if) <q> (?:(?:is|are|comes?|gets?|will be|goes)
    )?(?:back|available|restocked|in stock)
0.9 (?:tell|notify|let|message|alert|inform|ping|remind) (?:me|us) ~ (?:back in
    stock|restock|restocked|available again|in stock again|when available|when
    back|comes back|is back|are back|becomes available)
0.85 when (?:will|is|are|does|do) <q> (?:be )?(?:back in stock|available
    again|restocked|in stock again|back)
0.9 (?:back in stock|restock|restocking) (?:alert|notification|notice|message|email)
0.85 (?:subscribe|sign up|signup|register) ~ (?:restock|back in
    stock|availability|notification|alert|waiting list|waitlist)
0.85 (?:will|do|are) {you} (?:going to )?(?:restock|get more|have more|get (?:it|them)
    back|be getting more) <q>
0.8 (?:will|do|are) {you} (?:going to )?(?:restock|get more|be restocking)
0.75 (?:waiting list|waitlist|restock)
""",
    I.LINK_ACCOUNT: r"""
0.9 (?:link|connect|verify|sync|attach|pair|associate) ~
    (?:account|profile|me|email|customer)
0.9 ^(?:log ?in|login|sign ?in|signin|log me in)$
0.8 (?:log|sign) ?in
0.8 (?:i have|i ve got|i got|i already have) an? (?:customer )?account
0.75 my (?:email|e mail|email address|account email) is
0.8 (?:this|the) chat ~ (?:my|to) account
0.75 (?:recogni[sz]e|identify) me
0.6 (?:my|an|your) account
""",
    I.GREETING: r"""
0.9 ^(?:hi|hello|hey|heya|hiya|hallo|yo|howdy|greetings|sup|hi there|hello there|hey
    there|good (?:morning|afternoon|evening|day)|morning|evening|start|get
    started|hola)\b
0.8 (?:hi|hello|hey|good morning|good afternoon|good evening)
0.7 how are (?:you|u)
""",
    I.THANKS: r"""
0.9 thanks
0.9 thank (?:you|u)
0.9 thankyou
0.9 thx
0.9 thnx
0.9 tnx
0.9 thanx
0.9 ty
0.9 cheers
0.9 much appreciated
0.9 appreciate it
0.9 tysm
0.9 many thanks
0.6 ^(?:ta|great|perfect|awesome|brilliant|lovely|super|cool|nice)(?: thanks)?$
""",
    I.DECLINE: r"""
0.9 ^(?:no |nope |nah )?(?:that was all|that was it|that is everything|that was
    everything|thats everything|nothing more)(?: thanks| thank you| thx)?$
0.95 ^(?:no|nope|nah|no no|no sorry|not really)(?: (?:thanks|thank you|thx|ty|thank
    u|thanks anyway))?$
0.9 ^(?:no |nope |nah )?(?:not now|not today|maybe later|later|no need|nothing|nothing
    else|that is all|thats all|that is it|thats it|i am good|im good|all good|i am
    fine|i am ok|never mind|nevermind)(?: thanks| thank you| thx)?$
0.9 ^no thanks
""",
    I.HELP: r"""
0.9 ^(?:help|menu|options|info|commands|what can (?:you|u) do|how does (?:this|it)
    work|what is this|\?)$
0.9 what (?:can|do) (?:you|u) (?:do|help with|offer)
0.9 what (?:can|could) (?:you|u) help (?:me |us )?with
0.8 ^(?:i need help|i need some help|help me|help please|can you help|can you help
    me|could you help me)$
0.8 how does (?:this|it) work
0.8 are (?:you|u) (?:a )?(?:bot|robot|machine|ai|automated|computer)
""",
    I.HUMAN: r"""
0.85 on the phone|phone call|call me back|ring me
0.85 (?:is|are) (?:anyone|anybody|someone|somebody) (?:there|here|around|available)
0.95 (?:talk|speak|chat) (?:to|with) ~ {person}
0.8 (?:talk|speak) to
0.95 (?:real|actual|live) (?:human|person|people|agent)
0.85 humans?
0.85 agents?
0.85 operator
0.85 representative
0.85 customer service
0.85 customer support
0.85 customer care
0.85 helpdesk
0.85 help desk
0.85 employee
0.85 live chat
0.8 (?:person|people|staff)
0.85 (?:can|could|is there|need|want|get|let) ~ (?:someone|somebody|anyone|anybody)
    (?:help|to help|look|there|call|check|assist|contact)
0.8 (?:is there|any) (?:someone|somebody|anyone|anybody)
0.9 (?:call|phone|ring) (?:me|us)|(?:can|could) (?:you|someone|somebody) call
0.85 (?:not|no|hate|stop) ~ (?:bot|robot|machine|automated)
0.85 (?:stupid|useless|dumb) (?:bot|robot|machine)
0.9 transfer me|put me through|connect me (?:to|with)|pass me (?:to|on)
0.85 (?:contact|reach|email|call) ~ (?:team|support|customer
    service|staff|someone|somebody|a person|a human|you guys)
""",
    I.CHANGE_ADDRESS: r"""
0.9 (?:work|office|home|new|other) address instead|instead ~ {address}
0.95 {change} ~~ {address}
0.95 {address} ~ (?:change|changed|update|updated|wrong|incorrect|mistake|typo|not
    correct|not right|outdated|old|different)
0.9 (?:wrong|incorrect|old|new|different|another|other|second|updated) {address}
0.9 (?:send|ship|deliver|redirect|forward|reroute) ~ to (?:a |my |another |the
    )?(?:different|another|other|new|work|office|neighbou?r s?)
    ?(?:address|location|place|house)?
0.9 (?:redirect|reroute) ~ {order}
0.8 (?:i|we) (?:moved|have moved|just moved|am moving|are moving|ve moved)
0.95 typo in ~ {address}
""",
    I.CHANGE_ORDER: r"""
0.85 (?:change|modify|edit|amend|alter|adjust|correct) ~~ {order}
0.9 ordered (?:the |a )?wrong (?:size|colou?r|item|one|thing|model|product)
0.85 add ~ to (?:my|the|our) (?:existing |previous |last |current )?{order}
0.85 (?:mistake|error) (?:in|with|on) ~ {order}
0.85 {order} ~ (?:different|other|another) (?:size|colou?r|item|product|one)
0.8 (?:combine|merge) ~ orders
0.8 (?:forgot|forgotten) to (?:add|order|include)
""",
    I.CANCEL_ORDER: r"""
0.95 cancel\S* ~~ {order}
0.95 {order} ~ cancel\S*
0.9 ^(?:please )?cancel\S* (?:order )?(?:number |nr |no )?\d+
0.85 (?:do not|dont|no longer) (?:want|need) ~ {order}
0.85 (?:stop|halt) ~ {order}
0.8 changed (?:my|our) minds?
0.85 (?:undo|revoke|withdraw) ~ (?:order|purchase)
""",
    I.RETURN_ORDER: r"""
0.85 return|returns|returning|returned
0.9 send ~ (?:it|them|this|these|that|those|everything|\S+) back
0.9 refund\S*|money back|reimburs\S*|chargeback
0.85 (?:exchange|swap)
0.8 (?:bring|take) (?:it|them) back
0.75 (?:does not|do not) fit|too (?:small|big|large|tight|short|long|loose)
0.9 return (?:label|form|address)|rma
""",
    I.COMPLAINT: r"""
0.85 chipped|snapped|split open|cracked
0.85 soaking wet|soaked|wet through|crushed|squashed|torn open|ripped open
0.85 never (?:ordering|buying|shopping|order|buy|shop) ~
    again|(?:bad|terrible|horrible|awful|worst) experience
0.9 (?:delivered|arrived) but ~ (?:not|nothing|never|no|nowhere)
0.95 complain\S*|complaint\S*
0.85 (?:in|to) pieces|shattered|fell apart|came apart|ruined
0.85 {damaged}
0.9 (?:received|got|sent me|sent|delivered|came) ~ (?:wrong|incorrect)
    (?:item|product|article|thing|size|colou?r|one|order|package|parcel)
0.85 wrong (?:item|product|article|thing|things|items)
0.85 (?:missing|lost) (?:item|items|part|parts|product|products|piece|pieces)
0.85 (?:is|was|are|were|still) missing|{order} ~ (?:lost|missing|stolen)
0.85 never (?:arrived|came|got|received|showed up|delivered|turned up)
0.85 (?:not|never) ~ (?:happy|satisfied|pleased)
0.85 unhappy
0.85 disappointed
0.85 dissatisfied
0.85 upset
0.85 angry
0.85 furious
0.85 annoyed
0.85 frustrated
0.85 fed up
0.85 disgusted
0.85 {bad}|poor (?:quality|service)|bad (?:quality|service|experience)
0.85 (?:charged|paid) twice|double charged|overcharged
0.85 thanks for nothing|stopped working|fell apart|falling apart
""",
    I.OTHER_PERSON: r"""
0.9 (?:whoever|the person who|person who|the one who|the customer who|somebody
    who|someone who) ~ (?:ordered|bought|placed|purchased|paid)
0.95 (?:my|our) {relative}(?: s|s)? (?:\S+ )?{order}
0.9 (?:my|our) (?:customer|client)(?: s|s) (?:\S+ )?{order}
0.9 what (?:my|our) {relative} (?:has )?(?:ordered|bought|purchased)
0.95 {order} ~ (?:of|from|by|belonging to) (?:my|our) {relative}
0.9 {order} (?:of|from|by|for) (?:mr|mrs|ms|miss|customer|client) \S+
0.9 (?:my|our) {relative} (?:has |have |had |just
    )?(?:ordered|bought|placed|purchased|paid)
0.9 (?:his|her|their) (?:\S+ )?{order}
0.95 (?:someone|somebody|anyone|anybody) else(?: s)?
0.95 (?:another|other|a different) (?:customer|client|buyer|shopper|user)s?(?: s)?
0.9 (?:customer|client) (?!service|support|care|team|account|number|portal|area|s )\S+ ~
    (?:order|orders|ordered|bought|address|email|phone|details|data|purchased)
0.9 what did (?!i |we |you )\S+(?: \S+)? (?:order|buy|purchase)
0.9 (?:address|addresses|email|e mail|email address|phone|phone
    number|telephone|name|personal data|personal details|contact details|customer
    details|customer data) (?:of|for|from|on|behind|belonging to) (?:the |this |that
    )?(?:order|customer|client|buyer|account|person|user)
0.9 who (?:ordered|bought|placed|purchased|made|paid)
0.9 (?:all|every|other) (?:customers|clients|users|buyers)(?: s)?
0.9 (?:my|our) {relative}(?: s|s)? (?:account|address|email|details|data|phone)
0.85 (?:my|our) {relative} (?:is asking|asked|wants to know|would like to know|wonders)
""",
}
