from django.core.management.base import BaseCommand

from motcua.demo.citizens import CITIZEN_EMAIL, CITIZEN_NAME, CITIZEN_PHONE
from motcua.demo.directory import DEMO_PASSWORD, DEMO_STAFF


class Command(BaseCommand):
    help = "In địa chỉ và các tài khoản minh họa."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, url, **options):
        w = self.stdout.write
        w("")
        w(self.style.SUCCESS(f"motcua đang chạy tại {url}  (Ctrl-C để dừng)"))
        w(f"  Cổng công khai: {url}   Cán bộ: {url}can-bo/   Quản trị: {url}quan-tri/")
        w(f"  API: {url}api/docs/")
        w(f"Tài khoản minh họa (mật khẩu chung: {DEMO_PASSWORD}):")
        w(f"  {'admin':<22} Quản trị hệ thống")
        for username, _full_name, agency, _role, _dept, title in DEMO_STAFF:
            w(f"  {username:<22} {title} ({agency})")
        w(
            f"  Công dân: {CITIZEN_PHONE} hoặc {CITIZEN_EMAIL} ({CITIZEN_NAME}) "
            f"tại {url}tai-khoan/dang-nhap/"
        )
        w("")
