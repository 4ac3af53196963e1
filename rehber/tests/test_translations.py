"""The UI catalogs for Arabic, Turkish and Persian are complete and match the code.

English is the source language. When this fails after a change of UI strings:
run `make messages`, translate the new entries, and run the tests again.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CATALOG_LANGUAGES = ["ar", "tr", "fa"]


def catalog(language: str) -> Path:
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


def message_ids(po_file: Path) -> set[tuple[str, str]]:
    """(context, id) of every live entry, read through gettext's own tools."""
    text = subprocess.run(
        ["msgattrib", "--no-wrap", "--no-obsolete", str(po_file)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    ids = set()
    for block in text.split("\n\n"):
        context = re.search(r'^msgctxt "(.*)"$', block, re.MULTILINE)
        msgid = re.search(r'^msgid "(.*)"$', block, re.MULTILINE)
        if msgid and msgid.group(1):
            ids.add((context.group(1) if context else "", msgid.group(1)))
    return ids


def entries(po_file: Path, flag: str) -> int:
    text = subprocess.run(
        ["msgattrib", flag, "--no-obsolete", str(po_file)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return len([m for m in re.findall(r'^msgid "(.*)"$', text, re.MULTILINE) if m])


@pytest.mark.parametrize("language", CATALOG_LANGUAGES)
def test_catalog_is_fully_translated(language):
    po_file = catalog(language)
    assert entries(po_file, "--untranslated") == 0, f"untranslated strings in {po_file}"
    assert entries(po_file, "--only-fuzzy") == 0, f"fuzzy strings in {po_file}"
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po_file)], check=True)


@pytest.fixture(scope="module")
def fresh_catalogs(tmp_path_factory) -> Path:
    """Extract the UI strings from a copy of the code into a scratch folder.

    makemessages writes next to the nearest ``locale`` folder it knows, so it
    runs on a copy: the committed catalogs are never touched by the test.
    """
    scratch = tmp_path_factory.mktemp("messages")
    shutil.copytree(ROOT / "rehber", scratch / "rehber", ignore=shutil.ignore_patterns("*.pyc"))
    out = scratch / "extracted"
    code = (
        "import django; from django.conf import settings; django.setup();"
        f"settings.LOCALE_PATHS = [{str(out)!r}];"
        "from django.core.management import call_command;"
        "call_command('makemessages', locale=['ar'], no_location=True, verbosity=0)"
    )
    subprocess.run(
        [sys.executable, "-c", code],
        cwd=scratch,
        check=True,
        env={"DJANGO_SETTINGS_MODULE": "rehber.settings", "PATH": "/usr/bin:/bin"},
    )
    return out


@pytest.mark.parametrize("language", CATALOG_LANGUAGES)
def test_catalog_matches_the_strings_in_the_code(fresh_catalogs, language):
    in_code = message_ids(fresh_catalogs / "ar" / "LC_MESSAGES" / "django.po")
    in_catalog = message_ids(catalog(language))
    assert in_code - in_catalog == set(), "new UI strings: run `make messages` and translate"
    assert in_catalog - in_code == set(), "stale entries: run `make messages`"
