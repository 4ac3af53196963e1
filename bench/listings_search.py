"""Filtered listing search at 100,000 listings against the raw engine query.

DESIGN §5 asks search to stay within 2 × the raw engine query at 100,000 indexed
documents. This script builds 100,000 published listings (deterministically,
from the demo phrase banks in rehber/listings/content/demo_phrases.yaml, in
Arabic, Turkish, English and Persian, 12 provinces) in a scratch database,
indexes them through the real service, and times for the same queries:

- *listing*: ``rehber.listings.selectors.listing_search()`` with the text and
  the filters of the query (kind, province, a rent ceiling or SGK), sorted by
  relevance, and the first page of 20 listings read, as the page and the API do;
- *raw*: ``rehber.core.search.backends.raw_query()`` for the same analysed terms and
  the same filters: the engine's plain query a developer would write for this
  search (FTS5 ``MATCH … ORDER BY bm25 LIMIT 20``, or ``@@ to_tsquery … ORDER BY
  ts_rank`` over the GIN index, each joined with the listings the filters allow);
- *text only*: the same raw query without the filters, for reference: a filtered
  search does strictly more work than it (each match is checked against the
  filters), so its ratio to it says how much the filters cost, not our layer.

The budget (p95 at most 2 × raw) is checked against *raw*: what our layer adds
(analysis, the exact two-part BM25, the count of all matches, the page's rows).

    .venv/bin/python bench/listings_search.py                       # SQLite file
    .venv/bin/python bench/listings_search.py \\
        --database-url postgres://postgres@127.0.0.1:5432/rehber_listings_bench

Results: bench/results/listings_search_<vendor>.json. Exit code 0 within budget,
1 over budget, 2 setup problem.
"""

# ruff: noqa: S311  (seeded random numbers make the corpus, nothing secret)

from __future__ import annotations

import argparse
import datetime
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import django_scratch, utc_timestamp, write_json  # noqa: E402

BUDGET = 2.0
POSTER = "listings-bench@bench.rehber.test"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="postgres://… (local) instead of SQLite")
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20261130)
    parser.add_argument("--max-seconds", type=float, default=300)
    parser.add_argument("--rebuild", action="store_true", help="build the listings again")
    args = parser.parse_args()
    if not 100 <= args.listings <= 1_000_000 or not 1 <= args.queries <= 5_000:
        parser.error("--listings must be 100-1000000 and --queries 1-5000")
    if not 1 <= args.rounds <= 20 or not 10 <= args.max_seconds <= 3600:
        parser.error("--rounds must be 1-20 and --max-seconds 10-3600")
    return args


def build(count: int, seed: int) -> float:
    """Make ``count`` published listings and index them; returns seconds taken."""
    from django.db import connection, transaction
    from django.utils import timezone

    from rehber.accounts.models import User
    from rehber.core.models import District, Province
    from rehber.core.search.services import search_reindex
    from rehber.listings import demo
    from rehber.listings.models import Listing, ListingStatus

    started = time.perf_counter()
    bank = demo._phrases()
    rng = random.Random(seed)
    poster = User.objects.filter(email=POSTER).first() or User.objects.create_user(email=POSTER)
    places = []
    for code, place in bank["provinces"].items():
        province = Province.objects.get(code=code)
        districts = list(District.objects.filter(province=province, name__in=place["districts"]))
        places.append((province, districts, place))
    cycle = bank["language_cycle"]
    now = timezone.now()
    with transaction.atomic():
        Listing.objects.filter(poster=poster).delete()
        batch = []
        for number in range(count):
            province, districts, place = places[number % len(places)]
            district = rng.choice(districts)
            # Each province through the whole cycle of languages (not one language a province).
            language = cycle[(number // len(places)) % len(cycle)]
            if rng.random() < 0.6:
                fields = demo._housing(rng, bank, language, district, place["rent"])
            else:
                fields = demo._job(rng, bank, language, rural=place.get("farming", False))
            batch.append(
                Listing(
                    language=language,
                    province=province,
                    district=district,
                    poster=poster,
                    status=ListingStatus.PUBLISHED,
                    published_at=now,
                    expires_on=timezone.localdate() + datetime.timedelta(days=30),
                    **fields,
                )
            )
            if len(batch) == 2000:
                Listing.objects.bulk_create(batch)
                batch = []
        Listing.objects.bulk_create(batch)
    search_reindex(kinds=["listing"])
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "INSERT INTO core_searchentry_fts(core_searchentry_fts) VALUES('optimize')"
            )
            cursor.execute("ANALYZE")
        else:  # as autovacuum would: index-only scans need the visibility map
            cursor.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def make_queries(count: int, seed: int) -> list[tuple[str, str, dict]]:
    """(reader's language, words, filters): 1–2 words from the titles, and 0–2 filters."""
    from rehber.core.models import Province
    from rehber.listings import demo

    bank = demo._phrases()
    rng = random.Random(seed + 1)
    words: dict[str, list[str]] = {}
    for language in ("ar", "tr", "en", "fa"):
        titles = list(bank["housing"][language]["titles"])
        for sector_titles in bank["jobs"][language]["titles"].values():
            titles.extend(sector_titles)
        pool = {
            word.strip(",.،")
            for title in titles
            for word in title.replace("{rooms}", "").replace("{district}", "").split()
            if len(word) > 3
        }
        words[language] = sorted(pool)
    provinces = {code: Province.objects.get(code=code) for code in bank["provinces"]}
    queries = []
    while len(queries) < count:
        language = rng.choice(list(words))
        text = " ".join(rng.sample(words[language], rng.choice((1, 1, 2))))
        filters: dict = {}
        roll = rng.random()
        if roll < 0.4:
            filters["province"] = provinces[rng.choice(list(provinces))]
        if roll < 0.25 or 0.6 < roll < 0.8:
            filters["kind"] = "housing"
            filters["rent_max"] = rng.choice((10000, 15000, 20000))
        elif roll >= 0.8:
            filters["kind"] = "job"
            filters["sgk_registration"] = True
        queries.append((language, text, filters))
    return queries


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered) + 0.999999) - 1)]


