from django.contrib import admin, messages
from django.utils import timezone

from motcua.catalog import services
from motcua.catalog.models import (
    Component,
    InternalProcess,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    ProcessStep,
    PublicationDecision,
    Sector,
    VersionAgency,
    VersionStatus,
)


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class VersionInline(admin.TabularInline):
    model = ProcedureVersion
    fields = ["number", "status", "change_type", "effective_from", "effective_to", "decision"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "sector", "level", "online_level", "boundary_free", "is_active"]
    list_filter = ["level", "online_level", "boundary_free", "is_internal", "is_active", "sector"]
    search_fields = ["code", "name", "name_folded"]
    readonly_fields = ["is_active"]
    inlines = [VersionInline]
    list_select_related = ["sector"]


class ReadOnlyWhenPublished:
    def _published(self, obj) -> bool:
        version = obj if isinstance(obj, ProcedureVersion) else getattr(obj, "version", None)
        return bool(version and version.status == VersionStatus.PUBLISHED)

    def has_change_permission(self, request, obj=None):
        return not self._published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._published(obj) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        if isinstance(self, admin.options.InlineModelAdmin):
            return not self._published(obj) and super().has_add_permission(request, obj)
        return super().has_add_permission(request)


class VersionAgencyInline(ReadOnlyWhenPublished, admin.TabularInline):
    model = VersionAgency
    extra = 0
    raw_id_fields = ["agency"]


class CaseInline(ReadOnlyWhenPublished, admin.StackedInline):
    model = ProcedureCase
    extra = 0
    show_change_link = True


class ComponentInline(ReadOnlyWhenPublished, admin.TabularInline):
    model = Component
    extra = 0
    fields = ["order", "name", "copy_type", "quantity", "required", "form_template"]


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(ReadOnlyWhenPublished, admin.ModelAdmin):
    list_display = [
        "procedure",
        "number",
        "status",
        "change_type",
        "effective_from",
        "effective_to",
    ]
    list_filter = ["status", "change_type", "level"]
    search_fields = ["procedure__code", "name"]
    raw_id_fields = ["procedure", "decision", "replaces"]
    inlines = [VersionAgencyInline, CaseInline, ComponentInline]
    list_select_related = ["procedure"]


class StepInline(admin.TabularInline):
    model = ProcessStep
    extra = 0


@admin.register(InternalProcess)
class InternalProcessAdmin(admin.ModelAdmin):
    list_display = ["code", "case", "province", "agency", "status", "approval_ref"]
    list_filter = ["status"]
    search_fields = ["code", "case__version__procedure__code"]
    raw_id_fields = ["case", "province", "agency"]
    readonly_fields = ["status", "approved_at"]
    inlines = [StepInline]
    actions = ["approve"]

    @admin.action(description="Phê duyệt quy trình đã chọn (kiểm tra tổng thời gian)")
    def approve(self, request, queryset):
        for process in queryset.select_related("case"):
            try:
                services.approve_process(
                    process,
                    approval_ref=process.approval_ref or "Phê duyệt trên hệ thống",
                    actor=request.user,
                    now=timezone.now(),
                )
            except services.CatalogError as exc:
                messages.error(request, f"{process.code}: {exc}")


@admin.register(PublicationDecision)
class PublicationDecisionAdmin(admin.ModelAdmin):
    list_display = ["number", "date", "effective_date", "signer", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["number", "title"]
    readonly_fields = ["is_published", "published_at"]
    raw_id_fields = ["issuer"]
    actions = ["publish"]

    @admin.action(description="Công bố quyết định đã chọn")
    def publish(self, request, queryset):
        for decision in queryset:
            try:
                services.publish_decision(decision, actor=request.user, now=timezone.now())
                messages.success(request, f"Đã công bố {decision}.")
            except services.CatalogError as exc:
                messages.error(request, f"{decision.number}: {exc}")
