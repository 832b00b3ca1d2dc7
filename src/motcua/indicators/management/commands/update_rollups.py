import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from motcua.indicators import services


class Command(BaseCommand):
    help = (
        "Cập nhật bảng tổng hợp chỉ số từ các sự kiện hồ sơ mới (theo mốc đã xử lý); "
        "--loop để chạy liên tục (worker)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Chạy liên tục (worker)")
        parser.add_argument("--interval", type=float, default=1.0, help="Giây giữa hai lượt")

    def handle(self, *args, loop, interval, **options):
        while True:
            n = services.catch_up(now=timezone.now())
            if n or not loop:
                self.stdout.write(f"Đã áp dụng {n} sự kiện hồ sơ vào bảng tổng hợp.")
            if not loop:
                return
            time.sleep(interval)
