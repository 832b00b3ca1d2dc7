from django.apps import AppConfig


class CitizensConfig(AppConfig):
    name = "motcua.citizens"
    label = "citizens"
    verbose_name = "Tài khoản công dân, tổ chức"

    def ready(self) -> None:
        from motcua.citizens.identity import checks  # noqa: F401  (registers the check)
