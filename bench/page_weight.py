"""Page weight on first load: requests, bytes over the wire, HTML size, readable without JS.

Starts gunicorn with the project's normal settings (``rehber.settings``), loads each
public page in a fresh Chromium context (empty cache) and sums ``encodedDataLength``
from the DevTools ``Network.loadingFinished`` events: compressed bodies plus headers,
as DevTools' "transferred" column shows. Then loads the page again with JavaScript off
and checks that its <h1> is visible.

Budget (DESIGN §5): ≤ 30 KB transferred and ≤ 6 requests per page.
Exit code: 0 within budget, 1 over budget or a page failed, 2 setup problem.

    .venv/bin/python bench/page_weight.py
"""

from __future__ import annotations

import argparse
import shlex
import sys
from dataclasses import asdict, dataclass, field
from typing import Any

from common import (
    gunicorn_server,
    require_collected_static,
    uncompiled_catalogs,
    utc_timestamp,
    warn_uncompiled_catalogs,
    write_json,
)
from playwright.sync_api import Browser, CDPSession, Playwright, sync_playwright

BUDGET_BYTES = 30 * 1024
BUDGET_REQUESTS = 6
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NAVIGATION_TIMEOUT_MS = 30_000
IDLE_TIMEOUT_MS = 10_000

PAGES: list[tuple[str, str]] = [
    ("home ar", "/ar/"),
    ("home tr", "/tr/"),
    ("home en", "/en/"),
    ("home fa", "/fa/"),
    ("my situation en", "/en/my-situation/"),
    ("my situation ar", "/ar/my-situation/"),
    ("sign in en", "/en/account/sign-in/"),
    ("guides ar", "/ar/guides/"),
    ("guide ar", "/ar/guides/work-permit/"),
    ("guide fa", "/fa/guides/family-reunification-germany/"),
    ("law fa", "/fa/laws/law-6458/"),
    ("law ar", "/ar/laws/temporary-protection-regulation/"),
    ("search ar", "/ar/search/?q=%D8%A7%D8%B0%D9%86+%D8%B9%D9%85%D9%84"),
    ("search tr", "/tr/search/?q=calisma+izni"),
    ("services ar", "/ar/services/"),
    ("services fa filtered", "/fa/services/?category=legal_aid&province=27&open_now=on&free=on"),
    ("service ar", "/ar/services/1/"),
    ("service feedback en", "/en/services/1/feedback/"),
    ("advisors ar", "/ar/advisors/"),
    ("advisor question ar", "/ar/advisors/residence-permit/questions/?status=refugee"),
    (
        "advisor result fa",
        "/fa/advisors/family-reunification/result/?sponsor_status=recognised_refugee"
        "&relation=spouse&applicant_age=30&sponsor_age=32&months_since_recognition=1"
        "&married_before_sponsor_entry=yes",
    ),
    ("listings ar", "/ar/listings/?kind=housing&province=27"),
    ("statistics ar", "/ar/surveys/"),
]


@dataclass
class Transfer:
    url: str
    status: int | None = None
    mime_type: str = ""
    encoded_bytes: int = 0
    failed: str = ""


@dataclass
class PageResult:
    name: str
    path: str
    status: int | None = None
    requests: int = 0
    transferred_bytes: int = 0
    html_bytes: int = 0
    html_transferred_bytes: int = 0
    h1_visible_without_js: bool = False
    h1_text: str = ""
    problems: list[str] = field(default_factory=list)
    transfers: list[Transfer] = field(default_factory=list)

    @property
    def within_budget(self) -> bool:
        return (
            not self.problems
            and self.transferred_bytes <= BUDGET_BYTES
            and self.requests <= BUDGET_REQUESTS
        )


class NetworkLog:
    """Collects DevTools Network events for one page, keyed by request id."""

    def __init__(self, cdp: CDPSession) -> None:
        self.transfers: dict[str, Transfer] = {}
        self.request_count = 0
        cdp.on("Network.requestWillBeSent", self._on_request)
        cdp.on("Network.responseReceived", self._on_response)
        cdp.on("Network.loadingFinished", self._on_finished)
        cdp.on("Network.loadingFailed", self._on_failed)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})

    def _on_request(self, event: dict[str, Any]) -> None:
        url = event["request"]["url"]
        if url.startswith("data:"):
            return  # inline, never on the wire
        self.request_count += 1  # a redirect hop counts as its own request
        self.transfers[event["requestId"]] = Transfer(url=url)

    def _on_response(self, event: dict[str, Any]) -> None:
        transfer = self.transfers.get(event["requestId"])
        if transfer:
            transfer.status = event["response"]["status"]
            transfer.mime_type = event["response"].get("mimeType", "")

    def _on_finished(self, event: dict[str, Any]) -> None:
        transfer = self.transfers.get(event["requestId"])
        if transfer:
            transfer.encoded_bytes = int(event["encodedDataLength"])

    def _on_failed(self, event: dict[str, Any]) -> None:
        transfer = self.transfers.get(event["requestId"])
        if transfer:
            transfer.failed = event.get("errorText", "failed")


