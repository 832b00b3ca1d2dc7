from django.contrib import admin

from motcua.indicators.models import PlanTarget, RuleProfile


@admin.register(RuleProfile)
class RuleProfileAdmin(admin.ModelAdmin):
    """A change of the national method is a new profile with its effective date."""

    list_display = ["code", "name", "effective_from"]
    search_fields = ["code", "name"]


@admin.register(PlanTarget)
class PlanTargetAdmin(admin.ModelAdmin):
    list_display = ["scope_kind", "scope_id", "year", "measure", "target", "source"]
    list_filter = ["year", "measure", "scope_kind"]
