"""Every change to documents: storing files, digitising components at the desk, reusing stored
documents, issuing and revoking electronic results.

Each service checks the actor's role with :func:`motcua.directory.selectors.grants`, opens its
own transaction and writes an audit entry. Errors are :class:`DocumentError` with a Vietnamese
message.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Max

from motcua.core import audit, outbox
from motcua.directory.models import Role
from motcua.directory.selectors import Grant, grants, is_administrator
from motcua.documents import results as rendering
from motcua.documents import validation
from motcua.documents.errors import DocumentError
from motcua.documents.models import (
    ComponentDigitisation,
    ComponentFile,
    DigitisationState,
    DigitisedDocument,
    DocumentKind,
    DocumentReuse,
    ElectronicResult,
    FilePurpose,
    NotScanned,
    Source,
    StoredFile,
    Variant,
)
from motcua.documents.signing import get_backend
from motcua.documents.signing.pdf import sign_pdf, verify_pdf
from motcua.documents.storage import get_storage
from motcua.dossiers.clock import local_date
from motcua.dossiers.models import Dossier, DossierComponent, DossierResult
from motcua.dossiers.printing import place_name
from motcua.dossiers.states import DECIDED, State

#: Roles that issue the e-result of the competent agency (lãnh đạo, văn thư).
ISSUER_ROLES = (Role.AGENCY_LEADER, Role.RECORDS_CLERK)
#: States in which the desk may no longer digitise.
CLOSED_FOR_DIGITISATION = {State.REFUSED, State.ARCHIVED}


def _name(user: AbstractBaseUser | None) -> str:
    if user is None:
        return "Hệ thống"
    return user.get_full_name() or user.get_username()


# --- files ----------------------------------------------------------------------------------


def storage_key(sha256: str) -> str:
    """Content-addressed key: ``sha256/ab/cd/abcd…`` (the same bytes are stored once)."""
    return f"sha256/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def store_bytes(
    data: bytes,
    *,
    name: str,
    purpose: str,
    user: AbstractBaseUser | None,
    now: datetime,
    inspected: validation.Inspected | None = None,
) -> StoredFile:
    """Validate ``data`` by content, write it to the storage backend, record it.

    The bytes are read back and hashed again before the record is written, so a record
    never points at a file that the backend did not keep intact.
    """
    inspected = inspected or validation.inspect(data, name)
    sha256 = hashlib.sha256(data).hexdigest()
    storage = get_storage()
    key = storage_key(sha256)
    storage.save(key, data)
    if hashlib.sha256(storage.read(key)).hexdigest() != sha256:
        raise DocumentError(
            "storage_failed", "Lưu tệp không thành công (dữ liệu ghi ra không khớp).", status=500
        )
    return StoredFile.objects.create(
        storage=storage.name,
        key=key,
        sha256=sha256,
        size=len(data),
        kind=inspected.kind,
        content_type=inspected.content_type,
        original_name=(name or "")[:255],
        pages=inspected.pages,
        purpose=purpose,
        created_at=now,
        created_by=user if user is not None and user.is_authenticated else None,
        note=" ".join(inspected.warnings)[:500],
    )


# --- digitisation at the desk -----------------------------------------------------------------


def desk_grant(user: AbstractBaseUser, dossier: Dossier, now: datetime) -> Grant | None:
    """The receiving officer's grant at the dossier's receiving desk, if any."""
    for g in grants(user, local_date(now)):
        if g.role == Role.RECEIVING_OFFICER and g.agency_id == dossier.receiving_agency_id:
            return g
    return None


def _check_desk(user: AbstractBaseUser, dossier: Dossier, now: datetime) -> None:
    if desk_grant(user, dossier, now) is None:
        raise DocumentError(
            "forbidden",
            f"Chỉ công chức tiếp nhận của {dossier.receiving_agency.name} được số hóa hồ sơ này.",
            status=403,
        )
    if dossier.state in CLOSED_FOR_DIGITISATION:
        raise DocumentError(
            "invalid_state",
            f"Không số hóa hồ sơ ở trạng thái “{State(dossier.state).label}”.",
            status=409,
        )


def _locked_digitisation(component: DossierComponent, now: datetime) -> ComponentDigitisation:
    ComponentDigitisation.objects.get_or_create(
        component_id=component.pk, defaults={"updated_at": now}
    )
    return (
        ComponentDigitisation.objects.select_for_update()
        .select_related("component__dossier__receiving_agency")
        .get(component_id=component.pk)
    )


def _component(component: DossierComponent | int) -> DossierComponent:
    pk = component.pk if isinstance(component, DossierComponent) else component
    return DossierComponent.objects.select_related("dossier__receiving_agency").get(pk=pk)


def _check_open(dig: ComponentDigitisation) -> None:
    if dig.state != DigitisationState.NOT_DIGITISED or dig.not_scanned:
        raise DocumentError(
            "already_settled",
            f"Thành phần “{dig.component.name}” đã {_settled_label(dig)}; "
            "hãy mở lại trước khi thay đổi.",
            status=409,
        )


def _settled_label(dig: ComponentDigitisation) -> str:
    if dig.not_scanned:
        return f"được đánh dấu “{NotScanned(dig.not_scanned).label.lower()}”"
    return str(DigitisationState(dig.state).label).lower()


@transaction.atomic
def add_component_file(
    component: DossierComponent | int,
    data: bytes,
    *,
    name: str,
    user: AbstractBaseUser,
    now: datetime,
    source: str = Source.SCAN_AT_COUNTER,
    variant: str = Variant.PLAIN,
) -> ComponentFile:
    """Thêm bản quét / tệp tải lên cho một thành phần hồ sơ (before certification)."""
    c = _component(component)
    _check_desk(user, c.dossier, now)
    if source not in (Source.SCAN_AT_COUNTER, Source.UPLOAD):
        raise DocumentError("invalid", "Nguồn tệp phải là quét tại quầy (scan) hoặc tải lên.")
    if variant not in Variant.values:
        raise DocumentError("invalid", "Loại trang không hợp lệ.")
    inspected = validation.inspect(data, name)
    dig = _locked_digitisation(c, now)
    _check_open(dig)
    stored = store_bytes(
        data,
        name=name,
        purpose=FilePurpose.COMPONENT,
        user=user,
        now=now,
        inspected=inspected,
    )
    order = (dig.files.aggregate(m=Max("order"))["m"] or 0) + 1
    link = ComponentFile.objects.create(
        digitisation=dig, file=stored, order=order, variant=variant, added_at=now, added_by=user
    )
    dig.source = source
    dig.updated_at = now
    dig.save(update_fields=["source", "updated_at"])
    audit.record(
        at=now,
        actor=user,
        action="documents.add_file",
        obj=dig,
        data={"file": str(stored.pk), "sha256": stored.sha256, "kind": stored.kind},
    )
    return link


@transaction.atomic
def attach_online_file(
    component: DossierComponent | int,
    stored: StoredFile,
    *,
    account: AbstractBaseUser,
    now: datetime,
) -> ComponentFile:
    """Đính kèm tệp người nộp tải lên khi nộp trực tuyến (already validated and stored).

    Only the account that submitted the dossier online, while it waits for reception or for a
    supplement; the desk then checks and certifies it like any other copy.
    """
    c = _component(component)
    d = c.dossier
    if d.account_id is None or d.account_id != account.pk:
        raise DocumentError("forbidden", "Chỉ người nộp hồ sơ được đính kèm tệp.", status=403)
    if d.state not in ("submitted", "reception_guidance", "supplement_requested"):
        raise DocumentError("invalid_state", "Hồ sơ không còn nhận tệp bổ sung trực tuyến.", 409)
    dig = _locked_digitisation(c, now)
    _check_open(dig)
    order = (dig.files.aggregate(m=Max("order"))["m"] or 0) + 1
    link = ComponentFile.objects.create(
        digitisation=dig,
        file=stored,
        order=order,
        variant=Variant.PLAIN,
        added_at=now,
        added_by=account,
    )
    dig.source = Source.UPLOAD
    dig.updated_at = now
    dig.save(update_fields=["source", "updated_at"])
    audit.record(
        at=now,
        actor=account,
        action="documents.attach_online",
        obj=dig,
        data={"file": str(stored.pk), "sha256": stored.sha256},
    )
    return link


@transaction.atomic
def remove_component_file(link: ComponentFile | int, *, user: AbstractBaseUser, now: datetime):
    """Bỏ một bản quét chưa xác nhận (the stored file itself is kept, as every record is)."""
    pk = link.pk if isinstance(link, ComponentFile) else link
    link = ComponentFile.objects.select_related("digitisation__component").get(pk=pk)
    c = _component(link.digitisation.component_id)
    _check_desk(user, c.dossier, now)
    dig = _locked_digitisation(c, now)
    _check_open(dig)
    audit.record(
        at=now,
        actor=user,
        action="documents.remove_file",
        obj=dig,
        data={"file": str(link.file_id), "order": link.order},
    )
    link.delete()
    if not dig.files.exists():
        dig.source = ""
    dig.updated_at = now
    dig.save(update_fields=["source", "updated_at"])


def captured_pages(dig: ComponentDigitisation) -> int:
    """Pages captured: every page of every file, a "with note" image not counted twice."""
    return sum(
        link.file.pages for link in dig.files.select_related("file") if link.variant != "with_note"
    )


def files_digest(dig: ComponentDigitisation) -> str:
    lines = "".join(
        f"{link.order}:{link.file.sha256}\n" for link in dig.files.select_related("file")
    )
    return hashlib.sha256(lines.encode()).hexdigest()


@transaction.atomic
def certify_component(
    component: DossierComponent | int,
    *,
    user: AbstractBaseUser,
    now: datetime,
    pages: int | None = None,
) -> ComponentDigitisation:
    """Đánh dấu đã số hóa và xác nhận bản số hóa (TT 01/2023 Điều 8.2).

    ``pages``: the page count of the paper; when given it must equal the pages captured (rules
    1–3: every page, in order). The certified copy goes into the applicant's document store.
    """
    c = _component(component)
    _check_desk(user, c.dossier, now)
    dig = _locked_digitisation(c, now)
    _check_open(dig)
    if not dig.files.exists():
        raise DocumentError(
            "no_files",
            f"Thành phần “{c.name}” chưa có bản quét nào để xác nhận.",
            status=409,
        )
    captured = captured_pages(dig)
    if pages is not None:
        if pages < 1:
            raise DocumentError("invalid", "Số trang bản giấy phải từ 1 trở lên.")
        if pages != captured:
            raise DocumentError(
                "page_count_mismatch",
                f"Số trang đã quét ({captured}) khác số trang của bản giấy ({pages}); "
                "hãy quét đủ và đúng thứ tự các trang.",
                status=409,
                errors={"pages": f"Đã quét {captured} trang."},
            )
    d = c.dossier
    dig.state = DigitisationState.DIGITISED
    dig.pages_declared = pages
    dig.digitised_by = user
    dig.digitised_at = now
    dig.certified_by = user
    dig.certified_name = _name(user)
    dig.certified_at = now
    dig.certified_digest = files_digest(dig)
    dig.updated_at = now
    dig.save()
    DigitisedDocument.objects.update_or_create(
        source_component=c,
        defaults={
            "owner_id_number": d.applicant_id_number,
            "owner_name": d.applicant_name,
            "kind": DocumentKind.COMPONENT,
            "title": c.name,
            "catalog_component_id": c.component_id,
            "issuer": d.receiving_agency.name,
            "created_at": now,
        },
    )
    audit.record(
        at=now,
        actor=user,
        action="documents.certify",
        obj=dig,
        data={"digest": dig.certified_digest, "pages": captured},
    )
    return dig


@transaction.atomic
def mark_not_scanned(
    component: DossierComponent | int,
    *,
    reason: str,
    user: AbstractBaseUser,
    now: datetime,
    national_doc_code: str = "",
) -> ComponentDigitisation:
    """Không số hóa: the paper is only shown, already in a national database, or secret."""
    c = _component(component)
    _check_desk(user, c.dossier, now)
    if reason not in NotScanned.values:
        raise DocumentError(
            "invalid",
            "Lý do không số hóa phải là: chỉ xuất trình (shown), có trong CSDL quốc gia "
            "(national_db) hoặc tài liệu mật (secret).",
            errors={"reason": "Không hợp lệ."},
        )
    dig = _locked_digitisation(c, now)
    _check_open(dig)
    if dig.files.exists():
        raise DocumentError(
            "has_files",
            "Thành phần đã có bản quét; hãy bỏ các bản quét trước khi đánh dấu không số hóa.",
            status=409,
        )
    dig.not_scanned = reason
    dig.source = Source.NATIONAL_DB if reason == NotScanned.NATIONAL_DB else ""
    dig.national_doc_code = national_doc_code.strip()[:60]
    dig.updated_at = now
    dig.save()
    audit.record(
        at=now,
        actor=user,
        action="documents.not_scanned",
        obj=dig,
        data={"reason": reason, "national_doc_code": dig.national_doc_code},
    )
    return dig


@transaction.atomic
def reuse_document(
    component: DossierComponent | int,
    document: DigitisedDocument | int,
    *,
    user: AbstractBaseUser,
    now: datetime,
) -> ComponentDigitisation:
    """Tái sử dụng a document of the applicant's store for this component (no new scan)."""
    c = _component(component)
    d = c.dossier
    _check_desk(user, d, now)
    doc_pk = document.pk if isinstance(document, DigitisedDocument) else document
    doc = DigitisedDocument.objects.select_related("source_component", "file").get(pk=doc_pk)
    if doc.owner_id_number != d.applicant_id_number:
        raise DocumentError(
            "not_owner",
            "Giấy tờ này không thuộc kho dữ liệu của chủ hồ sơ.",
            status=403,
        )
    if doc.source_component is not None and doc.source_component.dossier_id == d.pk:
        raise DocumentError(
            "same_dossier", "Giấy tờ này được số hóa từ chính hồ sơ này.", status=409
        )
    dig = _locked_digitisation(c, now)
    _check_open(dig)
    if dig.files.exists():
        raise DocumentError(
            "has_files",
            "Thành phần đã có bản quét; hãy bỏ các bản quét trước khi dùng lại giấy tờ trong kho.",
            status=409,
        )
    from motcua.documents.selectors import document_files

    for order, stored in enumerate(document_files(doc), start=1):
        ComponentFile.objects.create(
            digitisation=dig, file=stored, order=order, added_at=now, added_by=user
        )
    from_result = doc.kind == DocumentKind.RESULT
    dig.state = (
        DigitisationState.REUSED_FROM_RESULT
        if from_result
        else DigitisationState.REUSED_FROM_COMPONENT
    )
    dig.source = Source.PREVIOUS_RESULT if from_result else Source.KHO_DVCQG
    dig.replaced_by_result_code = doc.code if from_result else ""
    dig.national_doc_code = "" if from_result else doc.code
    dig.digitised_by = user
    dig.digitised_at = now
    dig.updated_at = now
    dig.save()
    DocumentReuse.objects.create(component=c, document=doc, reused_at=now, reused_by=user)
    audit.record(at=now, actor=user, action="documents.reuse", obj=dig, data={"document": doc.pk})
    return dig


