import base64
from io import BytesIO
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rehber.accounts.forms import (
    EraseAccountForm,
    PasswordResetRequestForm,
    PasswordResetSetForm,
    SignInForm,
    SignUpForm,
    TokenForm,
)
from rehber.accounts.selectors import user_has_confirmed_device, user_may_reset_password
from rehber.accounts.services import (
    sign_up_email_send,
    sign_up_token_make,
    totp_device_confirm,
    totp_device_pending,
    totp_verify,
    user_data_export,
    user_email_confirm,
    user_erase,
    user_sign_up,
)
from rehber.core.access import next_url_or
from rehber.core.throttle import client_address, throttle_hit


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_success_url(self):
        user = self.request.user
        next_url = self.get_redirect_url()
        # Right after the password step the user object is fresh from login()
        # and not yet wrapped by OTPMiddleware: it has passed no second factor.
        is_verified = getattr(user, "is_verified", lambda: False)
        if user.is_staff_member and not is_verified():
            step = "accounts:two_factor"
            if not user_has_confirmed_device(user=user):
                step = "accounts:two_factor_setup"
            query = f"?{urlencode({'next': next_url})}" if next_url else ""
            return f"{reverse(step)}{query}"
        if next_url:
            return next_url
        return reverse("core:staff_dashboard" if user.is_staff_member else "accounts:account")


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request):
    user = request.user
    if not user_has_confirmed_device(user=user):
        return redirect(f"{reverse('accounts:two_factor_setup')}?{request.GET.urlencode()}")
    default = reverse("core:staff_dashboard" if user.is_staff_member else "accounts:account")
    if user.is_verified():
        return redirect(next_url_or(request, default))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp_verify(request=request, user=user, token=form.cleaned_data["token"]):
            return redirect(next_url_or(request, default))
        form.add_error(
            "token",
            _("That code did not work. Wait for a new code and try again."),
        )
    return render(
        request, "accounts/two_factor.html", {"form": form, "next": next_url_or(request, "")}
    )


def _qr_svg_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    user = request.user
    if user_has_confirmed_device(user=user) and not user.is_verified():
        # Adding an authenticator needs the one already set up.
        return redirect(f"{reverse('accounts:two_factor')}?{request.GET.urlencode()}")
    device = totp_device_pending(user=user)
    form = TokenForm(request.POST or None)
    default = reverse("core:staff_dashboard" if user.is_staff_member else "accounts:account")
    if request.method == "POST" and form.is_valid():
        if totp_device_confirm(request=request, device=device, token=form.cleaned_data["token"]):
            messages.success(request, _("Your authenticator app is set up."))
            return redirect(next_url_or(request, default))
        form.add_error(
            "token", _("That code did not work. Check the time on your phone and try again.")
        )
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_code": _qr_svg_data_uri(device.config_url),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
            "next": next_url_or(request, ""),
        },
    )


