import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from motcua.sync import services


class Command(BaseCommand):
    help = (
        "Gửi thông báo cho công dân từ hộp thư đi (citizen.notify) và gửi lại các lần lỗi; "
        "--loop để chạy liên tục."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Chạy liên tục (worker)")
        parser.add_argument("--interval", type=float, default=5.0, help="Giây giữa hai lượt")

    def handle(self, *args, loop, interval, **options):
        while True:
            stats = services.run_once(now=timezone.now())
            if any(stats.values()) or not loop:
                self.stdout.write(
                    f"Thư đi đã xử lý {stats['planned']}, đã gửi {stats['sent']}, "
                    f"lỗi {stats['failed']}."
                )
            if not loop:
                return
            time.sleep(interval)
