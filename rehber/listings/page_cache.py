"""Whole-page cache of listing pages; every change of any listing bumps its generation
once the change commits (see ``rehber.core.page_cache``). With the embedded
local-memory cache a removed listing may show in another process for up to a minute."""

from rehber.core.page_cache import PageCache

listing_pages = PageCache(namespace="listings", timeout=60)
