"""Run every benchmark (page weight, then throughput) and print a summary.

    .venv/bin/python bench/run.py [--quick]

Each benchmark runs as its own process; the exit code is the worst of theirs
(0 all fine, 1 a budget missed or errors, 2 setup problem).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from common import BENCH_DIR, RESULTS_DIR

# Bounds for the child processes, generous against their own internal limits.
PAGE_WEIGHT_TIMEOUT = 300
THROUGHPUT_SLACK = 180


def run_script(name: str, args: list[str], timeout: int) -> int:
    command = [sys.executable, str(BENCH_DIR / name), *args]
    print(f"\n$ {' '.join(command)}", flush=True)
    try:
        return subprocess.run(command, timeout=timeout).returncode
    except subprocess.TimeoutExpired:
        print(f"{name} did not finish within {timeout} s", file=sys.stderr)
        return 1


def fresh_json(name: str, since: float) -> dict[str, Any] | None:
    """The result file written by this run, or None when it is missing or older."""
    path: Path = RESULTS_DIR / name
    if not path.exists() or path.stat().st_mtime < since:
        return None
    return json.loads(path.read_text())


def print_page_weight(data: dict[str, Any] | None) -> None:
    if not data:
        print("page weight: no results")
        return
    for page in data["pages"]:
        verdict = "ok" if page["within_budget"] else "OVER BUDGET / FAILED"
        print(
            f"  {page['path']:<22} {page['requests']} requests, "
            f"{page['transferred_bytes'] / 1024:.1f} KB transferred, "
            f"HTML {page['html_bytes']} B, no-JS h1 "
            f"{'yes' if page['h1_visible_without_js'] else 'NO'}: {verdict}"
        )


def print_throughput(data: dict[str, Any] | None) -> None:
    if not data:
        print("throughput: no results")
        return
    print(
        f"  home {data['home_rps']:.1f} req/s, bare {data['bare_rps']:.1f} req/s, "
        f"ratio home/bare {data['ratio_home_bare']:.2f}, errors {data['errors']}"
    )


GUIDE_PAGE = "/ar/guides/work-permit/"
GUIDE_RESULT = "throughput_ar_guides_work-permit.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 s wrk runs, 1 s warm-up")
    parser.add_argument("--duration", type=int, help="seconds per wrk run (default 10)")
    args = parser.parse_args()
    duration = args.duration or (3 if args.quick else 10)
    warmup = 1 if args.quick else 2
    started = time.time()

    page_weight = run_script("page_weight.py", [], PAGE_WEIGHT_TIMEOUT)
    throughput_args = ["--duration", str(duration), "--warmup", str(warmup)]
    throughput_timeout = 2 * (duration + warmup) + THROUGHPUT_SLACK
    throughput = run_script("throughput.py", throughput_args, throughput_timeout)
    guide_args = [*throughput_args, "--page", GUIDE_PAGE]
    guide = run_script("throughput.py", guide_args, throughput_timeout)

    print("\nSummary")
    print(f"page weight (exit {page_weight}): ≤ 30 KB and ≤ 6 requests per page")
    print_page_weight(fresh_json("page_weight.json", started))
    print(f"throughput (exit {throughput}): /en/ against a bare view of the same size")
    print_throughput(fresh_json("throughput.json", started))
    print(f"throughput (exit {guide}): cached guide page {GUIDE_PAGE} against a bare view")
    print_throughput(fresh_json(GUIDE_RESULT, started))
    return max(page_weight, throughput, guide)


if __name__ == "__main__":
    sys.exit(main())
