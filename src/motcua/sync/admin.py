from django.contrib import admin, messages
from django.utils import timezone

from motcua.sync import services
from motcua.sync.models import NotificationDelivery, NotificationPreference


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["id_number", "email", "sms", "updated_at", "updated_by"]
    list_filter = ["email", "sms"]
    search_fields = ["id_number"]
    readonly_fields = ["updated_at", "updated_by"]

    def save_model(self, request, obj, form, change):
        services.set_preference(
            id_number=obj.id_number,
            email=obj.email,
            sms=obj.sms,
            actor=request.user,
            now=timezone.now(),
        )


@admin.register(NotificationDelivery)
class NotificationDeliveryAdmin(admin.ModelAdmin):
    """Read-only log; the only action is a person's decision to send again."""

    list_display = [
        "id",
        "dossier",
        "action",
        "channel",
        "recipient",
        "status",
        "attempts",
        "sent_at",
        "next_try_at",
    ]
    list_filter = ["status", "channel", "plugin", "action"]
    search_fields = ["dossier", "recipient"]
    actions = ["resend"]

    @admin.action(description="Gửi lại (đã kiểm tra người nhận chưa nhận được)")
    def resend(self, request, queryset):
        n = services.resend(queryset, actor=request.user, now=timezone.now())
        messages.info(request, f"Đã đưa {n} thông báo vào hàng chờ gửi lại.")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
