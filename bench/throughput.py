"""Throughput: the home page against a bare Django view of the same size, same server.

Starts gunicorn with ``bench.settings`` (the project's settings and middleware, plus
``/bench/bare/``), fetches /en/ and writes the bare template with exactly the same
bytes (the home page's HTML as static text), so both URLs go through the same
process model, middleware and compression. After a warm-up, ``wrk`` loads /en/ and
then /bench/bare/ for the same duration; the ratio home/bare is the share of a bare
Django view's speed that the real page keeps.

Exit code: 0 measured cleanly, 1 errors during the run (non-2xx, socket errors or a
size mismatch), 2 setup problem (wrk missing, static files not collected).

    .venv/bin/python bench/throughput.py [--duration 10] [--rounds 1]
"""

from __future__ import annotations

import argparse
import gzip
import re
import shlex
import shutil
import statistics
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from common import (
    BENCH_DIR,
    RESULTS_DIR,
    gunicorn_server,
    http_get,
    require_collected_static,
    utc_timestamp,
    warn_uncompiled_catalogs,
    write_json,
)

HOME_PATH = "/en/"
BARE_PATH = "/bench/bare/"
BARE_TEMPLATE = RESULTS_DIR / "templates" / "bench" / "bare.html"
DESIGN_REFERENCE_RATIO = 0.75  # DESIGN §5, for cached guide pages
TEMPLATE_SYNTAX = ("{%", "{{", "{#")
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


@dataclass
class WrkResult:
    url: str
    requests_per_second: float = 0.0
    requests: int = 0
    latency_avg_ms: float = 0.0
    latency_max_ms: float = 0.0
    latency_percentiles_ms: dict[str, float] = field(default_factory=dict)
    non_2xx_3xx: int = 0
    socket_errors: dict[str, int] = field(default_factory=dict)
    raw: str = ""

    @property
    def errors(self) -> int:
        return self.non_2xx_3xx + sum(self.socket_errors.values())


@dataclass
class WrkOptions:
    threads: int
    connections: int
    duration: int
    accept_encoding: str

    def command(self, url: str, duration: int | None = None) -> list[str]:
        command = [
            "wrk",
            f"-t{self.threads}",
            f"-c{self.connections}",
            f"-d{duration or self.duration}s",
            "--timeout",
            "5s",
            "--latency",
        ]
        if self.accept_encoding:
            command += ["-H", f"Accept-Encoding: {self.accept_encoding}"]
        return [*command, url]


def to_ms(value: str) -> float:
    match = re.fullmatch(r"([\d.]+)([a-z]+)", value)
    if not match or match.group(2) not in UNITS_MS:
        raise ValueError(f"unknown wrk duration {value!r}")
    return float(match.group(1)) * UNITS_MS[match.group(2)]


def parse_wrk(url: str, output: str) -> WrkResult:
    result = WrkResult(url=url, raw=output)
    if match := re.search(r"Requests/sec:\s+([\d.]+)", output):
        result.requests_per_second = float(match.group(1))
    if match := re.search(r"(\d+) requests in", output):
        result.requests = int(match.group(1))
    if match := re.search(r"Latency\s+([\d.]+\w+)\s+[\d.]+\w+\s+([\d.]+\w+)", output):
        result.latency_avg_ms = to_ms(match.group(1))
        result.latency_max_ms = to_ms(match.group(2))
    for percent, value in re.findall(r"^\s+(\d+)%\s+([\d.]+\w+)\s*$", output, re.MULTILINE):
        result.latency_percentiles_ms[f"p{percent}"] = to_ms(value)
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        result.non_2xx_3xx = int(match.group(1))
    pattern = r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"
    if match := re.search(pattern, output):
        names = ("connect", "read", "write", "timeout")
        result.socket_errors = dict(zip(names, map(int, match.groups()), strict=True))
    return result


def run_wrk(options: WrkOptions, url: str, duration: int | None = None) -> WrkResult:
    command = options.command(url, duration)
    seconds = duration or options.duration
    completed = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30)
    if completed.returncode != 0 or "Requests/sec" not in completed.stdout:
        raise RuntimeError(f"{' '.join(command)} failed:\n{completed.stdout}{completed.stderr}")
    return parse_wrk(url, completed.stdout)


def fetch_home(base_url: str, page: str = HOME_PATH) -> tuple[bytes, list[str]]:
    """The page's HTML; notes say whether it is stable and cookie-free."""
    first, second = (http_get(base_url + page) for _ in range(2))
    for response in (first, second):
        if response.status != 200:
            raise RuntimeError(f"{page} answered {response.status}, not 200")
    notes = []
    if first.body != second.body:
        notes.append("home HTML differs between requests")
    if any(name.lower() == "set-cookie" for name in first.headers):
        notes.append("home sets a cookie")
    return first.body, notes


def write_bare_template(html: bytes) -> Path:
    """Write the home page's bytes as a static template; verbatim only if they look like tags."""
    text = html.decode("utf-8")
    if any(token in text for token in TEMPLATE_SYNTAX):
        if "endverbatim" in text:
            raise RuntimeError("home HTML contains 'endverbatim'; cannot wrap it safely")
        text = "{% verbatim %}" + text + "{% endverbatim %}"
    BARE_TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
    BARE_TEMPLATE.write_text(text, encoding="utf-8")
    return BARE_TEMPLATE