def measure(queries, rounds: int, max_seconds: float) -> dict:
    from django.core.paginator import Paginator

    from rehber.core.search.backends import Restriction, raw_query
    from rehber.core.search.ranking import MatchMode
    from rehber.core.search.selectors import search_terms
    from rehber.listings.models import SEARCH_FILTERS_INDEX
    from rehber.listings.selectors import KINDS, Sort, listing_search, listings_filtered

    def raw_search(reader, text, **restricted):
        groups = search_terms(query=text, language=reader)
        ids = raw_query(groups=groups, mode=MatchMode.ALL, limit=20, **restricted)
        if not ids and len(groups) > 1:
            ids = raw_query(groups=groups, mode=MatchMode.ANY, limit=20, **restricted)
        return len(ids)

    def run_text_only(reader, text, filters):
        return raw_search(reader, text)

    def run_raw(reader, text, filters):
        allowed = Restriction(listings_filtered(filters=filters), index=SEARCH_FILTERS_INDEX)
        return raw_search(reader, text, kinds=KINDS, restrict=allowed)

    def run_listing(reader, text, filters):
        found = listing_search(query=text, filters=filters, sort=Sort.RELEVANCE, language=reader)
        page = Paginator(found, 20).get_page(1)
        return len(list(page.object_list)), page.paginator.count

    runs = [("text_only", run_text_only), ("raw", run_raw), ("listing", run_listing)]
    empty = 0
    for query in queries:  # warm-up
        run_text_only(*query)
        run_raw(*query)
        empty += run_listing(*query)[1] == 0
    timings: dict[str, list[float]] = {name: [] for name, _function in runs}
    deadline = time.monotonic() + max_seconds
    rng = random.Random(7)
    for _round in range(rounds):
        for query in queries:
            order = list(runs)
            rng.shuffle(order)
            for name, function in order:
                started = time.perf_counter()
                function(*query)
                timings[name].append((time.perf_counter() - started) * 1000)
            if time.monotonic() > deadline:
                break
        if time.monotonic() > deadline:
            break
    summary = {
        name: {
            "calls": len(values),
            "p50_ms": round(percentile(values, 0.5), 3),
            "p95_ms": round(percentile(values, 0.95), 3),
            "mean_ms": round(statistics.fmean(values), 3),
            "max_ms": round(max(values), 3),
        }
        for name, values in timings.items()
    }
    summary["ratio_p95"] = round(summary["listing"]["p95_ms"] / summary["raw"]["p95_ms"], 2)
    summary["ratio_p95_text_only"] = round(
        summary["listing"]["p95_ms"] / summary["text_only"]["p95_ms"], 2
    )
    summary["queries_without_results"] = empty
    return summary


def main() -> int:
    args = parse_args()
    try:
        label = django_scratch(args.database_url, "listings-sqlite")
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    except Exception as error:
        print(f"setup problem: {error}", file=sys.stderr)
        return 2
    from django.db import connection

    from rehber.listings.models import Listing

    existing = Listing.objects.filter(poster__email=POSTER).count()
    build_seconds = None
    if existing != args.listings or args.rebuild:
        print(f"Building {args.listings} listings in {label} …")
        build_seconds = round(build(args.listings, args.seed), 1)
        print(f"  built in {build_seconds} s")
    queries = make_queries(args.queries, args.seed)
    summary = measure(queries, args.rounds, args.max_seconds)
    for name in ("text_only", "raw", "listing"):
        row = summary[name]
        print(
            f"{name:<9} p50 {row['p50_ms']:>8.2f} ms  p95 {row['p95_ms']:>8.2f} ms  "
            f"mean {row['mean_ms']:>8.2f} ms  max {row['max_ms']:>8.2f} ms  ({row['calls']} calls)"
        )
    print(f"p95 listing / p95 raw = {summary['ratio_p95']} (budget ≤ {BUDGET})")
    print(f"p95 listing / p95 text only = {summary['ratio_p95_text_only']} (for reference)")
    path = write_json(
        f"listings_search_{connection.vendor}.json",
        {
            "measured_at": utc_timestamp(),
            "database": label,
            "listings": args.listings,
            "build_seconds": build_seconds,
            "budget_ratio": BUDGET,
            **summary,
        },
    )
    print(f"Wrote {path}")
    return 0 if summary["ratio_p95"] <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
