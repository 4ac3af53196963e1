from django.contrib import admin

from rehber.core.models import AuditEntry, District, Language, Province


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["code", "native_name", "english_name", "direction", "enabled", "position"]
    list_editable = ["enabled", "position"]


class DistrictInline(admin.TabularInline):
    model = District
    extra = 0


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name_tr", "name_en", "name_ar", "name_fa"]
    search_fields = ["name_tr", "name_en", "name_ar", "name_fa"]
    inlines = [DistrictInline]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "actor", "target_type", "target_id"]
    list_filter = ["action"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
