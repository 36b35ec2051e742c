"""Reading the committed catalogues and running Django's makemessages/compilemessages on
copies of them (never on the package itself)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import saleor_conversational

PACKAGE = Path(saleor_conversational.__file__).resolve().parent
LOCALE = PACKAGE / "locale"
LANGUAGES = ("en", "nl", "de", "fr", "es")
TRANSLATED = ("nl", "de", "fr", "es")
# README "Translations": the options the committed catalogues are made with.
MAKEMESSAGES = ["--no-wrap", "--add-location", "file", "--no-obsolete"]

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def po_path(language: str, locale: Path = LOCALE) -> Path:
    return locale / language / "LC_MESSAGES" / "django.po"


def mo_path(language: str, locale: Path = LOCALE) -> Path:
    return locale / language / "LC_MESSAGES" / "django.mo"


def entries(language: str, locale: Path = LOCALE) -> list:
    """The catalogue's messages (header left out)."""
    with open(po_path(language, locale), "rb") as po:
        return [message for message in read_po(po, locale=language) if message.id]


def keys(messages) -> set[tuple[str | None, str]]:
    return {(message.context, message.id) for message in messages}


def forms(text) -> list[str]:
    """A message's forms: one, or the singular and plural forms of an ngettext text."""
    return list(text) if isinstance(text, (tuple, list)) else [text]


def placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text))


def require_gettext() -> None:
    missing = [
        tool for tool in ("xgettext", "msgmerge", "msgfmt") if not shutil.which(tool)
    ]
    if missing:
        pytest.skip(
            f"GNU gettext is not installed ({', '.join(missing)} missing): "
            "apt-get install gettext (.ci/run does)"
        )


def django_admin(args: list[str], cwd: Path) -> None:
    """``django-admin <args>`` in ``cwd`` without settings, as the README runs it."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-m", "django", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def extract(workdir: Path) -> set[tuple[str | None, str]]:
    """The (context, msgid) pairs ``makemessages`` finds in a copy of the package."""
    copy = workdir / PACKAGE.name
    shutil.copytree(
        PACKAGE,
        copy,
        ignore=shutil.ignore_patterns("locale", "static", "__pycache__", "*.pyc"),
    )
    (copy / "locale").mkdir()
    django_admin(["makemessages", "--locale", "en", *MAKEMESSAGES], cwd=copy)
    return keys(entries("en", copy / "locale"))


def compile_copy(workdir: Path) -> Path:
    """The committed .po files compiled by ``compilemessages`` into a copy of the locale."""
    copy = workdir / "locale"
    shutil.copytree(LOCALE, copy, ignore=shutil.ignore_patterns("*.mo"))
    django_admin(["compilemessages"], cwd=workdir)
    return copy
