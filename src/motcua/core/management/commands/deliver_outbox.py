import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from motcua.core import outbox


class Command(BaseCommand):
    help = "Gửi các thư trong hộp thư đi (outbox) theo thứ tự; --loop để chạy liên tục."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Chạy liên tục (worker)")
        parser.add_argument("--interval", type=float, default=5.0, help="Giây giữa hai lượt")

    def handle(self, *args, loop, interval, **options):
        while True:
            stats = outbox.deliver(now=timezone.now(), limit=500)
            if stats["delivered"] or stats["failed"] or not loop:
                self.stdout.write(
                    f"Đã gửi {stats['delivered']}, lỗi {stats['failed']}, chờ {stats['skipped']}."
                )
            if not loop:
                return
            time.sleep(interval)
