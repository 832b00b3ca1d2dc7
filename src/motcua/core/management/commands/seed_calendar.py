from django.core.management.base import BaseCommand

from motcua.core.services import seed_calendar


class Command(BaseCommand):
    help = "Nạp ngày lễ, nghỉ bù, làm bù chính thức vào lịch làm việc (không ghi đè chỉnh sửa)."

    def add_arguments(self, parser):
        parser.add_argument("--from-year", type=int, default=2025)
        parser.add_argument("--to-year", type=int, default=2028)

    def handle(self, *args, from_year, to_year, **options):
        n = seed_calendar(range(from_year, to_year + 1))
        self.stdout.write(f"Đã thêm {n} ngày.")
