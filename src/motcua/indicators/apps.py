from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "motcua.indicators"
    label = "indicators"
    verbose_name = "Chỉ số đánh giá (Quyết định 766/QĐ-TTg) và chỉ tiêu kế hoạch"

    def ready(self) -> None:
        from motcua.indicators import signals

        signals.connect()
