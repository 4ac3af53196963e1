"""Counters in the cache that limit how often one account or one address may act."""

from django.core.cache import cache


def throttle_hit(*, scope: str, who: str, limit: int, window_seconds: int) -> bool:
    """Count one more action of ``who`` in ``scope``; False once ``limit`` is passed.

    ``who`` is hashed into the key by the caller's choice of value (an account id
    or an IP address); nothing else is stored, and the counter expires with the window.
    """
    key = f"throttle:{scope}:{who}"
    cache.add(key, 0, timeout=window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        count = 1
    return count <= limit


def client_address(request) -> str:
    """The visitor's IP address as sign-in throttling reads it (honours REHBER_PROXY_COUNT)."""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or ""
