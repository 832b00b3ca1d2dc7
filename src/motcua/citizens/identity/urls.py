from django.urls import path

from motcua.citizens.identity import views

app_name = "identity"

urlpatterns = [
    path("tai-khoan/dinh-danh/", views.account, name="account"),
    path("tai-khoan/dinh-danh/<slug:key>/dang-nhap/", views.start_login, name="login"),
    path("tai-khoan/dinh-danh/<slug:key>/lien-ket/", views.start_link, name="link"),
    path("tai-khoan/dinh-danh/<slug:key>/xac-thuc/", views.callback, name="callback"),
]
