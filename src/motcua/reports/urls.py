"""Page URLs of the reports package."""

from django.urls import path

from motcua.reports import views

app_name = "reports"

urlpatterns = [
    path("giam-sat/bieu-06/", views.bieu06_page, name="bieu06"),
    path("giam-sat/bao-cao/", views.create_job, name="create"),
    path("giam-sat/bao-cao/<int:pk>/", views.job_page, name="job"),
    path("giam-sat/bao-cao/<int:pk>/tai-ve/", views.job_file, name="file"),
]