@transaction.atomic
def reuse_by_applicant(
    component: DossierComponent | int,
    document: DigitisedDocument | int,
    *,
    account: AbstractBaseUser,
    now: datetime,
    verified_id_number: str = "",
) -> ComponentDigitisation:
    """The applicant picks a document of "Giấy tờ của tôi" for a component of a dossier filed
    online (tái sử dụng, recorded per component for the digitisation indicators).

    Allowed only to the account that filed the dossier, while it waits for reception or for a
    supplement, and only for documents of that account's store (see
    :func:`motcua.documents.selectors.citizen_store`). The desk still checks the component.
    """
    from motcua.documents.selectors import citizen_store, document_files

    c = _component(component)
    d = c.dossier
    if d.account_id is None or d.account_id != account.pk:
        raise DocumentError("forbidden", "Chỉ người nộp hồ sơ được dùng lại giấy tờ.", status=403)
    if d.state not in ("submitted", "reception_guidance", "supplement_requested"):
        raise DocumentError("invalid_state", "Hồ sơ không còn nhận giấy tờ trực tuyến.", 409)
    doc_pk = document.pk if isinstance(document, DigitisedDocument) else document
    doc = citizen_store(account, verified_id_number=verified_id_number).filter(pk=doc_pk).first()
    if doc is None:
        raise DocumentError(
            "not_owner", "Giấy tờ này không có trong kho “Giấy tờ của tôi”.", status=403
        )
    if doc.source_component is not None and doc.source_component.dossier_id == d.pk:
        raise DocumentError(
            "same_dossier", "Giấy tờ này được số hóa từ chính hồ sơ này.", status=409
        )
    dig = _locked_digitisation(c, now)
    _check_open(dig)
    if dig.files.exists() or DocumentReuse.objects.filter(component=c).exists():
        raise DocumentError(
            "has_files", "Thành phần này đã có tệp đính kèm hoặc giấy tờ dùng lại.", status=409
        )
    stored = [doc.file] if doc.file_id else document_files(doc)
    for order, f in enumerate(stored, start=1):
        ComponentFile.objects.create(
            digitisation=dig, file=f, order=order, added_at=now, added_by=account
        )
    # The stored copy was certified when it entered the store: the component is settled as
    # reused, exactly as when the desk reuses it (no second certification, no second entry).
    from_result = doc.kind == DocumentKind.RESULT
    dig.state = (
        DigitisationState.REUSED_FROM_RESULT
        if from_result
        else DigitisationState.REUSED_FROM_COMPONENT
    )
    dig.source = Source.PREVIOUS_RESULT if from_result else Source.KHO_DVCQG
    dig.replaced_by_result_code = doc.code if from_result else ""
    dig.national_doc_code = "" if from_result else doc.code
    dig.digitised_at = now
    dig.updated_at = now
    dig.save()
    DocumentReuse.objects.create(component=c, document=doc, reused_at=now, reused_by=account)
    audit.record(
        at=now,
        actor=account,
        action="documents.reuse_online",
        obj=dig,
        data={"document": doc.pk},
    )
    return dig


