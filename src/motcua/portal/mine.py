"""The citizen's own space: one dossier filed from the account ("Hồ sơ của tôi"), answering a
request to supplement online, the forms and e-results to download, "Giấy tờ của tôi" (the
citizen's document store, kho dữ liệu), and the choice of notification channels.

Everything here is limited to the logged-in account: a dossier is shown only to the account
that filed it, a file only to an account allowed by
:func:`motcua.documents.selectors.citizen_can_download`.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from motcua.citizens.models import CitizenProfile
from motcua.documents import selectors as documents
from motcua.documents import services as document_services
from motcua.documents import validation
from motcua.documents.errors import DocumentError
from motcua.documents.models import FilePurpose, StoredFile
from motcua.dossiers import printing
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import ONLINE_ANSWER_STATES, DossierError
from motcua.portal import tracking
from motcua.sync import selectors as sync_selectors
from motcua.sync.services import PreferenceError, set_preference

LOGIN = reverse_lazy("portal:login")

#: The forms an applicant receives (the control sheet names officers: staff only).
CITIZEN_FORMS = ("receipt", "guidance", "refusal", "apology", "stop")
#: States after which the applicant may rate the service.
RATEABLE = ("decided_approved", "decided_denied", "ready_for_return", "returned", "archived")
#: Extra file inputs ("giấy tờ khác") besides the requested items.
EXTRA = 2


def profile_of(request: HttpRequest) -> CitizenProfile | None:
    return CitizenProfile.objects.filter(user=request.user).first()


def verified_id(profile: CitizenProfile | None) -> str:
    """The personal ID number that opens the national store — only a verified one."""
    return profile.id_number if profile and profile.identity_verified else ""


def _own_dossier(request: HttpRequest, ref: str) -> Dossier:
    d = (
        Dossier.objects.filter(account=request.user, parent__isnull=True)
        .select_related("version__procedure", "case", "receiving_agency", "competent_agency")
        .filter(submission_ref=ref)
        .first()
    )
    if d is None:
        raise Http404("Không tìm thấy hồ sơ của ông/bà.")
    return d


def _picks(profile: CitizenProfile | None, request: HttpRequest) -> list:
    return list(documents.citizen_store(request.user, verified_id_number=verified_id(profile)))


@login_required(login_url=LOGIN)
@require_http_methods(["GET", "POST"])
def dossier(request: HttpRequest, ref: str) -> HttpResponse:
    """Một hồ sơ của tôi: status, due dates, steps, what to do now, forms, results, fees."""
    from motcua.payments.selectors import invoice_for

    d = _own_dossier(request, ref)
    profile = profile_of(request)
    now = timezone.now()
    items = tracking.requested_items(d) if d.state in ONLINE_ANSWER_STATES else []
    errors: dict[str, str] = {}
    note = ""
    if request.method == "POST" and d.state in ONLINE_ANSWER_STATES:
        note = request.POST.get("ghi_chu", "").strip()
        files: list[tuple[str, StoredFile]] = []
        picks: list[tuple[str, int]] = []
        labels = [*items, *[f"Giấy tờ khác {i}" for i in range(1, EXTRA + 1)]]
        for i, label in enumerate(labels):
            upload = request.FILES.get(f"tep_{i}")
            chosen = request.POST.get(f"kho_{i}", "")
            if upload:
                try:
                    data = validation.read_upload(upload)
                    stored = document_services.store_bytes(
                        data,
                        name=upload.name,
                        purpose=FilePurpose.COMPONENT,
                        user=request.user,
                        now=now,
                    )
                except DocumentError as exc:
                    errors[f"tep_{i}"] = exc.message
                else:
                    files.append((label, stored))
            elif chosen.isdigit():
                picks.append((label, int(chosen)))
        if not errors:
            try:
                with transaction.atomic():
                    document_services.answer_online(
                        d,
                        account=request.user,
                        now=now,
                        files=files,
                        picks=picks,
                        note=note,
                        verified_id_number=verified_id(profile),
                    )
            except (DossierError, DocumentError) as exc:
                errors["general"] = exc.message
                for key, value in (exc.errors or {}).items():
                    errors[key] = value if isinstance(value, str) else " ".join(value)
            else:
                messages.success(
                    request,
                    "Đã gửi hồ sơ bổ sung. Cơ quan giải quyết tiếp tục xử lý hồ sơ của ông/bà.",
                )
                return redirect("portal:my-dossier", d.submission_ref)
    invoice = invoice_for(d)
    fees = d.case.fees.exists()
    context = {
        "d": d,
        "plain": tracking.PLAIN.get(d.state, d.get_state_display()),
        "todo": tracking.todo(d),
        "steps": tracking.public_steps(d),
        "forms": [
            (k, printing.FORM_KINDS[k]) for k in printing.available_forms(d) if k in CITIZEN_FORMS
        ],
        "results": documents.e_results(d),
        "invoice": invoice,
        "unpaid": (invoice is not None and invoice.status == "unpaid")
        or (invoice is None and fees and d.state not in ("refused", "stopped", "returned")),
        "can_rate": d.state in RATEABLE,
        "items": items,
        "rows": [
            {
                "i": i,
                "label": label,
                "requested": i < len(items),
                "error": errors.get(f"tep_{i}", ""),
            }
            for i, label in enumerate([*items, *[""] * EXTRA])
        ],
        "store": _picks(profile, request) if items else [],
        "errors": errors,
        "note": note,
    }
    return render(request, "portal/account/dossier.html", context)


@login_required(login_url=LOGIN)
def dossier_form(request: HttpRequest, ref: str, kind: str) -> HttpResponse:
    """A form of one's own dossier as PDF: receipt (01), guidance (02), refusal (03), apology
    (04), stop notice."""
    d = _own_dossier(request, ref)
    if kind not in CITIZEN_FORMS:
        raise Http404("Không có biểu mẫu này.")
    try:
        pdf = printing.render_form(d, kind, base_url=request.build_absolute_uri("/").rstrip("/"))
    except DossierError as exc:
        messages.error(request, exc.message)
        return redirect("portal:my-dossier", d.submission_ref)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"{d.code or d.submission_ref}-{kind}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required(login_url=LOGIN)
def my_documents(request: HttpRequest) -> HttpResponse:
    """Giấy tờ của tôi: every digitised component and e-result this citizen may reuse."""
    profile = profile_of(request)
    docs = list(documents.citizen_store(request.user, verified_id_number=verified_id(profile)))
    for doc in docs:
        doc.files = [doc.file] if doc.file_id else documents.document_files(doc)
    return render(
        request,
        "portal/account/documents.html",
        {"docs": docs, "profile": profile, "verified": bool(verified_id(profile))},
    )


@login_required(login_url=LOGIN)
def my_file(request: HttpRequest, file_id) -> HttpResponse:
    """Download one of one's own files (permission-checked; 404 otherwise)."""
    from motcua.documents.views import file_response

    f = StoredFile.objects.filter(pk=file_id).first()
    profile = profile_of(request)
    if f is None or not documents.citizen_can_download(
        request.user, f, verified_id_number=verified_id(profile)
    ):
        raise Http404("Không tìm thấy tệp.")
    return file_response(f, private=True)


