from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Quản trị motcua"
admin.site.site_title = "Quản trị motcua"
admin.site.index_title = "Cấu hình hệ thống"

urlpatterns = [
    path("quan-tri/", admin.site.urls),
    path("api/", include("motcua.api.urls")),
    path("api/v1/", include("motcua.documents.api_urls")),
    path("api/v1/", include("motcua.payments.api_urls")),
    path("api/v1/", include("motcua.ratings.api_urls")),
    path("api/v1/", include("motcua.sync.api_urls")),
    path("api/v1/", include("motcua.feedback.api_urls")),
    path("api/v1/", include("motcua.indicators.api_urls")),
    path("api/v1/", include("motcua.reports.api_urls")),
    path("api/v1/", include("motcua.plans.api_urls")),
    path("api/v1/", include("motcua.review.api_urls")),
    path("", include("motcua.documents.urls")),
    path("", include("motcua.payments.urls")),
    path("", include("motcua.ratings.urls")),
    path("", include("motcua.sync.urls")),
    path("", include("motcua.feedback.urls")),
    path("", include("motcua.indicators.urls")),
    path("", include("motcua.reports.urls")),
    path("", include("motcua.plans.urls")),
    path("", include("motcua.review.urls")),
    path("", include("motcua.citizens.identity.urls")),
    path("can-bo/", include("motcua.backoffice.urls")),
    path("", include("motcua.portal.urls")),
]
