"""The search engines behind ``core_searchentry``: SQLite FTS5 and PostgreSQL.

Both rank with the same BM25, so that the same documents and query come out in
the same order on either database (``ranking`` has the formula):

- **SQLite** uses FTS5's built-in ``bm25()``: the engine's own ranking, computed in C
  over an FTS5 table whose tokens are exactly our analysed terms (the ``ascii``
  tokenizer splits on spaces and changes nothing else); once for the text column
  and once for the title column, added (``ranking.entry_score``).
- **PostgreSQL** computes the same formula in SQL. Its full-text ranking
  (``ts_rank``) is not BM25, and a ``tsvector`` holds neither term counts one can
  read cheaply nor the collection statistics BM25 needs, so the migration keeps
  a term table beside the GIN index: one row per (term, entry) with the counts in
  title and text and the entry's length, in a covering index, plus the number of entries and of
  terms. Scoring reads only that index (no visit to the entries' pages), which
  is also why it keeps up with ``ts_rank`` over the GIN index on common terms.
  The expression repeats FTS5's operations in FTS5's order (IDFs computed as
  ``ranking.idf`` computes them, phrase contributions added in phrase order, text
  part then title part), so scores agree to the last bit and ties break the same
  way (by entry id). The tests check both engines against ``ranking.entry_score``.

We chose exact agreement over re-ranking candidates in Python: re-ranking would
have had to fetch every matching row's term counts (tens of thousands for a
common word at 100,000 documents) to be exact, or cut the candidates and then
disagree between engines at the cut.

``raw_query`` is each engine's plain query for the same terms (FTS5 ``MATCH``
ordered by ``bm25``; ``@@ to_tsquery`` ordered by ``ts_rank`` over the GIN
index): the benchmark's baseline.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from rehber.core.search import ranking
from rehber.core.search.ranking import Groups, MatchMode


@dataclass(frozen=True)
class RankedEntry:
    id: int
    kind: str
    key: str
    language: str
    score: float


class SearchBackend(ABC):
    vendor = ""

    def __init__(self, connection: BaseDatabaseWrapper):
        self.connection = connection

    @abstractmethod
    def rank(
        self,
        *,
        groups: Groups,
        mode: MatchMode,
        kinds: Sequence[str] | None = None,
        limit: int = 20,
    ) -> list[RankedEntry]:
        """The best ``limit`` entries for the query, best first (BM25, then entry id)."""

    @abstractmethod
    def raw_query(self, *, groups: Groups, mode: MatchMode, limit: int = 20) -> list[int]:
        """Entry ids from the engine's plain ranked query for the same terms."""

    @abstractmethod
    def rebuild(self) -> None:
        """Rebuild the engine's index from ``core_searchentry``."""

    def _entries(self, cursor, ranked: list[tuple[int, float]]) -> list[RankedEntry]:
        if not ranked:
            return []
        ids = [entry_id for entry_id, _score in ranked]
        placeholders = ", ".join(["%s"] * len(ids))
        cursor.execute(
            "SELECT id, kind, key, language FROM core_searchentry "  # noqa: S608 (placeholders)
            f"WHERE id IN ({placeholders})",
            ids,
        )
        rows = {row[0]: row for row in cursor.fetchall()}
        return [
            RankedEntry(entry_id, *rows[entry_id][1:], score=score)
            for entry_id, score in ranked
            if entry_id in rows
        ]


#: FTS5's bm25() of the text column plus that of the title column (columns: title, text).
SQLITE_SCORE = (
    "-bm25(core_searchentry_fts, 0.0, 1.0) "
    f"- bm25(core_searchentry_fts, {ranking.TITLE_WEIGHT!r}, 0.0)"
)


