"""The catalogues in saleor_conversational/locale: in sync with the code, every text
translated with its placeholders intact, compiled as committed, and the translations
in effect inside Saleor (no other installed app's catalogue wins)."""

from __future__ import annotations

import gettext

import pytest
from django.utils import translation

from tests.saleor.translations.catalogues import (
    LANGUAGES,
    TRANSLATED,
    compile_copy,
    entries,
    extract,
    forms,
    keys,
    mo_path,
    placeholders,
    require_gettext,
)

# WhatsApp's limits: reply button and list button 20 characters, list section title 24.
LIMITS = {"button": 20, "list title": 24}


@pytest.fixture(scope="module")
def in_code(tmp_path_factory):
    require_gettext()
    return extract(tmp_path_factory.mktemp("makemessages"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_holds_exactly_the_texts_in_the_code(in_code, language):
    committed = keys(entries(language))
    assert not in_code - committed, (
        "texts in the code missing from the catalogue: run makemessages and translate "
        "them (README, Translations)"
    )
    assert not committed - in_code, "texts no longer in the code: run makemessages"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_text_is_translated_with_the_same_placeholders(language):
    for message in entries(language):
        assert all(forms(message.string)), (
            f"{language}: no translation for {message.id!r}"
        )
        assert not message.fuzzy, f"{language}: fuzzy translation of {message.id!r}"
        for form in forms(message.string):
            assert placeholders(form) == placeholders(forms(message.id)[0]), (
                f"{language}: placeholders differ in {form!r}"
            )


def test_english_is_the_text_in_the_code():
    """en.po leaves msgstr empty: the msgid is the English text."""
    assert [m.id for m in entries("en") if any(forms(m.string))] == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_buttons_and_list_titles_fit_the_messaging_channels(language):
    for message in entries(language):
        limit = LIMITS.get(message.context)
        if limit:
            assert len(message.string) <= limit, (language, message.string)


def test_committed_mo_files_are_what_compilemessages_makes(tmp_path):
    require_gettext()
    compiled = compile_copy(tmp_path)
    for language in LANGUAGES:
        with (
            open(mo_path(language), "rb") as committed,
            open(mo_path(language, compiled), "rb") as fresh,
        ):
            assert (
                gettext.GNUTranslations(committed)._catalog
                == gettext.GNUTranslations(fresh)._catalog
            ), f"{language}: run compilemessages (README, Translations)"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_plugins_translations_are_the_ones_in_effect(language):
    with translation.override(language):
        for message in entries(language):
            if isinstance(message.id, (tuple, list)):
                # one and two take the singular and the plural form in all five
                expected = (
                    forms(message.string)
                    if any(forms(message.string))
                    else forms(message.id)
                )
                said = [translation.ngettext(*message.id, count) for count in (1, 2)]
                assert said == list(expected), (language, message.id)
                continue
            said = (
                translation.pgettext(message.context, message.id)
                if message.context
                else translation.gettext(message.id)
            )
            assert said == (message.string or message.id), (language, message.id)
