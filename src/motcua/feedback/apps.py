from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "motcua.feedback"
    label = "feedback"
    verbose_name = "Phản ánh, kiến nghị"

    def ready(self) -> None:
        # The outbox handler of the sender's notifications (topic "feedback.notify").
        from motcua.feedback import notify  # noqa: F401
