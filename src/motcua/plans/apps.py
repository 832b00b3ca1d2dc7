from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "motcua.plans"
    label = "plans"
    verbose_name = "Kế hoạch kiểm soát TTHC"

    def ready(self) -> None:
        from motcua.plans import handlers  # noqa: F401  (outbox topic plans.remind)
