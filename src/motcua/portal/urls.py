from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.views.generic import TemplateView

from motcua.portal import accounts, mine, submission, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.procedures, name="procedures"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure"),
    path("tra-cuu-ho-so/", views.track, name="track"),
    path("nop-ho-so/<str:code>/", submission.submit, name="submit"),
    path("tai-khoan/", accounts.account, name="account"),
    path("tai-khoan/ho-so/<str:ref>/", mine.dossier, name="my-dossier"),
    path("tai-khoan/ho-so/<str:ref>/mau/<str:kind>/", mine.dossier_form, name="my-dossier-form"),
    path("tai-khoan/giay-to/", mine.my_documents, name="my-documents"),
    path("tai-khoan/tep/<uuid:file_id>/", mine.my_file, name="my-file"),
    path("tai-khoan/thong-bao/", mine.notifications, name="notifications"),
    path("tai-khoan/dang-ky/", accounts.sign_up, name="sign-up"),
    path("tai-khoan/dang-nhap/", accounts.CitizenLoginView.as_view(), name="login"),
    path(
        "tai-khoan/dang-xuat/",
        auth_views.LogoutView.as_view(next_page=reverse_lazy("portal:home")),
        name="logout",
    ),
    path("tai-khoan/quen-mat-khau/", accounts.ResetView.as_view(), name="reset"),
    path(
        "tai-khoan/quen-mat-khau/da-gui/",
        TemplateView.as_view(template_name="portal/account/reset_sent.html"),
        name="reset-sent",
    ),
    path(
        "tai-khoan/dat-lai/<uidb64>/<token>/",
        accounts.ResetConfirmView.as_view(),
        name="reset-confirm",
    ),
    path(
        "tai-khoan/dat-lai/xong/",
        TemplateView.as_view(template_name="portal/account/reset_done.html"),
        name="reset-done",
    ),
]
