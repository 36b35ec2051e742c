"""Labelled messages the lexicons were written and tuned against, per language.

Each entry is (message, expected intent) or (message, expected intent, expected slots).
"""

from tests.unit.assistant.labelled import de, en, es, fr, nl

MESSAGES = {
    "en": en.MESSAGES,
    "nl": nl.MESSAGES,
    "de": de.MESSAGES,
    "fr": fr.MESSAGES,
    "es": es.MESSAGES,
}
