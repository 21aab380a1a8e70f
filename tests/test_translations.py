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


def test_every_marked_text_is_in_the_dutch_catalogue(tmp_path):
    """Runs makemessages on a copy of the project: no text may be missing from the .po."""
    import os
    import shutil
    import subprocess
    import sys

    import pytest

    if shutil.which("xgettext") is None:
        if os.environ.get("CI"):
            pytest.fail("GNU gettext (xgettext) is needed in CI to check the translations.")
        pytest.skip("GNU gettext is not installed: cannot extract texts.")
    root = LOCALE.parents[2]
    apps = [path.parent.name for path in root.glob("*/apps.py")]
    for name in ["plc", "templates", "locale", *apps]:
        shutil.copytree(root / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(root / "manage.py", tmp_path / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "nl", "--no-obsolete"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )
    extracted = polib.pofile(str(tmp_path / "locale/nl/LC_MESSAGES/django.po"))
    missing = [e.msgid for e in extracted.untranslated_entries() + extracted.fuzzy_entries()]
    assert missing == [], "Run `make messages` and translate: " + ", ".join(missing[:10])
