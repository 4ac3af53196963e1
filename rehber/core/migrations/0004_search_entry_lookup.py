"""SQLite: a covering index of (id, kind, key) on ``core_searchentry``.

A ranked query restricted to some kinds, or to some keys (``backends.Restriction``),
looks up the entry of every FTS5 match by rowid to read its kind and key. Entries
carry their text and terms, so those lookups walk a large table; this index holds
only what the ranking reads; ``SqliteBackend`` names it (``INDEXED BY``), since
the planner prefers the rowid without statistics. PostgreSQL reads kinds from its
term table and needs nothing. A later migration that makes SQLite rebuild the
table must create this index again, as it must the triggers of 0003 (queries with
kinds fail loudly without it).
"""

from django.db import migrations

INDEX = "core_searchentry_id_kind_key"


def lookup_index_create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"CREATE INDEX {INDEX} ON core_searchentry (id, kind, key)")


def lookup_index_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_search"),
    ]

    operations = [
        migrations.RunPython(lookup_index_create, lookup_index_drop),
    ]
