"""Online submission from a citizen account: files checked by content, nothing lost on error."""

import io

import pytest
from PIL import Image

from motcua.citizens.services import register
from motcua.directory.models import Agency
from motcua.dossiers.models import Dossier
from support import vn

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture
def citizen(client):
    profile = register(
        full_name="Lò Thị Mai",
        password="mot-mat-khau-dai",
        now=vn(2026, 3, 1),
        phone="0912000111",
        id_number="011223344556",
    )
    client.force_login(profile.user)
    return profile


def _components(client, code):
    html = client.get(f"/nop-ho-so/{code}/").content.decode()
    import re

    return sorted(set(re.findall(r'name="tep_(\d+)"', html)))


def test_submit_online_with_files(client, citizen):
    comps = _components(client, "2.000815")
    ubnd = Agency.objects.get(code="ubnd-xa-03390")
    data = {
        "co_quan": str(ubnd.pk),
        "ho_ten": "Lò Thị Mai",
        "so_dinh_danh": "011223344556",
        "dien_thoai": "0912000111",
        "nhan_ket_qua": "electronic",
        "token": "t1",
    }
    for pk in comps:
        data[f"tep_{pk}"] = io.BytesIO(_png())
        data[f"tep_{pk}"].name = "giay-to.png"
    review = client.post("/nop-ho-so/2.000815/", {**data, "buoc": "xem-lai"})
    html = review.content.decode()
    assert review.status_code == 200 and "Xem lại hồ sơ trước khi nộp" in html
    assert not Dossier.objects.filter(account=citizen.user).exists()  # nothing filed yet
    import re

    kept = dict(re.findall(r'name="(giu_\d+)" value="([0-9a-f-]+)"', html))
    assert len(kept) == len(comps)
    final = {k: v for k, v in data.items() if not k.startswith("tep_")}
    r = client.post("/nop-ho-so/2.000815/", {**final, **kept, "buoc": "nop"})
    assert r.status_code == 302, r.content.decode()[:2000]
    d = Dossier.objects.get(account=citizen.user)
    assert r["Location"] == f"/tai-khoan/ho-so/{d.submission_ref}/"
    assert d.state == "submitted" and d.channel == "online"
    assert d.receiving_agency.code == "ttpvhcc-xa-03390" and d.competent_agency == ubnd
    assert d.reception_due_at is not None
    from motcua.documents.models import ComponentFile

    assert ComponentFile.objects.filter(digitisation__component__dossier=d).count() == len(comps)


def test_a_wrong_file_is_refused_and_nothing_typed_is_lost(client, citizen):
    comps = _components(client, "2.000815")
    ubnd = Agency.objects.get(code="ubnd-xa-03390")
    fake = io.BytesIO(b"Day khong phai PDF")
    fake.name = "giay-to.pdf"
    good = io.BytesIO(_png())
    good.name = "anh.png"
    data = {
        "co_quan": str(ubnd.pk),
        "ho_ten": "Lò Thị Mai Sửa",
        "so_dinh_danh": "011223344556",
        "dien_thoai": "0912000111",
        "token": "t2",
        f"tep_{comps[0]}": fake,
    }
    if len(comps) > 1:
        data[f"tep_{comps[1]}"] = good
    html = client.post("/nop-ho-so/2.000815/", data).content.decode()
    assert "Tệp không phải PDF, JPEG hoặc PNG" in html
    assert 'value="Lò Thị Mai Sửa"' in html
    assert f'<option value="{ubnd.pk}" selected' in html
    if len(comps) > 1:
        assert "Đã tải: anh.png" in html
    assert not Dossier.objects.filter(account=citizen.user).exists()


def test_login_required_and_not_online_procedure(client):
    r = client.get("/nop-ho-so/2.000815/")
    assert r.status_code == 302 and "/tai-khoan/dang-nhap/" in r["Location"]
