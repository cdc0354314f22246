"""The German and Chinese catalogues are complete: no untranslated or fuzzy
entry, and every placeholder of the English kept."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_0-9]*\}")


@pytest.fixture(params=["de", "zh_Hans"])
def catalogue(request: pytest.FixtureRequest) -> polib.POFile:
    return polib.pofile(str(LOCALE / request.param / "LC_MESSAGES" / "django.po"))


def test_every_entry_is_translated_and_none_is_fuzzy(catalogue: polib.POFile) -> None:
    assert len(catalogue) > 500
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []
    assert not catalogue.metadata_is_fuzzy


def test_every_placeholder_is_kept(catalogue: polib.POFile) -> None:
    wrong = []
    for entry in catalogue.translated_entries():
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            # a plural form may drop the count ("one skill") but never invent one
            found = sorted(PLACEHOLDER.findall(text))
            if found != wanted and not (entry.msgid_plural and set(found) <= set(wanted)):
                wrong.append(f"{entry.msgid!r} -> {text!r}")
    assert wrong == []


def test_the_compiled_catalogues_are_current() -> None:
    for po in LOCALE.glob("*/LC_MESSAGES/django.po"):
        mo = po.with_suffix(".mo")
        assert mo.exists(), f"{mo} missing: run make messages"
        assert mo.stat().st_mtime >= po.stat().st_mtime, f"{mo} is older than {po}"
