"""Whole-page cache of public guide pages for anonymous readers.

Keys carry a generation number; every published change of guides or laws
bumps it, so a reader never gets a page older than the last change.
"""

from django.core.cache import cache

GENERATION_KEY = "guides:page-generation"
TIMEOUT = 60 * 60


def page_generation() -> int:
    return cache.get_or_set(GENERATION_KEY, 1, timeout=None)


def page_generation_bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def cacheable(request) -> bool:
    """Only pages that look the same for every anonymous reader with the same status."""
    return (
        request.method == "GET"
        and not request.user.is_authenticated
        and "messages" not in request.COOKIES
        and not request.GET
    )


def page_key(*, name: str, language: str, slug: str, legal_status: str) -> str:
    return f"guides:page:{page_generation()}:{name}:{language}:{slug}:{legal_status}"


def page_get(key: str) -> bytes | None:
    return cache.get(key)


def page_set(key: str, content: bytes) -> None:
    cache.set(key, content, TIMEOUT)
