"""Read side of documents: a dossier's documents and digitisation summary, the portal flags,
the applicant's store, download permissions, verification of uploaded PDFs."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Prefetch, Q, QuerySet

from motcua.directory.models import Role
from motcua.directory.selectors import grants, is_administrator
from motcua.documents.errors import DocumentError
from motcua.documents.models import (
    ComponentDigitisation,
    ComponentFile,
    DigitisationState,
    DigitisedDocument,
    DocumentReuse,
    ElectronicResult,
    NotScanned,
    Source,
    StoredFile,
)
from motcua.documents.signing.pdf import PdfCheck, SignatureCheck, verify_pdf
from motcua.documents.storage import StorageError, get_storage
from motcua.dossiers.models import Dossier, DossierComponent
from motcua.dossiers.selectors import visible_dossiers

# --- files ----------------------------------------------------------------------------------


def file_bytes(f: StoredFile) -> bytes:
    """The stored bytes, checked against the recorded SHA-256 and size."""
    try:
        data = get_storage(f.storage).read(f.key)
    except StorageError as exc:
        raise DocumentError("file_missing", "Không tìm thấy tệp trong kho lưu trữ.", 404) from exc
    if len(data) != f.size or hashlib.sha256(data).hexdigest() != f.sha256:
        raise DocumentError(
            "file_corrupted",
            "Tệp trong kho lưu trữ không còn khớp mã băm SHA-256 đã ghi nhận.",
            status=500,
        )
    return data


def document_files(doc: DigitisedDocument) -> list[StoredFile]:
    """The files of a stored document: the result PDF, or the certified scans, in order."""
    if doc.file_id:
        return [doc.file]
    if doc.source_component_id is None:
        return []
    dig = _related(doc.source_component, "digitisation")
    return [link.file for link in dig.files.all()] if dig else []  # prefetched by the store


def can_download(user: AbstractBaseUser, f: StoredFile, on: date) -> bool:
    """Staff who can see a dossier that uses the file (a component's scan or an e-result)."""
    if not user.is_authenticated:
        return False
    visible = visible_dossiers(user, on)
    return (
        ComponentFile.objects.filter(
            file=f, digitisation__component__dossier__in=visible.values("pk")
        ).exists()
        or ElectronicResult.objects.filter(
            file=f, result__dossier__in=visible.values("pk")
        ).exists()
    )


def public_result_file(file_id, token: str) -> ElectronicResult | None:
    """The e-result whose signed file is ``file_id`` and whose QR token is ``token``."""
    if not token:
        return None
    e = ElectronicResult.objects.filter(file_id=file_id).select_related("file").first()
    if e is None or not _same(e.access_token, token):
        return None
    return e


def _same(a: str, b: str) -> bool:
    import hmac

    return hmac.compare_digest(a.encode(), b.encode())


# --- digitisation ---------------------------------------------------------------------------


@dataclass
class ComponentView:
    component: DossierComponent
    digitisation: ComponentDigitisation | None
    files: list[ComponentFile]
    reuse: DocumentReuse | None

    @property
    def state(self) -> str:
        return self.digitisation.state if self.digitisation else DigitisationState.NOT_DIGITISED

    @property
    def state_label(self) -> str:
        if self.digitisation and self.digitisation.not_scanned:
            return f"Không số hóa — {NotScanned(self.digitisation.not_scanned).label}"
        return str(DigitisationState(self.state).label)

    @property
    def settled(self) -> bool:
        return bool(self.digitisation and self.digitisation.settled)

    @property
    def pages(self) -> int:
        return sum(link.file.pages for link in self.files if link.variant != "with_note")


def component_views(dossier: Dossier) -> list[ComponentView]:
    """Every presented component of ``dossier`` with its digitisation, files and reuse."""
    components = (
        DossierComponent.objects.filter(dossier=dossier, presented=True)
        .select_related(
            "digitisation__certified_by",
            "document_reuse__document",
        )
        .prefetch_related(
            Prefetch(
                "digitisation__files",
                queryset=ComponentFile.objects.select_related("file").order_by("order"),
            )
        )
        .order_by("id")
    )
    out = []
    for c in components:
        dig = _related(c, "digitisation")
        reuse = _related(c, "document_reuse")
        out.append(ComponentView(c, dig, list(dig.files.all()) if dig else [], reuse))
    return out


def _related(obj, name: str):
    """A reverse one-to-one, or None when there is none."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


@dataclass
class DigitisationSummary:
    """Trạng thái số hóa của hồ sơ."""

    total: int = 0
    digitised: int = 0
    reused: int = 0
    not_scanned: int = 0
    pending: int = 0
    from_store: int = 0
    from_national_db: int = 0

    @property
    def fully_digitised(self) -> bool:
        """Every presented component is digitised, reused or rightly not scanned."""
        return self.total > 0 and self.pending == 0

    @property
    def any_digitised(self) -> bool:
        """``HoSoCoThanhPhanSoHoa``."""
        return self.digitised + self.reused > 0


def digitisation_summary(dossier: Dossier, views: list[ComponentView] | None = None):
    views = component_views(dossier) if views is None else views
    s = DigitisationSummary(total=len(views))
    for v in views:
        dig = v.digitisation
        if dig is None or not dig.settled:
            s.pending += 1
        elif dig.not_scanned:
            s.not_scanned += 1
            s.from_national_db += dig.not_scanned == NotScanned.NATIONAL_DB
        elif dig.state == DigitisationState.DIGITISED:
            s.digitised += 1
        else:
            s.reused += 1
            s.from_store += dig.source in (Source.KHO_DVCQG, Source.PREVIOUS_RESULT)
    return s


def portal_flags(view: ComponentView) -> dict[str, int | str]:
    """Per-component flags of the national portal payload (``TaiLieuNop``, spec portal-sync).

    ``DuocTaiSuDung``: 0 not reused, 1 reused from a digitised component, 2 from a result
    (our reading of TD's 0/1/2). ``DuocLayTuKhoDMQG``: taken from the personal store or a
    national database.
    """
    dig = view.digitisation
    state = view.state
    return {
        "DuocSoHoa": int(state != DigitisationState.NOT_DIGITISED),
        "DuocTaiSuDung": {
            DigitisationState.REUSED_FROM_COMPONENT: 1,
            DigitisationState.REUSED_FROM_RESULT: 2,
        }.get(state, 0),
        "DuocLayTuKhoDMQG": int(bool(dig) and dig.source in (Source.KHO_DVCQG, Source.NATIONAL_DB)),
        "MaGiayToKhoQuocGia": dig.national_doc_code if dig else "",
        "MaKetQuaThayThe": dig.replaced_by_result_code if dig else "",
    }


# --- the applicant's store ------------------------------------------------------------------


def may_read_store(user: AbstractBaseUser, on: date) -> bool:
    """Staff at a desk (receiving officers) and administrators, for now."""
    if not user.is_authenticated:
        return False
    return is_administrator(user) or any(g.role == Role.RECEIVING_OFFICER for g in grants(user, on))


def applicant_store(id_number: str) -> QuerySet[DigitisedDocument]:
    """Kho dữ liệu điện tử of one applicant, newest first."""
    return _store(Q(owner_id_number=id_number.strip()))


def citizen_store(
    user: AbstractBaseUser, *, verified_id_number: str = ""
) -> QuerySet[DigitisedDocument]:
    """Giấy tờ của tôi: the documents a citizen account may see and reuse.

    Those stored from dossiers the account itself filed (their digitised components and their
    results), and — only once the account's identity is verified (e.g. through VNeID) — every
    document stored under that personal identification number. A number typed at sign-up proves
    nothing, so it never opens somebody else's store.
    """
    if not user.is_authenticated:
        return DigitisedDocument.objects.none()
    scope = Q(source_component__dossier__account=user) | Q(source_result__dossier__account=user)
    if verified_id_number.strip():
        scope |= Q(owner_id_number=verified_id_number.strip())
    return _store(scope)


def citizen_can_download(
    user: AbstractBaseUser, f: StoredFile, *, verified_id_number: str = ""
) -> bool:
    """A citizen may download their own uploads, the files of dossiers they filed online, their
    e-results, and the files of documents in their store."""
    if not user.is_authenticated:
        return False
    if f.created_by_id == user.pk:
        return True
    mine = ComponentFile.objects.filter(file=f, digitisation__component__dossier__account=user)
    if mine.exists():
        return True
    if ElectronicResult.objects.filter(file=f, result__dossier__account=user).exists():
        return True
    store = citizen_store(user, verified_id_number=verified_id_number)
    return (
        store.filter(file=f).exists()
        or store.filter(source_component__digitisation__files__file=f).exists()
    )


def _store(scope: Q) -> QuerySet[DigitisedDocument]:
    return (
        DigitisedDocument.objects.filter(scope)
        .select_related(
            "file",
            "source_component__dossier",
            "source_component__digitisation",
            "source_result__dossier",
        )
        .prefetch_related(
            Prefetch(
                "source_component__digitisation__files",
                queryset=ComponentFile.objects.select_related("file").order_by("order"),
            )
        )
        .annotate(reuse_count=Count("reuses"))
        .order_by("-created_at", "-id")
    )


def reuse_candidates(dossier: Dossier) -> list[DigitisedDocument]:
    """Documents of the dossier's applicant stored from other dossiers."""
    return [
        doc
        for doc in applicant_store(dossier.applicant_id_number)
        if not (doc.source_component_id and doc.source_component.dossier_id == dossier.pk)
        and not (doc.source_result_id and doc.source_result.dossier_id == dossier.pk)
    ]


# --- e-results and verification -------------------------------------------------------------


def e_results(dossier: Dossier) -> list[ElectronicResult]:
    return list(
        ElectronicResult.objects.filter(result__dossier=dossier)
        .select_related("file", "result", "agency")
        .order_by("issued_at")
    )


def initials(name: str) -> str:
    """ "Nguyễn Thị Mẫu" → "N. T. M." (no personal data beyond the initials)."""
    return " ".join(f"{part[0].upper()}." for part in name.split() if part)


@dataclass
class Verification:
    """The verdict on a PDF (uploaded, or the stored copy of a registered result)."""

    verdict: str
    message: str
    check: PdfCheck | None = None
    result: ElectronicResult | None = None
    match: str = ""  # "exact": same bytes; "signature": same act of signing, other bytes
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.verdict == "valid"

    @property
    def signature(self) -> SignatureCheck | None:
        return self.check.signatures[0] if self.check and self.check.signatures else None


VERDICT_LABELS = {
    "valid": "Văn bản hợp lệ",
    "modified": "Văn bản đã bị sửa đổi",
    "untrusted": "Người ký không được xác định",
    "unsigned": "Văn bản không có chữ ký số",
    "unregistered": "Không khớp kết quả nào đã đăng ký",
    "revoked": "Kết quả đã bị thu hồi",
    "not_pdf": "Không phải tệp PDF",
}


def _find_registered(check: PdfCheck) -> tuple[ElectronicResult | None, str]:
    qs = ElectronicResult.objects.select_related("result__dossier__version", "agency", "file")
    exact = qs.filter(file__sha256=check.sha256).first()
    if exact is not None:
        return exact, "exact"
    digests = [s.signature_digest for s in check.signatures if s.signature_digest]
    if digests:
        claimed = qs.filter(signature_digest__in=digests).first()
        if claimed is not None:
            return claimed, "signature"
    return None, ""


def verify_document(data: bytes) -> Verification:
    """Check a PDF's signatures and find the registered result it matches."""
    from motcua.documents import validation

    try:
        inspected = validation.inspect(data)
    except DocumentError as exc:
        if exc.code == "damaged_file" and validation.sniff(data) == validation.PDF:
            return Verification(
                "modified",
                "Tệp PDF bị hỏng hoặc đã bị sửa đổi nên không kiểm tra được chữ ký số.",
                PdfCheck(sha256=hashlib.sha256(data).hexdigest(), size=len(data), readable=False),
            )
        raise
    if inspected.kind != validation.PDF:
        return Verification(
            "not_pdf",
            f"Tệp là ảnh {inspected.label}, không phải văn bản PDF có chữ ký số.",
            PdfCheck(sha256=hashlib.sha256(data).hexdigest(), size=len(data)),
        )
    check = verify_pdf(data)
    registered, match = _find_registered(check)
    v = Verification("", "", check, registered, match)
    if not check.readable:
        v.verdict = "modified"
        v.message = "Tệp PDF bị hỏng hoặc đã bị sửa đổi nên không kiểm tra được chữ ký số."
        return v
    if not check.signatures:
        v.verdict = "unsigned"
        v.message = "Tệp không có chữ ký số nên không xác thực được."
        return v
    sig = check.signatures[0]
    if not all(s.intact and s.valid for s in check.signatures):
        v.verdict = "modified"
        v.message = "Nội dung tệp đã bị thay đổi sau khi ký: chữ ký số không còn khớp với nội dung."
    elif any(s.modified_after for s in check.signatures):
        v.verdict = "modified"
        v.message = "Tệp đã bị bổ sung, sửa đổi nội dung sau khi ký số."
    elif not all(s.trusted for s in check.signatures):
        v.verdict = "untrusted"
        v.message = (
            f"Chữ ký số còn nguyên vẹn nhưng người ký ({sig.signer_name or 'không rõ'}) dùng "
            "chứng thư số không do tổ chức được hệ thống tin cậy cấp: không xác định được "
            "người ký."
        )
    elif registered is None:
        v.verdict = "unregistered"
        v.message = (
            "Chữ ký số hợp lệ nhưng tệp không khớp với kết quả nào đã đăng ký trên hệ thống."
        )
    elif registered.signer_fingerprint != sig.signer_fingerprint:
        v.verdict = "unregistered"
        v.message = "Chữ ký số hợp lệ nhưng không phải chữ ký đã đăng ký cho kết quả này."
    elif registered.revoked_at is not None:
        v.verdict = "revoked"
        v.message = (
            f"Chữ ký số hợp lệ nhưng kết quả {registered.code} đã bị thu hồi ngày "
            f"{registered.revoked_at:%d/%m/%Y}: {registered.revoked_reason}"
        )
    else:
        v.verdict = "valid"
        v.message = (
            f"Văn bản còn nguyên vẹn, chữ ký số hợp lệ của {sig.signer_name}, khớp với kết quả "
            f"{registered.code} đã đăng ký trên hệ thống."
        )
    if v.verdict == "modified" and registered is not None:
        v.notes.append(
            f"Tệp mang chữ ký của kết quả {registered.code}, nhưng không còn giống bản đã phát "
            "hành: hãy dùng bản gốc tải từ hệ thống."
        )
    return v


def result_by_code(code: str) -> ElectronicResult | None:
    return (
        ElectronicResult.objects.select_related(
            "result__dossier__version", "result__dossier__competent_agency", "agency", "file"
        )
        .filter(code=code)
        .first()
    )


def verify_registered(e: ElectronicResult) -> Verification:
    """Check the stored signed copy of ``e`` now (the QR code's page)."""
    try:
        data = file_bytes(e.file)
    except DocumentError as exc:
        return Verification("modified", exc.message, None, e, "")
    return verify_document(data)


def public_facts(e: ElectronicResult) -> dict[str, str]:
    """What the public verification page shows of a registered result (no personal data)."""
    d = e.result.dossier
    return {
        "result_code": e.code,
        "title": e.result.title,
        "dossier_code": d.code or "",
        "procedure": d.version.name,
        "agency": e.agency.name,
        "decided_at": e.result.decided_at,
        "issued_at": e.issued_at,
        "applicant_initials": initials(d.applicant_name),
        "revoked_at": e.revoked_at,
        "revoked_reason": e.revoked_reason,
    }


def signed_at_local(value: datetime | None) -> str:
    from motcua.core.calendar import VN_TZ

    return f"{value.astimezone(VN_TZ):%H:%M:%S %d/%m/%Y}" if value else ""
