"""The browser fixtures of rehber/tests (Chromium, live server, reference data) for this app."""

from rehber.tests.conftest import axe_source, browser, live_server, reference_data  # noqa: F401
