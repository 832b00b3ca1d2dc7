"""Nộp hồ sơ trực tuyến: the portal's online submission, through the same intake path
(services.submit with channel "online") that the national-portal adapter will use.

Two steps: the form — case, where to file, applicant (prefilled from the account), one file per
component (PDF/JPEG/PNG checked by content; a valid file is stored at once and kept across
re-displays, so nothing entered is lost) or a document picked from "Giấy tờ của tôi" (reuse,
recorded per component), result delivery — then a review page, then submit. The dossier
waits in "chờ tiếp nhận" at the desk that serves the competent agency (or the centre chosen
for a boundary-free procedure).
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone

from motcua.catalog.models import OnlineLevel, Procedure
from motcua.catalog.selectors import version_detail, version_in_force
from motcua.citizens.models import CitizenProfile
from motcua.directory.models import Agency
from motcua.documents import selectors as documents_selectors
from motcua.documents import services as documents
from motcua.documents import validation
from motcua.documents.errors import DocumentError
from motcua.documents.models import FilePurpose, StoredFile
from motcua.dossiers import services
from motcua.dossiers.models import ApplicantKind, Delivery
from motcua.dossiers.services import ApplicantData, DossierError
from motcua.portal import mine


def _desk_for(competent: Agency) -> Agency | None:
    """The centre that receives for an agency: the commune's centre, or the province's."""
    centre_type = "ttpvhcc-xa" if competent.unit.parent_id else "ttpvhcc-tinh"
    return Agency.objects.filter(unit=competent.unit, agency_type__code=centre_type).first()


def _competent_choices(version) -> list[Agency]:
    types = [va.agency_type_id for va in version.agencies.all() if va.role != "coordinating"]
    named = [va.agency_id for va in version.agencies.all() if va.agency_id]
    qs = Agency.objects.filter(agency_type_id__in=types, is_active=True).select_related("unit")
    if named:
        qs = qs.filter(pk__in=named)
    return list(qs.order_by("unit__code", "name")[:500])


@login_required(login_url=reverse_lazy("portal:login"))
def submit(request: HttpRequest, code: str) -> HttpResponse:
    procedure = get_object_or_404(Procedure, code=code)
    now = timezone.now()
    version = version_in_force(procedure, timezone.localdate())
    if version is None or version.online_level == OnlineLevel.NONE:
        raise Http404("Thủ tục này không cung cấp dịch vụ công trực tuyến.")
    version = version_detail(version.pk)
    cases = list(version.cases.all())
    profile = CitizenProfile.objects.filter(user=request.user).first()
    p = request.POST if request.method == "POST" else request.GET
    case = next((c for c in cases if c.code == p.get("truong_hop")), cases[0])
    components = [c for c in version.components.all() if not c.cases.all() or case in c.cases.all()]
    agencies = _competent_choices(version)
    verified = mine.verified_id(profile)
    store = list(documents_selectors.citizen_store(request.user, verified_id_number=verified))
    store_ids = {doc.pk for doc in store}
    errors: dict[str, str] = {}
    kept: dict[int, StoredFile] = {}
    picked: dict[int, int] = {}
    values = {
        "ho_ten": p.get("ho_ten", profile.full_name if profile else ""),
        "so_dinh_danh": p.get("so_dinh_danh", profile.id_number if profile else ""),
        "dia_chi": p.get("dia_chi", profile.address if profile else ""),
        "dien_thoai": p.get("dien_thoai", (profile.phone or "") if profile else ""),
        "email": p.get("email", (profile.email or "") if profile else ""),
        "co_quan": p.get("co_quan", ""),
        "nhan_ket_qua": p.get("nhan_ket_qua", Delivery.ELECTRONIC),
        "token": p.get("token") or uuid.uuid4().hex,
    }
    if request.method == "POST":
        for comp in components:  # keep what was already uploaded, take new files
            field = f"tep_{comp.pk}"
            if request.FILES.get(field):
                upload = request.FILES[field]
                try:
                    data = validation.read_upload(upload)
                    kept[comp.pk] = documents.store_bytes(
                        data,
                        name=upload.name,
                        purpose=FilePurpose.COMPONENT,
                        user=request.user,
                        now=now,
                    )
                except DocumentError as exc:
                    errors[field] = exc.message
            elif request.POST.get(f"giu_{comp.pk}"):
                f = StoredFile.objects.filter(
                    pk=request.POST[f"giu_{comp.pk}"], created_by=request.user
                ).first()
                if f is not None:
                    kept[comp.pk] = f
            choice = request.POST.get(f"kho_{comp.pk}", "")
            if comp.pk not in kept and choice.isdigit():
                if int(choice) in store_ids:
                    picked[comp.pk] = int(choice)
                else:
                    errors[field] = "Giấy tờ đã chọn không có trong kho của ông/bà."
            provided = comp.pk in kept or comp.pk in picked
            if comp.required and comp.copy_type != "present" and not provided:
                errors.setdefault(field, "Cần đính kèm giấy tờ này.")
        competent = next((a for a in agencies if str(a.pk) == values["co_quan"]), None)
        if competent is None:
            errors["co_quan"] = "Cần chọn cơ quan giải quyết."
        step = request.POST.get("buoc", "xem-lai")
        if not errors and step != "nop":
            if step == "xem-lai":
                return render(
                    request,
                    "portal/submit_review.html",
                    {
                        "procedure": procedure,
                        "version": version,
                        "case": case,
                        "competent": competent,
                        "components": components,
                        "kept": kept,
                        "picked": {
                            k: next(doc for doc in store if doc.pk == v) for k, v in picked.items()
                        },
                        "values": values,
                        "delivery": Delivery(values["nhan_ket_qua"]).label
                        if values["nhan_ket_qua"] in Delivery.values
                        else values["nhan_ket_qua"],
                    },
                )
        elif not errors:
            desk = _desk_for(competent)
            applicant = ApplicantData(
                kind=ApplicantKind.INDIVIDUAL,
                name=values["ho_ten"],
                id_number=values["so_dinh_danh"],
                address=values["dia_chi"],
                phone=values["dien_thoai"],
                email=values["email"],
            )
            try:
                with transaction.atomic():
                    d = services.submit(
                        case=case,
                        channel="online",
                        receiving_agency=desk or competent,
                        competent_agency=competent,
                        applicant=applicant,
                        now=now,
                        components=[
                            {
                                "component": c.pk,
                                "name": c.name,
                                "copy_type": c.copy_type,
                                "quantity": c.quantity,
                                "presented": c.pk in kept or c.pk in picked,
                            }
                            for c in components
                        ],
                        delivery=values["nhan_ket_qua"],
                        idempotency_key=f"portal:{request.user.pk}:{values['token']}",
                        account=request.user,
                    )
                    for dc in d.components.all():
                        if dc.component_id in kept:
                            documents.attach_online_file(
                                dc, kept[dc.component_id], account=request.user, now=now
                            )
                        elif dc.component_id in picked:
                            documents.reuse_by_applicant(
                                dc,
                                picked[dc.component_id],
                                account=request.user,
                                now=now,
                                verified_id_number=verified,
                            )
            except DossierError as exc:
                errors.update(exc.errors or {"general": exc.message})
                if not exc.errors:
                    errors["general"] = exc.message
            except DocumentError as exc:
                errors["general"] = exc.message
            else:
                messages.success(
                    request,
                    f"Đã nộp hồ sơ, mã nộp {d.submission_ref}. Hồ sơ đang chờ cán bộ tiếp nhận; "
                    "ông/bà sẽ nhận thông báo khi hồ sơ được tiếp nhận.",
                )
                return redirect("portal:my-dossier", d.submission_ref)
    return render(
        request,
        "portal/submit.html",
        {
            "procedure": procedure,
            "version": version,
            "cases": cases,
            "case": case,
            "components": components,
            "agencies": agencies,
            "errors": errors,
            "kept": kept,
            "picked": picked,
            "store": store,
            "values": values,
            "deliveries": Delivery.choices,
            "file_errors": {
                c.pk: errors[f"tep_{c.pk}"] for c in components if f"tep_{c.pk}" in errors
            },
        },
    )
