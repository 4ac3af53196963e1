"""The search index (DESIGN §3 "Search"): ``core_searchentry`` and, per database, the
engine index that follows it through triggers.

SQLite: an FTS5 table over ``title_tokens`` and ``tokens`` (external content, the
``ascii`` tokenizer so that it splits on the spaces between our analysed terms and
on nothing else), kept in step by insert, update and delete triggers.

PostgreSQL:
- ``tsv``, a stored ``tsvector`` (``simple`` configuration) with a GIN index:
  PostgreSQL's own full-text index, which ``raw_query`` uses;
- ``core_searchposting``, one row per (term, entry) with the term's counts in the
  title and in the text and the entry's length, and ``core_searchstats`` (number
  of entries and of terms): what BM25 needs, read from one index without touching
  the entries;
- statement triggers keeping both in step (TRUNCATE included, as test flushes use it).
"""

from django.db import migrations, models

SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE core_searchentry_fts USING fts5(
        title_tokens, tokens,
        content='core_searchentry', content_rowid='id', tokenize='ascii'
    )""",
    """CREATE TRIGGER core_searchentry_fts_insert AFTER INSERT ON core_searchentry BEGIN
        INSERT INTO core_searchentry_fts (rowid, title_tokens, tokens)
        VALUES (new.id, new.title_tokens, new.tokens);
    END""",
    """CREATE TRIGGER core_searchentry_fts_delete AFTER DELETE ON core_searchentry BEGIN
        INSERT INTO core_searchentry_fts (core_searchentry_fts, rowid, title_tokens, tokens)
        VALUES ('delete', old.id, old.title_tokens, old.tokens);
    END""",
    """CREATE TRIGGER core_searchentry_fts_update AFTER UPDATE ON core_searchentry BEGIN
        INSERT INTO core_searchentry_fts (core_searchentry_fts, rowid, title_tokens, tokens)
        VALUES ('delete', old.id, old.title_tokens, old.tokens);
        INSERT INTO core_searchentry_fts (rowid, title_tokens, tokens)
        VALUES (new.id, new.title_tokens, new.tokens);
    END""",
    "INSERT INTO core_searchentry_fts (core_searchentry_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS core_searchentry_fts_update",
    "DROP TRIGGER IF EXISTS core_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS core_searchentry_fts_insert",
    "DROP TABLE IF EXISTS core_searchentry_fts",
]

POSTGRESQL_CREATE = [
    """ALTER TABLE core_searchentry ADD COLUMN tsv tsvector
        GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, title_tokens || ' ' || tokens))
        STORED""",
    "CREATE INDEX core_searchentry_tsv ON core_searchentry USING gin (tsv)",
    """CREATE TABLE core_searchposting (
        term text COLLATE "C" NOT NULL,
        entry_id bigint NOT NULL,
        kind varchar(20) NOT NULL,
        title_tf integer NOT NULL,
        text_tf integer NOT NULL,
        length integer NOT NULL,
        CONSTRAINT core_searchposting_pkey PRIMARY KEY (term, entry_id)
            INCLUDE (kind, title_tf, text_tf, length)
    )""",
    "CREATE INDEX core_searchposting_entry ON core_searchposting (entry_id)",
    """CREATE TABLE core_searchstats (
        id smallint PRIMARY KEY CHECK (id = 1),
        documents bigint NOT NULL,
        tokens bigint NOT NULL
    )""",
    """INSERT INTO core_searchstats (id, documents, tokens)
        SELECT 1, count(*), coalesce(sum(length), 0) FROM core_searchentry""",
    """CREATE FUNCTION core_searchentry_postings() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            DELETE FROM core_searchposting AS p USING old_rows AS o WHERE p.entry_id = o.id;
            UPDATE core_searchstats SET
                documents = documents - (SELECT count(*) FROM old_rows),
                tokens = tokens - (SELECT coalesce(sum(length), 0) FROM old_rows)
            WHERE id = 1;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO core_searchposting (term, entry_id, kind, title_tf, text_tf, length)
            SELECT t.term, n.id, n.kind, count(*) FILTER (WHERE t.field = 1),
                count(*) FILTER (WHERE t.field = 2), n.length
            FROM new_rows AS n, LATERAL (
                SELECT term, 1 AS field FROM unnest(string_to_array(n.title_tokens, ' ')) AS term
                UNION ALL
                SELECT term, 2 AS field FROM unnest(string_to_array(n.tokens, ' ')) AS term
            ) AS t
            WHERE t.term <> ''
            GROUP BY n.id, n.kind, n.length, t.term;
            UPDATE core_searchstats SET
                documents = documents + (SELECT count(*) FROM new_rows),
                tokens = tokens + (SELECT coalesce(sum(length), 0) FROM new_rows)
            WHERE id = 1;
        END IF;
        RETURN NULL;
    END
    $$""",
    """CREATE FUNCTION core_searchentry_postings_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE core_searchposting;
        UPDATE core_searchstats SET documents = 0, tokens = 0 WHERE id = 1;
        RETURN NULL;
    END
    $$""",
    """CREATE TRIGGER core_searchentry_postings_insert AFTER INSERT ON core_searchentry
        REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION core_searchentry_postings()""",
    """CREATE TRIGGER core_searchentry_postings_update AFTER UPDATE ON core_searchentry
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION core_searchentry_postings()""",
    """CREATE TRIGGER core_searchentry_postings_delete AFTER DELETE ON core_searchentry
        REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION core_searchentry_postings()""",
    """CREATE TRIGGER core_searchentry_postings_truncate AFTER TRUNCATE ON core_searchentry
        FOR EACH STATEMENT EXECUTE FUNCTION core_searchentry_postings_truncate()""",
    """INSERT INTO core_searchposting (term, entry_id, kind, title_tf, text_tf, length)
        SELECT t.term, e.id, e.kind, count(*) FILTER (WHERE t.field = 1),
            count(*) FILTER (WHERE t.field = 2), e.length
        FROM core_searchentry AS e, LATERAL (
            SELECT term, 1 AS field FROM unnest(string_to_array(e.title_tokens, ' ')) AS term
            UNION ALL
            SELECT term, 2 AS field FROM unnest(string_to_array(e.tokens, ' ')) AS term
        ) AS t
        WHERE t.term <> ''
        GROUP BY e.id, e.kind, e.length, t.term""",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS core_searchentry_postings_truncate ON core_searchentry",
    "DROP TRIGGER IF EXISTS core_searchentry_postings_delete ON core_searchentry",
    "DROP TRIGGER IF EXISTS core_searchentry_postings_update ON core_searchentry",
    "DROP TRIGGER IF EXISTS core_searchentry_postings_insert ON core_searchentry",
    "DROP FUNCTION IF EXISTS core_searchentry_postings_truncate()",
    "DROP FUNCTION IF EXISTS core_searchentry_postings()",
    "DROP TABLE IF EXISTS core_searchstats",
    "DROP TABLE IF EXISTS core_searchposting",
    "DROP INDEX IF EXISTS core_searchentry_tsv",
    "ALTER TABLE core_searchentry DROP COLUMN IF EXISTS tsv",
]

STATEMENTS = {
    "sqlite": (SQLITE_CREATE, SQLITE_DROP),
    "postgresql": (POSTGRESQL_CREATE, POSTGRESQL_DROP),
}


def _run(schema_editor, create: bool) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise RuntimeError(f"The search index supports SQLite and PostgreSQL, not {vendor}.")
    for statement in STATEMENTS[vendor][0 if create else 1]:
        schema_editor.execute(statement, params=None)


def engine_index_create(apps, schema_editor):
    _run(schema_editor, create=True)


def engine_index_drop(apps, schema_editor):
    _run(schema_editor, create=False)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_reference_data"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("guide", "Guide"),
                            ("law", "Law"),
                            ("listing", "Listing"),
                            ("service", "Service"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("key", models.CharField(max_length=200, verbose_name="translation key")),
                ("language", models.CharField(max_length=12, verbose_name="language")),
                ("slug", models.CharField(blank=True, max_length=200, verbose_name="slug")),
                ("title", models.CharField(max_length=300, verbose_name="title")),
                ("url", models.CharField(max_length=500, verbose_name="address")),
                ("text", models.TextField(blank=True, verbose_name="text")),
                ("title_tokens", models.TextField(blank=True, verbose_name="title terms")),
                ("tokens", models.TextField(blank=True, verbose_name="text terms")),
                (
                    "length",
                    models.PositiveIntegerField(default=0, verbose_name="number of terms"),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
            ],
            options={
                "verbose_name": "search entry",
                "verbose_name_plural": "search entries",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "key", "language"),
                        name="search_entry_unique_per_language",
                    )
                ],
            },
        ),
        migrations.RunPython(engine_index_create, engine_index_drop),
    ]
