"""Staff screens: login, a home page for each role, the calendar, catalog import."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from motcua.catalog import exchange
from motcua.catalog import selectors as catalog_selectors
from motcua.catalog.models import InternalProcess, ProcessStatus
from motcua.catalog.services import CatalogError, import_catalog
from motcua.core.calendar import CalendarError, Unit
from motcua.core.models import CalendarDay
from motcua.core.selectors import work_calendar
from motcua.directory.models import AdminUnit, Agency, Delegation, Role
from motcua.directory.selectors import grants, is_administrator, visible_agencies

ROLE_HELP = {
    Role.RECEIVING_OFFICER: (
        "Tiếp nhận hồ sơ, hướng dẫn, trả kết quả; tra cứu thủ tục và ngày hẹn trả."
    ),
    Role.SPECIALIST: "Thẩm định hồ sơ theo các bước của quy trình nội bộ được giao.",
    Role.DEPARTMENT_HEAD: "Phân công, xem xét kết quả thẩm định của phòng.",
    Role.AGENCY_LEADER: "Phê duyệt, ký kết quả; ủy quyền khi vắng mặt.",
    Role.RECORDS_CLERK: "Vào sổ, đóng dấu, phát hành kết quả.",
    Role.SUPERVISOR: "Theo dõi các cơ quan, đơn vị thuộc phạm vi giám sát.",
    Role.ADMINISTRATOR: "Cấu hình đơn vị, cán bộ, lịch làm việc và danh mục thủ tục.",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    my = grants(request.user, today)
    agencies = Agency.objects.in_bulk({g.agency_id for g in my})
    roles = [
        {
            "agency": agencies.get(g.agency_id),
            "role": Role(g.role).label,
            "code": g.role,
            "help": ROLE_HELP.get(Role(g.role), ""),
            "delegated": g.delegated_by is not None,
        }
        for g in my
    ]
    codes = {g.role for g in my}
    context: dict = {"roles": roles, "today": today, "is_admin": is_administrator(request.user)}
    work_roles = codes & {
        Role.SPECIALIST,
        Role.DEPARTMENT_HEAD,
        Role.AGENCY_LEADER,
        Role.RECORDS_CLERK,
        Role.RECEIVING_OFFICER,
    }
    if work_roles:
        own = [a for a in agencies.values() if a is not None]
        provinces = {a.unit.province_code for a in own}
        processes = (
            InternalProcess.objects.filter(
                Q(agency__in=own) | Q(agency__isnull=True, province__code__in=provinces),
                status=ProcessStatus.APPROVED,
                steps__role__in=work_roles,
                case__version__procedure__agency_types__in={a.agency_type_id for a in own},
            )
            .filter(catalog_selectors.in_force_q(today, "case__version__"))
            .select_related("case__version__procedure")
            .distinct()
            .order_by("case__version__procedure__name")
        )
        context["processes"] = processes[:50]
        context["process_count"] = processes.count()
    if Role.SUPERVISOR in codes or context["is_admin"]:
        scope = visible_agencies(request.user, today)
        context["supervised"] = (
            scope.values("agency_type__name").annotate(n=Count("id")).order_by("-n")
        )
        context["supervised_total"] = scope.count()
        context["supervised_units"] = (
            AdminUnit.objects.filter(agencies__in=scope, valid_to__isnull=True).distinct().count()
        )
    context["delegations_given"] = Delegation.objects.filter(
        delegator=request.user, revoked_at__isnull=True, valid_to__gte=today
    ).select_related("delegate", "agency")
    context["delegations_received"] = Delegation.objects.filter(
        delegate=request.user, revoked_at__isnull=True, valid_to__gte=today
    ).select_related("delegator", "agency")
    context["upcoming_days"] = CalendarDay.objects.filter(
        date__gte=today, province_code=""
    ).exclude(flag="culture_day")[:6]
    return render(request, "backoffice/home.html", context)


class DueForm(forms.Form):
    start = forms.DateTimeField(
        label="Thời điểm tiếp nhận",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M"],
    )
    amount = forms.DecimalField(label="Thời hạn", min_value=0, max_digits=8, decimal_places=3)
    unit = forms.ChoiceField(
        label="Đơn vị",
        choices=[
            (Unit.WORKING_DAYS, "ngày làm việc"),
            (Unit.WORKING_HOURS, "giờ làm việc"),
            (Unit.CALENDAR_DAYS, "ngày (theo lịch)"),
            (Unit.SAME_DAY, "trong ngày"),
        ],
    )
    cutoff = forms.TimeField(
        label="Giờ chốt (nếu có)", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    """Lịch làm việc of a year and a due-date calculator."""
    today = timezone.localdate()
    try:
        year = int(request.GET.get("nam", today.year))
    except ValueError:
        year = today.year
    form = DueForm(
        request.GET if "amount" in request.GET else None,
        initial={
            "start": timezone.localtime()
            .replace(second=0, microsecond=0)
            .strftime("%Y-%m-%dT%H:%M"),
            "amount": 5,
            "unit": Unit.WORKING_DAYS,
        },
    )
    result = None
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        start = d["start"]
        if timezone.is_naive(start):
            start = timezone.make_aware(start)
        try:
            result = work_calendar().due(start, d["amount"], d["unit"], cutoff=d.get("cutoff"))
        except CalendarError as exc:
            form.add_error(None, str(exc))
    days = CalendarDay.objects.filter(date__year=year).order_by("date")
    return render(
        request,
        "backoffice/calendar.html",
        {"year": year, "days": days, "form": form, "result": result, "years": range(2025, 2029)},
    )


class ImportForm(forms.Form):
    province = forms.ModelChoiceField(
        label="Tỉnh áp dụng quy trình nội bộ",
        queryset=AdminUnit.objects.filter(
            parent__isnull=True, valid_to__isnull=True, agencies__isnull=False
        ).distinct(),
    )
    file = forms.FileField(label="Tệp danh mục (.json hoặc .xlsx)")
    publish = forms.BooleanField(
        label="Công bố ngay các quyết định trong tệp", required=False, initial=True
    )


@login_required
def catalog_import(request: HttpRequest) -> HttpResponse:
    if not is_administrator(request.user):
        raise PermissionDenied("Chỉ quản trị hệ thống được nhập danh mục.")
    errors: list[tuple[str, str]] = []
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        raw = upload.read()
        try:
            if upload.name.lower().endswith(".xlsx"):
                document = exchange.xlsx_to_document(raw)
            else:
                try:
                    document = json.loads(raw.decode("utf-8-sig"))
                except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                    raise CatalogError([("", f"Tệp JSON không đọc được: {exc}")]) from exc
            result = import_catalog(
                document,
                province=form.cleaned_data["province"],
                actor=request.user,
                now=timezone.now(),
                publish=form.cleaned_data["publish"],
            )
        except CatalogError as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                f"Đã nhập {result.versions} phiên bản thủ tục ({result.procedures} thủ tục mới, "
                f"{result.decisions} quyết định, {result.processes} quy trình nội bộ).",
            )
            return redirect("backoffice:catalog-import")
    return render(request, "backoffice/catalog_import.html", {"form": form, "errors": errors})
