"""The citizen's own space: one dossier, answering a supplement request online, forms, files,
"Giấy tờ của tôi" with reuse in a new dossier, and notification channels."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from PIL import Image

from motcua.citizens.services import register
from motcua.documents import services as documents
from motcua.documents.models import DocumentReuse, FilePurpose
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import ApplicantData
from motcua.sync.selectors import preference_for
from support import vn

pytestmark = pytest.mark.django_db

ID = "011223344557"
PHONE = "0912000222"


def _png(colour: str = "white") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (40, 40), colour).save(buf, format="PNG")
    return buf.getvalue()


def _upload(data: bytes, name: str) -> io.BytesIO:
    f = io.BytesIO(data)
    f.name = name
    return f


@pytest.fixture
def citizen(client):
    profile = register(
        full_name="Lò Văn Tám",
        password="mot-mat-khau-dai",
        now=vn(2026, 3, 1),
        phone=PHONE,
        id_number=ID,
    )
    client.force_login(profile.user)
    return profile


@pytest.fixture
def online_dossier(citizen, case, agency):
    """A birth-registration-like commune dossier filed online from the account, with a file."""

    def _make(at=None):
        at = at or vn(2026, 3, 2, 8)
        d = services.submit(
            case=case("2.000815"),
            channel="online",
            receiving_agency=agency("ttpvhcc-xa-03390"),
            competent_agency=agency("ubnd-xa-03390"),
            applicant=ApplicantData(
                kind="individual", name="Lò Văn Tám", id_number=ID, phone=PHONE
            ),
            now=at,
            components=[{"name": "Tờ khai", "copy_type": "original"}],
            delivery="electronic",
            account=citizen.user,
        )
        stored = documents.store_bytes(
            _png(), name="to-khai.png", purpose=FilePurpose.COMPONENT, user=citizen.user, now=at
        )
        documents.attach_online_file(d.components.get(), stored, account=citizen.user, now=at)
        return d

    return _make


def _in_process(d, user, at):
    services.accept(d, user=user("tiepnhan.binhlu"), now=at)
    services.forward(d, user=user("tiepnhan.binhlu"), now=at + timedelta(minutes=10))
    return Dossier.objects.get(pk=d.pk)


def test_only_the_owner_sees_the_dossier(client, online_dossier, django_user_model):
    d = online_dossier()
    html = client.get(f"/tai-khoan/ho-so/{d.submission_ref}/").content.decode()
    assert "Chờ tiếp nhận" in html and d.submission_ref in html
    other = register(
        full_name="Người Khác", password="mot-mat-khau-dai", now=vn(2026, 3, 1), phone="0912999888"
    )
    client.force_login(other.user)
    assert client.get(f"/tai-khoan/ho-so/{d.submission_ref}/").status_code == 404
    client.logout()
    r = client.get(f"/tai-khoan/ho-so/{d.submission_ref}/")
    assert r.status_code == 302 and "/tai-khoan/dang-nhap/" in r["Location"]


def test_receipt_slip_once_accepted(client, online_dossier, user):
    d = online_dossier()
    url = f"/tai-khoan/ho-so/{d.submission_ref}/"
    assert "Giấy tiếp nhận hồ sơ" not in client.get(url).content.decode()
    services.accept(d, user=user("tiepnhan.binhlu"), now=vn(2026, 3, 2, 9))
    html = client.get(url).content.decode()
    assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in html
    pdf = client.get(f"{url}mau/receipt/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # the control sheet names officers: never for the applicant
    assert client.get(f"{url}mau/control/").status_code == 404


def test_answer_a_supplement_request_online_resumes_the_clock(client, online_dossier, user):
    d = _in_process(online_dossier(), user, vn(2026, 3, 2, 9))
    services.request_supplement(
        d,
        user=user("lanhdao.binhlu"),
        now=vn(2026, 3, 3, 9),
        items=["Giấy chứng sinh bản chính"],
        reason="Thiếu giấy chứng sinh",
    )
    url = f"/tai-khoan/ho-so/{d.submission_ref}/"
    html = client.get(url).content.decode()
    assert "Bổ sung hồ sơ trực tuyến" in html and "Giấy chứng sinh bản chính" in html

    # a file that is not what its name says is refused; nothing changes
    r = client.post(url, {"tep_0": _upload(b"not a pdf at all", "giay-chung-sinh.pdf")})
    assert "Tệp không phải PDF, JPEG hoặc PNG" in r.content.decode()
    assert Dossier.objects.get(pk=d.pk).state == "supplement_requested"
    # nothing attached and nothing written: refused with a reason
    r = client.post(url, {"ghi_chu": ""})
    assert "Cần đính kèm giấy tờ bổ sung" in r.content.decode()

    r = client.post(url, {"tep_0": _upload(_png("red"), "giay-chung-sinh.png"), "ghi_chu": ""})
    assert r.status_code == 302
    d = Dossier.objects.get(pk=d.pk)
    assert d.state == "in_process" and d.paused_since is None
    last = d.events.order_by("-seq").first()
    assert last.action == "receive_supplement" and last.actor_role == "applicant"
    added = d.components.get(name="Bổ sung: Giấy chứng sinh bản chính")
    assert added.digitisation.files.count() == 1
    # the receipt of the supplement appears in the public steps
    assert "Đã nhận giấy tờ bổ sung" in client.get(url).content.decode()


def test_reception_guidance_answered_online_goes_back_to_the_desk(client, online_dossier, user):
    d = online_dossier()
    services.guide(
        d,
        user=user("tiepnhan.binhlu"),
        now=vn(2026, 3, 2, 9),
        items=["Bản sao giấy đăng ký kết hôn"],
        reason="Hồ sơ chưa đủ",
    )
    url = f"/tai-khoan/ho-so/{d.submission_ref}/"
    r = client.post(url, {"tep_0": _upload(_png(), "dang-ky-ket-hon.png")})
    assert r.status_code == 302
    d = Dossier.objects.get(pk=d.pk)
    assert d.state == "submitted"
    assert d.events.order_by("-seq").first().action == "resubmit"


def test_answer_not_allowed_without_a_request(client, online_dossier):
    d = online_dossier()
    r = client.post(f"/tai-khoan/ho-so/{d.submission_ref}/", {"ghi_chu": "Xin bổ sung"})
    assert r.status_code == 200
    assert Dossier.objects.get(pk=d.pk).last_seq == 1


def test_my_documents_and_reuse_in_a_new_dossier(client, citizen, online_dossier, user):
    d = online_dossier()
    comp = d.components.get()
    desk = user("tiepnhan.binhlu")
    documents.certify_component(comp, user=desk, now=vn(2026, 3, 2, 9))
    html = client.get("/tai-khoan/giay-to/").content.decode()
    assert "Tờ khai" in html
    file_id = re.search(r"/tai-khoan/tep/([0-9a-f-]+)/", html).group(1)
    assert client.get(f"/tai-khoan/tep/{file_id}/").status_code == 200
    # somebody else cannot download it
    other = register(
        full_name="Người Khác",
        password="mot-mat-khau-dai",
        now=vn(2026, 3, 1),
        phone="0912999777",
        id_number=ID,
    )  # same typed number proves nothing
    client.force_login(other.user)
    assert client.get(f"/tai-khoan/tep/{file_id}/").status_code == 404
    assert "Tờ khai" not in client.get("/tai-khoan/giay-to/").content.decode()
    client.force_login(citizen.user)

    # a new dossier picks the stored document for its component
    form = client.get("/nop-ho-so/2.000815/").content.decode()
    comps = sorted(set(re.findall(r'name="kho_(\d+)"', form)))
    doc_id = re.search(r'<option value="(\d+)" >Tờ khai', form).group(1)
    from motcua.directory.models import Agency

    data = {
        "co_quan": str(Agency.objects.get(code="ubnd-xa-03390").pk),
        "ho_ten": "Lò Văn Tám",
        "so_dinh_danh": ID,
        "dien_thoai": PHONE,
        "nhan_ket_qua": "electronic",
        "token": "reuse-1",
        **{f"kho_{pk}": doc_id for pk in comps},
    }
    review = client.post("/nop-ho-so/2.000815/", {**data, "buoc": "xem-lai"}).content.decode()
    assert "Dùng lại từ Giấy tờ của tôi" in review
    r = client.post("/nop-ho-so/2.000815/", {**data, "buoc": "nop"})
    assert r.status_code == 302
    new = Dossier.objects.filter(account=citizen.user).exclude(pk=d.pk).get()
    reuses = DocumentReuse.objects.filter(component__dossier=new)
    assert reuses.count() == len(comps)
    assert all(
        c.digitisation.state == "reused_component"
        for c in new.components.all()
        if hasattr(c, "digitisation")
    )


def test_a_stranger_document_cannot_be_picked(client, citizen, online_dossier):
    from motcua.directory.models import Agency

    form = client.get("/nop-ho-so/2.000815/").content.decode()
    comps = sorted(set(re.findall(r'name="tep_(\d+)"', form)))
    data = {
        "co_quan": str(Agency.objects.get(code="ubnd-xa-03390").pk),
        "ho_ten": "Lò Văn Tám",
        "dien_thoai": PHONE,
        "token": "reuse-2",
        f"kho_{comps[0]}": "999999",
        "buoc": "xem-lai",
    }
    html = client.post("/nop-ho-so/2.000815/", data).content.decode()
    assert "Giấy tờ đã chọn không có trong kho của ông/bà." in html


def test_notification_channels(client, citizen, online_dossier):
    html = client.get("/tai-khoan/thong-bao/").content.decode()
    assert "sau khi đã nộp hồ sơ" in html  # a typed ID number alone opens nothing
    online_dossier()
    assert client.post("/tai-khoan/thong-bao/", {"email": "on"}).status_code == 302
    p = preference_for(ID)
    assert p.email and not p.sms and not p.is_default
