"""BM25 exactly as SQLite FTS5 computes it, and the query expressions of both engines.

Pure Python, no Django. The PostgreSQL backend builds its SQL from these
constants and this operation order, and the tests use ``bm25`` as the reference
both engines must agree with.

FTS5's ``bm25()`` (``ext/fts5/fts5_aux.c``), for a query of phrases ``p₀ … pₙ``:

- ``N``: rows in the index; ``avgdl``: all tokens / ``N``; ``D``: tokens in the row;
- ``idf(p) = ln((N − n(p) + 0.5) / (n(p) + 0.5))``, where ``n(p)`` is the number of
  rows holding ``p``, and ``1e-6`` where that is not positive;
- ``score = Σᵢ idf(pᵢ) · (f(pᵢ)·(k1 + 1)) / (f(pᵢ) + k1·(1 − b + b·D/avgdl))``, summed
  in phrase order, ``f`` the number of times ``pᵢ`` occurs in the row, ``k1 = 1.2``,
  ``b = 0.75``. FTS5 returns ``−score``; we use ``score``, higher is better.

Each term of a query group is one phrase, so ``(a OR b) AND c`` has three.

An entry has two columns, its title's terms and its text's. Its score is the sum
of two such BM25 scores over the same phrases, row length and statistics: one
counting only the text (FTS5 ``bm25(fts, 0.0, 1.0)``), one counting only the title,
each occurrence there weighing ``TITLE_WEIGHT`` (``bm25(fts, TITLE_WEIGHT, 0.0)``).
Each part saturates on its own, so a query word in the title adds a clear bonus
however often the text repeats it (one BM25 over title and text together lets a
long guide that mentions a word fifteen times outrank the guide named after it).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from enum import StrEnum

K1 = 1.2
B = 0.75
#: How much one occurrence in the title counts, in the title part of the score.
TITLE_WEIGHT = 3.0
#: FTS5's stand-in for an IDF that is not positive (a term in half the rows or more).
MIN_IDF = 1e-6

Groups = Sequence[Sequence[str]]


class MatchMode(StrEnum):
    ALL = "all"  # every group matches (AND between groups)
    ANY = "any"  # at least one term matches (OR everywhere)


def phrases(groups: Groups) -> list[str]:
    """The query's phrases in the order both engines number them."""
    return [term for group in groups for term in group]


def idf(n_rows: int, n_hit: int) -> float:
    value = math.log((n_rows - n_hit + 0.5) / (n_hit + 0.5))
    return value if value > 0.0 else MIN_IDF


def average_length(n_rows: int, n_tokens: int) -> float:
    return float(n_tokens) / float(n_rows) if n_rows else 0.0


def bm25(frequencies: Sequence[float], idfs: Sequence[float], length: int, avgdl: float) -> float:
    """One row's score, operation for operation as FTS5 does it (same floating-point result)."""
    document_length = float(length)
    score = 0.0
    for frequency, weight in zip(frequencies, idfs, strict=True):
        score += weight * (
            (frequency * (K1 + 1.0)) / (frequency + K1 * (1 - B + B * document_length / avgdl))
        )
    return score


def entry_score(
    text_frequencies: Sequence[float],
    title_frequencies: Sequence[float],
    idfs: Sequence[float],
    length: int,
    avgdl: float,
) -> float:
    """An entry's score: the text part plus the title part (see above), as FTS5 adds them."""
    title_weighted = [TITLE_WEIGHT * frequency for frequency in title_frequencies]
    return bm25(text_frequencies, idfs, length, avgdl) + bm25(title_weighted, idfs, length, avgdl)


def matches(terms: Mapping[str, int] | set[str], groups: Groups, mode: MatchMode) -> bool:
    """Whether a row holding ``terms`` matches the query."""
    if mode == MatchMode.ALL:
        return all(any(term in terms for term in group) for group in groups)
    return any(term in terms for group in groups for term in group)


def fts5_expression(groups: Groups, mode: MatchMode) -> str:
    """``("a" OR "b") AND "c"``: an FTS5 MATCH expression, one quoted phrase per term."""
    joiner = " AND " if mode == MatchMode.ALL else " OR "
    return joiner.join(
        "(" + " OR ".join('"' + term.replace('"', '""') + '"' for term in group) + ")"
        for group in groups
    )


def tsquery_expression(groups: Groups, mode: MatchMode) -> str:
    """``('a' | 'b') & 'c'``: the same query for PostgreSQL's ``to_tsquery``."""
    joiner = " & " if mode == MatchMode.ALL else " | "
    return joiner.join(
        "("
        + " | ".join("'" + term.replace("\\", "\\\\").replace("'", "''") + "'" for term in group)
        + ")"
        for group in groups
    )
