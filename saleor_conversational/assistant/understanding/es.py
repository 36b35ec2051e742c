"""Spanish: the words shoppers use for each request (accents folded: "envio")."""

from __future__ import annotations

from saleor_conversational.assistant.understanding.es_cues import CUES
from saleor_conversational.assistant.understanding.lexicon import Lexicon

WORDS = {
    "pedido": (
        r"pedidos?|paquetes?|envios?|compras?|orden|ordenes|encargo|entrega|paqueteria"
        r"|order"
    ),
    "mi": r"mi|mis|nuestro|nuestra|nuestros|el|la|los|las|este|esta|ese|esa",
    "direccion": (
        r"direcci(?:on|ones)|domicilio|codigo postal|calle|cp|portal|piso"
        r"|numero de (?:portal|calle|casa|piso|puerta)"
    ),
    "cambiar": (
        r"cambiar|modificar|corregir|actualizar|cambio|modificacion|editar|cambiarla"
        r"|cambiarlo|modificarla|corregirla|cambiais|cambian|cambiad|cambia"
    ),
    "pariente": (
        r"mujer|esposa|marido|esposo|pareja|novia|novio|madre|mama|padre|papa|hijo"
        r"|hija|hermano|hermana|vecino|vecina|companero|companera|colega|jefe|jefa|tia"
        r"|tio|abuela|abuelo|hijos|padres|amigo|amiga|amigos|suegra|suegro|cliente"
        r"|clienta"
    ),
    "humano": (
        r"humano|humana|persona|alguien|agente|asesora?|operadora?|empleada?|encargado"
        r"|responsable|atencion al cliente|servicio al cliente|soporte|vendedora?"
        r"|persona real|una persona|un humano"
    ),
    "carrito": r"carrito|cesta|carro|cart|bolsa de compra",
    "stock": r"en stock|disponibles?|en existencia|existencias|agotad[oa]s?|hay stock",
    "envio": (
        r"envio|el envio|envios|los envios|entrega|la entrega|gastos de envio|mandar"
        r"|enviar|transporte|portes|los portes"
    ),
    "avisar": (
        r"avisame|avisadme|aviseme|avisenme|avisar|avisarme|notificame|notificadme"
        r"|notificarme|dime|decidme|digame|escribeme|informame|informadme|me avisas"
        r"|me avisais|me avisan|me podeis avisar|me puedes avisar|me pueden avisar"
        r"|(?:mandame|enviame|mandadme|enviadme) un (?:mensaje|correo|email|mail"
        r"|whatsapp)"
    ),
    "volver": (
        r"vuelva|vuelvan|vuelve|este|esten|haya|llegue|lleguen|entre|entren|se reponga"
        r"|se repongan"
    ),
    "fatal": (
        r"inaceptable|vergonzos[oa]|verguenza|fatal|pesim[oa]|horrible|terrible|estafa"
        r"|timo|ridiculo|lamentable|un desastre|desastroso|nefasto|malisimo"
        r"|mala calidad|mal servicio|una porqueria"
    ),
    "volvera": (
        r"vuelve|vuelven|volvera|volveran|hay|habra|tendreis|tendran|estara|estaran"
        r"|reponeis|reponen"
    ),
    "vincular": (
        r"vincular|vincula|conectar|conecta|asociar|asocia|enlazar|enlaza|verificar"
        r"|verifica|unir"
    ),
    "enviar": (
        r"enviar|envien|enviad|envialo|enviadlo|mandar|mandadlo|mandalo|entregar"
        r"|entreguen|llevar|dejar|dejarlo|dejadlo|dejad|dejen|dejalo"
    ),
    # Not "para": it is also "for" ("un enlace para mi pedido").
    "parar": (
        r"parar|parad|paren|detener|detened|detenga|frenar|frenad|paralizar"
        r"|retener|retened"
    ),
    "cancelar": (
        r"cancelar|cancela|cancelad|cancele|cancelen|cancelacion|anular|anula|anulad"
        r"|anulacion|anule"
    ),
}


STOP_WORDS = frozenset(
    """el la los las un una unos unas de del al a en y e o u pero que como cuando
    donde quien cual cuales es son esta estan estoy soy ser estar hay tiene tienen
    tengo teneis tienes mi mis tu tus su sus nuestro nuestra yo ella nosotros
    vosotros ellos ellas me te se nos os le les lo con sin por para sobre entre este
    esto estos estas ese esa eso esos esas muy mas ya todavia aun tambien no si hola
    gracias favor porfa pf algo algun alguno alguna algunos algunas quiero puedo puede
    podeis pueden quisiera usted ustedes""".split()
)
QUERY_TRIM = frozenset(
    """stock disponible disponibles agotado agotada agotados agotadas existencias
    comprar pedir encargar conseguir talla""".split()
)
SIZES = (
    r"(?:en )?(?:la )?talla (?P<size>\S+)",
    r"en (?P<size>xxs|xs|s|m|l|xl|xxl|xxxl)",
    r"en el (?P<size>\d{2})",
)
NOT_PRODUCTS = (
    r"(?:pedido|paquete|carrito|cesta|seguimiento|ayuda|cuenta|direccion|envio)\S*"
)
ORDER_WORDS = frozenset("pedido orden numero n no nro num".split())


COMMON_WORDS = frozenset(
    """rojo roja rojos rojas azul azules verde verdes negro negra negros negras blanco
    blanca gris rosa marron amarillo morado lino algodon lana cuero seda camisa camisas
    vestido vestidos chaqueta abrigo jersey sudadera pantalon pantalones zapatos
    zapatillas calcetines bufanda gorro bolso falda talla pequeno grande""".split()
)


def singular(word: str) -> str:
    if len(word) <= 3:
        return word
    if word.endswith("es") and len(word) >= 5 and word[-3] in "lrndzj":
        return word[:-2]  # "pantalones" -> "pantalon"
    if word.endswith("s") and not word.endswith(("ss", "is", "us")):
        return word[:-1]  # "camisas" -> "camisa"
    return word


def stem(word: str) -> str:
    return singular(word)


LEXICON = Lexicon(
    language="es",
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
