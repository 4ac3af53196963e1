"""Who may open which staff page.

Checks return ``(allowed, reason)`` with a translated reason so a page can
say why it refused. Views use ``role_required``.
"""

from collections.abc import Callable, Iterable
from functools import wraps
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from rehber.accounts.roles import Role


def user_has_role(user, roles: Iterable[str]) -> tuple[bool, str]:
    """Whether ``user`` holds one of ``roles``; superusers hold them all."""
    if not user.is_authenticated:
        return False, _("Please sign in.")
    if not user.is_active:
        return False, _("This account is switched off.")
    if user.is_superuser or user.role_names & set(roles):
        return True, ""
    names = ", ".join(str(Role(role).label) for role in roles)
    return False, _("This page is for staff with one of these roles: %(roles)s.") % {"roles": names}


def role_required(*roles: str) -> Callable:
    """Let through signed-in staff who passed two-factor sign-in and hold a role.

    Anonymous visitors go to the sign-in page; staff who have not given their
    second factor go to that step; everyone else without the role gets 403
    with the reason.
    The roles are kept on the view as ``required_roles`` for the access tests.
    """
    if not roles or not set(roles) <= set(Role.values):
        raise ValueError(f"Unknown roles: {roles!r}")

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('accounts:login')}?{query}")
            allowed, reason = user_has_role(user, roles)
            if not user.is_staff_member:
                raise PermissionDenied(reason)
            if not user.is_verified():
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('accounts:two_factor')}?{query}")
            if not allowed:
                raise PermissionDenied(reason)
            return view(request, *args, **kwargs)

        wrapped.required_roles = frozenset(roles)
        return wrapped

    return decorator


#: Any staff role at all.
ANY_STAFF_ROLE = tuple(Role.values)


def next_url_or(request, default: str) -> str:
    """The ``next`` address of the request if it stays on this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default