def check_bare(base_url: str, home_html: bytes) -> None:
    response = http_get(base_url + BARE_PATH)
    if response.status != 200:
        raise RuntimeError(f"{BARE_PATH} answered {response.status}, not 200")
    if len(response.body) != len(home_html):
        raise RuntimeError(
            f"{BARE_PATH} is {len(response.body)} bytes, home is {len(home_html)} bytes"
        )


def measure(
    options: WrkOptions, base_url: str, rounds: int, warmup: int, page: str = HOME_PATH
) -> list[dict]:
    urls = {"home": base_url + page, "bare": base_url + BARE_PATH}
    if warmup:
        for url in urls.values():
            run_wrk(options, url, duration=warmup)
    return [{name: run_wrk(options, url) for name, url in urls.items()} for _ in range(rounds)]


def summarize(rounds: list[dict]) -> dict[str, Any]:
    """Medians over rounds; the ratio is the median of each round's adjacent home/bare pair."""
    ratios = [
        r["home"].requests_per_second / r["bare"].requests_per_second
        for r in rounds
        if r["bare"].requests_per_second
    ]
    return {
        "home_rps": statistics.median(r["home"].requests_per_second for r in rounds),
        "bare_rps": statistics.median(r["bare"].requests_per_second for r in rounds),
        "ratio_home_bare": statistics.median(ratios) if ratios else 0.0,
        "ratio_per_round": ratios,
    }


def print_results(rounds: list[dict], summary: dict[str, Any]) -> None:
    header = (
        f"{'round':>5} {'url':<14} {'req/s':>9} {'avg ms':>8} {'p50 ms':>8} "
        f"{'p99 ms':>8} {'requests':>9} {'errors':>6}"
    )
    print(header)
    print("-" * len(header))
    for number, results in enumerate(rounds, start=1):
        for name, r in results.items():
            p = r.latency_percentiles_ms
            print(
                f"{number:>5} {name:<14} {r.requests_per_second:>9.1f} {r.latency_avg_ms:>8.2f} "
                f"{p.get('p50', 0):>8.2f} {p.get('p99', 0):>8.2f} {r.requests:>9} {r.errors:>6}"
            )
    print(
        f"home {summary['home_rps']:.1f} req/s, bare {summary['bare_rps']:.1f} req/s, "
        f"ratio home/bare {summary['ratio_home_bare']:.2f} "
        f"(DESIGN asks ≥ {DESIGN_REFERENCE_RATIO:.2f} for cached guide pages)"
    )


def run(args: argparse.Namespace) -> int:
    if not shutil.which("wrk"):
        print("wrk is not installed. Install it with:  apt-get install wrk", file=sys.stderr)
        return 2
    require_collected_static()
    warn_uncompiled_catalogs()
    BARE_TEMPLATE.unlink(missing_ok=True)
    options = WrkOptions(args.threads, args.connections, args.duration, args.accept_encoding)
    server = gunicorn_server(
        "bench.settings", workers=args.workers, threads=1, log_name="throughput_gunicorn"
    )
    with server as (base_url, command):
        home_html, notes = fetch_home(base_url, args.page)
        write_bare_template(home_html)
        check_bare(base_url, home_html)
        rounds = measure(options, base_url, args.rounds, args.warmup, args.page)
    summary = summarize(rounds)
    print_results(rounds, summary)
    for note in notes:
        print(f"Note: {note}")
    errors = sum(r.errors for results in rounds for r in results.values())
    if errors:
        print(f"FAILED: {errors} errors (non-2xx/3xx or socket errors) during the run")
    name = args.page.strip("/").replace("/", "_")
    path = write_json(
        f"throughput_{name}.json" if args.page != HOME_PATH else "throughput.json",
        {
            "measured_at": utc_timestamp(),
            "server": shlex.join(command),
            "settings": "bench.settings",
            "page": args.page,
            "wrk": shlex.join(options.command("URL")),
            "warmup_seconds": args.warmup,
            "html_bytes": len(home_html),
            "html_gzip_bytes": len(gzip.compress(home_html)),
            "bare_template": str(BARE_TEMPLATE.relative_to(BENCH_DIR.parent)),
            "notes": notes,
            **summary,
            "errors": errors,
            "rounds": [
                {name: {**asdict(r), "errors": r.errors} for name, r in results.items()}
                for results in rounds
            ],
        },
    )
    print(f"Wrote {path}")
    return 1 if errors else 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--page",
        default=HOME_PATH,
        help="page to measure against the bare view, e.g. /en/guides/work-permit/ (/en/)",
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run (10)")
    parser.add_argument("--warmup", type=int, default=2, help="warm-up seconds per URL (2)")
    parser.add_argument("--rounds", type=int, default=1, help="home/bare pairs; median (1)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (16)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument(
        "--accept-encoding",
        default="gzip, deflate, br",
        help="Accept-Encoding sent by wrk, as a browser does ('' for none)",
    )
    args = parser.parse_args()
    if not 1 <= args.duration <= 600 or not 0 <= args.warmup <= 60 or not 1 <= args.rounds <= 10:
        parser.error("keep --duration in 1..600, --warmup in 0..60, --rounds in 1..10")
    return args


if __name__ == "__main__":
    sys.exit(run(parse_args()))
