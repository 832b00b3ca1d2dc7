"""Staff screens of the review: plans, the review page of a procedure (review form, proposal,
compliance cost before/after, evidence from dossiers, what-if, adoption), the DOCX export and
the hourly-income setting. Forms post back to the same page; on an error the page is shown
again with everything the officer typed and the message next to the field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from motcua.catalog.models import Channel, Procedure, TimeUnit
from motcua.directory.selectors import is_administrator
from motcua.review import cost as C
from motcua.review import selectors, services
from motcua.review.docx_export import proposal_docx
from motcua.review.models import (
    ELEMENTS,
    HourlyIncome,
    ItemStatus,
    NSource,
    ReviewItem,
    ReviewPlan,
    Scenario,
)
from motcua.review.services import ReviewError

EXTRA_ROWS = 3
UNITS = [(u.value, u.label) for u in TimeUnit]


def _plan_or_404(request: HttpRequest, pk: int) -> ReviewPlan:
    plan = selectors.visible_plans(request.user, timezone.localdate()).filter(pk=pk).first()
    if plan is None:
        raise Http404("Không có kế hoạch hoặc bạn không có quyền xem.")
    return plan


def _item_or_404(request: HttpRequest, pk: int) -> ReviewItem:
    item = get_object_or_404(
        ReviewItem.objects.select_related(
            "plan__agency__unit", "plan__hourly_income", "procedure", "version", "case"
        ),
        pk=pk,
    )
    _plan_or_404(request, item.plan_id)
    return item


def _tri(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def _errors(exc: ReviewError) -> dict[str, str]:
    return exc.errors if isinstance(exc.errors, dict) else {}


# --- plans ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plans(request: HttpRequest) -> HttpResponse:
    """Kế hoạch rà soát TTHC: the plans the user may see and a form to start one."""
    today = timezone.localdate()
    agencies = list(selectors.agencies_for_plans(request.user, today).order_by("name")[:400])
    ctx: dict[str, Any] = {
        "plans": selectors.visible_plans(request.user, today)
        .annotate(n_items=Count("items"))
        .order_by("-year", "id"),
        "agencies": agencies,
        "form": {"year": today.year + 1 if today.month >= 11 else today.year},
        "errors": {},
        "hourly": selectors.current_hourly_income(),
    }
    if request.method == "POST":
        data = request.POST
        ctx["form"] = data
        agency = next((a for a in agencies if str(a.pk) == data.get("agency")), None)
        try:
            if agency is None:
                raise ReviewError("invalid", "Chọn cơ quan.", errors={"agency": "Chọn cơ quan."})
            plan = services.create_plan(
                agency=agency,
                year=int(data.get("year") or 0),
                title=data.get("title", ""),
                number=data.get("number", ""),
                legal_basis=data.get("legal_basis", ""),
                targets={
                    k: data.get(k)
                    for k in (
                        "cost_target",
                        "time_target",
                        "internal_cost_target",
                        "internal_time_target",
                    )
                },
                user=request.user,
                now=timezone.now(),
            )
        except (ReviewError, ValueError) as exc:
            ctx["error"] = getattr(exc, "message", "Năm không hợp lệ.")
            ctx["errors"] = _errors(exc) if isinstance(exc, ReviewError) else {"year": "Số."}
            return render(request, "review/plans.html", ctx, status=400)
        messages.success(request, "Đã lập kế hoạch rà soát.")
        return redirect("review:plan", pk=plan.pk)
    return render(request, "review/plans.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    """A plan: its procedures with cost before/after, saving and rates, totals vs targets."""
    p = _plan_or_404(request, pk)
    today = timezone.localdate()
    ctx: dict[str, Any] = {"errors": {}, "form": {}}
    if request.method == "POST":
        code = request.POST.get("procedure", "").strip()
        ctx["form"] = request.POST
        procedure = Procedure.objects.filter(code=code).first()
        try:
            if procedure is None:
                raise ReviewError(
                    "invalid",
                    f"Không có thủ tục mã “{code}”.",
                    errors={"procedure": "Nhập mã TTHC có trong danh mục."},
                )
            item = services.add_procedure(
                p,
                procedure=procedure,
                case_code=request.POST.get("case") or None,
                today=today,
                now=timezone.now(),
                user=request.user,
            )
        except ReviewError as exc:
            ctx["error"], ctx["errors"] = exc.message, _errors(exc)
        else:
            messages.success(request, f"Đã đưa thủ tục {procedure.code} vào kế hoạch.")
            return redirect("review:item", pk=item.pk)
    ctx["summary"] = selectors.plan_summary(p)
    ctx["plan"] = p
    start, end = services.last_year(p.year)
    ctx["candidates"] = selectors.candidates(p, start, min(end, today))
    ctx["period"] = (start, min(end, today))
    return render(request, "review/plan.html", ctx, status=400 if ctx.get("error") else 200)


@login_required
def plan_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """Phương án đơn giản hóa as DOCX (the whole plan, or ``?muc=<item id>``)."""
    p = _plan_or_404(request, pk)
    only = request.GET.get("muc")
    data = proposal_docx(
        selectors.plan_summary(p),
        on=timezone.localdate(),
        only_item=int(only) if only and only.isdigit() else None,
    )
    response = HttpResponse(
        data,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    name = f"phuong-an-don-gian-hoa-{p.year}-{p.pk}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- the review page of one procedure --------------------------------------------------------


def _plain(value, places: int = 2) -> str:
    """A number for an input box: no thousands separator, a decimal comma (40000, 0,5)."""
    return C.num(value, places).replace(".", "")


def _cost_form(item: ReviewItem, scenario: str, posted=None) -> dict[str, Any]:
    cost = next((c for c in item.costs.all() if c.scenario == scenario), None)
    if posted is not None:
        rows = []
        i = 0
        while f"{scenario}-{i}-label" in posted:
            rows.append({k: posted.get(f"{scenario}-{i}-{k}", "") for k in _ROW_KEYS})
            i += 1
        return {
            "scenario": scenario,
            "cost": cost,
            "rows": rows,
            **{k: posted.get(f"{scenario}-{k}", "") for k in _COST_KEYS},
        }
    rows = [
        {
            "label": r.label,
            "hours": _plain(r.hours),
            "fee": _plain(r.fee, 0),
            "service": _plain(r.service, 0),
            "other": _plain(r.other, 0),
        }
        for r in (cost.rows.all() if cost else [])
    ]
    rows += [{k: "" for k in _ROW_KEYS} for _ in range(EXTRA_ROWS)]
    return {
        "scenario": scenario,
        "cost": cost,
        "rows": rows,
        "n_per_year": _plain(cost.n_per_year) if cost else "",
        "frequency": _plain(cost.frequency, 3) if cost else "1",
        "hourly_income": _plain(cost.hourly_income) if cost else "",
        "hourly_income_source": cost.hourly_income_source if cost else "",
        "time_amount": _plain(cost.time_amount, 3) if cost and cost.time_amount else "",
        "time_unit": cost.time_unit if cost else item.case.time_unit,
    }


_ROW_KEYS = ("label", "hours", "fee", "service", "other")
_COST_KEYS = (
    "n_per_year",
    "frequency",
    "hourly_income",
    "hourly_income_source",
    "time_amount",
    "time_unit",
)


def _what_if_context(request: HttpRequest, item: ReviewItem, today: date) -> dict[str, Any]:
    start, end = services.last_year(item.plan.year)
    tl = (item.changes or {}).get("time_limit") or {}
    form = {
        "tl": request.GET.get("tl", tl.get("amount", "")),
        "unit": request.GET.get("dv", tl.get("unit", item.case.time_unit)),
        "from": request.GET.get("tu", start.isoformat()),
        "to": request.GET.get("den", end.isoformat()),
    }
    ctx: dict[str, Any] = {"wi_form": form}
    if "tl" not in request.GET and not tl:  # without a proposed limit, wait for the officer
        return ctx
    try:
        amount = Decimal(str(form["tl"]).replace(",", "."))
        if amount <= 0 and form["unit"] != TimeUnit.SAME_DAY:
            raise ValueError
        if form["unit"] not in TimeUnit.values or form["unit"] == TimeUnit.MONTHS:
            raise ValueError
        d0, d1 = date.fromisoformat(form["from"]), date.fromisoformat(form["to"])
        if d1 < d0:
            raise ValueError
    except (ValueError, ArithmeticError):
        ctx["wi_error"] = (
            "Thời hạn đề xuất phải là số dương, đơn vị ngày làm việc / giờ làm việc / ngày, "
            "và khoảng thời gian hợp lệ."
        )
        return ctx
    ctx["what_if"] = selectors.what_if(
        item.procedure_id,
        amount=amount,
        unit=form["unit"],
        start=d0,
        end=d1,
        today=today,
        case_code=item.case.code,
    )
    return ctx


def _row_dicts(posted, scenario: str) -> list[dict[str, str]]:
    rows = []
    i = 0
    while f"{scenario}-{i}-label" in posted:
        rows.append({k: posted.get(f"{scenario}-{i}-{k}", "") for k in _ROW_KEYS})
        i += 1
    return rows


def _post_item(request: HttpRequest, item: ReviewItem, ctx: dict[str, Any]) -> bool:
    """Handle one of the page's forms; True when saved (then redirect)."""
    data, now, action = request.POST, timezone.now(), request.POST.get("action")
    ctx["action"] = action
    if action == "assess":
        services.save_assessment(
            item,
            necessity_ok=_tri(data.get("necessity_ok")),
            necessity=data.get("necessity", ""),
            assessment={
                k: {
                    "ok": _tri(data.get(f"el-{k}-ok")),
                    "note": data.get(f"el-{k}-note", ""),
                    "proposal": data.get(f"el-{k}-proposal", ""),
                }
                for k in ELEMENTS
            },
            legality_ok=_tri(data.get("legality_ok")),
            legality=data.get("legality", ""),
            user=request.user,
            now=now,
        )
        messages.success(request, "Đã lưu biểu mẫu rà soát.")
        return True
    if action == "propose":
        changes: dict[str, Any] = {}
        if data.get("tl_amount", "").strip():
            changes["time_limit"] = {"amount": data["tl_amount"], "unit": data.get("tl_unit")}
        changes["components_removed"] = data.getlist("remove_component")
        changes["fees"] = {
            k.removeprefix("fee-"): v for k, v in data.items() if k.startswith("fee-") and v.strip()
        }
        changes["steps"] = {
            k.removeprefix("step-"): v
            for k, v in data.items()
            if k.startswith("step-") and v.strip()
        }
        if data.get("change_channels"):
            changes["channels"] = data.getlist("channel")
        services.save_proposal(
            item,
            proposal=data.get("proposal", ""),
            reasons=data.get("reasons", ""),
            recommendation=data.get("recommendation", ""),
            changes=changes,
            user=request.user,
            now=now,
        )
        messages.success(request, "Đã lưu phương án đơn giản hóa.")
        return True
    if action in ("cost-before", "cost-after"):
        scenario = action.removeprefix("cost-")
        p = lambda k: data.get(f"{scenario}-{k}")  # noqa: E731
        services.save_cost(
            item,
            scenario=scenario,
            rows=_row_dicts(data, scenario),
            n_per_year=p("n_per_year"),
            frequency=p("frequency"),
            hourly_income=p("hourly_income"),
            hourly_income_source=p("hourly_income_source"),
            time_amount=p("time_amount"),
            time_unit=p("time_unit"),
            user=request.user,
            now=now,
        )
        messages.success(request, "Đã lưu bảng tính chi phí tuân thủ.")
        return True
    if action == "measure":
        if services.refresh_measured_n(item, today=timezone.localdate()):
            messages.success(request, "Đã lấy số hồ sơ năm trước từ hệ thống.")
        else:
            messages.info(request, "Năm trước chưa có hồ sơ của thủ tục này trên hệ thống.")
        return True
    if action == "adopt":
        try:
            d0 = date.fromisoformat(data.get("decision_date", ""))
            d1 = date.fromisoformat(data.get("effective_date", ""))
        except ValueError as exc:
            raise ReviewError(
                "invalid",
                "Ngày không hợp lệ.",
                errors={"decision_date": "Chọn ngày.", "effective_date": "Chọn ngày."},
            ) from exc
        services.adopt(
            item,
            number=data.get("number", ""),
            decision_date=d0,
            effective_date=d1,
            title=data.get("title", ""),
            signer=data.get("signer", ""),
            signer_title=data.get("signer_title", ""),
            user=request.user,
            now=now,
        )
        messages.success(
            request, "Đã tạo quyết định công bố (dự thảo) và phiên bản mới của thủ tục."
        )
        return True
    raise ReviewError("invalid", "Thao tác không hợp lệ.")


