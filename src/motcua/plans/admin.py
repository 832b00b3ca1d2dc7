"""Admin of plans and inspections: read and light corrections; imports and progress go through
the staff screens (services), not here."""

from django.contrib import admin

from motcua.plans.models import Finding, Inspection, InspectionPlan, Plan, PlanTask


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "owner_kind", "agency", "year", "parent")
    list_filter = ("year", "owner_kind")
    search_fields = ("number", "title")
    raw_id_fields = ("unit", "agency", "parent", "created_by")
    readonly_fields = ("created_at", "created_by", "source_name")


@admin.register(PlanTask)
class PlanTaskAdmin(admin.ModelAdmin):
    list_display = ("plan", "number", "deadline_text", "schedule_kind", "due_on")
    list_filter = ("schedule_kind",)
    search_fields = ("content", "deadline_text", "lead")
    raw_id_fields = ("plan", "section", "depends_on")
    readonly_fields = ("deadline_text", "schedule")


@admin.register(InspectionPlan)
class InspectionPlanAdmin(admin.ModelAdmin):
    list_display = ("title", "agency", "year", "target_share")
    raw_id_fields = ("unit", "agency", "plan", "created_by")


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = ("plan", "agency", "scheduled_on", "inspected_on", "status")
    list_filter = ("status",)
    raw_id_fields = ("plan", "agency")


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ("inspection", "due_on", "status")
    list_filter = ("status",)
    raw_id_fields = ("inspection",)
