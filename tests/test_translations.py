"""Every interface string has a Ukrainian and an English translation: the catalogues are
re-extracted from the current source (as `make messages` would) into a temporary copy,
and any missing, empty or fuzzy entry fails the test."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("uk", "en")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext is missing: install the Debian package 'gettext'")
    work = tmp_path_factory.mktemp("catalogues")
    shutil.copytree(ROOT / "src", work / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "locale", work / "locale")
    import os

    from django.test import override_settings

    previous = os.getcwd()
    os.chdir(work)
    try:
        with override_settings(LOCALE_PATHS=[work / "locale"]):
            call_command("makemessages", locale=list(LANGUAGES), no_obsolete=True, verbosity=0)
    finally:
        os.chdir(previous)
    return work / "locale"


def problems(catalogue: polib.POFile) -> list[str]:
    found = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy: {entry.msgid!r}")
        elif entry.msgid_plural:
            if not entry.msgstr_plural or not all(entry.msgstr_plural.values()):
                found.append(f"missing plural: {entry.msgid!r}")
        elif not entry.msgstr:
            found.append(f"missing: {entry.msgid!r}")
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_committed_catalogue_has_no_missing_or_fuzzy_entry(language):
    catalogue = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    assert problems(catalogue) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_in_the_source_is_translated(extracted, language):
    catalogue = polib.pofile(str(extracted / language / "LC_MESSAGES" / "django.po"))
    assert len(catalogue) > 100
    assert problems(catalogue) == []


def test_ukrainian_plural_forms_are_declared():
    catalogue = polib.pofile(str(ROOT / "locale" / "uk" / "LC_MESSAGES" / "django.po"))
    assert (
        "nplurals=4" in catalogue.metadata["Plural-Forms"]
        or "nplurals=3" in catalogue.metadata["Plural-Forms"]
    )
