"""Create the local test CA and one signing certificate (PKCS#12) per agency.

Idempotent: an existing CA is kept, and an agency that already has a valid certificate from
it is skipped, so ``make run`` can call it every time. For demos and tests only — production
puts each agency's real PKCS#12 file (and its ``.pass``) into ``MOTCUA_SIGNING_DIR`` and the
roots of its certification authority into ``MOTCUA_SIGNING_DIR/trust/``.
"""

from django.core.management.base import BaseCommand, CommandError

from motcua.directory.models import Agency
from motcua.documents.signing import signing_dir
from motcua.documents.signing.testca import ensure_agency_certificate, ensure_ca


class Command(BaseCommand):
    help = (
        "Tạo CA thử nghiệm cục bộ và chứng thư số (PKCS#12) cho từng cơ quan trong "
        "MOTCUA_SIGNING_DIR (mặc định var/signing/); chạy lại nhiều lần không tạo trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--agency",
            action="append",
            default=[],
            help="Chỉ tạo cho cơ quan có mã này (có thể lặp lại)",
        )

    def handle(self, *args, agency=(), **options):
        directory = signing_dir()
        directory.mkdir(parents=True, exist_ok=True)
        ca, created = ensure_ca(directory)
        if created:
            self.stdout.write(f"Đã tạo CA thử nghiệm trong {directory}.")
        agencies = Agency.objects.filter(is_active=True).select_related("unit__parent")
        if agency:
            agencies = agencies.filter(code__in=agency)
            missing = set(agency) - set(agencies.values_list("code", flat=True))
            if missing:
                raise CommandError(f"Không có cơ quan: {', '.join(sorted(missing))}")
        issued = 0
        for a in agencies.order_by("code"):
            province = a.unit.province if a.unit_id else None
            issued += ensure_agency_certificate(
                directory,
                ca,
                code=a.code,
                name=a.name,
                locality=province.name if province else "",
            )
        total = agencies.count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Chứng thư số: {issued} mới, {total - issued} giữ nguyên ({total} cơ quan)."
            )
        )
