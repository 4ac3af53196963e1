"""Whole-page cache of public guide pages; every published change of guides or laws
bumps its generation (see ``rehber.core.page_cache``)."""

from rehber.core.page_cache import PageCache

guide_pages = PageCache(namespace="guides", timeout=60 * 60)