class PreferenceForm(forms.Form):
    email = forms.BooleanField(label="Nhận thông báo qua thư điện tử", required=False)
    sms = forms.BooleanField(label="Nhận thông báo qua tin nhắn SMS", required=False)


@login_required(login_url=LOGIN)
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    """Chọn kênh nhận thông báo (tiếp nhận, yêu cầu bổ sung, xin lỗi, có kết quả, phí)."""
    profile = profile_of(request)
    id_number = _notification_id(request, profile)
    current = sync_selectors.preference_for(id_number) if id_number else None
    form = PreferenceForm(
        request.POST or None,
        initial={"email": current.email, "sms": current.sms} if current else None,
    )
    if request.method == "POST" and id_number and form.is_valid():
        try:
            set_preference(
                id_number=id_number,
                email=form.cleaned_data["email"],
                sms=form.cleaned_data["sms"],
                actor=request.user,
                now=timezone.now(),
            )
        except PreferenceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã lưu lựa chọn kênh nhận thông báo.")
            return redirect("portal:notifications")
    return render(
        request,
        "portal/account/notifications.html",
        {"form": form, "profile": profile, "id_number": id_number},
    )


def _notification_id(request: HttpRequest, profile: CitizenProfile | None) -> str:
    """Preferences are kept per ID number; an account may set them for its verified number, or
    for the number of the dossiers it filed itself (a typed number alone proves nothing)."""
    if profile is None or not profile.id_number:
        return ""
    if profile.identity_verified:
        return profile.id_number
    own = Dossier.objects.filter(account=request.user, applicant_id_number=profile.id_number)
    return profile.id_number if own.exists() else ""
