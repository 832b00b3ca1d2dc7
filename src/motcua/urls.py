from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Quản trị motcua"
admin.site.site_title = "Quản trị motcua"
admin.site.index_title = "Cấu hình hệ thống"

urlpatterns = [
    path("quan-tri/", admin.site.urls),
    path("api/", include("motcua.api.urls")),
    path("can-bo/", include("motcua.backoffice.urls")),
    path("", include("motcua.portal.urls")),
]
