from django.contrib.auth import views as auth_views
from django.urls import path

from motcua.backoffice import views

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
]
