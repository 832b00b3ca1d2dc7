"""Pages of the documents package: digitisation at the desk, issuing e-results, downloads and
the public verification page.

Dossiers are read through :func:`motcua.dossiers.selectors.visible_dossiers` (another
agency's dossier is a 404) and changed only through :mod:`motcua.documents.services`.
"""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from motcua.documents import selectors, services, validation
from motcua.documents.errors import DocumentError
from motcua.documents.models import (
    ComponentFile,
    DigitisedDocument,
    NotScanned,
    Source,
    StoredFile,
    Variant,
)
from motcua.dossiers.models import Dossier, DossierComponent
from motcua.dossiers.selectors import visible_dossiers
from motcua.dossiers.states import DECIDED


def public_base_url(request: HttpRequest) -> str:
    """Where the public reaches this system (``MOTCUA_PUBLIC_URL``, else this request's host)."""
    return getattr(settings, "MOTCUA_PUBLIC_URL", "") or request.build_absolute_uri("/")


def _visible(request: HttpRequest, pk: int) -> Dossier:
    qs = visible_dossiers(request.user, timezone.localdate()).select_related(
        "version__procedure", "receiving_agency", "competent_agency", "case"
    )
    return get_object_or_404(qs, pk=pk)


def _page(request: HttpRequest, pk: int) -> str:
    return reverse("documents:digitisation", args=[pk])


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


# --- digitisation at the desk ------------------------------------------------------------------


@login_required
def digitisation(request: HttpRequest, pk: int) -> HttpResponse:
    """Số hóa hồ sơ: per component, scan/upload, certify, or mark not to be scanned."""
    d = _visible(request, pk)
    now = timezone.now()
    if request.method == "POST":
        _digitisation_action(request, d, now)
        return redirect(_page(request, pk))
    views = selectors.component_views(d)
    summary = selectors.digitisation_summary(d, views)
    can_digitise = services.desk_grant(request.user, d, now) is not None
    can_issue = services.issuer_grant(request.user, d, now) is not None
    e_results = selectors.e_results(d)
    pending_results = [r for r in d.results.order_by("id") if not hasattr(r, "electronic")]
    context = {
        "d": d,
        "views": views,
        "summary": summary,
        "can_digitise": can_digitise and d.state not in services.CLOSED_FOR_DIGITISATION,
        "can_issue": can_issue and d.state in DECIDED,
        "candidates": selectors.reuse_candidates(d) if can_digitise else [],
        "e_results": e_results,
        "pending_results": pending_results,
        "reasons": NotScanned.choices,
        "sources": [(Source.SCAN_AT_COUNTER, "Quét tại quầy"), (Source.UPLOAD, "Tải lên")],
        "variants": Variant.choices,
        "max_size": validation.human_size(validation.max_bytes()),
    }
    return render(request, "documents/digitisation.html", context)


def _digitisation_action(request: HttpRequest, d: Dossier, now) -> None:
    action = request.POST.get("action", "")
    component = None
    if cid := _int(request.POST.get("component")):
        component = DossierComponent.objects.filter(pk=cid, dossier=d).first()
    try:
        if action == "upload" and component is not None:
            upload = request.FILES.get("file")
            if upload is None:
                raise DocumentError("invalid", "Hãy chọn tệp bản quét để tải lên.")
            data = validation.read_upload(upload)
            link = services.add_component_file(
                component,
                data,
                name=upload.name,
                user=request.user,
                now=now,
                source=request.POST.get("source") or Source.SCAN_AT_COUNTER,
                variant=request.POST.get("variant", ""),
            )
            messages.success(
                request,
                f"Đã thêm tệp {link.file.get_kind_display()} ({link.file.pages} trang) "
                f"cho “{component.name}”.",
            )
            if link.file.note:
                messages.warning(request, link.file.note)
        elif action == "remove":
            link = get_object_or_404(
                ComponentFile, pk=_int(request.POST.get("link")), digitisation__component__dossier=d
            )
            services.remove_component_file(link, user=request.user, now=now)
            messages.success(request, "Đã bỏ bản quét.")
        elif action == "certify" and component is not None:
            services.certify_component(
                component, user=request.user, now=now, pages=_int(request.POST.get("pages"))
            )
            messages.success(
                request, f"Đã số hóa và xác nhận “{component.name}”; bản số hóa đã vào kho."
            )
        elif action == "not_scanned" and component is not None:
            services.mark_not_scanned(
                component,
                reason=request.POST.get("reason", ""),
                national_doc_code=request.POST.get("national_doc_code", ""),
                user=request.user,
                now=now,
            )
            messages.success(request, f"Đã đánh dấu “{component.name}” không cần số hóa.")
        elif action == "reuse" and component is not None:
            document = get_object_or_404(DigitisedDocument, pk=_int(request.POST.get("document")))
            services.reuse_document(component, document, user=request.user, now=now)
            messages.success(request, f"Đã dùng lại giấy tờ trong kho cho “{component.name}”.")
        elif action == "reopen" and component is not None:
            services.reopen_component(component, user=request.user, now=now)
            messages.success(request, f"Đã mở lại “{component.name}” để số hóa lại.")
        else:
            messages.error(request, "Thao tác không hợp lệ.")
    except DocumentError as exc:
        messages.error(request, exc.message)


