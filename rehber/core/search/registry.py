"""Which apps put which kinds of documents in the search index.

An app registers its kinds in ``AppConfig.ready()``::

    from rehber.core.search import registry

    registry.register(
        "guide",
        all_documents=guide_documents_all,        # () -> Iterable[SearchDocument]
        documents_for_key=guide_documents_for,    # (key) -> Iterable[SearchDocument]
    )

and, after a write, asks for one key to be indexed again once the transaction
commits (``core.search.services.search_index_key_after_commit``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class SearchDocument:
    """One document in one language, as an app hands it to the index.

    ``key`` is the translation key shared by the languages of one document
    (a guide's slug, ``"law-6458:30"`` for an article); ``text`` is plain text.
    """

    kind: str
    key: str
    language: str
    slug: str
    title: str
    text: str
    url: str


@dataclass(frozen=True)
class SearchProvider:
    kind: str
    all_documents: Callable[[], Iterable[SearchDocument]]
    documents_for_key: Callable[[str], Iterable[SearchDocument]]


_providers: dict[str, SearchProvider] = {}


def register(
    kind: str,
    *,
    all_documents: Callable[[], Iterable[SearchDocument]],
    documents_for_key: Callable[[str], Iterable[SearchDocument]],
) -> None:
    """Make ``kind`` searchable; registering a kind again replaces its provider."""
    if not kind or len(kind) > 20:
        raise ValueError("A search kind is a short name, such as 'guide'.")
    _providers[kind] = SearchProvider(kind, all_documents, documents_for_key)


def unregister(kind: str) -> None:
    _providers.pop(kind, None)


def provider_get(kind: str) -> SearchProvider | None:
    return _providers.get(kind)


def registered_kinds() -> list[str]:
    return sorted(_providers)