@transaction.atomic
def answer_online(
    dossier: Dossier,
    *,
    account: AbstractBaseUser,
    now: datetime,
    files: list[tuple[str, StoredFile]] = (),
    picks: list[tuple[str, int]] = (),
    note: str = "",
    verified_id_number: str = "",
) -> Dossier:
    """Bổ sung hồ sơ trực tuyến: the applicant answers a request to supplement from their
    account, in one transaction — each new file (already validated and stored) or document
    picked from "Giấy tờ của tôi" becomes a component named after the requested item, then the
    dossier goes back to the agency (:func:`motcua.dossiers.services.answer_online`: in
    processing the clock resumes now).
    """
    from motcua.dossiers import services as dossier_services

    count = 0
    for label, stored in files:
        if stored.created_by_id != account.pk:
            raise DocumentError("forbidden", "Tệp không phải do ông/bà tải lên.", status=403)
        c = dossier_services.add_online_component(dossier, account=account, name=label, now=now)
        attach_online_file(c, stored, account=account, now=now)
        count += 1
    for label, document_id in picks:
        c = dossier_services.add_online_component(dossier, account=account, name=label, now=now)
        reuse_by_applicant(
            c, document_id, account=account, now=now, verified_id_number=verified_id_number
        )
        count += 1
    return dossier_services.answer_online(
        dossier, account=account, now=now, note=note, files_added=count
    )


