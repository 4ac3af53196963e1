"""Counters in the cache that limit how often one account or one address may act."""

from axes.helpers import get_client_ip_address
from django.core.cache import cache
from django.utils.crypto import salted_hmac


def throttle_hit(*, scope: str, who: str, limit: int, window_seconds: int) -> bool:
    """Count one more action of ``who`` in ``scope``; False once ``limit`` is passed.

    ``who`` (an account id or an IP address) is only kept hashed, in the key of a counter
    that expires with the window.
    """
    digest = salted_hmac(f"rehber.throttle.{scope}", who).hexdigest()[:32]
    key = f"throttle:{scope}:{digest}"
    cache.add(key, 0, timeout=window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        count = 1
    return count <= limit


def client_address(request) -> str:
    """The visitor's IP address, behind as many proxies as ``REHBER_PROXY_COUNT`` says.

    The same answer the sign-in throttle uses, so rate limits and lockouts agree. Use it only
    to derive keys; never store or log it.
    """
    return get_client_ip_address(request) or ""
