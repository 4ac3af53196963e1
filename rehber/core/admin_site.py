from functools import update_wrapper

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite


class RehberAdminSite(OTPAdminSite):
    """The admin site: administrators only, and only after two-factor sign-in.

    Sign-in goes through the accounts pages; staff without the admin role get
    a 403 that says why instead of a second sign-in form.
    """

    site_header = _("Rehber administration")
    site_title = _("Rehber administration")
    index_title = _("Administration")

    def __init__(self, name="admin"):
        super().__init__(name)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def wrapped(request, *args, **kwargs):
            user = request.user
            if user.is_authenticated and user.is_verified() and not self.has_permission(request):
                raise PermissionDenied(_("The admin site is for administrators."))
            return inner(request, *args, **kwargs)

        return update_wrapper(wrapped, view)

    def login(self, request, extra_context=None):
        user = request.user
        next_url = request.GET.get("next") or reverse("admin:index")
        if not user.is_authenticated:
            return redirect_to_login(next_url, reverse("accounts:login"))
        if not user.is_verified():
            return redirect(f"{reverse('accounts:two_factor')}?{urlencode({'next': next_url})}")
        raise PermissionDenied(_("The admin site is for administrators."))
