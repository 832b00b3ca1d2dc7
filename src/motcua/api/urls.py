from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from motcua.api import dossiers, views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("v1/auth/token", views.TokenView.as_view(), name="token"),
    path("v1/me", views.MeView.as_view(), name="me"),
    path("v1/calendar/due", views.DueView.as_view(), name="calendar-due"),
    path("v1/calendar/days", views.CalendarDayList.as_view(), name="calendar-days"),
    path("v1/calendar/days/<int:pk>", views.CalendarDayDetail.as_view(), name="calendar-day"),
    path("v1/units", views.UnitList.as_view(), name="units"),
    path("v1/agencies", views.AgencyList.as_view(), name="agencies"),
    path("v1/procedures", views.ProcedureList.as_view(), name="procedures"),
    path("v1/procedures/<str:code>", views.ProcedureDetail.as_view(), name="procedure"),
    path(
        "v1/procedures/<str:code>/versions",
        views.ProcedureVersions.as_view(),
        name="procedure-versions",
    ),
    path("v1/decisions", views.DecisionList.as_view(), name="decisions"),
    path("v1/decisions/<int:pk>", views.DecisionDetail.as_view(), name="decision"),
    path("v1/decisions/<int:pk>/publish", views.DecisionPublish.as_view(), name="decision-publish"),
    path("v1/processes/<int:pk>/approve", views.ProcessApprove.as_view(), name="process-approve"),
    path("v1/catalog/import", views.CatalogImport.as_view(), name="catalog-import"),
    path("v1/catalog/export", views.CatalogExport.as_view(), name="catalog-export"),
    path("v1/dossiers", dossiers.DossierListCreate.as_view(), name="dossiers"),
    path("v1/dossiers/import", dossiers.DossierImport.as_view(), name="dossier-import"),
    path("v1/dossiers/by-code/<str:code>", dossiers.DossierByCode.as_view(), name="dossier-code"),
    path("v1/dossiers/<int:pk>", dossiers.DossierDetail.as_view(), name="dossier"),
    path(
        "v1/dossiers/<int:pk>/actions/<str:action>",
        dossiers.DossierAction.as_view(),
        name="dossier-action",
    ),
    path(
        "v1/dossiers/<int:pk>/forms/<str:kind>.pdf",
        dossiers.DossierForm.as_view(),
        name="dossier-form",
    ),
    path("v1/receipt-book", dossiers.ReceiptBook.as_view(), name="receipt-book"),
]
