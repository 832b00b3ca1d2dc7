"""Public pages: the procedure catalog (công khai thủ tục hành chính)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from motcua.catalog import selectors
from motcua.catalog.models import Level, OnlineLevel, Procedure, Sector
from motcua.core.selectors import work_calendar
from motcua.directory.models import AdminUnit, AgencyType


def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    live = selectors.procedures_in_force(today).filter(is_internal=False)
    return render(
        request,
        "portal/home.html",
        {
            "count": live.count(),
            "online": live.exclude(online_level=OnlineLevel.NONE).count(),
            "boundary_free": live.filter(boundary_free=True).count(),
            "sectors": Sector.objects.filter(procedures__in=live)
            .annotate(n=Count("procedures"))
            .order_by("-n", "name")[:12],
        },
    )


def procedures(request: HttpRequest) -> HttpResponse:
    p = request.GET
    qs = selectors.search_procedures(
        p.get("q", ""),
        on=timezone.localdate(),
        sector=p.get("linh_vuc") or None,
        level=p.get("cap") or None,
        online_level=p.get("truc_tuyen") or None,
        agency_type=p.get("co_quan") or None,
    )
    page = Paginator(qs, 20).get_page(p.get("trang"))
    context = {
        "page": page,
        "q": p.get("q", ""),
        "selected": {k: p.get(k, "") for k in ("linh_vuc", "cap", "truc_tuyen", "co_quan")},
        "sectors": Sector.objects.filter(procedures__is_active=True).distinct(),
        "levels": Level.choices,
        "online_levels": OnlineLevel.choices,
        "agency_types": AgencyType.objects.order_by("level", "name"),
        "query_string": _without_page(request),
    }
    template = "portal/_results.html" if request.htmx else "portal/procedures.html"
    return render(request, template, context)


def _without_page(request: HttpRequest) -> str:
    q = request.GET.copy()
    q.pop("trang", None)
    return q.urlencode()


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    procedure = get_object_or_404(Procedure, code=code)
    now = timezone.localtime()
    version = selectors.version_in_force(procedure, now.date())
    if version is None:
        raise Http404("Thủ tục không còn hiệu lực hoặc chưa được công bố.")
    version = selectors.version_detail(version.pk)
    province = None
    if code_ := request.GET.get("tinh"):
        province = AdminUnit.objects.filter(
            code=code_, parent__isnull=True, valid_to__isnull=True
        ).first()
    calendar = work_calendar(province.code if province else "")
    cases = [
        {
            "case": case,
            "due": selectors.expected_due(case, calendar, now),
            "components": [
                c for c in version.components.all() if not c.cases.all() or case in c.cases.all()
            ],
        }
        for case in version.cases.all()
    ]
    return render(
        request,
        "portal/procedure_detail.html",
        {
            "procedure": procedure,
            "version": version,
            "cases": cases,
            "now": now,
            "competent": [a for a in version.agencies.all() if a.role == "competent"],
            "others": [a for a in version.agencies.all() if a.role != "competent"],
        },
    )


def track(request: HttpRequest) -> HttpResponse:
    """Tra cứu tình trạng hồ sơ theo mã hồ sơ và số điện thoại (no login)."""
    from motcua.portal import tracking

    code = request.GET.get("ma", "").strip()
    phone = request.GET.get("dien_thoai", "").strip()
    context: dict = {"code": code, "phone": phone}
    if code:
        dossier = tracking.find(code)
        if dossier is None:
            context["error"] = (
                "Không tìm thấy hồ sơ có mã này. Vui lòng kiểm tra lại mã trên Giấy tiếp nhận."
            )
        elif not phone:
            context["found"] = True
        elif not tracking.phone_matches(dossier, phone):
            context["found"] = True
            context["error"] = "Số điện thoại không khớp với số đã đăng ký khi nộp hồ sơ."
        else:
            from motcua.payments.selectors import invoice_for

            invoice = invoice_for(dossier)
            context.update(
                dossier=dossier,
                plain=tracking.PLAIN.get(dossier.state, dossier.get_state_display()),
                steps=tracking.public_steps(dossier),
                todo=tracking.todo(dossier),
                unpaid=invoice is not None and invoice.status == "unpaid",
                can_rate=dossier.state
                in ("decided_approved", "decided_denied", "ready_for_return", "returned"),
            )
    return render(request, "portal/track.html", context)
