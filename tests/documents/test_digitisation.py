"""Digitisation at the desk: scans, certification, not-scanned marks, the applicant's store,
reuse in a later dossier, the portal flags and the dossier's "fully digitised" state."""

from __future__ import annotations

import pytest

from motcua.core.models import AuditEntry
from motcua.documents import selectors, services
from motcua.documents.errors import DocumentError
from motcua.documents.models import (
    ComponentDigitisation,
    DigitisationState,
    DigitisedDocument,
    DocumentReuse,
    NotScanned,
    Source,
)
from support import vn

pytestmark = pytest.mark.django_db

DESK = "tiepnhan.laichau"
NOW = vn(2026, 3, 2, 9, 30)


def components(d):
    return list(d.components.order_by("id"))


@pytest.fixture
def digitised(clinic_dossier, user, pdf_bytes, png_bytes, jpeg_bytes):
    """A dossier whose three components are settled: scanned PDF, two images, only shown."""

    def _make(**kw):
        d = clinic_dossier(**kw)
        form, licence, card = components(d)
        desk = user(DESK)
        services.add_component_file(form, pdf_bytes, name="don.pdf", user=desk, now=NOW)
        services.certify_component(form, user=desk, now=NOW, pages=2)
        services.add_component_file(licence, png_bytes, name="gcn-1.png", user=desk, now=NOW)
        services.add_component_file(
            licence, jpeg_bytes, name="gcn-2.jpg", user=desk, now=NOW, source=Source.UPLOAD
        )
        services.certify_component(licence, user=desk, now=NOW, pages=2)
        services.mark_not_scanned(card, reason=NotScanned.SHOWN, user=desk, now=NOW)
        return d

    return _make


def test_a_dossier_is_fully_digitised_when_every_component_is_settled(digitised):
    d = digitised()
    views = selectors.component_views(d)
    assert [v.state for v in views] == ["digitised", "digitised", "not_digitised"]
    assert views[2].digitisation.not_scanned == "shown" and views[2].settled
    s = selectors.digitisation_summary(d, views)
    assert (s.total, s.digitised, s.not_scanned, s.pending) == (3, 2, 1, 0)
    assert s.fully_digitised and s.any_digitised
    form = views[0].digitisation
    assert form.certified_name == "Đỗ Thị Lan" and len(form.certified_digest) == 64
    assert [link.order for link in views[1].files] == [1, 2]
    assert views[1].digitisation.source == Source.UPLOAD  # the last file's source
    assert AuditEntry.objects.filter(action="documents.certify").count() >= 2


def test_partly_digitised_dossier(clinic_dossier, user, pdf_bytes):
    d = clinic_dossier()
    form = components(d)[0]
    services.add_component_file(form, pdf_bytes, name="don.pdf", user=user(DESK), now=NOW)
    s = selectors.digitisation_summary(d)
    assert s.pending == 3 and not s.fully_digitised and not s.any_digitised  # not certified yet
    services.certify_component(form, user=user(DESK), now=NOW)
    s = selectors.digitisation_summary(d)
    assert s.pending == 2 and s.any_digitised and not s.fully_digitised


def test_certified_copies_go_into_the_applicants_store(digitised):
    d = digitised()
    docs = list(selectors.applicant_store(d.applicant_id_number))
    assert {doc.title for doc in docs} >= {
        "Đơn đề nghị cấp mới giấy phép hoạt động",
        "Giấy chứng nhận đăng ký doanh nghiệp",
    }
    licence = next(doc for doc in docs if doc.title.startswith("Giấy chứng nhận"))
    assert [f.kind for f in selectors.document_files(licence)] == ["png", "jpeg"]
    assert not any(doc.title == "Căn cước công dân" for doc in docs)  # shown, not scanned


def test_page_count_must_match_the_paper(clinic_dossier, user, pdf_bytes, png_bytes):
    d = clinic_dossier()
    form = components(d)[0]
    services.add_component_file(form, pdf_bytes, name="don.pdf", user=user(DESK), now=NOW)
    with pytest.raises(DocumentError) as exc:
        services.certify_component(form, user=user(DESK), now=NOW, pages=3)
    assert exc.value.code == "page_count_mismatch"
    assert "Số trang đã quét (2) khác số trang của bản giấy (3)" in exc.value.message
    # a page with a sticky note: the "with note" image is not counted twice
    services.add_component_file(
        form, png_bytes, name="p3-ghi-chu.png", user=user(DESK), now=NOW, variant="with_note"
    )
    services.add_component_file(
        form, png_bytes, name="p3.png", user=user(DESK), now=NOW, variant="without_note"
    )
    dig = services.certify_component(form, user=user(DESK), now=NOW, pages=3)
    assert dig.state == DigitisationState.DIGITISED and dig.pages_declared == 3


def test_nothing_to_certify_without_a_scan(clinic_dossier, user):
    d = clinic_dossier()
    with pytest.raises(DocumentError) as exc:
        services.certify_component(components(d)[0], user=user(DESK), now=NOW)
    assert exc.value.code == "no_files"


def test_settled_components_are_closed_until_reopened(digitised, user, png_bytes):
    d = digitised()
    form, _licence, card = components(d)
    with pytest.raises(DocumentError) as exc:
        services.add_component_file(form, png_bytes, name="x.png", user=user(DESK), now=NOW)
    assert exc.value.code == "already_settled" and exc.value.status == 409
    with pytest.raises(DocumentError):
        services.certify_component(card, user=user(DESK), now=NOW)
    services.reopen_component(card, user=user(DESK), now=NOW)
    services.reopen_component(form, user=user(DESK), now=NOW)
    assert not DigitisedDocument.objects.filter(source_component=form).exists()
    s = selectors.digitisation_summary(d)
    assert s.pending == 2 and s.digitised == 1


