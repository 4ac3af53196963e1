"""Administrators link providers to organizations and keep the holiday calendar
and the dates when a place keeps other hours."""

from django.contrib import admin

from rehber.directory import services
from rehber.directory.models import (
    HoursException,
    ProviderMembership,
    PublicHoliday,
    RamadanPeriod,
)


@admin.register(ProviderMembership)
class ProviderMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "created_at"]
    raw_id_fields = ["user", "organization"]

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        """Through the service, so the link is audited."""
        membership = services.provider_membership_add(
            user=obj.user, organization=obj.organization, actor=request.user
        )
        obj.pk = membership.pk


@admin.register(PublicHoliday)
class PublicHolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "__str__"]


@admin.register(RamadanPeriod)
class RamadanPeriodAdmin(admin.ModelAdmin):
    list_display = ["start", "end"]


@admin.register(HoursException)
class HoursExceptionAdmin(admin.ModelAdmin):
    """Other hours of one place on one date; hours as [["10:00", "13:00"]], empty = closed."""

    list_display = ["date", "point"]
    raw_id_fields = ["point"]
    date_hierarchy = "date"
