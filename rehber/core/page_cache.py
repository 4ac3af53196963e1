"""Whole-page caches of public pages for anonymous readers.

Each cache has a namespace and a generation number in its keys; a change that
should show at once bumps the generation (once it commits), so a reader never
gets a page older than the last change. With the embedded local-memory cache
each web process keeps its own generation, so a copy lives at most the
cache's ``timeout`` there; with Redis the generation is shared.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction


def cacheable(request) -> bool:
    """Only pages that look the same for every anonymous reader."""
    return (
        request.method == "GET"
        and not request.user.is_authenticated
        and "messages" not in request.COOKIES
        and not request.GET
    )


@dataclass(frozen=True)
class PageCache:
    namespace: str
    timeout: int

    @property
    def _generation_key(self) -> str:
        return f"{self.namespace}:page-generation"

    def generation(self) -> int:
        return cache.get_or_set(self._generation_key, 1, timeout=None)

    def bump(self) -> None:
        try:
            cache.incr(self._generation_key)
        except ValueError:
            cache.set(self._generation_key, 2, timeout=None)

    def bump_after_commit(self) -> None:
        transaction.on_commit(self.bump)

    def key(self, *parts: object) -> str:
        return ":".join([self.namespace, "page", str(self.generation()), *map(str, parts)])

    def get(self, key: str) -> bytes | None:
        return cache.get(key)

    def set(self, key: str, content: bytes) -> None:
        cache.set(key, content, self.timeout)
