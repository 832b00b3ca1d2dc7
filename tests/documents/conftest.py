"""Fixtures of the documents tests: a private signing directory (test CA and certificates
for a few agencies), a private file store, sample files, and dossiers driven to a decision."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command

from motcua.dossiers import services
from support import CITIZEN, vn

SIGNING_AGENCIES = ("so-y-te-12", "ubnd-xa-03390")


@pytest.fixture(scope="session", autouse=True)
def document_dirs(tmp_path_factory, django_db_setup, django_db_blocker):
    """Signing keys and stored files of this test session live in a temporary directory."""
    base = tmp_path_factory.mktemp("documents")
    saved = {
        name: getattr(settings, name, None)
        for name in ("MOTCUA_SIGNING_DIR", "MOTCUA_DOCUMENT_STORAGE_OPTIONS")
    }
    settings.MOTCUA_SIGNING_DIR = base / "signing"
    settings.MOTCUA_DOCUMENT_STORAGE_OPTIONS = {"root": str(base / "files")}
    with django_db_blocker.unblock():
        args = [a for code in SIGNING_AGENCIES for a in ("--agency", code)]
        call_command("init_signing", *args, stdout=io.StringIO())
    yield base
    for name, value in saved.items():
        if value is None:
            delattr(settings, name)
        else:
            setattr(settings, name, value)


# --- sample files -----------------------------------------------------------------------------


def _image(fmt: str) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (120, 160), "white")
    ImageDraw.Draw(img).rectangle((10, 10, 110, 40), outline="black")
    out = io.BytesIO()
    img.save(out, format=fmt)
    return out.getvalue()


@pytest.fixture(scope="session")
def png_bytes() -> bytes:
    return _image("PNG")


@pytest.fixture(scope="session")
def jpeg_bytes() -> bytes:
    return _image("JPEG")


@pytest.fixture(scope="session")
def pdf_bytes() -> bytes:
    """A real two-page PDF."""
    from weasyprint import HTML

    return HTML(
        string="<p>Đơn đề nghị — trang 1</p><p style='page-break-before:always'>Trang 2</p>"
    ).write_pdf()


# --- dossiers ----------------------------------------------------------------------------------


@pytest.fixture
def clinic_dossier(case, agency, user):
    """A clinic licence dossier received at the provincial centre on Mon 02/03/2026 09:00."""

    def _make(at=None, applicant=CITIZEN, components=None, **kw):
        return services.receive_at_desk(
            user=user("tiepnhan.laichau"),
            now=at or vn(2026, 3, 2, 9),
            case=case("1.012289"),
            channel="direct",
            receiving_agency=agency("ttpvhcc-tinh-12"),
            applicant=applicant,
            components=components
            or [
                {"name": "Đơn đề nghị cấp mới giấy phép hoạt động", "copy_type": "original"},
                {"name": "Giấy chứng nhận đăng ký doanh nghiệp", "copy_type": "certified_copy"},
                {"name": "Căn cước công dân", "copy_type": "present"},
            ],
            **kw,
        )

    return _make


@pytest.fixture
def decided_dossier(clinic_dossier, user):
    """A clinic dossier approved by the Sở Y tế leader on 24/03/2026."""

    def _make(approved: bool = True, note: str = "", **kw):
        d = clinic_dossier(**kw)
        t = vn(2026, 3, 2, 10)
        services.forward(d, user=user("tiepnhan.laichau"), now=t)
        services.hand_over(d, user=user("vanthu.syt"), now=t + timedelta(hours=1))
        services.hand_over(
            d,
            user=user("lanhdaophong.syt"),
            now=t + timedelta(hours=2),
            to_user=user("chuyenvien.syt"),
        )
        services.hand_over(d, user=user("chuyenvien.syt"), now=vn(2026, 3, 20, 9))
        services.hand_over(d, user=user("lanhdaophong.syt"), now=vn(2026, 3, 23, 9))
        services.decide(
            d,
            user=user("lanhdao.syt"),
            now=vn(2026, 3, 24, 9),
            approved=approved,
            note=note,
        )
        d.refresh_from_db()
        return d

    return _make