def measure_first_load(browser: Browser, url: str, result: PageResult) -> None:
    context = browser.new_context()  # fresh profile state: empty cache, no cookies
    try:
        page = context.new_page()
        network = NetworkLog(context.new_cdp_session(page))
        response = page.goto(url, wait_until="load", timeout=NAVIGATION_TIMEOUT_MS)
        try:
            page.wait_for_load_state("networkidle", timeout=IDLE_TIMEOUT_MS)
        except Exception:
            result.problems.append("network not idle after load")
        page.wait_for_timeout(200)  # let the last DevTools events arrive
        result.status = response.status if response else None
        result.html_bytes = len(response.body()) if response else 0
        result.requests = network.request_count
        result.transfers = list(network.transfers.values())
        result.transferred_bytes = sum(t.encoded_bytes for t in result.transfers)
        result.html_transferred_bytes = next(
            (t.encoded_bytes for t in result.transfers if t.url == url), 0
        )
    finally:
        context.close()


def check_without_javascript(browser: Browser, url: str, result: PageResult) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(url, wait_until="load", timeout=NAVIGATION_TIMEOUT_MS)
        heading = page.locator("h1").first
        if page.locator("h1").count():
            result.h1_text = heading.inner_text().strip()
            result.h1_visible_without_js = heading.is_visible() and bool(result.h1_text)
    finally:
        context.close()


def audit_page(browser: Browser, base_url: str, name: str, path: str) -> PageResult:
    result = PageResult(name=name, path=path)
    url = base_url + path
    measure_first_load(browser, url, result)
    check_without_javascript(browser, url, result)
    if result.status != 200:
        result.problems.append(f"status {result.status}")
    result.problems.extend(
        f"{t.url} {t.failed or t.status}"
        for t in result.transfers
        if t.failed or (t.status or 0) >= 400
    )
    if not result.h1_visible_without_js:
        result.problems.append("no visible <h1> with JavaScript off")
    return result


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def print_table(results: list[PageResult]) -> None:
    header = (
        f"{'page':<17} {'path':<22} {'reqs':>4} {'transferred':>12} {'HTML':>8} {'no-JS h1':>8}  ok"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r.name:<17} {r.path:<22} {r.requests:>4} "
            f"{r.transferred_bytes / 1024:>9.1f} KB {r.html_bytes:>8} "
            f"{'yes' if r.h1_visible_without_js else 'NO':>8}  "
            f"{'yes' if r.within_budget else 'NO'}"
        )
        for problem in r.problems:
            print(f"    ! {problem}")
    print(
        f"Budget: ≤ {BUDGET_BYTES // 1024} KB transferred (compressed, headers included) "
        f"and ≤ {BUDGET_REQUESTS} requests per page, <h1> visible with JavaScript off. "
        "HTML = uncompressed document bytes."
    )


def audit_all(base_url: str) -> tuple[list[PageResult], str]:
    """Audit every page in one Chromium; return the results and Chromium's version."""
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            results = [audit_page(browser, base_url, name, path) for name, path in PAGES]
            return results, browser.version
        finally:
            browser.close()


def run(workers: int, results_name: str = "page_weight.json") -> int:
    require_collected_static()
    warn_uncompiled_catalogs()
    server = gunicorn_server("rehber.settings", workers=workers, log_name="page_weight_gunicorn")
    with server as (base_url, command):
        results, chromium_version = audit_all(base_url)
    print_table(results)
    ok = all(r.within_budget for r in results)
    path = write_json(
        results_name,
        {
            "measured_at": utc_timestamp(),
            "server": shlex.join(command),
            "settings": "rehber.settings",
            "chromium": chromium_version,
            "budget": {"bytes": BUDGET_BYTES, "requests": BUDGET_REQUESTS},
            "within_budget": ok,
            "uncompiled_catalogs": [str(po) for po in uncompiled_catalogs()],
            "pages": [{**asdict(r), "within_budget": r.within_budget} for r in results],
        },
    )
    print(f"Wrote {path}")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    args = parser.parse_args()
    return run(args.workers)


if __name__ == "__main__":
    sys.exit(main())
