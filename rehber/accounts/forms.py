from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from rehber.accounts.models import User
from rehber.accounts.selectors import user_for_password_reset
from rehber.accounts.services import user_password_reset


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    error_messages = {
        "invalid_login": _("The e-mail address or the password is wrong. Please try again."),
        "inactive": _("This account is switched off."),
    }


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("6-digit code from your authenticator app"),
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        max_length=8,
        error_messages={"invalid": _("Type the 6 digits your app shows, like 123456.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )

    def clean_token(self):
        return self.cleaned_data["token"].replace(" ", "")


class EraseAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password, to confirm"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That password is not right."))
        return password


class SignUpForm(forms.Form):
    """A poster's account: an e-mail address to confirm, a password, a phone number if they like."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=128,
        help_text=_("At least 10 characters. A few words you remember are good."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    phone = forms.RegexField(
        label=_("Phone number (optional)"),
        required=False,
        max_length=32,
        regex=r"^[0-9+()\s.\-٠-٩۰-۹]{7,32}$",
        help_text=_("Only shown to someone you agree to share it with."),
        error_messages={"invalid": _("Type only digits, spaces and +, like +90 532 123 45 67.")},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "dir": "ltr"}),
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            try:
                password_validation.validate_password(
                    password, user=User(email=cleaned.get("email", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class PasswordResetRequestForm(PasswordResetForm):
    """An e-mail address to send a "choose a new password" link to, if it has an account."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def get_users(self, email):
        user = user_for_password_reset(email=email)
        return [] if user is None else [user]

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        """Write the e-mail, and the page the link opens, in the account's language.

        Django sends it and, if the mail server fails, logs only the account's number.
        """
        language = context["user"].preferred_language or translation.get_language()
        with translation.override(language):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class PasswordResetSetForm(SetPasswordForm):
    """The new password, twice, checked by the password validators."""

    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        max_length=128,
        help_text=_("At least 10 characters. A few words you remember are good."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "autofocus": True}),
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    error_messages = {
        "password_mismatch": _("The two passwords are not the same. Please type them again."),
    }

    def __init__(self, user, *args, client_ip: str = "", **kwargs):
        super().__init__(user, *args, **kwargs)
        self.client_ip = client_ip

    def clean(self):
        # Unlike Django's form, say what is wrong with a password next to its first field.
        self.validate_passwords("new_password1", "new_password2")
        if not self.has_error("new_password2"):
            self.validate_password_for_user(self.user, "new_password1")
        return self.cleaned_data

    def save(self, commit=True):
        return user_password_reset(
            user=self.user, password=self.cleaned_data["new_password1"], client_ip=self.client_ip
        )
