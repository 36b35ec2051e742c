"""Spanish: the cues, per intent, that show what a shopper asks (see
``lexicon`` for how they are written)."""

from saleor_conversational.assistant.understanding.intents import Intent as I

CUES = {
    I.ORDER_STATUS: r"""
0.85 fecha (?:prevista|estimada|aproximada)(?: de (?:entrega|llegada))?
0.8 donde ~ (?:mis|mi) (?:cosas|articulos|productos|compras|cosillas)
0.85 donde ~ {pedido}
0.85 cuando ~ {pedido}
0.7 cuando ~ (?:llega|llegara|llegan|llegaran|recibo|recibire|recibiremos|tendre)
0.7 cuando ~ (?:entregan|entregaran|lo enviais|lo envian|me llega)
0.85 {pedido} ~ (?:ya )?(?:enviad[oa]s?|mandad[oa]s?|despachad[oa]s?|en camino|en
    reparto)
0.85 {pedido} ~ (?:en transito|salido|salio|preparad[oa]|listo|entregad[oa])
0.85 (?:enviaron|mandaron|despacharon|han enviado|habeis enviado|han mandado) ~ {pedido}
0.85 (?:estado|situacion) ~ {pedido}|{pedido} estado
0.85 {pedido} (?:numero |n |no |nro |num |nº )?\d+
0.85 (?:noticias|novedades|novedad|informacion|info|actualizacion)
    (?:de|sobre|del|acerca de) ~ {pedido}
0.8 {pedido} ~ (?:no|todavia no|aun no|nunca) ~ (?:llegado|llega|recibido|entregado)
0.8 (?:no|todavia no|aun no) (?:he |hemos )?recibido ~ {pedido}
0.75 (?:pedi|compre|encargue|hice el pedido) ~ (?:semana|dias|ayer|mes|hace)
0.8 no (?:me )?ha llegado (?:nada|todavia|aun)|(?:todavia|aun) no (?:me )?ha llegado
0.75 (?:todavia|aun) (?:no he recibido|nada)|no he recibido nada
0.7 (?:hice|he hecho|realice|he realizado) (?:un |el |mi )?pedido|(?:he|hemos) comprado
0.75 ^(?:mi |mis )?{pedido}$
0.8 (?:mis|ultimo|ultimos|ultima|anteriores|recientes) (?:pedidos|compras|pedido)
0.85 cuanto (?:tarda|tardara|falta|queda) ~ (?:mi|mis|nuestro) {pedido}
0.8 cuanto (?:falta|queda) para que llegue
0.8 que (?:he|habia) pedido|que pedi
0.85 fecha de entrega ~ (?:mi|mis) {pedido}
0.7 llega (?:hoy|manana|esta semana)
""",
    I.TRACKING: r"""
0.9 seguimiento|numero de seguimiento|codigo de seguimiento|tracking|rastreo
0.9 numero de rastreo|localizador|enlace de seguimiento|link de seguimiento
0.9 (?:rastrear|seguir|localizar|trackear) ~ {pedido}|{pedido} ~ (?:rastrear|seguir)
0.9 (?:donde|como) (?:puedo|podemos|se puede) (?:rastrear|seguir|ver donde|localizar)
0.85 (?:correos|seur|mrw|dhl|ups|gls|nacex|dpd) ~ (?:numero|codigo|enlace)
""",
    I.STOCK: r"""
0.85 (?:tienes|teneis|tienen|tiene) <q> en (?:la )?(?:talla |numero
    )?(?:\d{1,3}|xxs|xs|s|m|l|xl|xxl|xxxl)
0.88 (?:seguis|siguen|sigues|sigue) (?:vendiendo|teniendo) <q>
0.85 (?:tienes|teneis|tienen|tiene|hay|quedan) mas (?:de )?<q>
0.9 (?:esta|estan|sigue|siguen) (?:todavia |aun |ya )?{stock} (?:el |la |los |las )?<q>$
0.9 <q> (?:esta|estan|sigue|siguen) (?:todavia |aun )?{stock}
0.9 (?:tienes|teneis|tienen|tiene|tenes) (?:esto |eso |este |esta |ese |esa |estos
    |estas |lo |la |los |las )?(?:todavia |aun |tambien )?en (?:la )?talla
0.9 (?:tienes|teneis|tienen|tiene|tenes)
    (?:esto|eso|este|esta|ese|esa|estos|estas|lo|la|los|las) ~ (?:en stock|disponible|en
    \S+$)
0.9 (?:tienes|teneis|tienen|tiene) <q> (?:en stock|en (?:la )?talla \S+|disponibles?)
0.85 (?:tienes|teneis|tienen|tiene) (?:todavia|aun) <q>
0.88 (?:todavia|aun) (?:tienes|teneis|tienen|tiene|hay|quedan) <q>
0.9 (?:lo|la|los|las) (?:tienes|teneis|tienen|tiene|hay) (?:todavia |aun |tambien
    )?(?:en (?:el |la |talla |la talla )?\S+|disponibles?|en stock)$
0.85 (?:quedan|queda) (?:todavia |aun )?<q>
0.9 hay stock (?:de|del) <q>|disponibilidad (?:de|del) <q>
0.8 en stock|disponible|disponibles|agotad[oa]s?|existencias|stock|disponibilidad
0.7 (?:en )?(?:la )?talla \S+
""",
    I.SHIPPING: r"""
0.9 cuanto (?:cuesta|cuestan|vale|valen|es|son|sale|cobran|cobrais) ~ {envio}
0.9 gastos de envio|costes? de envio|costos? de envio|precio del envio|tarifas? de envio
0.9 plazos? de entrega|tiempos? de (?:entrega|envio)
0.9 (?:opciones|metodos|formas|tipos|zonas) de (?:envio|entrega)
0.9 envio (?:gratis|gratuito|express|urgente|rapido|24h|24 horas|internacional)
0.9 (?:gratis|gratuito) el envio
0.9 (?:enviais|envian|envias|hacen envios|haceis
    envios|mandais|mandan|entregan|entregais|repartis|reparten) ~
    (?:a|al|en|fuera|internacional|extranjero|todo)
0.8 cuanto (?:tiempo|tarda|tardan|tardais|demora) ~
    (?:envio|entrega|llegar|enviar|envios)
0.85 (?:entregais|entregan|enviais|envian|repartis|reparten) (?:los |el
    )?(?:sabados?|domingos?|fines? de semana)
0.85 en cuanto tiempo (?:enviais|envian|entregais|entregan|llega|tarda|lo enviais)
0.85 recoger\S* ~ tienda
0.8 recogida|recoger en tienda|punto de recogida|click and collect|recogerlo en tienda
0.8 (?:que|cual|cuales) (?:transportista|mensajeria|empresa de transporte)
0.85 (?:envio|envios|entrega) (?:a|al|en|para) \S+
0.75 envio|envios|portes|gastos de envio
""",
    I.PRODUCT_SEARCH: r"""
0.8 lo que (?:teneis|tienen|tienes|vendeis|venden) (?:en|de) <q>
0.9 ^(?:buscar|busca|busco|encontrar|comprar|muestrame|mostrar|search|find) <q>
0.9 (?:busco|buscamos|estoy buscando|estamos buscando|ando buscando) <q>
0.85 (?:quiero|quisiera|queria|queremos|me gustaria|necesito|necesitamos)
    (?:comprar|pedir|encargar|conseguir) <q>
0.75 (?:quiero|quisiera|queria|me gustaria|necesito) (?:un|una|unos|unas|el|la) <q>
0.8 (?:tienes|teneis|tienen|tiene|vendeis|venden|vendes|vende) (?:algun |alguna |algunos
    |algunas |un |una |unos |unas )?<q>
0.8 (?:puedes|podeis|pueden|podria|podrias)
    (?:mostrarme|ensenarme|recomendarme|sugerirme|buscarme) <q>
0.8 (?:muestrame|ensename|recomiendame|mostradme|ensenadme) <q>
0.8 donde (?:puedo|encuentro|consigo|compro) (?:encontrar |comprar )?<q>
0.7 cuanto (?:cuesta|cuestan|vale|valen) <q>$
0.75 precio (?:de|del|de la|de los|de las) <q>
0.9 ^(?:tienda|catalogo|productos|comprar|buscar|explorar|ver productos)$
0.75 novedades|nueva coleccion|ultimos productos
0.75 regalo para|ideas? de regalo
0.8 que <q> (?:teneis|tienen|tienes|vendeis|venden)
""",
    I.CART: r"""
0.9 ^(?:mi |el |ver |ver mi |mostrar )?(?:mi )?{carrito}$
0.9 (?:que hay|que tengo|que llevo) en ~ {carrito}
0.9 (?:ver|mostrar|muestrame|ensename|abrir|revisar) ~ {carrito}
0.9 (?:vaciar|vacia|borrar|limpiar|vaciad) ~ {carrito}
0.9 (?:anadir|anade|agregar|agrega|meter|mete|poner|pon) ~ (?:al|a mi|en el|en mi)
    {carrito}
0.9 (?:quitar|quita|eliminar|elimina|sacar|saca|borrar|borra) ~ (?:del|de mi) {carrito}
0.9 ^(?:quitar|eliminar|borrar) (?:la linea )?\d+$
0.9 ^(?:codigo|cupon|codigo de descuento|codigo promocional|tarjeta regalo|vale|bono)
    \S+$
0.85 (?:usar|aplicar|canjear|introducir|meter|poner) ~ (?:codigo|cupon|vale|tarjeta
    regalo)
0.8 codigo (?:de descuento|promocional|promo)|cupon|tarjeta regalo|vale de descuento
0.8 cheque regalo
0.7 {carrito}
""",
    I.CHECKOUT: r"""
0.85 (?:hago|realizo|finalizo|tramito|confirmo) (?:el |mi |la
    )?(?:pedido|compra)|(?:lo|la|los|las) (?:pido|compro|encargo)(?: ya| ahora)?$
0.9 (?:comprar|pedir|llevarme|quedarme con)
    (?:estos|estas|este|esta|esto|eso|esos|esas|ese|esa)$
0.95 (?:ir|pasar|proceder) (?:a pagar|al pago)
0.95 ^(?:finalizar compra|tramitar pedido|realizar pedido|hacer
    pedido|checkout|caja|pedir)$
0.95 ^(?:comprar ya|finalizar pedido|confirmar pedido)$
0.9 (?:quiero|quisiera|me gustaria|vamos a|voy a) (?:ya )?(?:finalizar (?:la |mi
    )?(?:compra|pedido)|tramitar (?:el |mi )?pedido|hacer (?:el )?pedido|realizar (?:el
    )?pedido|pedirlo|pedirla|pedirlos|comprarlo|comprarla|comprarlos|comprarlas|ir a
    (?:la )?caja|pasar por caja)
0.9 (?:finalizar|tramitar|completar|terminar) (?:la |el |mi )?(?:compra|pedido)
0.9 (?:ir|pasar) (?:a la |a |por )caja|checkout
0.85 me (?:lo|la|los|las) llevo|(?:lo|la) (?:quiero|compro)
""",
    I.PAYMENT_LINK: r"""
0.95 ^(?:pagar|pago|pagar ahora|enlace de pago|link de pago|enlace|nuevo enlace|pay)$
0.9 (?:enlace|link) (?:de|para) (?:pago|pagar)|enlace pago|link pago
0.85
    (?:envia|enviame|envieme|mandame|manda|mande|dame|necesito|quiero|reenvia|reenviame)
    ~ (?:nuevo |otro )?(?:enlace|link)
0.85 como (?:puedo|podemos|se puede|debo|hago para) (?:\S+ )?pagar
0.9 (?:quiero|quisiera|me gustaria|queremos) (?:ya )?pagar
0.85 (?:enlace|link|pago) ~ (?:caducado|expirado|no funciona|no va|fallido|ha
    fallado|invalido)
0.85 ^pagar (?:con|por|mediante) \S+|(?:puedo|podemos|se puede) pagar
0.75 pagar|pago
""",
    I.BACK_IN_STOCK: r"""
0.9 (?:aviso|alerta|notificacion|mensaje|correo) ~ cuando
    (?:vuelva|vuelvan|haya|este|esten)
0.95 {avisar} ~ (?:cuando|si|en cuanto|apenas) <q> {volver} ~ (?:stock|disponibles?|de
    nuevo|otra vez)
0.95 {avisar} ~ (?:cuando|si|en cuanto|apenas) {volver} (?:a estar )?(?:disponibles? |en
    stock |de nuevo |otra vez )?<q>$
0.9 {avisar} ~ (?:vuelva|vuelvan|este disponible|haya stock|se reponga|reponga\S*)
0.9 {avisar} ~ (?:de nuevo en stock|otra vez en stock)
0.85 cuando {volvera} (?:a estar |a tener |a haber )?(?:disponibles? |en stock |de nuevo
    |otra vez )?<q>$
0.85 cuando <q> (?:vuelve|vuelven|volvera|volveran|estara|estaran) ~
    (?:stock|disponibles?|de nuevo|otra vez)
0.85 <q> (?:va|van) a volver|(?:volvera|volveran) a (?:estar|haber|tener)
0.8 reposicion|reponer|reponeis|reponen|lista de espera|alerta de stock|aviso de stock
0.8 vuelva a estar disponible|vuelve a estar disponible|de nuevo en stock
""",
    I.LINK_ACCOUNT: r"""
0.9 {vincular} ~ (?:cuenta|perfil)
0.9 (?:cuenta|perfil) ~ (?:vincular|conectar|asociar|enlazar)
0.9 ^(?:iniciar sesion|inicio de sesion|login|log in|entrar|acceder|identificarme)$
0.8 iniciar sesion|inicio de sesion|identificarme|acceder a mi cuenta|entrar en mi
    cuenta
0.8 (?:tengo|ya tengo) (?:una )?cuenta
0.75 mi (?:correo|email|e mail|correo electronico|mail) es
0.6 (?:mi|una) cuenta
""",
    I.GREETING: r"""
0.9 ^(?:hola|buenas|buenos dias|buenas tardes|buenas noches|buen dia|hey|hi|hello)\b
0.9 ^(?:saludos|que tal|holi|ola|wenas|alo)\b
0.8 hola|buenos dias|buenas tardes|buenas noches
0.7 como estas|como esta usted|que tal
""",
    I.THANKS: r"""
0.9 gracias|muchas gracias|mil gracias|muchisimas gracias|te lo agradezco|se lo
    agradezco
0.9 os lo agradezco|agradecid[oa]|thanks|grax|grs|merci
0.6 ^(?:genial|perfecto|estupendo|vale|ok|de acuerdo|muy bien|super|guay)(?: gracias)?$
""",
    I.DECLINE: r"""
0.9 ^(?:no )?(?:eso era todo|era todo|nada mas por ahora|eso es todo por ahora)(?:
    gracias| muchas gracias)?$
0.95 ^(?:no|nop|nope|no no)(?: gracias| muchas gracias)?$
0.9 ^(?:no )?(?:ahora no|mas tarde|quizas mas tarde|tal vez mas tarde|no hace falta)(?:
    gracias)?$
0.9 ^(?:no )?(?:no es necesario|nada|nada mas|eso es todo|es todo|ya esta)(?: gracias)?$
0.9 ^(?:no )?(?:dejalo|olvidalo|estoy bien)(?: gracias)?$
0.9 ^no gracias
""",
    I.HELP: r"""
0.9 ^(?:ayuda|menu|opciones|info|informacion|que puedes hacer|que sabes hacer|como
    funciona|\?)$
0.9 que (?:puedes|podeis|puede) hacer
0.8 ^(?:necesito ayuda|me ayudas|me puedes ayudar|puedes ayudarme|me podeis
    ayudar|ayudame|ayuda por favor)$
0.8 como funciona (?:esto|este chat)
0.8 (?:eres|es usted|sois) (?:un )?(?:bot|robot|ordenador|chatbot|maquina|ia)
""",
    I.HUMAN: r"""
0.95 (?:hablar|charlar|conversar|comunicarme|chatear) con ~ {humano}
0.85 (?:hablar|comunicarme) con
0.85 una persona|persona real|un humano|humano|humana|agente|asesora?|operadora?
0.85 atencion al cliente|servicio al cliente|servicio de
    atencion|soporte|empleado|encargado
0.8 persona
0.85 (?:puede|podria|hay) alguien|alguien (?:me )?(?:puede|podria)
    (?:ayudar|llamar|atender)
0.9 llamame|llamadme|llameme|llamenme|me llamais|me llaman|me puedes llamar
0.9 me pueden llamar|por telefono|telefonicamente
0.9 me (?:puedes|podeis|pueden|podrias|podriais|podria) llamar
0.85 (?:no|ningun) ~ (?:bot|robot|maquina)
0.9 pasame|pasadme|paseme|transfiereme|transferir|ponme con|comunicame con
0.85 (?:contactar|contacto) con ~ (?:alguien|atencion|servicio|soporte|vosotros|ustedes)
""",
    I.CHANGE_ADDRESS: r"""
0.9 (?:mejor|en vez|en lugar) ~ (?:en|a) (?:la |mi )?{direccion}|{direccion} de mi
    (?:trabajo|oficina|empresa)
0.95 {cambiar} ~~ {direccion}
0.95 {direccion} ~~ (?:{cambiar}|cambiado|modificado|mal|equivocada|incorrecta|erronea)
0.95 {direccion} ~~ (?:no es correcta|esta mal|cambiarla|modificarla|corregirla)
0.95 (?:puse|escribi|meti|di|introduje|he puesto) mal ~ {direccion}
0.9 (?:otra|nueva|antigua|vieja|equivocada|incorrecta|segunda|distinta|diferente)
    {direccion}
0.9 {direccion} (?:nueva|distinta|diferente|equivocada|incorrecta|erronea)
0.9 {enviar} ~ (?:a|en) (?:otra|otro|mi trabajo|la oficina|casa de|casa del|mi
    oficina|un vecino|mi vecino|el vecino|la vecina|mi vecina)
0.8 me he mudado|nos hemos mudado|me mude|me mudo|nos mudamos|mudanza
0.9 (?:redirigir|desviar) ~ {pedido}
""",
    I.CHANGE_ORDER: r"""
0.85 {pedido} ~ (?:otra talla|otro color|otro tamano)
0.85 {cambiar} ~~ {pedido}
0.85 {pedido} ~~ (?:cambiar|modificar|corregir|cambiarlo|modificarlo|ampliar)
0.85 (?:anadir|agregar|incluir|sumar) ~ (?:a|al|en) ~ {pedido}
0.85 (?:error|equivocacion|me equivoque|me he equivocado) (?:en|con) ~ {pedido}
0.85 (?:otra talla|otro color|otro tamano) ~ {pedido}
0.8 (?:olvide|se me olvido|me olvide de) (?:pedir|anadir|incluir)
""",
    I.CANCEL_ORDER: r"""
0.9 {parar} ~ {pedido}
0.95 {cancelar} ~~ {pedido}
0.95 {pedido} ~~
    (?:cancelar|cancelarlo|cancelado|cancelacion|anular|anularlo|anulado|anulacion)
0.9 ^(?:cancelar|anular|cancela|anula) (?:el pedido |pedido )?(?:numero |n |no )?\d+
0.85 (?:ya no (?:lo |la |los |las )?quiero|no lo quiero|no quiero) ~ {pedido}
0.85 {pedido} ~ ya no lo quiero
0.8 cambiado de opinion|me he arrepentido|me arrepenti|me
    arrepiento|desistir|desistimiento
0.8 cancelacion|anulacion
""",
    I.RETURN_ORDER: r"""
0.8 cambiar (?:mis|mi|el|la|los|las|unas|unos|este|esta|estos|estas)
    (?!direcci|pedido|compra|contrasena|cuenta|correo|email|telefono|nombre)\S+
0.9 devol\S*|devuelvo|devolver|devuelva|devuelve|devolucion|devoluciones|retornar
0.9 reembols\S*|rembols\S*|mi dinero|dinero de vuelta|reintegro|que me devuelvan
0.85 (?:cambiar|cambio) (?:por|de) (?:otra|otro) (?:talla|color|modelo|tamano)
0.85 cambiarlo por|cambiarla por|cambio de talla|hacer un cambio|canjear
0.75 (?:me queda|queda|es|son) (?:pequen[oa]|grande|estrech[oa]|cort[oa]|larg[oa])
0.75 no me (?:queda|vale|sirve) bien|no me queda
0.9 etiqueta de devolucion|formulario de devolucion
""",
    I.COMPLAINT: r"""
0.85 rajad[oa]s?|agrietad[oa]s?|resquebrajad[oa]s?|desportillad[oa]s?|astillad[oa]s?
0.85 empapad[oa]s?|mojad[oa]s?|aplastad[oa]s?|reventad[oa]s?|abollad[oa]s?
0.85 no vuelvo a (?:comprar|pedir)|nunca mas|mala experiencia
0.9 (?:entregad[oa]s?|repartid[oa]) ~ pero ~ (?:no|nada|nunca|ningun)
0.95 queja|quejas|quejarme|reclamacion|reclamaciones|reclamar|hoja de reclamaciones
0.85 (?:hech[oa]s?|en) (?:pedazos|anicos|trizas|polvo|mil
    pedazos)|destrozad[oa]s?|rompio|se ha roto
0.85 danad[oa]s?|rot[oa]s?|defectuos[oa]|estropead[oa]|rayad[oa]|manchad[oa]
0.85 descosido|abollado|mal estado|ya no funciona|ha dejado de funcionar
0.9 (?:articulo|producto|talla|color|paquete|pedido|modelo|cosa)
    (?:equivocad\S*|incorrect\S*|erroneo\S*|que no (?:es|era|pedi))
0.9 (?:me (?:habeis|han|has) enviado|recibi|he recibido|me llego|me ha llegado) ~
    (?:equivocad\S*|incorrect\S*|otro|otra|que no (?:pedi|es))
0.85 (?:falta|faltan|faltaba|faltaban)
    (?:un|una|unos|unas|el|la|los|las|algo|piezas?|articulos?|productos?)
0.85 perdid[oa]|extraviad[oa]|robad[oa]|incomplet[oa]
0.85 nunca (?:llego|ha llegado|recibi|he recibido|me llego|lo recibi)
0.85 (?:no estoy|nada|muy poco) (?:contento|contenta|satisfecho|satisfecha)
0.85 insatisfech[oa]|decepcionad[oa]|enfadad[oa]|enojad[oa]|molest[oa]|hart[oa]
0.85 indignad[oa]|furios[oa]|cabread[oa]
0.85 {fatal}
0.85 (?:cobrado|cargado|pagado) (?:dos veces|2 veces|doble)|doble cobro|cobro doble
""",
    I.OTHER_PERSON: r"""
0.95 {pedido} (?:de|del) (?:mi|mis|nuestro|nuestra) {pariente}
0.9 (?:mi|nuestro|nuestra) {pariente} ~ (?:pidio|compro|ha pedido|ha comprado|hizo un
    pedido|encargo|pago)
0.85 (?:su|sus) {pedido}
0.95 otra persona|otro cliente|otra clienta|otros clientes|alguien mas|un
    tercero|terceros
0.9 (?:cliente|clienta) (?!\S*servicio)\S+ ~
    (?:pidio|pedido|compro|direccion|correo|email|telefono|datos)
0.9 que (?:pidio|compro|ha pedido|ha comprado) (?:el |la
    )?(?:cliente|clienta|senor|senora|sr|sra|don|dona) \S+
0.9 (?:direccion|correo|email|e mail|correo electronico|telefono|numero de
    telefono|nombre|datos|datos personales|datos de contacto) (?:de|del) (?:la |el |este
    |esta )?(?:pedido|cliente|clienta|comprador|compradora|cuenta|persona)
0.9 que (?:pidio|compro|ha pedido|ha comprado|encargo) (?:mi|nuestro|nuestra) {pariente}
0.9 quien (?:pidio|compro|hizo|ha pedido|ha comprado|pago|encargo)
0.9 (?:todos los|los demas|otros) clientes
0.85 (?:mi|nuestro|nuestra) {pariente} (?:pregunta|quiere saber|me pregunta|preguntaba)
""",
}
