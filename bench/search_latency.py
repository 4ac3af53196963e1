"""Search latency at 100,000 documents: ``search()`` against the engine's raw query.

DESIGN §5: "Search: p95 latency ≤ 2 × the raw engine query for the same terms, at
100,000 indexed documents."

The script builds a synthetic multilingual corpus (Arabic, Turkish, English and
Persian word lists made here from each alphabet with a fixed seed, plus a few
real words per language; 25,000 documents × 4 languages, kinds mixed like the
real site) in a scratch database, through the real indexing service. It then runs
the same queries through

- ``rehber.core.search.selectors.search()``: analysis, BM25 ranking, grouping by
  document, display entries in the reader's language, highlighted snippets;
- ``rehber.core.search.backends.raw_query()``: the engine's plain ranked query for
  the same analysed terms (FTS5 ``MATCH … ORDER BY bm25 LIMIT 20``;
  ``@@ to_tsquery … ORDER BY ts_rank LIMIT 20`` over the GIN index), with the same
  fall-back from all words to any word;

interleaved, after a warm-up, and reports p50 and p95 of each and the ratio.

    .venv/bin/python bench/search_latency.py                          # SQLite file
    .venv/bin/python bench/search_latency.py \\
        --database-url postgres://postgres@127.0.0.1:5432/rehber_search_bench

The corpus is built once per database and reused (``--rebuild`` builds it again).
Only local databases are accepted. Results: ``bench/results/search_latency_<vendor>.json``;
when both vendors' results exist for the same corpus, their rankings are compared.
Exit code 0 within budget, 1 over budget, 2 setup problem.
"""

# ruff: noqa: S311  (seeded random numbers make the corpus, nothing secret)

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import RESULTS_DIR, django_scratch, utc_timestamp, write_json  # noqa: E402

BUDGET = 2.0
LANGUAGES = ("ar", "tr", "en", "fa")
KINDS = ("guide",) * 2 + ("law",) * 3 + ("listing",) * 10 + ("service",) * 5
CORPUS_VERSION = 1

# Letters each language's made-up words are drawn from, and endings that its stemmer knows.
ALPHABETS = {
    "tr": ("bcçdfgğhjklmnprsştvyz", "aeıioöuü", ["ler", "lar", "i", "ı", "in", "leri", "ları"]),
    "en": ("bcdfghjklmnprstvwz", "aeiou", ["s", "ed", "ing", "er", "ly", "tion", "ment"]),
    "ar": ("بتثجحخدذرزسشصضطظعغفقكلمنهوي", "اوي", ["ة", "ات", "ين", "ون", "ها"]),
    "fa": ("بپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی", "اوی", ["\u200cها", "\u200cهای", "ی", "ان"]),
}
PREFIXES = {"ar": ["ال", "وال", "بال"], "fa": ["می\u200c"], "tr": [], "en": ["re", "un"]}
# Real words of the domain, given mid-rank frequencies among the made-up ones.
REAL_WORDS = {
    "tr": "ikamet izni çalışma kimlik başvuru göç idaresi kayıt sağlık okul banka hesap kira "
    "ev iş sigorta aile öğrenci kart randevu belge noter tercüme adres nüfus geçici koruma",
    "en": "residence permit work identity application migration office registration health "
    "school bank account rent house job insurance family student card appointment document",
    "ar": "إقامة إذن عمل هوية طلب هجرة مكتب تسجيل صحة مدرسة بنك حساب إيجار منزل وظيفة تأمين "
    "عائلة طالب بطاقة موعد وثيقة حماية مؤقتة",
    "fa": "اقامت اجازه کار هویت درخواست مهاجرت اداره ثبت سلامت مدرسه بانک حساب اجاره خانه "
    "شغل بیمه خانواده دانشجو کارت نوبت مدرک حمایت موقت",
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="postgres://… (local) instead of SQLite")
    parser.add_argument("--documents", type=int, default=100_000, help="entries (default 100000)")
    parser.add_argument("--queries", type=int, default=200, help="distinct queries (default 200)")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds over the queries")
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--rebuild", action="store_true", help="build the corpus again")
    parser.add_argument(
        "--max-seconds", type=float, default=300, help="stop timing after this long (10-3600)"
    )
    args = parser.parse_args()
    if not 4 <= args.documents <= 1_000_000 or not 1 <= args.queries <= 10_000:
        parser.error("--documents must be 4-1000000 and --queries 1-10000")
    if not 1 <= args.rounds <= 20 or not 10 <= args.max_seconds <= 3600:
        parser.error("--rounds must be 1-20 and --max-seconds 10-3600")
    return args


# The corpus --------------------------------------------------------------------------------