@transaction.atomic
def reopen_component(
    component: DossierComponent | int, *, user: AbstractBaseUser, now: datetime
) -> ComponentDigitisation:
    """Mở lại a settled component to correct a mistake at the desk.

    A certified copy that another dossier already reuses cannot be withdrawn.
    """
    c = _component(component)
    _check_desk(user, c.dossier, now)
    dig = _locked_digitisation(c, now)
    before = {"state": dig.state, "not_scanned": dig.not_scanned}
    if dig.state == DigitisationState.DIGITISED:
        stored = DigitisedDocument.objects.filter(source_component=c).first()
        if stored is not None:
            if stored.reuses.exists():
                raise DocumentError(
                    "in_use",
                    "Bản số hóa này đã được tái sử dụng trong hồ sơ khác nên không mở lại được.",
                    status=409,
                )
            stored.delete()
    elif dig.state in (
        DigitisationState.REUSED_FROM_COMPONENT,
        DigitisationState.REUSED_FROM_RESULT,
    ):
        DocumentReuse.objects.filter(component=c).delete()
        dig.files.all().delete()
        dig.source = ""
    dig.state = DigitisationState.NOT_DIGITISED
    dig.not_scanned = ""
    dig.national_doc_code = ""
    dig.replaced_by_result_code = ""
    dig.pages_declared = None
    dig.digitised_by = dig.certified_by = None
    dig.digitised_at = dig.certified_at = None
    dig.certified_name = dig.certified_digest = ""
    if dig.source == Source.NATIONAL_DB:
        dig.source = ""
    dig.updated_at = now
    dig.save()
    audit.record(at=now, actor=user, action="documents.reopen", obj=dig, data=before)
    return dig