@login_required
@require_POST
def issue_result(request: HttpRequest, pk: int) -> HttpResponse:
    """Phát hành kết quả điện tử (render, sign, store) for a decided dossier."""
    d = _visible(request, pk)
    try:
        e = services.issue_electronic_result(
            d,
            user=request.user,
            now=timezone.now(),
            base_url=public_base_url(request),
            result_code=request.POST.get("result") or None,
        )
    except DocumentError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Đã ký số và phát hành kết quả điện tử {e.code}.")
    return redirect(_page(request, pk))


# --- downloads ---------------------------------------------------------------------------------


def _disposition(name: str) -> str:
    ascii_name = name.encode("ascii", "ignore").decode() or "tai-lieu"
    return f"inline; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


def file_response(f: StoredFile, *, private: bool) -> HttpResponse:
    try:
        data = selectors.file_bytes(f)
    except DocumentError as exc:
        raise Http404(exc.message) from exc
    response = HttpResponse(data, content_type=f.content_type)
    response["Content-Disposition"] = _disposition(f.download_name)
    response["Content-Length"] = str(len(data))
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=300"
    response["X-Content-SHA256"] = f.sha256
    return response


def download(request: HttpRequest, file_id) -> HttpResponse:
    """Tải tài liệu: staff who can see a dossier using the file; the public only a signed
    result, with the token that its QR code carries (from the verification page)."""
    f = get_object_or_404(StoredFile, pk=file_id)
    if request.user.is_authenticated and selectors.can_download(
        request.user, f, timezone.localdate()
    ):
        return file_response(f, private=True)
    if selectors.public_result_file(f.pk, request.GET.get("k", "")) is not None:
        return file_response(f, private=False)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied("Bạn không có quyền tải tài liệu này.")


# --- public verification -----------------------------------------------------------------------


def _verification_context(v: selectors.Verification) -> dict:
    sig = v.signature
    return {
        "v": v,
        "verdict_label": selectors.VERDICT_LABELS.get(v.verdict, ""),
        "sig": sig,
        "signed_at": selectors.signed_at_local(sig.signed_at) if sig else "",
        "facts": selectors.public_facts(v.result) if v.result else None,
    }


def verify(request: HttpRequest) -> HttpResponse:
    """Xác thực kết quả điện tử: upload a PDF, see whether it is intact, by whom, and which
    registered result it matches."""
    context: dict = {"max_size": validation.human_size(validation.max_bytes())}
    expected = request.POST.get("ma", "") if request.method == "POST" else ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise DocumentError("invalid", "Hãy chọn tệp PDF cần xác thực.")
            v = selectors.verify_document(validation.read_upload(upload))
        except DocumentError as exc:
            context["error"] = exc.message
        else:
            context.update(_verification_context(v))
            context["uploaded_name"] = upload.name
            if expected and (v.result is None or v.result.code != expected):
                context["expected_mismatch"] = expected
    status = 400 if context.get("error") else 200
    return render(request, "documents/verify.html", context, status=status)


def verify_code(request: HttpRequest, code: str) -> HttpResponse:
    """The page the QR code opens: the registered result and the state of its signed copy."""
    e = selectors.result_by_code(code)
    if e is None:
        return render(
            request,
            "documents/verify.html",
            {
                "not_found": code,
                "max_size": validation.human_size(validation.max_bytes()),
            },
            status=404,
        )
    v = selectors.verify_registered(e)
    context = {
        **_verification_context(v),
        "facts": selectors.public_facts(e),
        "code": code,
        "registered_page": True,
        "max_size": validation.human_size(validation.max_bytes()),
    }
    token = request.GET.get("k", "")
    if token and selectors.public_result_file(e.file_id, token) is not None:
        context["download_url"] = (
            reverse("documents:download", args=[e.file_id]) + f"?k={quote(token)}"
        )
    return render(request, "documents/verify.html", context)
