import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from motcua.catalog import exchange


class Command(BaseCommand):
    help = "Xuất danh mục TTHC đang có hiệu lực ra JSON hoặc XLSX."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--province", default=None)

    def handle(self, *args, path, province, **options):
        doc = exchange.export_document(on=timezone.localdate(), province_code=province)
        if path.lower().endswith(".xlsx"):
            Path(path).write_bytes(exchange.document_to_xlsx(doc))
        else:
            Path(path).write_text(json.dumps(doc, ensure_ascii=False, indent=1), "utf-8")
        self.stdout.write(f"Đã xuất {len(doc['procedures'])} thủ tục ra {path}.")
