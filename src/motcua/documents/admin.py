"""Read-only admin views: documents change only through the services."""

from django.contrib import admin

from motcua.documents.models import (
    ComponentDigitisation,
    DigitisedDocument,
    DocumentReuse,
    ElectronicResult,
    StoredFile,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(StoredFile)
class StoredFileAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "kind", "size", "pages", "purpose", "sha256", "created_at"]
    list_filter = ["kind", "purpose", "storage"]
    search_fields = ["sha256", "original_name"]


@admin.register(ComponentDigitisation)
class ComponentDigitisationAdmin(ReadOnlyAdmin):
    list_display = ["component", "state", "source", "not_scanned", "certified_name", "certified_at"]
    list_filter = ["state", "source", "not_scanned"]
    search_fields = ["component__dossier__code", "component__name"]
    list_select_related = ["component"]


@admin.register(DigitisedDocument)
class DigitisedDocumentAdmin(ReadOnlyAdmin):
    list_display = ["owner_id_number", "title", "kind", "code", "issuer", "created_at"]
    list_filter = ["kind"]
    search_fields = ["owner_id_number", "code", "title"]


@admin.register(DocumentReuse)
class DocumentReuseAdmin(ReadOnlyAdmin):
    list_display = ["component", "document", "reused_at"]
    list_select_related = ["component", "document"]


@admin.register(ElectronicResult)
class ElectronicResultAdmin(ReadOnlyAdmin):
    list_display = ["code", "agency", "signer_subject", "signed_at", "issued_at", "revoked_at"]
    search_fields = ["code"]
    list_select_related = ["agency"]