class Corpus:
    """Deterministic documents: the same seed gives the same corpus on every database."""

    def __init__(self, seed: int, documents: int, vocabulary_size: int = 6000):
        self.seed = seed
        self.keys = max(1, documents // len(LANGUAGES))
        rng = random.Random(seed)
        self.vocabulary = {
            language: self._vocabulary(language, vocabulary_size, rng) for language in LANGUAGES
        }
        weights = (1 / (rank + 1) ** 1.07 for rank in range(vocabulary_size))
        self.cumulative = list(itertools.accumulate(weights))
        self.kind_of = [rng.choice(KINDS) for _key in range(self.keys)]

    @staticmethod
    def _vocabulary(language: str, size: int, rng: random.Random) -> list[str]:
        consonants, vowels, _endings = ALPHABETS[language]
        real = REAL_WORDS[language].split()
        words, seen = [], set(real)
        while len(words) < size - len(real):
            word = "".join(
                rng.choice(consonants) + rng.choice(vowels)
                for _syllable in range(rng.choice((1, 2, 2, 3, 3, 4)))
            )
            if language in {"ar", "fa"} and rng.random() < 0.5:
                word = word[:-1]
            if len(word) > 1 and word not in seen:
                seen.add(word)
                words.append(word)
        return words[:50] + real + words[50:]  # real words rank just after the 50 commonest

    def _words(self, rng: random.Random, language: str, count: int) -> str:
        _consonants, _vowels, endings = ALPHABETS[language]
        out = []
        for word in rng.choices(self.vocabulary[language], cum_weights=self.cumulative, k=count):
            roll = rng.random()
            if roll < 0.15:
                word += rng.choice(endings)
            elif roll < 0.2 and PREFIXES[language]:
                word = rng.choice(PREFIXES[language]) + word
            out.append(word)
        if rng.random() < 0.05:
            out.append(str(rng.choice([6458, 6735, 5510, 2025, 99, 112])))
        return " ".join(out)

    def documents(self, kind: str) -> Iterator:
        from rehber.core.search.registry import SearchDocument

        for number in range(self.keys):
            if self.kind_of[number] != kind:
                continue
            rng = random.Random(self.seed * 1_000_003 + number)
            length = max(8, min(600, int(rng.lognormvariate(math.log(45), 0.6))))
            for language in LANGUAGES:
                title = self._words(rng, language, rng.randint(3, 8))
                yield SearchDocument(
                    kind=kind,
                    key=f"bench-{number}",
                    language=language,
                    slug=f"bench-{number}",
                    title=title[:1].upper() + title[1:],
                    text=self._words(rng, language, length),
                    url=f"/{language}/bench/{number}/",
                )

    def queries(self, count: int) -> list[tuple[str, str]]:
        """(reader's language, query): 1-3 words, some inflected, some typed loosely."""
        rng = random.Random(self.seed + 1)
        loose = str.maketrans("çğıöşüİ", "cgiosuI") | str.maketrans("ةیک", "هيك")
        queries = []
        while len(queries) < count:
            language = rng.choice(LANGUAGES)
            words = self._words(rng, language, rng.choice((1, 1, 2, 2, 2, 3))).split()
            text = " ".join(words[:3])
            if rng.random() < 0.3:
                text = text.translate(loose)
            reader = language if rng.random() < 0.8 else rng.choice(LANGUAGES)
            queries.append((reader, text))
        return queries


def corpus_ready(corpus: Corpus, documents: int) -> bool:
    from rehber.core.search.models import SearchEntry

    expected = corpus.keys * len(LANGUAGES)
    if SearchEntry.objects.count() != expected:
        return False
    last = f"bench-{corpus.keys - 1}"
    return SearchEntry.objects.filter(key=last).count() == len(LANGUAGES)


def build(corpus: Corpus) -> float:
    from django.db import connection

    from rehber.core.search import registry
    from rehber.core.search.services import search_reindex

    kinds = sorted(set(KINDS))
    for kind in kinds:  # replaces the apps' own providers in this process only
        registry.register(
            kind,
            all_documents=lambda kind=kind: corpus.documents(kind),
            documents_for_key=lambda key: [],
        )
    started = time.perf_counter()
    written = search_reindex()  # also rebuilds the engine's index
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "INSERT INTO core_searchentry_fts (core_searchentry_fts) VALUES ('optimize')"
            )
            cursor.execute("ANALYZE")
        else:
            cursor.execute("VACUUM ANALYZE core_searchentry")
            cursor.execute("VACUUM ANALYZE core_searchposting")
    elapsed = time.perf_counter() - started
    print(f"  built {written} entries in {elapsed:.0f} s")
    return elapsed


