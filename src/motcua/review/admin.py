from django.contrib import admin

from motcua.review.models import HourlyIncome, ReviewPlan


@admin.register(HourlyIncome)
class HourlyIncomeAdmin(admin.ModelAdmin):
    list_display = ["year", "amount", "source", "updated_at"]
    readonly_fields = ["updated_at", "updated_by"]

    def save_model(self, request, obj, form, change):
        from django.utils import timezone

        obj.updated_at, obj.updated_by = timezone.now(), request.user
        super().save_model(request, obj, form, change)


@admin.register(ReviewPlan)
class ReviewPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "agency", "year", "status"]
    list_filter = ["year", "status"]
    raw_id_fields = ["agency"]
