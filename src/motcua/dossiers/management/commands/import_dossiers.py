"""``python -m django import_dossiers FILE``: import historical dossiers (JSON Lines)."""

from __future__ import annotations

import sys
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.dossiers.importer import DossierImportError, import_dossiers


class Command(BaseCommand):
    help = (
        "Nhập hồ sơ lịch sử từ hệ thống cũ (JSON Lines, mỗi dòng một hồ sơ); "
        "kiểm tra toàn bộ tệp trước, có lỗi thì không lưu gì (docs/dossier-import.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .jsonl (dùng - để đọc từ đầu vào chuẩn)")
        parser.add_argument(
            "--now",
            help="Thời điểm nhập, ISO 8601 có múi giờ (mặc định: bây giờ); "
            "không sự kiện nào được sau thời điểm này",
        )

    def handle(self, *args, file: str, now: str | None, **options):
        at = timezone.now()
        if now:
            try:
                at = datetime.fromisoformat(now)
            except ValueError:
                raise CommandError(f"--now không hợp lệ: {now}") from None
            if at.tzinfo is None:
                raise CommandError("--now phải có múi giờ, ví dụ 2026-03-02T09:00:00+07:00")
        try:
            if file == "-":
                report = import_dossiers(sys.stdin.buffer, now=at)
            else:
                with open(file, "rb") as fh:
                    report = import_dossiers(fh, now=at)
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {file}: {exc.strerror}") from None
        except DossierImportError as exc:
            for line in exc.lines():
                self.stderr.write(line)
            raise CommandError(str(exc), returncode=1) from None
        self.stdout.write(
            f"Đã nhập {report.dossiers} hồ sơ, {report.events} sự kiện.", self.style.SUCCESS
        )
        for code in report.codes:
            self.stdout.write(code)
