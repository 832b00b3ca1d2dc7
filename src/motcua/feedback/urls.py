"""Page URLs of the feedback package."""

from django.urls import path

from motcua.feedback import views

app_name = "feedback"

urlpatterns = [
    path("phan-anh-kien-nghi/", views.home, name="home"),
    path("phan-anh-kien-nghi/gui/", views.submit, name="submit"),
    path("phan-anh-kien-nghi/bien-nhan/<str:code>/", views.receipt, name="receipt"),
    path("phan-anh-kien-nghi/tra-cuu/", views.track, name="track"),
    path(
        "phan-anh-kien-nghi/tra-cuu/<str:code>/<str:what>/",
        views.sender_action,
        name="sender-action",
    ),
    path("phan-anh-kien-nghi/van-ban/<str:code>/", views.answer_file, name="answer-file"),
    path("phan-anh-kien-nghi/tep/<str:code>/<uuid:file_id>/", views.attachment, name="attachment"),
    path("phan-anh-kien-nghi/cong-khai/", views.published_list, name="published"),
    path(
        "phan-anh-kien-nghi/cong-khai/<str:code>/", views.published_detail, name="published-detail"
    ),
    path("phan-anh-kien-nghi/cua-toi/", views.mine, name="mine"),
    path("can-bo/phan-anh-kien-nghi/", views.worklist, name="worklist"),
    path("can-bo/phan-anh-kien-nghi/tiep-nhan/", views.desk, name="desk"),
    path("can-bo/phan-anh-kien-nghi/nhap/", views.import_view, name="import"),
    path("can-bo/phan-anh-kien-nghi/bao-cao/", views.report_view, name="report"),
    path("can-bo/phan-anh-kien-nghi/<str:code>/", views.staff_detail, name="staff-detail"),
]
