"""Load the demo: Lai Châu and Lạng Sơn units, agencies, staff, calendar and catalog."""

import importlib
import importlib.util
import json
from importlib import resources

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from motcua.catalog.models import PublicationDecision
from motcua.catalog.services import import_catalog
from motcua.core.services import seed_calendar
from motcua.demo import directory as demo
from motcua.directory.models import AdminUnit
from motcua.directory.services import load_units

# Demo loaders of later packages, run in this order after the dossiers.
EXTRAS = ("feedback", "indicators", "reports", "plans", "review")


class Command(BaseCommand):
    help = "Nạp dữ liệu minh họa (chạy lại nhiều lần không tạo trùng)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-dossiers",
            action="store_true",
            help="Không tạo hồ sơ minh họa (dùng cho kiểm thử)",
        )

    def handle(self, *args, no_dossiers=False, **options):
        now = timezone.now()
        with transaction.atomic():
            if not AdminUnit.objects.filter(code=demo.LANG_SON, valid_to__isnull=True).exists():
                stats = load_units([int(demo.LAI_CHAU), int(demo.LANG_SON)])
                self.stdout.write(
                    f"Đơn vị hành chính: {stats['provinces']} tỉnh, {stats['communes']} xã/phường, "
                    f"{stats['legacy']} đơn vị trước sáp nhập."
                )
            added = seed_calendar()
            if added:
                self.stdout.write(f"Lịch làm việc: thêm {added} ngày.")
            demo.load_agencies()
            demo.load_staff()
            from motcua.demo.citizens import load_citizen

            load_citizen(now, demo.DEMO_PASSWORD)
            document = json.loads(
                resources.files("motcua.demo").joinpath("data/catalog.json").read_text("utf-8")
            )
            numbers = [d["number"] for d in document.get("decisions", [])]
            if not PublicationDecision.objects.filter(number__in=numbers).exists():
                province = AdminUnit.objects.get(
                    code=demo.LAI_CHAU, parent__isnull=True, valid_to__isnull=True
                )
                result = import_catalog(document, province=province, actor=None, now=now)
                self.stdout.write(
                    f"Danh mục: {result.procedures} thủ tục, {result.decisions} quyết định công bố,"
                    f" {result.processes} quy trình nội bộ."
                )
            from motcua.demo.dossiers import load_dossiers

            made = 0 if no_dossiers else load_dossiers(now)
            if made:
                self.stdout.write(f"Hồ sơ minh họa: {made} hồ sơ ở các giai đoạn xử lý.")
            for name in EXTRAS:
                # Each supervision/operations package may add its demo data in
                # motcua/demo/<name>.py as ``load(now, *, with_dossiers) -> str | None``.
                if importlib.util.find_spec(f"motcua.demo.{name}") is None:
                    continue
                message = importlib.import_module(f"motcua.demo.{name}").load(
                    now, with_dossiers=not no_dossiers
                )
                if message:
                    self.stdout.write(message)
        self.stdout.write(self.style.SUCCESS("Dữ liệu minh họa đã sẵn sàng."))
