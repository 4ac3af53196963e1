from django.conf import settings
from django.utils.functional import SimpleLazyObject

from rehber.core.visitor import visitor_profile_from_request


def visitor_profile_middleware(get_response):
    """Expose the cookie-kept visitor profile as ``request.visitor_profile``."""

    def middleware(request):
        request.visitor_profile = SimpleLazyObject(lambda: visitor_profile_from_request(request))
        return get_response(request)

    return middleware


def permissions_policy_middleware(get_response):
    """Send the Permissions-Policy header (Django's SecurityMiddleware has none)."""

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware
