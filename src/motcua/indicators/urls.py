"""Page URLs of the indicators package."""

from django.urls import path

from motcua.indicators import views

app_name = "indicators"

urlpatterns = [
    path("giam-sat/", views.home, name="home"),
    path("giam-sat/chi-so/<str:ident>/", views.indicator_list, name="list"),
]
