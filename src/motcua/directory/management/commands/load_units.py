from django.core.management.base import BaseCommand

from motcua.directory.services import load_units


class Command(BaseCommand):
    help = "Nạp đơn vị hành chính sau sắp xếp 2025 (34 tỉnh, 3.321 xã) và đơn vị trước sáp nhập."

    def add_arguments(self, parser):
        parser.add_argument("--province", action="append", type=int, help="Mã tỉnh (lặp lại được)")
        parser.add_argument("--no-legacy", action="store_true", help="Bỏ đơn vị trước 01/7/2025")

    def handle(self, *args, province=None, no_legacy=False, **options):
        stats = load_units(province, legacy=not no_legacy)
        self.stdout.write(
            f"{stats['provinces']} tỉnh, {stats['communes']} xã/phường/đặc khu, "
            f"{stats['legacy']} đơn vị trước sáp nhập"
            + (
                f" ({stats['legacy_unknown']} mã cũ không có trong dữ liệu nguồn, bỏ qua)."
                if stats.get("legacy_unknown")
                else "."
            )
        )
