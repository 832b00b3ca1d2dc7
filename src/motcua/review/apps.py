from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "motcua.review"
    label = "review"
    verbose_name = "Rà soát, đơn giản hóa TTHC"
