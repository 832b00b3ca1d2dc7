from django.contrib import admin

from motcua.feedback.models import DeadlineProfile, Petition


@admin.register(DeadlineProfile)
class DeadlineProfileAdmin(admin.ModelAdmin):
    """Stricter local deadlines (the model's validators refuse anything looser than the law)."""

    list_display = [
        "province_code",
        "reject_days",
        "supplement_days",
        "transfer_days",
        "handle_days",
        "publish_days",
        "legal_basis",
    ]


@admin.register(Petition)
class PetitionAdmin(admin.ModelAdmin):
    """Read-only: petitions change only through the services (their history is a log)."""

    list_display = ["code", "title", "agency", "state", "received_at", "due_at"]
    list_filter = ["state", "channel", "national_class"]
    search_fields = ["code", "title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