@login_required
def account(request):
    user = request.user
    return render(
        request,
        "accounts/account.html",
        {"has_device": user_has_confirmed_device(user=user), "roles": user.role_names},
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_data(request):
    """See what Rehber holds about you, download it, or delete your account."""
    if request.user.is_staff_member and not request.user.is_verified():
        # A stolen staff password alone must not erase or read out the account.
        return redirect(f"{reverse('accounts:two_factor')}?{urlencode({'next': request.path})}")
    if request.method == "POST" and "download" in request.POST:
        data = user_data_export(user=request.user)
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
        response["Content-Disposition"] = 'attachment; filename="rehber-my-data.json"'
        return response
    form = EraseAccountForm(request.POST if "erase" in request.POST else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        if request.user.is_superuser:
            form.add_error(
                None,
                _("An administrator of the whole platform is removed by another administrator."),
            )
        else:
            user = request.user
            logout(request)
            user_erase(user=user, actor=user)
            messages.success(request, _("Your account and its data are deleted."))
            return redirect("core:home")
    return render(request, "accounts/my_data.html", {"form": form})


#: Sign-ups allowed from one IP address per hour.
SIGN_UPS_PER_ADDRESS_PER_HOUR = 10


@require_http_methods(["GET", "POST"])
def sign_up(request):
    """A new poster's account; it works once the link sent by e-mail is opened."""
    if request.user.is_authenticated:
        return redirect("accounts:account")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not throttle_hit(
            scope="sign-up",
            who=client_address(request),
            limit=SIGN_UPS_PER_ADDRESS_PER_HOUR,
            window_seconds=60 * 60,
        ):
            form.add_error(None, _("Too many new accounts from here. Please try again in an hour."))
        else:
            user, needs_link = user_sign_up(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                phone=form.cleaned_data["phone"],
                preferred_language=request.LANGUAGE_CODE,
            )
            confirm = reverse(
                "accounts:sign_up_confirm", kwargs={"token": sign_up_token_make(user=user)}
            )
            sent = sign_up_email_send(
                user=user,
                is_new=needs_link,
                confirm_url=request.build_absolute_uri(confirm),
                sign_in_url=request.build_absolute_uri(reverse("accounts:login")),
            )
            if sent:
                return redirect("accounts:sign_up_sent")
            # The account waits unconfirmed; signing up again sends a fresh link.
            form.add_error(
                None,
                _("We could not send the e-mail just now. Please try again in a few minutes."),
            )
    return render(request, "accounts/sign_up.html", {"form": form})


def sign_up_sent(request):
    return render(request, "accounts/sign_up_sent.html")


def sign_up_confirm(request, token):
    try:
        user_email_confirm(token=token)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:sign_up")
    messages.success(request, _("Your account is switched on. Please sign in."))
    return redirect("accounts:login")


#: "Choose a new password" e-mails one address may be sent per hour.
PASSWORD_RESETS_PER_EMAIL_PER_HOUR = 5
#: Requests for such e-mails from one IP address per hour (people share addresses in
#: aid centres and on mobile networks, so this is higher than per e-mail address).
PASSWORD_RESETS_PER_ADDRESS_PER_HOUR = 20


def password_reset_link_hours() -> int:
    """How long a reset link works, in whole hours, as the e-mail and the pages say it."""
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a link to choose a new password. Every answer is the same, account or not."""

    template_name = "accounts/password_reset.html"
    form_class = PasswordResetRequestForm
    subject_template_name = "accounts/email/password_reset_subject.txt"
    email_template_name = "accounts/email/password_reset.txt"
    success_url = reverse_lazy("accounts:password_reset_sent")

    @property
    def extra_email_context(self):
        return {"hours": password_reset_link_hours()}

    def form_valid(self, form):
        # Counted whether or not the address has an account, so limits reveal nothing.
        if not throttle_hit(
            scope="password-reset-address",
            who=client_address(self.request),
            limit=PASSWORD_RESETS_PER_ADDRESS_PER_HOUR,
            window_seconds=60 * 60,
        ):
            form.add_error(None, _("Too many requests from here. Please try again in an hour."))
            return self.form_invalid(form)
        if not throttle_hit(
            scope="password-reset-email",
            who=form.cleaned_data["email"],
            limit=PASSWORD_RESETS_PER_EMAIL_PER_HOUR,
            window_seconds=60 * 60,
        ):
            form.add_error(
                "email",
                _(
                    "Too many requests for this address. Look in your inbox and spam folder, "
                    "or try again in an hour."
                ),
            )
            return self.form_invalid(form)
        return super().form_valid(form)


def password_reset_sent(request):
    return render(
        request, "accounts/password_reset_sent.html", {"hours": password_reset_link_hours()}
    )


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Open the e-mailed link and choose the new password.

    Django checks the link, keeps its token in the session and redirects to an address
    without it (so it cannot leak to other sites), then asks for the password. The person
    is not signed in afterwards: they sign in with the new password, and staff still give
    their authenticator code. A wrong, used or expired link gets a page saying so.
    """

    template_name = "accounts/password_reset_confirm.html"
    form_class = PasswordResetSetForm
    success_url = reverse_lazy("accounts:password_reset_done")
    post_reset_login = False

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user_may_reset_password(user=user) else None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "client_ip": client_address(self.request)}


def password_reset_done(request):
    return render(request, "accounts/password_reset_done.html")
