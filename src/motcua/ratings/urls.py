"""Page URLs of the ratings package."""

from django.urls import path

from motcua.ratings import views

app_name = "ratings"

urlpatterns = [
    path("danh-gia/ho-so/", views.dossier_form, name="dossier"),
    path("danh-gia/quay/<str:agency>/", views.kiosk, name="kiosk"),
    path("danh-gia/quay/<str:agency>/ho-so/", views.kiosk_dossier, name="kiosk_dossier"),
    path("danh-gia/quay/<str:agency>/gui/", views.kiosk_rate, name="kiosk_rate"),
]
