"""Server-rendered pages: Vietnamese, the public catalog, staff home pages per role."""

import pytest

pytestmark = pytest.mark.django_db


def test_home_is_vietnamese(client):
    r = client.get("/")
    assert r.status_code == 200
    html = r.content.decode()
    assert '<html lang="vi">' in html
    assert "Tra cứu thủ tục hành chính" in html


def test_catalog_search_page_and_htmx_fragment(client):
    r = client.get("/thu-tuc/", {"q": "dang ky khai sinh"})
    html = r.content.decode()
    assert r.status_code == 200
    first = html.index('class="title"')
    assert "Đăng ký khai sinh</a>" in html[first : first + 200]
    frag = client.get("/thu-tuc/", {"q": "khai sinh"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in frag and "Đăng ký khai sinh" in frag


def test_procedure_page_shows_expected_date(client):
    r = client.get("/thu-tuc/1.001193/")
    html = r.content.decode()
    assert r.status_code == 200
    assert "Đăng ký khai sinh" in html
    assert "Thành phần hồ sơ" in html and "Thời hạn giải quyết" in html
    assert "dự kiến có kết quả" in html or "Không có ngày hẹn trả" in html


def test_unknown_procedure_404(client):
    assert client.get("/thu-tuc/0.000/").status_code == 404


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("tiepnhan.binhlu", "Công chức tiếp nhận và trả kết quả"),
        ("chuyenvien.binhlu", "Quy trình nội bộ có bước do bạn thực hiện"),
        ("lanhdao.binhlu", "Lãnh đạo cơ quan"),
        ("tiepnhan.laichau", "Trung tâm Phục vụ hành chính công tỉnh Lai Châu"),
        ("chuyenvien.syt", "Sở Y tế tỉnh Lai Châu"),
        ("lanhdaophong.syt", "Lãnh đạo phòng"),
        ("lanhdao.syt", "Lãnh đạo cơ quan"),
        ("vanthu.syt", "Văn thư"),
        ("chuyenvien.thanhtra", "Thanh tra tỉnh Lai Châu"),
        ("giamsat.laichau", "Phạm vi giám sát"),
        ("giamsat.langson", "Phạm vi giám sát"),
        ("admin", "Nhập danh mục TTHC"),
    ],
)
def test_every_demo_account_has_a_home(login, username, expected):
    client = login(username)
    html = client.get("/can-bo/").content.decode()
    assert expected in html, username


def test_specialist_sees_own_processes(login):
    html = login("chuyenvien.syt").get("/can-bo/").content.decode()
    assert "Quy trình nội bộ có bước do bạn thực hiện" in html
    assert "Chưa có quy trình nội bộ nào" not in html


def test_staff_pages_need_login(client):
    r = client.get("/can-bo/")
    assert r.status_code == 302 and "/can-bo/dang-nhap/" in r["Location"]


def test_wrong_password_message(client):
    r = client.post("/can-bo/dang-nhap/", {"username": "admin", "password": "x"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in r.content.decode()


def test_admin_in_vietnamese(login):
    client = login("admin")
    html = client.get("/quan-tri/").content.decode()
    assert "Quản trị motcua" in html and "Lịch làm việc" in html.replace(
        "lịch làm việc", "Lịch làm việc"
    )
    for url in [
        "/quan-tri/core/calendarday/",
        "/quan-tri/directory/agency/",
        "/quan-tri/directory/adminunit/",
        "/quan-tri/catalog/procedure/",
        "/quan-tri/catalog/internalprocess/",
        "/quan-tri/catalog/publicationdecision/",
    ]:
        assert client.get(url).status_code == 200, url


def test_calendar_page_and_calculator(login):
    client = login("tiepnhan.binhlu")
    html = client.get(
        "/can-bo/lich-lam-viec/",
        {"nam": "2026", "start": "2026-02-12T10:00", "amount": "5", "unit": "working_days"},
    ).content.decode()
    assert "Tết" in html
    assert "26/02/2026" in html


def test_catalog_import_page_rejects_bad_file_and_keeps_nothing(login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from motcua.catalog.models import Procedure
    from motcua.directory.models import AdminUnit

    client = login("admin")
    province = AdminUnit.objects.get(code="12", parent__isnull=True, valid_to__isnull=True)
    bad = SimpleUploadedFile(
        "x.json", b'{"format": "motcua.catalog/1", "procedures": [{"code": "5.5"}]}'
    )
    html = client.post(
        "/can-bo/nhap-danh-muc/", {"province": province.pk, "file": bad, "publish": "on"}
    ).content.decode()
    assert "Tệp bị từ chối" in html and "procedures[0]" in html
    assert not Procedure.objects.filter(code="5.5").exists()
    assert login("chuyenvien.syt").get("/can-bo/nhap-danh-muc/").status_code == 403