# --- electronic results ---------------------------------------------------------------------


def issuer_grant(user: AbstractBaseUser, dossier: Dossier, now: datetime) -> Grant | None:
    """The leader's or records clerk's grant at the dossier's competent agency, if any."""
    for g in grants(user, local_date(now)):
        if g.role in ISSUER_ROLES and g.agency_id == dossier.competent_agency_id:
            return g
    return None


def _pick_result(dossier: Dossier, result_code: str | None) -> DossierResult:
    qs = DossierResult.objects.filter(dossier=dossier)
    if result_code:
        result = qs.filter(code=result_code).first()
        if result is None:
            raise DocumentError(
                "not_found", f"Hồ sơ không có kết quả mã {result_code}.", status=404
            )
        return result
    result = qs.filter(electronic__isnull=True).order_by("-id").first()
    if result is None:
        if qs.exists():
            raise DocumentError(
                "already_issued",
                "Mọi kết quả của hồ sơ đã được phát hành bản điện tử.",
                status=409,
            )
        raise DocumentError("no_result", "Hồ sơ chưa có kết quả giải quyết.", status=409)
    return result


def issue_electronic_result(
    dossier: Dossier | int,
    *,
    user: AbstractBaseUser,
    now: datetime,
    base_url: str,
    result_code: str | None = None,
) -> ElectronicResult:
    """Phát hành kết quả điện tử: render the result PDF, sign it (PAdES) as the competent
    agency, check the signature, store it and put it in the applicant's document store.

    Only the competent agency's leader or records clerk, for a decided dossier. Rendering and
    signing happen before the transaction, which only records the outcome.
    """
    pk = dossier.pk if isinstance(dossier, Dossier) else dossier
    d = Dossier.objects.select_related("competent_agency__unit").get(pk=pk)
    agency = d.competent_agency
    if issuer_grant(user, d, now) is None:
        raise DocumentError(
            "forbidden",
            f"Chỉ lãnh đạo hoặc văn thư của {agency.name} được phát hành kết quả điện tử.",
            status=403,
        )
    if d.state not in DECIDED:
        raise DocumentError(
            "not_decided",
            f"Hồ sơ chưa có kết quả giải quyết (trạng thái “{State(d.state).label}”).",
            status=409,
        )
    result = _pick_result(d, result_code)
    if ElectronicResult.objects.filter(result=result).exists():
        raise DocumentError(
            "already_issued",
            f"Kết quả {result.code} đã được phát hành bản điện tử.",
            status=409,
        )
    backend = get_backend()
    signer = backend.signer_for(agency)
    token = secrets.token_urlsafe(16)
    rendered = rendering.render_html(result, base_url=base_url, token=token, now=now)
    unsigned = rendering.render_pdf(rendered.html)
    signed = sign_pdf(
        unsigned,
        signer,
        reason=f"Ký số kết quả giải quyết thủ tục hành chính {result.code}",
        location=place_name(agency),
        name=agency.name,
    )
    check = verify_pdf(signed)
    sig = check.signatures[0] if check.signatures else None
    if sig is None or not (sig.intact and sig.valid):
        raise DocumentError(
            "signing_failed", "Ký số không thành công: chữ ký không kiểm tra được.", status=500
        )
    if not sig.trusted:
        raise DocumentError(
            "untrusted_signer",
            f"Chứng thư số của {agency.name} ({sig.issuer_subject}) không thuộc tổ chức cấp "
            "chứng thư được hệ thống tin cậy; quản trị hệ thống cần cài đặt chứng thư gốc.",
            status=409,
        )
    try:
        with transaction.atomic():
            stored = store_bytes(
                signed,
                name=f"{result.code}.pdf",
                purpose=FilePurpose.RESULT,
                user=user,
                now=now,
            )
            e = ElectronicResult.objects.create(
                result=result,
                code=result.code,
                file=stored,
                agency=agency,
                template=rendered.template,
                issued_at=now,
                issued_by=user,
                signer_backend=backend.name,
                signer_subject=sig.signer_subject[:500],
                signer_issuer=sig.issuer_subject[:500],
                signer_serial=sig.signer_serial[:80],
                signer_fingerprint=sig.signer_fingerprint,
                signed_at=sig.signed_at,
                signature_digest=sig.signature_digest,
                access_token=token,
                evidence={
                    "checked_at": now.isoformat(),
                    "sha256": check.sha256,
                    "intact": sig.intact,
                    "valid": sig.valid,
                    "trusted": sig.trusted,
                    "whole_file": sig.whole_file,
                    "signed_at": sig.signed_at.isoformat() if sig.signed_at else None,
                    "summary": sig.summary,
                },
            )
            DigitisedDocument.objects.create(
                owner_id_number=d.applicant_id_number,
                owner_name=d.applicant_name,
                kind=DocumentKind.RESULT,
                title=result.title,
                code=result.code,
                file=stored,
                source_result=result,
                issuer=agency.name,
                created_at=now,
            )
            audit.record(
                at=now,
                actor=user,
                action="documents.issue_result",
                obj=e,
                data={"sha256": stored.sha256, "signer": e.signer_subject},
            )
            outbox.enqueue(
                topic="documents.result_issued",
                key=f"ket-qua:{result.code}",
                dedup_key=f"documents.result_issued:{result.code}",
                payload={
                    "dossier_code": d.code,
                    "result_code": result.code,
                    "sha256": stored.sha256,
                    "file": str(stored.pk),
                    "applicant_id_number": d.applicant_id_number,
                },
                now=now,
            )
    except IntegrityError as exc:  # issued concurrently
        raise DocumentError(
            "already_issued", f"Kết quả {result.code} đã được phát hành bản điện tử.", status=409
        ) from exc
    return e


