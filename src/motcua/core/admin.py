from django.contrib import admin, messages
from django.utils import timezone

from motcua.core import services
from motcua.core.models import AuditEntry, CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name", "legal_ref", "province_code", "flag", "source"]
    list_filter = ["kind", "source", "flag", "province_code"]
    search_fields = ["name", "legal_ref"]
    date_hierarchy = "date"
    readonly_fields = ["source", "updated_at"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        services.save_calendar_day(
            actor=request.user,
            now=timezone.now(),
            day=data["date"],
            kind=data["kind"],
            name=data["name"],
            legal_ref=data.get("legal_ref", ""),
            province_code=data.get("province_code", ""),
            flag=data.get("flag", ""),
            instance=obj if change else None,
        )

    def delete_model(self, request, obj):
        services.delete_calendar_day(actor=request.user, now=timezone.now(), instance=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
        messages.info(request, "Đã xóa và ghi nhật ký.")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
