"""Dutch is the default language: every interface text has a Dutch translation, compiled."""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "nl" / "LC_MESSAGES"


def test_every_text_has_a_dutch_translation():
    po = polib.pofile(str(LOCALE / "django.po"))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_the_compiled_translations_match_the_po_file():
    po = polib.pofile(str(LOCALE / "django.po"))
    mo = polib.mofile(str(LOCALE / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    for entry in po.translated_entries():
        assert (entry.msgctxt, entry.msgid) in compiled, entry.msgid
        msgstr, plural = compiled[(entry.msgctxt, entry.msgid)]
        if entry.msgid_plural:
            assert plural[0] == entry.msgstr_plural[0], entry.msgid
        else:
            assert msgstr == entry.msgstr, entry.msgid
