"""Whole-page cache of listing pages for anonymous readers.

Keys carry a generation number that every change of any listing bumps (once
the change commits), so a cached page is never older than the last change and
a listing that stops being shown is never served from the cache. With the
embedded local-memory cache each web process has its own generation, so a
copy lives at most ``TIMEOUT`` seconds: a removed listing may show in another
process for up to a minute. With Redis the generation is shared.
"""

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "listings:page-generation"
TIMEOUT = 60


def page_key(*, pk: int, language: str) -> str:
    generation = cache.get_or_set(GENERATION_KEY, 1, timeout=None)
    return f"listings:page:{generation}:{pk}:{language}"


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def pages_invalidate_after_commit() -> None:
    transaction.on_commit(_bump)
