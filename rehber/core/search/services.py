"""Writes to the search index. The engine's own index follows through database triggers."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from rehber.core.search import registry
from rehber.core.search.analysis import analyse
from rehber.core.search.backends import backend_get
from rehber.core.search.models import SearchEntry
from rehber.core.search.registry import SearchDocument

__all__ = [
    "SearchDocument",
    "search_document_index",
    "search_document_remove",
    "search_index_key_after_commit",
    "search_key_index",
    "search_reindex",
]

#: Terms kept per text (a guide has a few thousand); the rest of a longer text is not indexed.
MAX_TERMS = 20_000
_BATCH = 500


def _entry_fields(document: SearchDocument) -> dict[str, object]:
    """The columns of a document's entry, after checking the document."""
    for name, limit in (("kind", 20), ("key", 200), ("language", 12), ("url", 500)):
        value = getattr(document, name)
        if not value or not value.strip():
            raise ValueError(f"A search document needs a {name}.")
        if len(value) > limit:
            raise ValueError(f"A search document's {name} has at most {limit} characters.")
    if len(document.title) > 300 or len(document.slug) > 200:
        raise ValueError("A search document's title or slug is too long.")
    title_terms = analyse(document.title, document.language)
    text_terms = analyse(document.text, document.language)[:MAX_TERMS]
    return {
        "kind": document.kind,
        "key": document.key,
        "language": document.language,
        "slug": document.slug,
        "title": document.title,
        "url": document.url,
        "text": document.text,
        "title_tokens": " ".join(title_terms),
        "tokens": " ".join(text_terms),
        "length": len(title_terms) + len(text_terms),
    }


@transaction.atomic
def search_document_index(*, document: SearchDocument) -> None:
    """Add or replace the entry of one document in one language."""
    fields = _entry_fields(document)
    SearchEntry.objects.update_or_create(
        kind=fields.pop("kind"),
        key=fields.pop("key"),
        language=fields.pop("language"),
        defaults=fields,
    )


@transaction.atomic
def search_document_remove(*, kind: str, key: str, language: str | None = None) -> None:
    """Remove a document's entries: every language, or only ``language``."""
    entries = SearchEntry.objects.filter(kind=kind, key=key)
    if language is not None:
        entries = entries.filter(language=language)
    entries.delete()


@transaction.atomic
def search_key_index(*, kind: str, key: str) -> int:
    """Index every language of one document again, as its app now gives it.

    Languages the app no longer returns (unpublished, deleted) leave the index.
    Returns the number of entries written.
    """
    provider = registry.provider_get(kind)
    if provider is None:
        raise ValueError(f"No app registered the search kind {kind!r}.")
    languages = []
    for document in provider.documents_for_key(key):
        if (document.kind, document.key) != (kind, key):
            raise ValueError(
                f"Asked for {kind}:{key}, the app gave {document.kind}:{document.key}."
            )
        search_document_index(document=document)
        languages.append(document.language)
    SearchEntry.objects.filter(kind=kind, key=key).exclude(language__in=languages).delete()
    return len(languages)


def search_index_key_after_commit(*, kind: str, key: str) -> None:
    """Queue ``search_index_key`` for when the current transaction commits."""
    from rehber.core.search.tasks import search_index_key

    transaction.on_commit(lambda: search_index_key.enqueue(kind, key))


def _bulk_write(documents: Iterable[SearchDocument], kind: str) -> int:
    """Write a provider's documents in batches (a kind may have a hundred thousand)."""
    seen: set[tuple[str, str]] = set()
    batch: list[SearchEntry] = []
    for document in documents:
        if document.kind != kind:
            raise ValueError(f"The {kind!r} provider gave a document of kind {document.kind!r}.")
        if (document.key, document.language) in seen:
            raise ValueError(
                f"The {kind!r} provider gave {document.key} [{document.language}] twice."
            )
        seen.add((document.key, document.language))
        batch.append(SearchEntry(**_entry_fields(document)))
        if len(batch) == _BATCH:
            SearchEntry.objects.bulk_create(batch)
            batch = []
    SearchEntry.objects.bulk_create(batch)
    return len(seen)


@transaction.atomic
def search_reindex(*, kinds: list[str] | None = None) -> int:
    """Rebuild the index from the registered apps: every kind, or only ``kinds``.

    A full rebuild also drops entries of kinds no app registers any more and
    rebuilds the engine's own index. Returns the number of entries written.
    """
    registered = registry.registered_kinds()
    if kinds is None:
        targets = registered
        SearchEntry.objects.all().delete()
    else:
        unknown = sorted(set(kinds) - set(registered))
        if unknown:
            raise ValueError(f"No app registered the search kinds {', '.join(unknown)}.")
        targets = list(dict.fromkeys(kinds))
        SearchEntry.objects.filter(kind__in=targets).delete()
    written = 0
    for kind in targets:
        provider = registry.provider_get(kind)
        written += _bulk_write(provider.all_documents(), kind)
    if kinds is None:
        backend_get().rebuild()
    return written
