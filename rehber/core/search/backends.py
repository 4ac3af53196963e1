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
  title and text, the entry's length, kind and key, in a covering index, plus the
  number of entries and of terms. Scoring reads only that index (no visit to the
  entries' pages), which is also why it keeps up with ``ts_rank`` over the GIN
  index on common terms.
  The expression repeats FTS5's operations in FTS5's order (IDFs computed as
  ``ranking.idf`` computes them, phrase contributions added in phrase order, text
  part then title part), so scores agree to the last bit and ties break the same
  way (by entry id). The tests check both engines against ``ranking.entry_score``.

We chose exact agreement over re-ranking candidates in Python: re-ranking would
have had to fetch every matching row's term counts (tens of thousands for a
common word at 100,000 documents) to be exact, or cut the candidates and then
disagree between engines at the cut.

A ranked query can be **restricted** to the entries whose ``key`` is a row of a
queryset (``Restriction``: say, the listings a seeker's filters leave): the
engine then ranks only those, with the scores it gives them anyway (collection
statistics stay those of the whole index), so a restricted ranking is the
unrestricted one with the other entries left out, and a page of it is one
``LIMIT``/``OFFSET`` query that also counts all the matches (``rank_page``).
Each matching entry's row is looked up by its key, in an index that holds the
filtered columns when the caller names one (``Restriction.index``): collecting
the allowed keys first would cost a pass over every allowed row (100,000
listings without filters). SQLite joins the allowed rows (a subquery it flattens)
when each key is at most one row, and checks them with a correlated ``EXISTS``
otherwise; PostgreSQL reads each match's key from its postings and lets the
planner join (a lookup per match, or a hash of the allowed rows when they are
few). ``rank_count`` counts the matches; ``match_sql`` is the set of matching
keys as a subquery, for callers ordering the matches otherwise.

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
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL

from rehber.core.search import ranking
from rehber.core.search.ranking import Groups, MatchMode

#: Model fields whose values are entry keys written as decimal numbers.
INTEGER_FIELDS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField"}


@dataclass(frozen=True)
class Restriction:
    """Only entries whose key is ``field`` of a row of ``queryset``, written as text.

    ``index`` names an index of the rows that starts with ``field`` and holds the
    columns the queryset filters on: SQLite then looks each match up there (a few
    megabytes) rather than in the rows, which it would choose without statistics.
    """

    queryset: QuerySet
    field: str = "pk"
    index: str = ""

    def _field(self):
        meta = self.queryset.model._meta
        return meta.pk if self.field == "pk" else meta.get_field(self.field)

    def rows_sql(self, key: str, *, vendor: str) -> tuple[str, tuple]:
        """A subquery yielding the rows whose key is the SQL expression ``key`` (for EXISTS).

        An integer field is compared as an integer, so that its index serves; a key
        that is not a whole number then matches no row.
        """
        if self._field().get_internal_type() in INTEGER_FIELDS:
            number = (
                f"{key} ~ '^[0-9]{{1,18}}$'"
                if vendor == "postgresql"
                else f"{key} <> '' AND {key} NOT GLOB '*[^0-9]*' AND length({key}) <= 18"
            )
            key = f"CASE WHEN {number} THEN CAST({key} AS BIGINT) END"
        rows = self.queryset.order_by().filter(**{self.field: RawSQL(key, [])})  # noqa: S611
        return rows.values(self.field).query.sql_with_params()

    @property
    def joinable(self) -> bool:
        """Whether each key is at most one row: a unique field of a query on one table
        (a join to another table could repeat a row)."""
        query = self.queryset.query
        tables = [alias for alias in query.alias_map if query.alias_refcount[alias]]
        return self._field().unique and len(tables) <= 1 and not query.distinct

    def join_sql(self, key: str) -> tuple[str, tuple]:
        """SQLite: ``JOIN`` the allowed rows on the SQL text expression ``key`` (only when
        ``joinable``). SQLite flattens the subquery into the join, so each match
        costs one lookup by the field's index; an integer key is looked up by its
        value and checked as text, so "12abc" matches no row (not row 12)."""
        rows = self.queryset.order_by().annotate(restriction_key=F(self.field))
        sql, params = rows.values("restriction_key").query.sql_with_params()
        if self.index:
            table = connections[self.queryset.db].ops.quote_name(self.queryset.model._meta.db_table)
            sql = sql.replace(f"FROM {table}", f"FROM {table} INDEXED BY {self.index}", 1)
        allowed = "allowed.restriction_key"
        if self._field().get_internal_type() in INTEGER_FIELDS:
            on = f"{allowed} = CAST({key} AS INTEGER) AND CAST({allowed} AS TEXT) = {key}"
        else:
            on = f"{allowed} = {key}"
        return f"JOIN ({sql}) AS allowed ON {on}", params


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
        offset: int = 0,
        restrict: Restriction | None = None,
    ) -> list[RankedEntry]:
        """The best ``limit`` entries for the query after ``offset``, best first (BM25,
        then entry id); only entries whose key ``restrict`` yields, when given."""

    @abstractmethod
    def rank_page(
        self,
        *,
        groups: Groups,
        mode: MatchMode,
        kinds: Sequence[str] | None = None,
        limit: int = 20,
        offset: int = 0,
        restrict: Restriction | None = None,
    ) -> tuple[list[RankedEntry], int]:
        """``rank``'s entries and the number of all matches, in one ranked query."""

    @abstractmethod
    def rank_count(
        self,
        *,
        groups: Groups,
        mode: MatchMode,
        kinds: Sequence[str] | None = None,
        restrict: Restriction | None = None,
    ) -> int:
        """How many entries ``rank`` would give without a limit."""

    @abstractmethod
    def match_sql(
        self, *, groups: Groups, mode: MatchMode, kinds: Sequence[str] | None = None
    ) -> tuple[str, list]:
        """A subquery yielding the key of every matching entry (unordered)."""

    @abstractmethod
    def raw_query(
        self,
        *,
        groups: Groups,
        mode: MatchMode,
        limit: int = 20,
        kinds: Sequence[str] | None = None,
        restrict: Restriction | None = None,
    ) -> list[int]:
        """Entry ids from the engine's plain ranked query for the same terms (and kinds
        and allowed rows, checked as ``rank`` checks them)."""

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

    @staticmethod
    def _matching(groups, mode, kinds, restrict) -> tuple[str, list]:
        """FROM … WHERE …: the matching FTS5 rows ``f`` (joined with their entry ``e``)."""
        sql, params = "FROM core_searchentry_fts AS f", []
        where = ["core_searchentry_fts MATCH %s"]
        where_params = [ranking.fts5_expression(groups, mode)]
        if kinds or restrict:
            # Kind and key from the small covering index of migration core.0004, not
            # from the entries' rows (text and terms): named, as the planner would
            # otherwise take the rowid.
            sql += (
                " JOIN core_searchentry AS e INDEXED BY core_searchentry_id_kind_key"
                " ON e.id = f.rowid"
            )
        if kinds:
            where.append(f"e.kind IN ({', '.join(['%s'] * len(kinds))})")
            where_params.extend(kinds)
        if restrict and restrict.joinable:
            join, join_params = restrict.join_sql("e.key")
            sql += f" {join}"
            params.extend(join_params)
        elif restrict:
            rows, rows_params = restrict.rows_sql("e.key", vendor="sqlite")
            where.append(f"EXISTS ({rows})")
            where_params.extend(rows_params)
        return f"{sql} WHERE {' AND '.join(where)}", [*params, *where_params]

    def rank(self, *, groups, mode, kinds=None, limit=20, offset=0, restrict=None):
        if not groups:
            return []
        matching, params = self._matching(groups, mode, kinds, restrict)
        sql = (
            f"SELECT f.rowid, {SQLITE_SCORE} AS score {matching} "
            "ORDER BY score DESC, f.rowid LIMIT %s OFFSET %s"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            return self._entries(cursor, cursor.fetchall())

    def rank_page(self, *, groups, mode, kinds=None, limit=20, offset=0, restrict=None):
        if not groups:
            return [], 0
        matching, params = self._matching(groups, mode, kinds, restrict)
        # bm25() may not stand beside a window function: the scores come from a subquery.
        sql = (
            "SELECT id, score, count(*) OVER () FROM ("  # noqa: S608 (placeholders only)
            f"  SELECT f.rowid AS id, {SQLITE_SCORE} AS score {matching}"
            ") ORDER BY score DESC, id LIMIT %s OFFSET %s"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            rows = cursor.fetchall()
            entries = self._entries(cursor, [(entry_id, score) for entry_id, score, _n in rows])
        if rows or not offset:
            return entries, rows[0][2] if rows else 0
        # Past the last match: the window saw no row, so count apart.
        return [], self.rank_count(groups=groups, mode=mode, kinds=kinds, restrict=restrict)

    def rank_count(self, *, groups, mode, kinds=None, restrict=None):
        if not groups:
            return 0
        matching, params = self._matching(groups, mode, kinds, restrict)
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) {matching}", params)
            return cursor.fetchone()[0]

    def match_sql(self, *, groups, mode, kinds=None):
        if not groups:
            return "SELECT key FROM core_searchentry WHERE 0 = 1", []
        if kinds:
            matching, params = self._matching(groups, mode, kinds, None)
            return f"SELECT e.key {matching}", params
        # Without a join FTS5 gives only rowids: the entries' keys come from the table.
        matching, params = self._matching(groups, mode, None, None)
        return (
            f"SELECT key FROM core_searchentry WHERE id IN (SELECT f.rowid {matching})",  # noqa: S608 (placeholders only)
            params,
        )

    def raw_query(self, *, groups, mode, limit=20, kinds=None, restrict=None):
        if not groups:
            return []
        matching, params = self._matching(groups, mode, kinds, restrict)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT f.rowid {matching} ORDER BY bm25(core_searchentry_fts) LIMIT %s",
                [*params, limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def rebuild(self):
        with self.connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO core_searchentry_fts (core_searchentry_fts) VALUES ('rebuild')"
            )


class PostgresBackend(SearchBackend):
    vendor = "postgresql"

    def __init__(self, connection: BaseDatabaseWrapper):
        super().__init__(connection)
        self._statistics_read: dict[tuple[str, ...], tuple[int, int, dict[str, int]]] = {}

    def _statistics(self, cursor, terms: list[str]) -> tuple[int, int, dict[str, int]]:
        """(entries, terms in all entries, entries holding each term), in one round trip.

        Read once per backend: callers take a backend for one search (``backend_get``),
        which may rank the same terms again (every word, then any word; more rows)."""
        if tuple(terms) not in self._statistics_read:
            self._statistics_read[tuple(terms)] = self._statistics_query(cursor, terms)
        return self._statistics_read[tuple(terms)]

    @staticmethod
    def _statistics_query(cursor, terms: list[str]) -> tuple[int, int, dict[str, int]]:
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

    def rank(self, *, groups, mode, kinds=None, limit=20, offset=0, restrict=None):
        phrases = ranking.phrases(groups)
        if not phrases:
            return []
        with self.connection.cursor() as cursor:
            n_rows, n_tokens, hits = self._statistics(cursor, sorted(set(phrases)))
            if not n_rows or not ranking.matches(hits, groups, mode):
                return []
            avgdl = ranking.average_length(n_rows, n_tokens)
            idfs = [ranking.idf(n_rows, hits.get(term, 0)) for term in phrases]
            sql, params = self._rank_sql(
                groups, mode, kinds, restrict, idfs, avgdl, rarest=self._rarest(groups, hits)
            )
            cursor.execute(sql, [*params, limit, offset])
            return self._entries(cursor, cursor.fetchall())

    def rank_page(self, *, groups, mode, kinds=None, limit=20, offset=0, restrict=None):
        phrases = ranking.phrases(groups)
        if not phrases:
            return [], 0
        with self.connection.cursor() as cursor:
            n_rows, n_tokens, hits = self._statistics(cursor, sorted(set(phrases)))
            if not n_rows or not ranking.matches(hits, groups, mode):
                return [], 0
            avgdl = ranking.average_length(n_rows, n_tokens)
            idfs = [ranking.idf(n_rows, hits.get(term, 0)) for term in phrases]
            sql, params = self._rank_sql(
                groups,
                mode,
                kinds,
                restrict,
                idfs,
                avgdl,
                total=True,
                rarest=self._rarest(groups, hits),
            )
            cursor.execute(sql, [*params, limit, offset])
            rows = cursor.fetchall()
            entries = self._entries(cursor, [(entry_id, score) for entry_id, score, _n in rows])
        if rows or not offset:
            return entries, rows[0][2] if rows else 0
        # Past the last match: the window saw no row, so count apart.
        return [], self.rank_count(groups=groups, mode=mode, kinds=kinds, restrict=restrict)

    def rank_count(self, *, groups, mode, kinds=None, restrict=None):
        if not ranking.phrases(groups):
            return 0
        sql, params = self._matching_sql(groups, mode, kinds, restrict)
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({sql}) AS hits", params)  # noqa: S608
            return cursor.fetchone()[0]

    def match_sql(self, *, groups, mode, kinds=None):
        if not ranking.phrases(groups):
            return "SELECT key FROM core_searchentry WHERE 1 = 0", []
        return self._matching_sql(groups, mode, kinds, None, column="key")

    @staticmethod
    def _query_terms(groups) -> tuple[str, list]:
        """WITH q: the phrases, numbered as FTS5 numbers them."""
        phrases = ranking.phrases(groups)
        values = ", ".join(f"({number}, %s)" for number in range(len(phrases)))
        return f"WITH q(n, term) AS (VALUES {values}) ", phrases

    @staticmethod
    def _rarest(groups, hits: dict[str, int]) -> list[str]:
        """The group whose terms are in the fewest entries (by ``hits``)."""
        return min(groups, key=lambda group: sum(hits.get(term, 0) for term in group))

    @staticmethod
    def _filters(groups, mode, kinds, rarest=None) -> tuple[str, list, str]:
        """(WHERE over the postings ``p``, its parameters, HAVING over their groups).

        With every group required and ``rarest`` given, only the entries holding a
        term of ``rarest`` can match: their postings alone are grouped, not all the
        postings of every term (two common words with few entries in common)."""
        where, params = [], []
        if kinds:
            where.append("p.kind = ANY(%s::text[])")
            params.append(list(kinds))
        if mode == MatchMode.ALL and rarest and len(groups) > 1:
            where.append(
                "p.entry_id IN (SELECT c.entry_id FROM core_searchposting AS c"
                " WHERE c.term = ANY(%s::text[]))"
            )
            params.append(list(rarest))
        having = ""
        if mode == MatchMode.ALL:  # every group has one of its phrases in the entry
            conditions, start = [], 0
            for group in groups:
                numbers = ", ".join(str(number) for number in range(start, start + len(group)))
                conditions.append(f"bool_or(q.n IN ({numbers}))")
                start += len(group)
            having = "HAVING " + " AND ".join(conditions)
        return ("WHERE " + " AND ".join(where)) if where else "", params, having

    @staticmethod
    def _allowed(restrict: Restriction) -> tuple[str, tuple]:
        """WHERE over ``hits``: the entry's row is in the restriction. Applied to the
        matches once they are grouped (a materialized CTE, each with its key from
        the postings), so that the postings are read once whatever the planner does
        with the allowed rows: look each match up, or hash the allowed rows when a
        filter leaves few."""
        rows, params = restrict.rows_sql("hits.key", vendor="postgresql")
        return f"WHERE EXISTS ({rows})", params

    @classmethod
    def _matching_sql(cls, groups, mode, kinds, restrict, column="entry_id") -> tuple[str, list]:
        """Ids (or keys) of the matching entries."""
        with_q, phrases = cls._query_terms(groups)
        where, where_params, having = cls._filters(groups, mode, kinds)
        grouped = (
            "SELECT p.entry_id, p.key "  # noqa: S608 (placeholders only)
            f'FROM core_searchposting AS p JOIN q ON q.term = p.term COLLATE "C" {where} '
            f"GROUP BY p.entry_id, p.key {having}"
        )
        if not restrict:
            sql = f"{with_q}SELECT {column} FROM ({grouped}) AS hits"  # noqa: S608 (placeholders only)
            return sql, [*phrases, *where_params]
        allowed, allowed_params = cls._allowed(restrict)
        sql = f"{with_q}, hits AS MATERIALIZED ({grouped}) SELECT {column} FROM hits {allowed}"  # noqa: S608
        return sql, [*phrases, *where_params, *allowed_params]

    @classmethod
    def _rank_sql(
        cls, groups, mode, kinds, restrict, idfs, avgdl, *, total=False, rarest=None
    ) -> tuple[str, list]:
        """The ranked query; its last two parameters, LIMIT and OFFSET, are the caller's.
        With ``total`` each row also carries the number of all matches."""
        phrases = ranking.phrases(groups)
        with_q, _phrases = cls._query_terms(groups)

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
        where, where_params, having = cls._filters(groups, mode, kinds, rarest)
        grouped = (
            f"SELECT p.entry_id, p.key, p.length, {frequencies}"  # noqa: S608 (placeholders only)
            f' FROM core_searchposting AS p JOIN q ON q.term = p.term COLLATE "C" {where}'
            f" GROUP BY p.entry_id, p.key, p.length {having}"
        )
        scored = (
            f"SELECT entry_id, {text_score} + {title_score} AS score"
            f"{', count(*) OVER ()' if total else ''}"
        )
        order = "ORDER BY score DESC, entry_id LIMIT %s OFFSET %s"
        if not restrict:
            sql = f"{with_q}{scored} FROM ({grouped}) AS hits {order}"
            params = [*phrases, *text_params, *title_params, *frequency_params, *where_params]
            return sql, params
        allowed, allowed_params = cls._allowed(restrict)
        sql = f"{with_q}, hits AS MATERIALIZED ({grouped}) {scored} FROM hits {allowed} {order}"
        params = [
            *phrases,
            *frequency_params,
            *where_params,
            *text_params,
            *title_params,
            *allowed_params,
        ]
        return sql, params

    def raw_query(self, *, groups, mode, limit=20, kinds=None, restrict=None):
        if not groups:
            return []
        expression = ranking.tsquery_expression(groups, mode)
        where, params = ["e.tsv @@ to_tsquery('simple', %s)"], [expression]
        if kinds:
            where.append("e.kind = ANY(%s::text[])")
            params.append(list(kinds))
        if restrict:
            rows, rows_params = restrict.rows_sql("e.key", vendor="postgresql")
            where.append(f"EXISTS ({rows})")
            params.extend(rows_params)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.id FROM core_searchentry AS e WHERE {' AND '.join(where)} "  # noqa: S608 (placeholders only)
                "ORDER BY ts_rank(e.tsv, to_tsquery('simple', %s)) DESC LIMIT %s",
                [*params, expression, limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def rebuild(self):
        with self.connection.cursor() as cursor:
            cursor.execute("TRUNCATE core_searchposting")
            cursor.execute(
                "INSERT INTO core_searchposting "
                "(term, entry_id, kind, key, title_tf, text_tf, length) "
                "SELECT t.term, e.id, e.kind, e.key, count(*) FILTER (WHERE t.field = 1), "
                "  count(*) FILTER (WHERE t.field = 2), e.length "
                "FROM core_searchentry AS e, LATERAL ("
                "  SELECT term, 1 AS field"
                "  FROM unnest(string_to_array(e.title_tokens, ' ')) AS term"
                "  UNION ALL"
                "  SELECT term, 2 AS field FROM unnest(string_to_array(e.tokens, ' ')) AS term"
                ") AS t WHERE t.term <> '' GROUP BY e.id, e.kind, e.key, e.length, t.term"
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
    *,
    groups: Groups,
    mode: MatchMode = MatchMode.ALL,
    limit: int = 20,
    kinds: Sequence[str] | None = None,
    restrict: Restriction | None = None,
    using: str = "default",
) -> list[int]:
    """The engine's plain ranked query for these terms (the benchmark's baseline)."""
    return backend_get(using).raw_query(
        groups=groups, mode=mode, limit=limit, kinds=kinds, restrict=restrict
    )