@login_required
@require_http_methods(["GET", "POST"])
def item(request: HttpRequest, pk: int) -> HttpResponse:
    it = _item_or_404(request, pk)
    today = timezone.localdate()
    ctx: dict[str, Any] = {"errors": {}, "posted": None}
    status = 200
    if request.method == "POST":
        try:
            if _post_item(request, it, ctx):
                anchor = {
                    "assess": "ra-soat",
                    "propose": "phuong-an",
                    "cost-before": "chi-phi",
                    "cost-after": "chi-phi",
                    "measure": "chi-phi",
                    "adopt": "cong-bo",
                }.get(ctx.get("action"), "")
                return redirect(reverse("review:item", args=[it.pk]) + f"#{anchor}")
        except ReviewError as exc:
            ctx["error"], ctx["errors"] = exc.message, _errors(exc)
            ctx["posted"] = request.POST
            status = 400
    it = _item_or_404(request, pk)  # fresh, with costs
    it = selectors.plan_items(it.plan).get(pk=it.pk)
    start, end = services.last_year(it.plan.year)
    posted = ctx["posted"]
    action = ctx.get("action")
    version = it.version
    components = list(version.components.all())
    fees = list(it.case.fees.all())
    steps = [s for p in it.case.processes.all() if p.status == "approved" for s in p.steps.all()]
    changes = it.changes or {}
    assessment = it.assessment or {}
    elements = []
    for key, label in ELEMENTS.items():
        a = assessment.get(key, {})
        if posted is not None and action == "assess":
            a = {
                "ok": _tri(posted.get(f"el-{key}-ok")),
                "note": posted.get(f"el-{key}-note", ""),
                "proposal": posted.get(f"el-{key}-proposal", ""),
            }
        elements.append({"key": key, "label": label, **a})
    ctx.update(
        item=it,
        plan=it.plan,
        figures=selectors.item_figures(it),
        elements=elements,
        components=[
            {
                "c": c,
                "removed": str(c.pk)
                in (posted.getlist("remove_component") if posted and action == "propose" else [])
                or c.pk in changes.get("components_removed", []),
            }
            for c in components
        ],
        fees=[
            {
                "f": f,
                "new": (posted.get(f"fee-{f.pk}") if posted and action == "propose" else None)
                or (changes.get("fees") or {}).get(str(f.pk), ""),
            }
            for f in fees
        ],
        steps=[
            {
                "s": s,
                "new": (posted.get(f"step-{s.pk}") if posted and action == "propose" else None)
                or (changes.get("steps") or {}).get(str(s.pk), ""),
            }
            for s in steps
        ],
        channels=[
            {
                "value": v,
                "label": lbl,
                "checked": v in (changes.get("channels") or version.channels),
            }
            for v, lbl in Channel.choices
        ],
        units=UNITS,
        proposal_form=(
            posted
            if posted is not None and action == "propose"
            else {
                "proposal": it.proposal,
                "reasons": it.reasons,
                "recommendation": it.recommendation,
                "tl_amount": (changes.get("time_limit") or {}).get("amount", ""),
                "tl_unit": (changes.get("time_limit") or {}).get("unit", it.case.time_unit),
            }
        ),
        cost_forms=[
            _cost_form(
                it,
                s,
                posted if posted is not None and action == f"cost-{s}" else None,
            )
            for s in (Scenario.BEFORE, Scenario.AFTER)
        ],
        measured=selectors.measured(it.procedure_id, start, end, today=today, case=it.case),
        steps_figures=selectors.step_analysis(it.procedure_id, start, end, case=it.case),
        period=(start, end),
        adopt_form=posted if posted is not None and action == "adopt" else {},
        nsource_measured=NSource.MEASURED,
        adopted=it.status == ItemStatus.ADOPTED,
    )
    ctx.update(_what_if_context(request, it, today))
    if it.decision_id:
        ctx["decision_admin"] = reverse(
            "admin:catalog_publicationdecision_change", args=[it.decision_id]
        )
    return render(request, "review/item.html", ctx, status=status)


