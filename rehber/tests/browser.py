"""Browser tests: Playwright driving Debian's Chromium against a live test server.

Shared by every app's browser tests through rehber/conftest.py: one Chromium and one live
server per test session (two sync Playwright instances cannot run side by side)."""

import importlib
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.test.testcases import _StaticFilesHandler
from pytest_django.live_server_helper import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, serving the collected (hashed) static files
    as whitenoise does in production, instead of the finders."""
    server = LiveServer("localhost", start=False)
    server.thread.static_handler = _StaticFilesHandler
    server.start()
    yield server
    server.stop()


@pytest.fixture
def reference_data(transactional_db):
    """Languages, provinces and districts, as the data migration loads them.

    Transactional tests empty every table when they end, so the rows that
    migrations loaded are gone for the next one: load them again.
    """
    from django.apps import apps

    migration = importlib.import_module("rehber.core.migrations.0002_reference_data")
    migration.load_languages(apps, None)
    migration.load_provinces(apps, None)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop on the test thread, which makes
    # Django refuse database calls from the test code; they are plain blocking calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def phone(browser):
    """A fresh phone-sized page, like a cheap Android phone."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run `npm ci` (make test does)")
    return AXE.read_text()


def pytest_report_header(config):
    found = "found" if CHROMIUM.exists() else "MISSING: browser tests will be skipped"
    return f"chromium: {CHROMIUM} {found}; node: {shutil.which('node') or 'missing'}"
