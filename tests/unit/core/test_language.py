"""The reply language: identify() on short chat messages, resolve_language()'s fallbacks.

These messages are not in bench/language_messages.py, where the thresholds are tuned.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from saleor_conversational.core import language
from saleor_conversational.core.language import (
    SUPPORTED_LANGUAGES,
    detectable_words,
    detector_for,
    identify,
    normalize_language_code,
    resolve_language,
)

ROOT = Path(__file__).resolve().parents[3]

TYPICAL = {
    "en": (
        "hey, my parcel still hasn't arrived",
        "could you tell me when my order ships",
        "do you have these shoes in a size 9",
        "i'd like to return the jacket i bought",
        "is there any way to change the delivery date",
        "how do i track my package",
    ),
    "nl": (
        "hallo, mijn pakket is nog steeds niet binnen",
        "kunnen jullie zeggen wanneer mijn bestelling verstuurd wordt",
        "hebben jullie deze schoenen in maat 42",
        "ik wil de jas terugsturen die ik gekocht heb",
        "kan de bezorgdatum nog veranderd worden",
        "hoe kan ik mijn pakket volgen",
    ),
    "de": (
        "hallo, mein paket ist immer noch nicht angekommen",
        "könnt ihr mir sagen wann meine bestellung verschickt wird",
        "habt ihr die schuhe in größe 42",
        "ich möchte die jacke zurückgeben die ich gekauft habe",
        "kann man den liefertermin noch ändern",
        "wie kann ich mein paket verfolgen",
    ),
    "fr": (
        "bonjour, mon colis n'est toujours pas arrivé",
        "vous pouvez me dire quand ma commande sera envoyée",
        "vous avez ces chaussures en 42",
        "je voudrais renvoyer la veste que j'ai achetée",
        "on peut encore changer la date de livraison",
        "comment je peux suivre mon colis",
    ),
    "es": (
        "hola, mi paquete todavía no ha llegado",
        "me podéis decir cuándo se envía mi pedido",
        "tenéis estos zapatos en la talla 42",
        "quiero devolver la chaqueta que compré",
        "se puede cambiar la fecha de entrega",
        "como puedo seguir mi paquete",
    ),
}
TYPICAL_CASES = [(text, code) for code, texts in TYPICAL.items() for text in texts]
PAIRS = {"en": ("en", "nl"), "nl": ("en", "nl"), "de": ("de", "fr"), "fr": ("de", "fr")}


def test_the_test_messages_are_not_the_bench_messages():
    from bench.language_messages import MESSAGES, MIXED, NEUTRAL

    bench = {text for texts in MESSAGES.values() for text in texts}
    bench |= set(NEUTRAL) | {text for text, _ in MIXED}
    assert not bench & {text for text, _ in TYPICAL_CASES}


@pytest.mark.parametrize(("text", "expected"), TYPICAL_CASES)
def test_a_typical_message_is_identified_among_all_languages(text, expected):
    assert identify(text, SUPPORTED_LANGUAGES) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [(text, code) for text, code in TYPICAL_CASES if code in PAIRS],
)
def test_a_typical_message_is_identified_between_two_languages(text, expected):
    assert identify(text, PAIRS[expected]) == expected


def test_candidates_are_normalized_and_order_does_not_matter():
    text = "waar blijft mijn bestelling nou"
    assert identify(text, ["EN-us", "nl_NL"]) == "nl"
    assert identify(text, ("nl", "en")) == identify(text, ("en", "nl")) == "nl"


@pytest.mark.parametrize("text", TYPICAL["de"])
def test_a_message_in_a_language_the_shop_lacks_never_gets_that_language(text):
    assert identify(text, ["en", "nl"]) in ("en", "nl", None)


@pytest.mark.parametrize("text", TYPICAL["es"])
def test_spanish_is_not_answered_when_the_shop_has_only_german_and_french(text):
    assert identify(text, ["de", "fr"]) in ("de", "fr", None)


@pytest.mark.parametrize(
    "candidates",
    [[], ["nl"], ["nl", "nl-BE", "NL"], ["nl", "pt", "it"], ["pt", "it"]],
)
def test_fewer_than_two_supported_candidates_abstains(candidates):
    assert identify("waar blijft mijn bestelling nou", candidates) is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t",
        "10482",
        "#1234",
        "order #1234",
        "+31 6 12345678",
        "12,50 euro",
        "👍🙏",
        "😂😂😂",
        "https://shop.example.com/products/blue-hoodie",
        "www.example.com/x",
        "anna.devries@example.com",
        "ok",
        "OK!!",
        "ok ok 👍",
        "hi",
        "Hello!",
        "pizza",
        "5 x XL",
        "?!",
    ],
)
def test_nothing_language_specific_abstains(text):
    assert identify(text, SUPPORTED_LANGUAGES) is None


@pytest.mark.parametrize("text", ["was", "man", "is", "die"])
def test_a_word_spelled_alike_in_several_candidates_is_too_short_to_be_sure(text):
    # "was", "man", "is", "die" are English, German and Dutch words alike.
    assert identify(text, SUPPORTED_LANGUAGES) is None


def test_only_the_language_specific_words_are_judged():
    text = "Hi! order #1234 https://x.example/a anna@x.example 2x XL, waar blijft het?"
    assert detectable_words(text) == "waar blijft het"
    assert detectable_words("c'est où ma commande ?") == "c'est où ma commande"
    assert detectable_words("ok 👍 10482") == ""


def test_a_greeting_in_another_language_does_not_decide():
    assert identify("hello, wo ist meine bestellung geblieben", ["en", "de"]) == "de"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("nl-NL", "nl"),
        ("NL", "nl"),
        ("nl_BE", "nl"),
        ("NL_nl", "nl"),
        (" EN-us ", "en"),
        ("pt-BR", "pt"),
        ("", ""),
    ],
)
def test_language_codes_are_normalized_to_their_base_language(code, expected):
    assert normalize_language_code(code) == expected


class TestResolveLanguage:
    CANDIDATES = ("en", "nl")

    def test_the_message_language_comes_first(self):
        assert (
            resolve_language(
                "waar blijft mijn bestelling nou",
                self.CANDIDATES,
                customer_language="en-GB",
                channel_language="en",
            )
            == "nl"
        )

    def test_then_the_customers_language(self):
        assert resolve_language("ok 👍", self.CANDIDATES, "NL_nl", "en-US") == "nl"

    def test_a_customer_language_the_shop_lacks_falls_through_to_the_channel(self):
        assert resolve_language("ok 👍", self.CANDIDATES, "de-DE", "nl-NL") == "nl"

    def test_no_customer_language_falls_through_to_the_channel(self):
        assert resolve_language("#10482", self.CANDIDATES, "", "nl_BE") == "nl"

    def test_then_the_default(self):
        assert resolve_language("ok", self.CANDIDATES, "de", "fr") == "en"
        assert resolve_language("ok", self.CANDIDATES, "de", "fr", default="nl") == "nl"
        assert resolve_language("", self.CANDIDATES) == "en"

    def test_with_one_candidate_the_message_is_not_judged(self):
        text = "hallo, mein paket ist immer noch nicht angekommen"
        assert resolve_language(text, ["nl"], "", "nl-NL") == "nl"
        assert resolve_language(text, ["nl"], "de", "fr", default="nl") == "nl"

    def test_a_message_in_a_language_the_shop_lacks_gives_a_shop_language(self):
        text = "ich möchte die jacke zurückgeben die ich gekauft habe"
        assert resolve_language(text, self.CANDIDATES, "de", "nl") in ("en", "nl")

    def test_candidate_codes_are_normalized(self):
        assert resolve_language("ok", ["en-GB", "nl-NL"], "nl_BE", "en") == "nl"


class TestDetectorCache:
    def test_one_detector_per_candidate_set_in_any_order(self):
        assert detector_for(["en", "nl"]) is detector_for(("nl", "en"))
        assert detector_for({"de", "fr", "es"}) is detector_for(["es", "fr", "de"])
        assert detector_for(["en", "nl"]) is not detector_for(["en", "nl", "de"])

    def test_identify_uses_the_cached_detector(self):
        identify("waar blijft mijn bestelling nou", ["nl-NL", "en"])
        assert language._detectors[frozenset({"en", "nl"})] is detector_for(
            ["en", "nl"]
        )

    def test_threads_asking_at_once_share_one_build(self, monkeypatch):
        monkeypatch.setattr(language, "_detectors", {})
        builds = []
        build = language._build_detector

        def counting_build(codes):
            builds.append(codes)
            time.sleep(0.05)  # a slow build: the other threads arrive meanwhile
            return build(codes)

        monkeypatch.setattr(language, "_build_detector", counting_build)
        start = threading.Barrier(8)
        found = []

        def ask():
            start.wait()
            found.append(detector_for(["fr", "es"]))

        threads = [threading.Thread(target=ask) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert builds == [frozenset({"fr", "es"})]
        assert len(found) == 8 and all(detector is found[0] for detector in found)

    def test_threads_identifying_at_once_get_what_one_thread_gets(self):
        expected = [identify(text, SUPPORTED_LANGUAGES) for text, _ in TYPICAL_CASES]
        start = threading.Barrier(8)
        results = []

        def identify_all():
            start.wait()
            results.append(
                [identify(text, SUPPORTED_LANGUAGES) for text, _ in TYPICAL_CASES]
            )

        threads = [threading.Thread(target=identify_all) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert results == [expected] * 8

    @pytest.mark.parametrize("codes", [["en"], ["en", "pt"], []])
    def test_a_detector_needs_two_supported_languages(self, codes):
        with pytest.raises(ValueError, match="two or more"):
            detector_for(codes)

    def test_importing_the_module_loads_no_model(self):
        check = (
            "import sys; import saleor_conversational.core.language; "
            "assert 'lingua' not in sys.modules, 'lingua imported'"
        )
        subprocess.run([sys.executable, "-c", check], cwd=ROOT, check=True)
