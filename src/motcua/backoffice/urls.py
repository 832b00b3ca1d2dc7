from django.contrib.auth import views as auth_views
from django.urls import path

from motcua.backoffice import dossier_views, views

app_name = "backoffice"

urlpatterns = [
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(template_name="backoffice/login.html"),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.home, name="home"),
    path("lich-lam-viec/", views.calendar, name="calendar"),
    path("nhap-danh-muc/", views.catalog_import, name="catalog-import"),
    # dossiers (hồ sơ)
    path("ho-so/", dossier_views.workqueue, name="dossiers"),
    path("ho-so/dem/", dossier_views.queue_summary, name="dossier-summary"),
    path("ho-so/tiep-nhan/", dossier_views.intake, name="intake"),
    path("ho-so/tiep-nhan/thu-tuc/", dossier_views.intake_procedures, name="intake-procedures"),
    path("ho-so/tiep-nhan/truong-hop/", dossier_views.intake_case, name="intake-case"),
    path("ho-so/so-theo-doi/", dossier_views.receipt_book, name="receipt-book"),
    path(
        "ho-so/so-theo-doi/<int:year>.pdf",
        dossier_views.receipt_book_pdf,
        name="receipt-book-pdf",
    ),
    path("ho-so/tra-cuu/", dossier_views.lookup, name="dossier-lookup"),
    path("ho-so/<int:pk>/", dossier_views.dossier_detail, name="dossier"),
    path(
        "ho-so/<int:pk>/thao-tac/<slug:action>/",
        dossier_views.dossier_action,
        name="dossier-action",
    ),
    path(
        "ho-so/<int:pk>/mau/<slug:kind>.pdf",
        dossier_views.dossier_form_pdf,
        name="dossier-form",
    ),
]
