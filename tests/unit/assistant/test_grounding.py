"""check_grounding: each kind of claim, backed and not, in en, nl, de, fr and es."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saleor_conversational.assistant.model.grounding import check_grounding

ORDER = {
    "number": "1001",
    "status": "shipped",
    "total": {"amount": 12.5, "currency": "EUR"},
    "created": "2026-12-01T10:15:00+00:00",
    "estimated_delivery": "2026-12-03",
    "tracking_number": "3SABCD1234567",
    "lines": [{"product_name": "Blue Shirt", "quantity": 2}],
}
ORDER_FACT = json.dumps(ORDER)
FAQ = (
    "We ship within 24 hours. Orders placed before 14:00 ship the same day. "
    "Free shipping is available for orders over €50. Returns within 30 days, "
    "10% off your first order."
)
CATALOGUE = ["Blue Shirt", "Red Shirt", "Shirt", "Café Crème Mug", "Air Max 90"]


def check(answer, *facts, language="en", names=CATALOGUE):
    return check_grounding(answer, facts, catalogue_names=names, language=language)


def assert_backed(answer, *facts, language="en", names=CATALOGUE):
    report = check(answer, *facts, language=language, names=names)
    assert report.violations == []
    assert report.ok


def assert_unbacked(answer, *facts, language="en", names=CATALOGUE, reason=""):
    report = check(answer, *facts, language=language, names=names)
    assert not report.ok
    assert report.violations
    if reason:
        assert any(reason in v for v in report.violations), report.violations
    return report.violations


def product(**fields):
    return json.dumps({"name": "Blue Shirt", **fields})


# -- no claims ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("language", "answer"),
    [
        ("en", "Hi! How can I help you today?"),
        ("nl", "Goedemorgen! Waarmee kan ik je helpen?"),
        ("de", "Guten Morgen! Wie kann ich Ihnen heute helfen?"),
        ("fr", "Bonjour ! Comment puis-je vous aider aujourd'hui ?"),
        ("es", "¡Hola! Buenos días. ¿En qué puedo ayudarte esta mañana?"),
    ],
)
def test_an_answer_without_claims_is_grounded(language, answer):
    assert_backed(answer, language=language)


# -- order numbers --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("language", "template"),
    [
        ("en", "Order #{} has shipped."),
        ("en", "Your order {} has shipped."),
        ("en", "Order number {} has shipped."),
        ("en", "Order no. {} has shipped."),
        ("nl", "Je bestelling {} is verzonden."),
        ("nl", "Bestelling nr. {} is verzonden."),
        ("nl", "Bestelnummer {} is verzonden."),
        ("de", "Ihre Bestellung Nr. {} wurde versandt."),
        ("de", "Ihre Bestellung {} wurde versandt."),
        ("de", "Bestellnummer: {}"),
        ("fr", "Votre commande n° {} a été expédiée."),
        ("fr", "Votre commande numéro {} a été expédiée."),
        ("fr", "Votre commande #{} a été expédiée."),
        ("es", "Su pedido {} ha sido enviado."),
        ("es", "Su pedido n.º {} ha sido enviado."),
        ("es", "Su pedido número {} ha sido enviado."),
    ],
)
def test_order_numbers(language, template):
    assert_backed(template.format(1001), ORDER_FACT, language=language)
    violations = assert_unbacked(template.format(1235), ORDER_FACT, language=language)
    assert violations == ["order number 1235 is not in this turn's tool results"]


def test_an_order_number_given_as_a_json_number():
    assert_backed("Order #1001 is on its way.", json.dumps({"number": 1001}))


def test_no_facts_back_nothing():
    assert_unbacked("Order #1001 has shipped.", reason="order number 1001")


# -- money ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("language", "amount"),
    [
        ("en", "€12.50"),
        ("en", "EUR 12.50"),
        ("en", "12.50 euros"),
        ("nl", "€ 12,50"),
        ("nl", "12,50 €"),
        ("nl", "€12,50"),
        ("de", "12,50 €"),
        ("de", "12,50 EUR"),
        ("de", "12,50\u00a0€"),
        ("fr", "12,50 €"),
        ("fr", "12,50 euros"),
        ("es", "12,50 €"),
        ("es", "12,50 EUR"),
    ],
)
def test_amounts_in_every_format(language, amount):
    assert_backed(f"Total: {amount}", ORDER_FACT, language=language)


@pytest.mark.parametrize(
    ("language", "amount"),
    [
        ("en", "€12.60"),
        ("nl", "12,05 €"),
        ("de", "EUR 125,00"),
        ("fr", "1 250,00 €"),
        ("es", "€ 1.250"),
    ],
)
def test_other_amounts_are_not_backed(language, amount):
    assert_unbacked(f"Total: {amount}", ORDER_FACT, language=language, reason="amount")


@pytest.mark.parametrize(
    ("language", "amount"),
    [
        ("en", "$1,299.00"),
        ("en", "USD 1,299"),
        ("nl", "$ 1.299,00"),
        ("de", "1.299,00 $"),
        ("fr", "1\u202f299,00 $"),
        ("es", "1.299 USD"),
    ],
)
def test_thousands_separators(language, amount):
    fact = json.dumps({"price": {"amount": 1299, "currency": "USD"}})
    assert_backed(f"It costs {amount}.", fact, language=language)


def test_a_whole_amount_with_a_dash():
    assert_backed("Nu voor € 12,- per stuk.", json.dumps({"price": 12}), language="nl")


def test_a_string_amount_backs_a_formatted_one():
    fact = json.dumps({"total": "12.50", "currency": "EUR"})
    assert_backed("Het totaal is €12,5.", fact, language="nl")


def test_another_currency_is_not_backed():
    violations = assert_unbacked("That is $12.50.", ORDER_FACT)
    assert violations == [
        "amount $12.50 is in another currency than the tool results (EUR)"
    ]


def test_an_amount_from_a_faq_without_currency():
    assert_backed("Verzending kost €4,95.", "Verzending kost 4,95.", language="nl")


def test_an_amount_from_the_faq():
    assert_backed("Free shipping over €50!", FAQ)
    assert_unbacked("Free shipping over €40!", FAQ, reason="amount €40")


# -- dates ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("language", "date"),
    [
        ("en", "3 December 2026"),
        ("en", "December 3, 2026"),
        ("en", "Dec 3"),
        ("en", "3rd of December"),
        ("en", "2026-12-03"),
        ("nl", "3 december"),
        ("nl", "3 dec"),
        ("nl", "03-12-2026"),
        ("de", "3. Dezember 2026"),
        ("de", "3.12.2026"),
        ("de", "3. Dez."),
        ("fr", "3 décembre"),
        ("fr", "03/12/2026"),
        ("es", "3 de diciembre de 2026"),
        ("es", "3 dic"),
        ("es", "03-12-2026"),
    ],
)
def test_dates_in_every_format(language, date):
    assert_backed(f"Expected: {date}.", ORDER_FACT, language=language)


@pytest.mark.parametrize(
    ("language", "date"),
    [
        ("en", "4 December 2026"),
        ("en", "3 December 2025"),
        ("nl", "4 dec"),
        ("nl", "04-12-2026"),
        ("de", "4. Dezember"),
        ("fr", "4 décembre"),
        ("es", "4 de diciembre"),
        ("es", "2026-12-04"),
    ],
)
def test_other_dates_are_not_backed(language, date):
    assert_unbacked(f"Expected: {date}.", ORDER_FACT, language=language, reason="date")


def test_a_date_backed_by_a_date_written_out_in_another_language():
    assert_backed(
        "We're closed on December 24, 2026.", "Wir haben am 24. Dezember 2026 zu."
    )


def test_a_faq_date_without_a_year_holds_every_year():
    faq = "Closed on 25 December and 1 January."
    assert_backed("We are closed on 2026-12-25.", faq)
    assert_backed("Nous sommes fermés le 1er janvier.", faq, language="fr")
    assert_unbacked("We are closed on 26 December.", faq, reason="date 26 December")


def test_an_ambiguous_english_numeric_date():
    fact = json.dumps({"estimated_delivery": "2026-03-12"})
    assert_unbacked("It arrives 12/03/2026.", fact, reason="ambiguous")
    # Only one reading is a date: no ambiguity.
    assert_backed("It arrives 2026-03-12.", fact)
    christmas = json.dumps({"estimated_delivery": "2026-12-25"})
    assert_backed("It arrives 12/25/2026.", christmas)
    assert_backed("It arrives 25/12/2026.", christmas)


def test_month_and_year():
    assert_backed("Your order from December 2026.", ORDER_FACT)
    assert_unbacked("Back in January 2027.", ORDER_FACT, reason="date January 2027")


@pytest.mark.parametrize(
    ("language", "day", "other"),
    [
        ("en", "Thursday", "Friday"),
        ("nl", "donderdag", "vrijdag"),
        ("de", "Donnerstag", "Freitag"),
        ("fr", "jeudi", "vendredi"),
        ("es", "jueves", "viernes"),
    ],
)
def test_weekdays(language, day, other):
    # 2026-12-03 is a Thursday.
    assert_backed(f"{day}!", ORDER_FACT, language=language)
    assert_unbacked(f"{other}!", ORDER_FACT, language=language, reason="day")


def test_weekdays_from_the_faq():
    assert_backed("We are open Monday to Friday.", "Open Monday to Friday, 9:00-17:30.")


@pytest.mark.parametrize(
    ("language", "answer"),
    [
        ("en", "It arrives tomorrow."),
        ("nl", "Het komt morgen."),
        ("de", "Es kommt morgen."),
        ("fr", "Il arrive demain."),
        ("es", "Llega mañana."),
        ("de", "Es kommt übermorgen."),
    ],
)
def test_tomorrow_is_not_known_from_dates(language, answer):
    assert_unbacked(answer, ORDER_FACT, language=language, reason="day")


def test_tomorrow_from_the_faq():
    faq = "Ordered before 14:00, delivered tomorrow."
    assert_backed("Order before 14:00 and it is delivered tomorrow.", faq)


# -- times ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("language", "time"),
    [
        ("en", "14:00"),
        ("en", "2 pm"),
        ("en", "2:00 p.m."),
        ("nl", "14.00 uur"),
        ("nl", "14 uur"),
        ("de", "14 Uhr"),
        ("fr", "14h"),
        ("fr", "14h00"),
        ("es", "14:00"),
    ],
)
def test_times(language, time):
    assert_backed(f"Before {time}.", FAQ, language=language)
    assert_unbacked(
        f"Before {time.replace('14', '15').replace('2', '3')}.",
        FAQ,
        language=language,
        reason="time",
    )


def test_an_hour_alone_may_be_a_duration():
    assert_backed("Delivered in 2h.", "Delivery within 2 hours.")
    assert_unbacked("Delivered in 3h.", "Delivery within 2 hours.", reason="time 3h")


# -- codes ----------------------------------------------------------------------------
def test_tracking_codes():
    assert_backed("Tracking code: 3SABCD1234567.", ORDER_FACT)
    assert_backed("Track & trace: 3sabcd1234567", ORDER_FACT, language="nl")
    violations = assert_unbacked("Tracking code: 3SABCD1234568.", ORDER_FACT)
    assert violations == ["code 3SABCD1234568 is not in this turn's tool results"]


def test_long_digit_runs_are_codes():
    fact = json.dumps({"tracking": "00340434161094042557"})
    assert_backed("Sendungsnummer 00340434161094042557", fact, language="de")
    assert_unbacked(
        "Sendungsnummer 00340434161094042558",
        fact,
        language="de",
        reason="code 00340434161094042558",
    )
    assert_backed("Code 12345678901", json.dumps({"tracking": 12345678901}))


def test_codes_with_dashes():
    fact = json.dumps({"tracking": "JJD-0003-9000-787"})
    assert_backed("Your code is JJD00039000787.", fact)


def test_a_discount_code_is_a_claim():
    assert_unbacked("Use code WELCOME10 for 10% off.", FAQ, reason="code WELCOME10")


# -- links ------------------------------------------------------------------------------
def test_links_and_addresses():
    fact = json.dumps({"tracking_url": "https://track.example/3SABCD1234567"})
    assert_backed("Follow it at https://track.example/3SABCD1234567.", fact)
    assert_unbacked("Pay at https://pay.example/x.", fact, reason="link https://pay")
    assert_backed("Mail us at help@shop.example.", "Questions? help@shop.example")
    assert_unbacked(
        "Mail us at sales@shop.example.",
        "Questions? help@shop.example",
        reason="link sales@shop.example",
    )


# -- product names ----------------------------------------------------------------------
def test_product_names():
    assert_backed("Your Blue Shirt has shipped.", ORDER_FACT)
    assert_backed("Your blue shirt has shipped.", ORDER_FACT)
    violations = assert_unbacked("Your Red Shirt has shipped.", ORDER_FACT)
    assert violations == [
        "product 'Red Shirt' is not in this turn's tool results or FAQ"
    ]


def test_product_names_ignore_accents_and_json_escapes():
    fact = json.dumps(
        {"name": "Café Crème Mug"}
    )  # ensure_ascii: "Caf\u00e9 Cr\u00e8me"
    assert "\\u00e9" in fact
    assert_backed("The cafe creme mug is lovely.", fact)
    assert_backed("La Café Crème Mug est jolie.", fact, language="fr")


def test_a_product_name_with_a_number_is_not_a_number_claim():
    assert_backed("The Air Max 90 is back.", json.dumps({"name": "Air Max 90"}))
    assert_unbacked(
        "The Air Max 90 is back.",
        json.dumps({"name": "Air Max 95"}),
        reason="product 'Air Max 90'",
    )


def test_only_catalogue_names_are_product_claims():
    assert_backed("Your Blue Shirt has shipped.", ORDER_FACT, names=[])
    assert_unbacked("Your Blue Shirt has shipped.", FAQ, reason="product 'Blue Shirt'")


# -- stock ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("language", "in_stock", "sold_out"),
    [
        ("en", "The Blue Shirt is in stock.", "The Blue Shirt is sold out."),
        ("en", "The Blue Shirt is available.", "The Blue Shirt is out of stock."),
        ("nl", "Het Blue Shirt is op voorraad.", "Het Blue Shirt is uitverkocht."),
        ("de", "Das Blue Shirt ist auf Lager.", "Das Blue Shirt ist ausverkauft."),
        ("de", "Das Blue Shirt ist vorrätig.", "Das Blue Shirt ist vergriffen."),
        ("fr", "Le Blue Shirt est en stock.", "Le Blue Shirt est épuisé."),
        (
            "fr",
            "Le Blue Shirt est disponible.",
            "Le Blue Shirt est en rupture de stock.",
        ),
        ("es", "La Blue Shirt está disponible.", "La Blue Shirt está agotada."),
        ("es", "La Blue Shirt está en existencia.", "La Blue Shirt está agotada."),
    ],
)
def test_stock_claims_and_their_polarity(language, in_stock, sold_out):
    available = product(in_stock=True)
    gone = product(in_stock=False)
    assert_backed(in_stock, available, language=language)
    assert_backed(sold_out, gone, language=language)
    assert_unbacked(in_stock, gone, language=language, reason="contradicts")
    assert_unbacked(sold_out, available, language=language, reason="contradicts")
    assert_unbacked(
        in_stock,
        json.dumps({"name": "Blue Shirt"}),
        language=language,
        reason="no availability field",
    )


@pytest.mark.parametrize(
    ("language", "answer"),
    [
        ("en", "The Blue Shirt is not in stock."),
        ("en", "The Blue Shirt isn't available."),
        ("en", "The Blue Shirt is no longer available."),
        ("nl", "Het Blue Shirt is niet op voorraad."),
        ("de", "Das Blue Shirt ist leider nicht mehr lieferbar."),
        ("fr", "Le Blue Shirt n'est pas disponible."),
        ("fr", "Le Blue Shirt n’est plus en stock."),
        ("es", "La Blue Shirt no está disponible."),
    ],
)
def test_negated_stock_claims(language, answer):
    assert_backed(answer, product(in_stock=False), language=language)
    assert_unbacked(answer, product(in_stock=True), language=language, reason="negated")


@pytest.mark.parametrize(
    ("fields", "positive"),
    [
        ({"quantity_available": 3}, True),
        ({"quantityAvailable": 0}, False),
        ({"isAvailable": True}, True),
        ({"is_available_for_purchase": False}, False),
        ({"availability": "OUT_OF_STOCK"}, False),
        ({"stock_status": "in_stock"}, True),
        ({"sold_out": True}, False),
    ],
)
def test_the_availability_fields_that_count(fields, positive):
    fact = product(**fields)
    claims = ("The Blue Shirt is in stock.", "The Blue Shirt is sold out.")
    backed, contradicted = claims if positive else claims[::-1]
    assert_backed(backed, fact)
    assert_unbacked(contradicted, fact, reason="contradicts")


def test_fields_that_do_not_count_for_stock():
    # An order line's quantity or an order's status say nothing about stock.
    assert_unbacked(
        "The Blue Shirt is in stock.", ORDER_FACT, reason="no availability field"
    )


def test_a_stock_phrase_quoted_from_the_faq():
    assert_backed("Free shipping is available for orders over €50.", FAQ)
    faq = "All items are in stock at our warehouse."
    assert_backed("All items are in stock at our warehouse.", faq)
    assert_unbacked("The Red Shirt is in stock.", faq, names=[], reason="stock claim")


# -- other numbers ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("language", "answer"),
    [
        ("en", "We ship within 24 hours."),
        ("en", "We ship within 24h."),
        ("nl", "We verzenden binnen 24 uur."),
        ("de", "Wir versenden innerhalb von 24 Stunden."),
        ("fr", "Nous expédions sous 24 heures."),
        ("es", "Enviamos en 24 horas."),
        ("en", "You can return it within 30 days."),
        ("en", "Enjoy 10% off your first order."),
        ("de", "10 % Rabatt auf Ihre erste Bestellung."),
    ],
)
def test_numbers_from_the_faq(language, answer):
    assert_backed(answer, FAQ, language=language)


@pytest.mark.parametrize(
    ("language", "answer"),
    [
        ("en", "We ship within 48 hours."),
        ("nl", "Retourneren kan binnen 14 dagen."),
        ("de", "20 % Rabatt."),
        ("fr", "Livraison en 3 jours."),
        ("es", "Tenemos 7 unidades."),
    ],
)
def test_numbers_not_in_the_facts(language, answer):
    assert_unbacked(answer, FAQ, language=language, reason="number")


def test_a_quantity_from_the_tool_results():
    assert_backed("You ordered 2 shirts.", ORDER_FACT)
    assert_unbacked("You ordered 3 shirts.", ORDER_FACT, reason="number 3")


@pytest.mark.parametrize(
    ("language", "answer", "value"),
    [
        ("en", "It weighs 1.5 kg.", 1.5),
        ("nl", "Het weegt 1,5 kg.", 1.5),
        ("en", "We sold 1,200 of them.", 1200),
        ("de", "Wir haben 1.200 verkauft.", 1200),
    ],
)
def test_decimal_and_grouping_separators_follow_the_language(language, answer, value):
    assert_backed(answer, json.dumps({"value": value}), language=language)


def test_booleans_are_not_numbers():
    assert_unbacked("Only 1 left.", json.dumps({"in_stock": True}), reason="number 1")


# -- the report -------------------------------------------------------------------------
def test_every_unbacked_claim_is_named_once():
    answer = (
        "Order #1235 (Red Shirt, 3 pieces) costs €13.50, arrives 4 December with "
        "code 3SABCD9999999; order #1235 again."
    )
    violations = assert_unbacked(answer, ORDER_FACT)
    assert len(violations) == len(set(violations)) == 6
    for claim in (
        "1235",
        "Red Shirt",
        "number 3",
        "€13.50",
        "4 December",
        "3SABCD9999999",
    ):
        assert any(claim in v for v in violations), claim


def test_facts_are_text():
    with pytest.raises(TypeError):
        check("Order 1001", ORDER)


def test_language_tags():
    assert_backed("Bestelling 1001.", ORDER_FACT, language="nl-BE")
    with pytest.raises(ValueError):
        check("Order 1001", ORDER_FACT, language="pt")


# -- properties -------------------------------------------------------------------------
FRAGMENTS = [
    "order", "#", "1001", "12,50", "12.50", "€", "EUR", "$", "1.299", "3", "december",
    "dec", "3.", "de", "mei", "Mai", "2026", "03-12-2026", "2026-12-03", "14:00", "14h",
    "uur", "Uhr", "2", "pm", "in stock", "niet", "not", "op voorraad", "sold out",
    "n'est", "pas", "disponible", "morgen", "guten", "Monday", "jeudi", "3SABCD1234567",
    "https://x.example/a", "a@b.example", ",", ".", ":", "-", "/", "Blue", "Shirt",
    "n°", "Nr.", "pedido", "24", "%", "x", "the", "is", "24h", "1st", "of", "\u00a0",
]  # fmt: skip
SEPARATORS = ["", " ", "  "]
FAQ_LIKE = st.lists(
    st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from(SEPARATORS)), max_size=14
).map(lambda parts: "".join(fragment + gap for fragment, gap in parts))


@settings(max_examples=400, deadline=None)
@given(FAQ_LIKE, st.sampled_from(["en", "nl", "de", "fr", "es"]))
def test_quoting_a_fact_word_for_word_is_grounded(faq, language):
    report = check(faq, faq, language=language, names=["Blue Shirt", "Shirt"])
    # The one exception: an English numeric date is ambiguous wherever it comes from.
    assert [v for v in report.violations if "ambiguous" not in v] == []


@settings(max_examples=300, deadline=None)
@given(st.text(), st.lists(st.text(), max_size=3), st.sampled_from(["en", "de", "fr"]))
def test_any_text_gets_a_report(answer, facts, language):
    report = check(answer, *facts, language=language)
    assert report.ok == (report.violations == [])
