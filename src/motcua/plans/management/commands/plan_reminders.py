"""Nhắc hạn nhiệm vụ kế hoạch: queue reminders, deliver them through the notification log."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from motcua.core import outbox
from motcua.plans import services


class Command(BaseCommand):
    help = "Gửi nhắc hạn các nhiệm vụ kế hoạch sắp đến hạn hoặc đã quá hạn (chạy hằng ngày)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Số ngày coi là sắp đến hạn")

    def handle(self, *args, days=None, **options):
        now = timezone.now()
        queued = services.queue_reminders(now=now, days=days)
        delivered = outbox.deliver(now=now, limit=1000, topics={services.REMIND_TOPIC})
        self.stdout.write(
            f"Nhắc hạn: {queued} kỳ thực hiện; đã chuyển {delivered['delivered']} thông báo."
        )