# Measuring ---------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def measure(queries: list[tuple[str, str]], rounds: int, max_seconds: float) -> dict:
    from rehber.core.search.backends import raw_query
    from rehber.core.search.ranking import MatchMode
    from rehber.core.search.selectors import search, search_terms

    def run_raw(reader: str, text: str) -> list[int]:
        groups = search_terms(query=text, language=reader)
        if not groups:
            return []
        ids = raw_query(groups=groups, mode=MatchMode.ALL, limit=20)
        if not ids and len(groups) > 1:
            ids = raw_query(groups=groups, mode=MatchMode.ANY, limit=20)
        return ids

    def run_search(reader: str, text: str) -> list:
        return search(query=text, language=reader, limit=20)

    rankings, empty = {}, 0
    for reader, text in queries:  # warm-up: caches, analysers, query plans
        results = run_search(reader, text)
        run_raw(reader, text)
        rankings[f"{reader}|{text}"] = [[result.key, result.score] for result in results]
        empty += not results
    timings: dict[str, list[float]] = {"search": [], "raw": []}
    deadline = time.monotonic() + max_seconds
    rng = random.Random(7)
    for _round in range(rounds):
        for reader, text in queries:
            order = [("raw", run_raw), ("search", run_search)]
            rng.shuffle(order)  # neither always runs on the other's warm cache
            for name, function in order:
                started = time.perf_counter()
                function(reader, text)
                timings[name].append((time.perf_counter() - started) * 1000)
            if time.monotonic() > deadline:
                break
        if time.monotonic() > deadline:
            print("  time limit reached: fewer rounds measured", file=sys.stderr)
            break
    summary = {}
    for name, values in timings.items():
        summary[name] = {
            "calls": len(values),
            "p50_ms": round(percentile(values, 0.50), 3),
            "p95_ms": round(percentile(values, 0.95), 3),
            "mean_ms": round(statistics.fmean(values), 3),
            "max_ms": round(max(values), 3),
        }
    summary["ratio_p95"] = round(summary["search"]["p95_ms"] / summary["raw"]["p95_ms"], 3)
    summary["ratio_p50"] = round(summary["search"]["p50_ms"] / summary["raw"]["p50_ms"], 3)
    summary["queries_without_results"] = empty
    return {"summary": summary, "rankings": rankings}


def compare_with_other_vendor(vendor: str, meta: dict, rankings: dict) -> dict | None:
    other = "postgresql" if vendor == "sqlite" else "sqlite"
    path = RESULTS_DIR / f"search_latency_{other}.json"
    if not path.exists():
        return None
    data = json.loads(path.read_text())
    if data.get("corpus") != meta:
        return {"other": other, "comparable": False}
    theirs = data["rankings"]
    same_order = sum(
        [key for key, _score in rankings[query]] == [key for key, _score in theirs.get(query, [])]
        for query in rankings
    )
    same_scores = sum(rankings[query] == theirs.get(query) for query in rankings)
    return {
        "other": other,
        "comparable": True,
        "queries": len(rankings),
        "same_order": same_order,
        "same_scores_to_the_bit": same_scores,
    }


def main() -> int:
    args = parse_args()
    try:
        label = django_scratch(args.database_url, "search-sqlite")
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
    except SystemExit:
        raise
    except Exception as error:  # a database that is not there, not reachable
        print(f"Setup failed: {error}", file=sys.stderr)
        return 2
    vendor = connection.vendor
    print(f"Search latency on {label}")
    corpus = Corpus(args.seed, args.documents)
    build_seconds = None
    if args.rebuild or not corpus_ready(corpus, args.documents):
        print(f"  building {corpus.keys * len(LANGUAGES)} documents (seed {args.seed})…")
        build_seconds = round(build(corpus), 1)
    queries = corpus.queries(args.queries)
    print(f"  {len(queries)} queries × {args.rounds} rounds, interleaved, after a warm-up")
    result = measure(queries, args.rounds, args.max_seconds)
    summary = result["summary"]
    meta = {"version": CORPUS_VERSION, "seed": args.seed, "documents": corpus.keys * 4}
    agreement = compare_with_other_vendor(vendor, meta, result["rankings"])
    write_json(
        f"search_latency_{vendor}.json",
        {
            "when": utc_timestamp(),
            "database": label,
            "corpus": meta,
            "build_seconds": build_seconds,
            "queries": args.queries,
            "rounds": args.rounds,
            "summary": summary,
            "agreement": agreement,
            "rankings": result["rankings"],
        },
    )
    for name in ("raw", "search"):
        row = summary[name]
        print(
            f"  {name:<7} p50 {row['p50_ms']:8.2f} ms   p95 {row['p95_ms']:8.2f} ms   "
            f"mean {row['mean_ms']:8.2f} ms   ({row['calls']} calls)"
        )
    within = summary["ratio_p95"] <= BUDGET
    print(
        f"  p95 search / raw = {summary['ratio_p95']:.2f} (budget ≤ {BUDGET:.0f}): "
        f"{'within budget' if within else 'OVER BUDGET'}; p50 ratio {summary['ratio_p50']:.2f}"
    )
    print(f"  queries without any result: {summary['queries_without_results']}")
    if agreement and agreement["comparable"]:
        print(
            f"  same ranking as {agreement['other']}: {agreement['same_order']}/"
            f"{agreement['queries']} queries (scores equal to the bit: "
            f"{agreement['same_scores_to_the_bit']})"
        )
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
