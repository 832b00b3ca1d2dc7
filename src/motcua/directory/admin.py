from django.contrib import admin
from django.utils import timezone

from motcua.directory import services
from motcua.directory.models import (
    AdminUnit,
    Agency,
    AgencyType,
    Delegation,
    Department,
    StaffRole,
)


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind", ("valid_to", admin.EmptyFieldListFilter)]
    search_fields = ["code", "name", "name_folded"]
    raw_id_fields = ["parent"]
    filter_horizontal = ["successors"]
    list_select_related = ["parent"]


@admin.register(AgencyType)
class AgencyTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "is_service_centre", "is_supervising_office"]


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "electronic_id", "agency_type", "unit", "is_active"]
    list_filter = ["agency_type", "is_active"]
    search_fields = ["name", "code", "electronic_id", "name_folded"]
    raw_id_fields = ["unit", "parent"]
    list_select_related = ["agency_type", "unit"]
    inlines = [DepartmentInline]


@admin.register(StaffRole)
class StaffRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "agency", "department", "title"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__last_name", "agency__name"]
    raw_id_fields = ["agency", "department"]
    list_select_related = ["user", "agency", "department"]


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["delegator", "delegate", "agency", "valid_from", "valid_to", "revoked_at"]
    raw_id_fields = ["agency"]
    fields = [
        "agency",
        "delegator",
        "delegate",
        "role",
        "valid_from",
        "valid_to",
        "reason",
        "decision_ref",
    ]
    actions = ["revoke"]

    def has_change_permission(self, request, obj=None):
        return obj is None  # recorded delegations are not edited; revoke and record anew

    def save_model(self, request, obj, form, change):
        d = form.cleaned_data
        created = services.delegate_authority(
            actor=request.user,
            now=timezone.now(),
            agency=d["agency"],
            delegator=d["delegator"],
            delegate=d["delegate"],
            valid_from=d["valid_from"],
            valid_to=d["valid_to"],
            reason=d["reason"],
            decision_ref=d.get("decision_ref", ""),
            role=d["role"],
        )
        obj.pk = created.pk

    @admin.action(description="Thu hồi ủy quyền đã chọn")
    def revoke(self, request, queryset):
        for delegation in queryset.filter(revoked_at__isnull=True):
            services.revoke_delegation(
                actor=request.user, now=timezone.now(), delegation=delegation
            )
