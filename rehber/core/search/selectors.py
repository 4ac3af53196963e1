"""Reading the search index: one query across every kind and language, grouped by document."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.safestring import SafeString, mark_safe

from rehber.core.models import text_direction
from rehber.core.search.analysis import QUERY_LANGUAGES, query_groups, snippet
from rehber.core.search.backends import RankedEntry, SearchBackend, backend_get
from rehber.core.search.models import SearchEntry, SearchKind
from rehber.core.search.ranking import MatchMode

#: Longer queries are cut to this many characters, and to this many words.
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12
#: Entries fetched per wanted result at first: one document has an entry per language.
_FETCH_FACTOR = 4


@dataclass(frozen=True)
class SearchResult:
    """One document, shown in the reader's language when it has an entry in it."""

    kind: str
    key: str
    slug: str
    title: str
    url: str
    lang: str
    direction: str
    snippet: SafeString  # escaped text, matched words in <mark>
    score: float

    @property
    def kind_label(self) -> str:
        return SearchKind(self.kind).label if self.kind in SearchKind.values else self.kind


def search_terms(*, query: str, language: str) -> list[tuple[str, ...]]:
    """The query's groups of alternative terms, through every query language's analyser."""
    groups = query_groups(query[:MAX_QUERY_LENGTH], [language, *QUERY_LANGUAGES])
    return groups[:MAX_QUERY_WORDS]


def _best_per_document(
    backend: SearchBackend,
    groups: list[tuple[str, ...]],
    mode: MatchMode,
    kinds: list[str] | None,
    limit: int,
) -> list[RankedEntry]:
    """The best-scoring entry of each of the ``limit`` best documents, best first."""
    fetch = limit * _FETCH_FACTOR
    best: dict[tuple[str, str], RankedEntry] = {}
    for _round in range(4):
        entries = backend.rank(groups=groups, mode=mode, kinds=kinds, limit=fetch)
        best = {}
        for entry in entries:
            best.setdefault((entry.kind, entry.key), entry)
        if len(best) >= limit or len(entries) < fetch:
            break
        fetch *= _FETCH_FACTOR
    ranked = sorted(best.values(), key=lambda entry: (-entry.score, entry.kind, entry.key))
    return ranked[:limit]


def search(
    *, query: str, language: str, kinds: list[str] | None = None, limit: int = 20
) -> list[SearchResult]:
    """Documents of every language matching ``query``, best first (BM25).

    Every query word must match (in any of its analysed forms); when no document
    has them all, documents with any of them are ranked instead.
    """
    groups = search_terms(query=query, language=language)
    if not groups or limit <= 0:
        return []
    backend = backend_get()
    ranked = _best_per_document(backend, groups, MatchMode.ALL, kinds, limit)
    if not ranked and len(groups) > 1:
        ranked = _best_per_document(backend, groups, MatchMode.ANY, kinds, limit)
    if not ranked:
        return []
    documents = {(entry.kind, entry.key) for entry in ranked}
    shown: dict[tuple[str, str], SearchEntry] = {}
    matched: dict[int, SearchEntry] = {}
    candidates = SearchEntry.objects.filter(
        Q(id__in=[entry.id for entry in ranked])
        | Q(  # the (kind, key, language) index finds these
            kind__in={kind for kind, _key in documents},
            key__in={key for _kind, key in documents},
            language=language,
        )
    ).only("kind", "key", "language", "slug", "title", "url", "text")
    for candidate in candidates:
        matched[candidate.pk] = candidate
        if candidate.language == language and (candidate.kind, candidate.key) in documents:
            shown[(candidate.kind, candidate.key)] = candidate
    chosen = [
        (entry, shown.get((entry.kind, entry.key)) or matched[entry.id])
        for entry in ranked
        if (entry.kind, entry.key) in shown or entry.id in matched  # not removed meanwhile
    ]
    return [
        SearchResult(
            kind=entry.kind,
            key=entry.key,
            slug=shown_entry.slug,
            title=shown_entry.title,
            url=shown_entry.url,
            lang=shown_entry.language,
            direction=text_direction(shown_entry.language),
            snippet=mark_safe(snippet(shown_entry.text, groups, shown_entry.language)),  # noqa: S308 (escaped by snippet)
            score=entry.score,
        )
        for entry, shown_entry in chosen
    ]