def test_national_database_mark_keeps_the_code(clinic_dossier, user):
    d = clinic_dossier()
    card = components(d)[2]
    dig = services.mark_not_scanned(
        card, reason="national_db", national_doc_code="CCCD-012345678901", user=user(DESK), now=NOW
    )
    assert dig.source == Source.NATIONAL_DB and dig.national_doc_code == "CCCD-012345678901"
    view = next(v for v in selectors.component_views(d) if v.component.pk == card.pk)
    assert selectors.portal_flags(view)["DuocLayTuKhoDMQG"] == 1
    with pytest.raises(DocumentError):
        services.mark_not_scanned(card, reason="lost", user=user(DESK), now=NOW)


def test_only_the_receiving_desk_digitises(clinic_dossier, user, pdf_bytes):
    d = clinic_dossier()
    for username in ("chuyenvien.syt", "tiepnhan.binhlu", "lanhdao.syt"):
        with pytest.raises(DocumentError) as exc:
            services.add_component_file(
                components(d)[0], pdf_bytes, name="a.pdf", user=user(username), now=NOW
            )
        assert exc.value.status == 403


def test_wrong_file_is_refused_with_its_real_content(clinic_dossier, user):
    d = clinic_dossier()
    with pytest.raises(DocumentError) as exc:
        services.add_component_file(
            components(d)[0], b"hello, this is text", name="scan.pdf", user=user(DESK), now=NOW
        )
    assert "nội dung là văn bản thuần" in exc.value.message
    assert not ComponentDigitisation.objects.filter(component__dossier=d, files__isnull=False)


def test_png_named_pdf_is_recorded_as_png(clinic_dossier, user, png_bytes):
    d = clinic_dossier()
    link = services.add_component_file(
        components(d)[0], png_bytes, name="scan.pdf", user=user(DESK), now=NOW
    )
    assert (link.file.kind, link.file.content_type) == ("png", "image/png")
    assert "nội dung là PNG" in link.file.note
    assert link.file.download_name == "scan.png"


def test_reuse_from_the_store_in_a_later_dossier(digitised, clinic_dossier, user):
    first = digitised()
    later = clinic_dossier(at=vn(2026, 5, 4, 9))
    form = components(later)[0]
    candidates = selectors.reuse_candidates(later)
    stored = next(doc for doc in candidates if doc.source_component.dossier_id == first.pk)
    assert all(doc.source_component.dossier_id != later.pk for doc in candidates)
    dig = services.reuse_document(form, stored, user=user(DESK), now=vn(2026, 5, 4, 9, 10))
    assert dig.state == DigitisationState.REUSED_FROM_COMPONENT and dig.source == Source.KHO_DVCQG
    reuse = DocumentReuse.objects.get(component=form)
    assert reuse.document == stored and reuse.reused_by.username == DESK
    view = next(v for v in selectors.component_views(later) if v.component.pk == form.pk)
    assert [f.file_id for f in view.files] == [f.pk for f in selectors.document_files(stored)]
    assert selectors.portal_flags(view) == {
        "DuocSoHoa": 1,
        "DuocTaiSuDung": 1,
        "DuocLayTuKhoDMQG": 1,
        "MaGiayToKhoQuocGia": "",
        "MaKetQuaThayThe": "",
    }
    s = selectors.digitisation_summary(later)
    assert s.reused == 1 and s.from_store == 1
    # the first dossier's copy can no longer be withdrawn
    with pytest.raises(DocumentError) as exc:
        services.reopen_component(stored.source_component, user=user(DESK), now=vn(2026, 5, 4, 10))
    assert exc.value.code == "in_use"


def test_reuse_of_a_previous_result(decided_dossier, clinic_dossier, user):
    d = decided_dossier()
    e = services.issue_electronic_result(
        d, user=user("lanhdao.syt"), now=vn(2026, 3, 24, 10), base_url="https://x.test"
    )
    later = clinic_dossier(at=vn(2026, 5, 4, 9))
    component = components(later)[1]
    stored = DigitisedDocument.objects.get(source_result=e.result)
    dig = services.reuse_document(component, stored, user=user(DESK), now=vn(2026, 5, 4, 9))
    assert dig.state == DigitisationState.REUSED_FROM_RESULT
    assert dig.source == Source.PREVIOUS_RESULT and dig.replaced_by_result_code == e.code
    view = next(v for v in selectors.component_views(later) if v.component.pk == component.pk)
    assert selectors.portal_flags(view)["DuocTaiSuDung"] == 2
    assert view.files[0].file_id == e.file_id


def test_documents_of_another_applicant_are_not_reused(digitised, clinic_dossier, user):
    from dataclasses import replace

    from support import CITIZEN

    first = digitised()
    other = clinic_dossier(
        at=vn(2026, 5, 4, 9), applicant=replace(CITIZEN, id_number="098765432109")
    )
    stored = DigitisedDocument.objects.filter(source_component__dossier=first).first()
    with pytest.raises(DocumentError) as exc:
        services.reuse_document(components(other)[0], stored, user=user(DESK), now=NOW)
    assert exc.value.code == "not_owner" and exc.value.status == 403