class SqliteBackend(SearchBackend):
    vendor = "sqlite"

    def rank(self, *, groups, mode, kinds=None, limit=20):
        if not groups:
            return []
        expression = ranking.fts5_expression(groups, mode)
        if kinds:
            placeholders = ", ".join(["%s"] * len(kinds))
            sql = (
                f"SELECT f.rowid, {SQLITE_SCORE} AS score "  # noqa: S608
                "FROM core_searchentry_fts AS f JOIN core_searchentry AS e ON e.id = f.rowid "
                f"WHERE core_searchentry_fts MATCH %s AND e.kind IN ({placeholders}) "
                "ORDER BY score DESC, f.rowid LIMIT %s"
            )
            params = [expression, *kinds, limit]
        else:
            sql = (
                f"SELECT rowid, {SQLITE_SCORE} AS score FROM core_searchentry_fts "  # noqa: S608
                "WHERE core_searchentry_fts MATCH %s ORDER BY score DESC, rowid LIMIT %s"
            )
            params = [expression, limit]
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return self._entries(cursor, cursor.fetchall())

    def raw_query(self, *, groups, mode, limit=20):
        if not groups:
            return []
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid FROM core_searchentry_fts WHERE core_searchentry_fts MATCH %s "
                "ORDER BY bm25(core_searchentry_fts) LIMIT %s",
                [ranking.fts5_expression(groups, mode), limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def rebuild(self):
        with self.connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO core_searchentry_fts (core_searchentry_fts) VALUES ('rebuild')"
            )


