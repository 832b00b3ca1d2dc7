"""Read-only admin of fees and payments: every change goes through the services."""

from django.contrib import admin

from motcua.payments.models import (
    CallbackLog,
    Invoice,
    InvoiceLine,
    Payment,
    SandboxRefund,
    SandboxTransaction,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class LineInline(admin.TabularInline):
    model = InvoiceLine
    extra = 0
    can_delete = False
    fields = ["position", "name", "mode", "amount", "exempt", "exemption_note", "payable"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class PaymentInline(admin.TabularInline):
    model = Payment
    extra = 0
    can_delete = False
    fields = ["method", "provider", "amount", "status", "receipt_number", "txn_ref", "paid_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Invoice)
class InvoiceAdmin(ReadOnly):
    list_display = ["dossier", "status", "total", "created_at", "paid_at"]
    list_filter = ["status"]
    search_fields = ["dossier__code", "dossier__submission_ref"]
    inlines = [LineInline, PaymentInline]
    list_select_related = ["dossier"]


@admin.register(Payment)
class PaymentAdmin(ReadOnly):
    list_display = ["invoice", "method", "provider", "amount", "status", "paid_at", "refunded_at"]
    list_filter = ["method", "status", "provider"]
    search_fields = ["txn_ref", "provider_txn_no", "receipt_number", "invoice__dossier__code"]
    list_select_related = ["invoice__dossier"]


@admin.register(CallbackLog)
class CallbackLogAdmin(ReadOnly):
    list_display = ["received_at", "provider", "kind", "txn_ref", "response_code", "verdict"]
    list_filter = ["provider", "kind", "accepted", "verdict"]
    search_fields = ["txn_ref", "transaction_no"]


@admin.register(SandboxTransaction)
class SandboxTransactionAdmin(ReadOnly):
    list_display = ["txn_ref", "transaction_no", "amount", "status", "created_at", "ipn_attempts"]
    list_filter = ["status"]
    search_fields = ["txn_ref", "transaction_no"]


@admin.register(SandboxRefund)
class SandboxRefundAdmin(ReadOnly):
    list_display = ["request_id", "refund_no", "transaction", "amount", "created_at"]