@transaction.atomic
def revoke_electronic_result(
    e: ElectronicResult | int, *, user: AbstractBaseUser, now: datetime, reason: str
) -> ElectronicResult:
    """Thu hồi: the e-result stays for lookup and is reported as revoked by the verifier."""
    pk = e.pk if isinstance(e, ElectronicResult) else e
    e = ElectronicResult.objects.select_for_update().select_related("result__dossier").get(pk=pk)
    allowed = is_administrator(user) or any(
        g.role == Role.AGENCY_LEADER and g.agency_id == e.agency_id
        for g in grants(user, local_date(now))
    )
    if not allowed:
        raise DocumentError(
            "forbidden", "Chỉ lãnh đạo cơ quan ký được thu hồi kết quả điện tử.", status=403
        )
    if not reason.strip():
        raise DocumentError("invalid", "Cần ghi lý do thu hồi.", errors={"reason": "Bắt buộc."})
    if e.revoked_at is not None:
        raise DocumentError("already_revoked", "Kết quả điện tử đã bị thu hồi.", status=409)
    e.revoked_at = now
    e.revoked_reason = reason.strip()[:500]
    e.save(update_fields=["revoked_at", "revoked_reason"])
    audit.record(
        at=now, actor=user, action="documents.revoke_result", obj=e, data={"reason": reason}
    )
    return e
