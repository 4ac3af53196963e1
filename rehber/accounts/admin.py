from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from rehber.accounts.models import User
from rehber.accounts.roles import Role
from rehber.accounts.services import user_roles_set


class UserAdminForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("Staff roles"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = User
        fields = ["email", "phone", "preferred_language", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["roles"].initial = sorted(self.instance.role_names)


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    """Users and their roles. Roles change through ``user_roles_set``, which audits."""

    form = UserAdminForm
    list_display = ["email", "is_active", "is_staff", "date_joined", "last_login"]
    list_filter = ["is_active", "is_staff", "groups"]
    search_fields = ["email"]
    ordering = ["email"]
    readonly_fields = ["is_staff", "date_joined", "last_login"]

    def has_add_permission(self, request):
        return False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user_roles_set(user=form.instance, roles=form.cleaned_data["roles"], actor=request.user)


class AuthenticatorAdmin(admin.ModelAdmin):
    """Staff authenticators, without their secret keys. Delete one to let a person
    who lost their phone set up a new app at next sign-in. Registered in
    ``RehberAdminConfig.ready`` in place of django-otp's own admin."""

    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__email"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
