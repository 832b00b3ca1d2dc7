import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from motcua.indicators import services


class Command(BaseCommand):
    help = "Tính lại toàn bộ bảng tổng hợp chỉ số (766, Biểu 06) từ dữ liệu hồ sơ."

    def handle(self, *args, **options):
        started = time.perf_counter()
        n = services.rebuild_rollups(now=timezone.now())
        self.stdout.write(
            f"Đã tính lại bảng tổng hợp từ {n} hồ sơ trong {time.perf_counter() - started:.1f} s."
        )
