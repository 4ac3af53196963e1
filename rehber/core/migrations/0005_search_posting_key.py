"""PostgreSQL: each posting carries its entry's ``key`` too.

A restricted ranking (``backends.Restriction``) checks the key of every matching
entry against the allowed rows. With the key in the term table's covering index,
that check starts from the grouped postings themselves, instead of first looking
up each entry (whose row holds its text, terms and ``tsvector``) for its key:
one index lookup per match instead of two. SQLite reads keys from the covering
index of core.0004.
"""

from importlib import import_module

from django.db import migrations

POSTINGS_FUNCTION = """CREATE OR REPLACE FUNCTION core_searchentry_postings() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            DELETE FROM core_searchposting AS p USING old_rows AS o WHERE p.entry_id = o.id;
            UPDATE core_searchstats SET
                documents = documents - (SELECT count(*) FROM old_rows),
                tokens = tokens - (SELECT coalesce(sum(length), 0) FROM old_rows)
            WHERE id = 1;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO core_searchposting (term, entry_id, kind, key, title_tf, text_tf, length)
            SELECT t.term, n.id, n.kind, n.key, count(*) FILTER (WHERE t.field = 1),
                count(*) FILTER (WHERE t.field = 2), n.length
            FROM new_rows AS n, LATERAL (
                SELECT term, 1 AS field FROM unnest(string_to_array(n.title_tokens, ' ')) AS term
                UNION ALL
                SELECT term, 2 AS field FROM unnest(string_to_array(n.tokens, ' ')) AS term
            ) AS t
            WHERE t.term <> ''
            GROUP BY n.id, n.kind, n.key, n.length, t.term;
            UPDATE core_searchstats SET
                documents = documents + (SELECT count(*) FROM new_rows),
                tokens = tokens + (SELECT coalesce(sum(length), 0) FROM new_rows)
            WHERE id = 1;
        END IF;
        RETURN NULL;
    END
    $$"""

FORWARD = [
    "ALTER TABLE core_searchposting ADD COLUMN key varchar(200) NOT NULL DEFAULT ''",
    """UPDATE core_searchposting AS p SET key = e.key
        FROM core_searchentry AS e WHERE e.id = p.entry_id""",
    "ALTER TABLE core_searchposting ALTER COLUMN key DROP DEFAULT",
    "ALTER TABLE core_searchposting DROP CONSTRAINT core_searchposting_pkey",
    """ALTER TABLE core_searchposting ADD CONSTRAINT core_searchposting_pkey
        PRIMARY KEY (term, entry_id) INCLUDE (kind, key, title_tf, text_tf, length)""",
    POSTINGS_FUNCTION,
]


def _backward() -> list[str]:
    search = import_module("rehber.core.migrations.0003_search")
    function = next(
        statement
        for statement in search.POSTGRESQL_CREATE
        if statement.startswith("CREATE FUNCTION core_searchentry_postings()")
    )
    return [
        function.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1),
        "ALTER TABLE core_searchposting DROP CONSTRAINT core_searchposting_pkey",
        """ALTER TABLE core_searchposting ADD CONSTRAINT core_searchposting_pkey
            PRIMARY KEY (term, entry_id) INCLUDE (kind, title_tf, text_tf, length)""",
        "ALTER TABLE core_searchposting DROP COLUMN key",
    ]


def posting_key_add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement, params=None)


def posting_key_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in _backward():
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_search_entry_lookup"),
    ]

    operations = [
        migrations.RunPython(posting_key_add, posting_key_drop),
    ]
