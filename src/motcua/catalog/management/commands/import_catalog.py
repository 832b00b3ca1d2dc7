import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.catalog import exchange
from motcua.catalog.services import CatalogError, import_catalog
from motcua.directory.models import AdminUnit


class Command(BaseCommand):
    help = "Nhập danh mục TTHC từ tệp JSON (motcua.catalog/1) hoặc XLSX."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--province", required=True, help="Mã tỉnh, ví dụ 12")
        parser.add_argument("--draft", action="store_true", help="Không công bố quyết định")

    def handle(self, *args, path, province, draft, **options):
        unit = AdminUnit.objects.filter(
            code=province, parent__isnull=True, valid_to__isnull=True
        ).first()
        if unit is None:
            raise CommandError(f"Không có tỉnh mã {province}.")
        raw = Path(path).read_bytes()
        try:
            document = (
                exchange.xlsx_to_document(raw)
                if path.lower().endswith(".xlsx")
                else json.loads(raw.decode("utf-8-sig"))
            )
            result = import_catalog(
                document, province=unit, actor=None, now=timezone.now(), publish=not draft
            )
        except (CatalogError, json.JSONDecodeError) as exc:
            errors = getattr(exc, "errors", [("", str(exc))])
            for where, msg in errors:
                self.stderr.write(f"  {where}: {msg}")
            raise CommandError("Tệp bị từ chối; không có gì được lưu.") from exc
        self.stdout.write(f"Đã nhập {result.versions} phiên bản thủ tục ({result.procedures} mới).")
