"""API URLs of the documents package (mounted under /api/v1/)."""

from django.urls import path

from motcua.documents import api

app_name = "documents_api"

_component = "documents/dossiers/<int:pk>/components/<int:cid>"

urlpatterns = [
    path("documents/dossiers/<int:pk>", api.DossierDocuments.as_view(), name="dossier"),
    path(f"{_component}/files", api.ComponentFiles.as_view(), name="component-files"),
    path(f"{_component}/certify", api.ComponentCertify.as_view(), name="component-certify"),
    path(
        f"{_component}/not-scanned",
        api.ComponentNotScanned.as_view(),
        name="component-not-scanned",
    ),
    path(f"{_component}/reuse", api.ComponentReuse.as_view(), name="component-reuse"),
    path(f"{_component}/reopen", api.ComponentReopen.as_view(), name="component-reopen"),
    path("documents/dossiers/<int:pk>/e-results", api.IssueResult.as_view(), name="issue"),
    path("documents/verify", api.Verify.as_view(), name="verify"),
    path("documents/store/<str:id_number>", api.ApplicantStore.as_view(), name="store"),
    path("documents/files/<uuid:file_id>", api.FileDownload.as_view(), name="file"),
]
