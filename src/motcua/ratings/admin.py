from django.contrib import admin

from motcua.ratings.models import Rating, RatingOfficer


class RatingOfficerInline(admin.TabularInline):
    model = RatingOfficer
    extra = 0
    fields = ["officer", "agency", "role"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    """Read-only: ratings are given by applicants (services.rate), never edited by staff."""

    list_display = ["dossier", "level", "channel", "competent_agency", "created_at", "changes"]
    list_filter = ["level", "channel", "competent_agency"]
    search_fields = ["dossier__code", "comment"]
    date_hierarchy = "created_at"
    inlines = [RatingOfficerInline]
    list_select_related = ["dossier", "competent_agency"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
