from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "motcua.sync"
    label = "sync"
    verbose_name = "Đồng bộ, thông báo"

    def ready(self) -> None:
        # Built-in channel plug-ins, then the outbox handler of citizen notifications.
        from motcua.sync import handlers  # noqa: F401
        from motcua.sync.contrib import email, sms_file  # noqa: F401
