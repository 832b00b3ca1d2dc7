from django.contrib import admin

from motcua.reports.models import ReportJob


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    """Read-only list of the reports produced (files are downloaded from the report page)."""

    list_display = ["format", "scope_name", "start", "end", "status", "progress", "requested_at"]
    list_filter = ["format", "status"]
    exclude = ["content"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