# --- hourly income ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def hourly_income(request: HttpRequest) -> HttpResponse:
    """Thu nhập bình quân 1 giờ: everyone sees the rows; the administrator edits them."""
    admin = is_administrator(request.user)
    ctx: dict[str, Any] = {
        "rows": HourlyIncome.objects.all(),
        "admin": admin,
        "form": {},
        "errors": {},
    }
    if request.method == "POST":
        if not admin:
            raise PermissionDenied("Chỉ quản trị hệ thống được sửa thu nhập bình quân.")
        data = request.POST
        try:
            services.set_hourly_income(
                year=int(data.get("year") or 0),
                amount=data.get("amount"),
                source=data.get("source", ""),
                income=data.get("income"),
                working_days=data.get("working_days"),
                user=request.user,
                now=timezone.now(),
            )
        except (ReviewError, ValueError) as exc:
            ctx["form"] = data
            ctx["error"] = getattr(exc, "message", "Năm không hợp lệ.")
            ctx["errors"] = _errors(exc) if isinstance(exc, ReviewError) else {}
            return render(request, "review/hourly.html", ctx, status=400)
        messages.success(request, "Đã lưu thu nhập bình quân 1 giờ.")
        return redirect("review:hourly")
    return render(request, "review/hourly.html", ctx)
