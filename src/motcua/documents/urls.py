"""Page URLs of the documents package (included at the site root)."""

from django.urls import path

from motcua.documents import views

app_name = "documents"

urlpatterns = [
    path("can-bo/so-hoa/ho-so/<int:pk>/", views.digitisation, name="digitisation"),
    path(
        "can-bo/so-hoa/ho-so/<int:pk>/ket-qua-dien-tu/",
        views.issue_result,
        name="issue-result",
    ),
    path("tai-lieu/<uuid:file_id>/", views.download, name="download"),
    path("xac-thuc-ket-qua/", views.verify, name="verify"),
    path("xac-thuc-ket-qua/<str:code>/", views.verify_code, name="verify-code"),
]
