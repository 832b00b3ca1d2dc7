from django.contrib import admin

from motcua.citizens.models import CitizenProfile


@admin.register(CitizenProfile)
class CitizenProfileAdmin(admin.ModelAdmin):
    list_display = ["full_name", "phone", "email", "identity_verified", "created_at"]
    search_fields = ["full_name", "phone", "email"]
    readonly_fields = [
        "identity_verified",
        "identity_provider",
        "identity_subject",
        "identity_assurance",
        "identity_verified_at",
        "created_at",
    ]