class PostgresBackend(SearchBackend):
    vendor = "postgresql"

    def _statistics(self, cursor, terms: list[str]) -> tuple[int, int, dict[str, int]]:
        """(entries, terms in all entries, entries holding each term), in one round trip."""
        cursor.execute(
            "SELECT s.documents, s.tokens, "
            "  (SELECT coalesce(json_object_agg(term, hits), '{}'::json) FROM ("
            "     SELECT term, count(*) AS hits FROM core_searchposting"
            "     WHERE term = ANY(%s::text[]) GROUP BY term) AS counts) "
            "FROM core_searchstats AS s WHERE s.id = 1",
            [terms],
        )
        row = cursor.fetchone()
        if row is None:
            return 0, 0, {}
        documents, tokens, hits = row  # psycopg decodes the json object
        return int(documents), int(tokens), {term: int(count) for term, count in hits.items()}

    def rank(self, *, groups, mode, kinds=None, limit=20):
        phrases = ranking.phrases(groups)
        if not phrases:
            return []
        with self.connection.cursor() as cursor:
            n_rows, n_tokens, hits = self._statistics(cursor, sorted(set(phrases)))
            if not n_rows or not ranking.matches(hits, groups, mode):
                return []
            avgdl = ranking.average_length(n_rows, n_tokens)
            idfs = [ranking.idf(n_rows, hits.get(term, 0)) for term in phrases]
            sql, params = self._rank_sql(groups, mode, kinds, limit, idfs, avgdl)
            cursor.execute(sql, params)
            return self._entries(cursor, cursor.fetchall())

    @staticmethod
    def _rank_sql(groups, mode, kinds, limit, idfs, avgdl) -> tuple[str, list]:
        phrases = ranking.phrases(groups)
        # q: the phrases, numbered as FTS5 numbers them.
        values = ", ".join(f"({number}, %s)" for number in range(len(phrases)))

        # score: FTS5's bm25() over the text, plus bm25() over the title, operation for
        # operation (see ranking.entry_score). x<n>/t<n>: how often phrase n occurs in
        # the text / title (0 when it does not); a title occurrence weighs TITLE_WEIGHT.
        def part(column: str) -> tuple[str, list]:
            contributions, params = [], []
            for number, idf in enumerate(idfs):
                contributions.append(
                    f"%s::float8 * (({column}{number} * (%s::float8 + 1.0::float8)) / "
                    f"({column}{number} + %s::float8 * (1::float8 - %s::float8 + "
                    f"%s::float8 * length::float8 / %s::float8)))"
                )
                params.extend([idf, ranking.K1, ranking.K1, ranking.B, ranking.B, avgdl])
            return "(" + " + ".join(["0.0::float8", *contributions]) + ")", params

        text_score, text_params = part("x")
        title_score, title_params = part("t")
        frequencies = ", ".join(
            f"coalesce(sum(p.text_tf) FILTER (WHERE q.n = {number}), 0)::float8 AS x{number}, "
            f"coalesce(sum(p.title_tf) FILTER (WHERE q.n = {number}), 0)::float8 "
            f"* %s::float8 AS t{number}"
            for number in range(len(phrases))
        )
        frequency_params = [ranking.TITLE_WEIGHT] * len(phrases)
        where, where_params = "", []
        if kinds:
            where, where_params = "WHERE p.kind = ANY(%s::text[])", [list(kinds)]
        having = ""
        if mode == MatchMode.ALL:  # every group has one of its phrases in the entry
            conditions, start = [], 0
            for group in groups:
                numbers = ", ".join(str(number) for number in range(start, start + len(group)))
                conditions.append(f"bool_or(q.n IN ({numbers}))")
                start += len(group)
            having = "HAVING " + " AND ".join(conditions)
        sql = (
            f"WITH q(n, term) AS (VALUES {values}) "  # noqa: S608 (placeholders only)
            f"SELECT entry_id, {text_score} + {title_score} AS score FROM ("
            f"  SELECT p.entry_id, p.length, {frequencies}"
            f'  FROM core_searchposting AS p JOIN q ON q.term = p.term COLLATE "C" {where}'
            f"  GROUP BY p.entry_id, p.length {having}"
            f") AS hits ORDER BY score DESC, entry_id LIMIT %s"
        )
        params = [*phrases, *text_params, *title_params, *frequency_params, *where_params, limit]
        return sql, params

    def raw_query(self, *, groups, mode, limit=20):
        if not groups:
            return []
        expression = ranking.tsquery_expression(groups, mode)
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM core_searchentry WHERE tsv @@ to_tsquery('simple', %s) "
                "ORDER BY ts_rank(tsv, to_tsquery('simple', %s)) DESC LIMIT %s",
                [expression, expression, limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def rebuild(self):
        with self.connection.cursor() as cursor:
            cursor.execute("TRUNCATE core_searchposting")
            cursor.execute(
                "INSERT INTO core_searchposting (term, entry_id, kind, title_tf, text_tf, length) "
                "SELECT t.term, e.id, e.kind, count(*) FILTER (WHERE t.field = 1), "
                "  count(*) FILTER (WHERE t.field = 2), e.length "
                "FROM core_searchentry AS e, LATERAL ("
                "  SELECT term, 1 AS field"
                "  FROM unnest(string_to_array(e.title_tokens, ' ')) AS term"
                "  UNION ALL"
                "  SELECT term, 2 AS field FROM unnest(string_to_array(e.tokens, ' ')) AS term"
                ") AS t WHERE t.term <> '' GROUP BY e.id, e.kind, e.length, t.term"
            )
            cursor.execute(
                "UPDATE core_searchstats SET documents = s.documents, tokens = s.tokens FROM ("
                "  SELECT count(*) AS documents, coalesce(sum(length), 0) AS tokens"
                "  FROM core_searchentry) AS s WHERE core_searchstats.id = 1"
            )


BACKENDS = {backend.vendor: backend for backend in (SqliteBackend, PostgresBackend)}


def backend_get(using: str = "default") -> SearchBackend:
    connection = connections[using]
    try:
        return BACKENDS[connection.vendor](connection)
    except KeyError:
        raise ImproperlyConfigured(
            f"Search runs on SQLite or PostgreSQL, not {connection.vendor}."
        ) from None


def raw_query(
    *, groups: Groups, mode: MatchMode = MatchMode.ALL, limit: int = 20, using: str = "default"
) -> list[int]:
    """The engine's plain ranked query for these terms (the benchmark's baseline)."""
    return backend_get(using).raw_query(groups=groups, mode=mode, limit=limit)
