"""Supervision pages (giám sát): the dashboard, the drill-down lists, the plan targets."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from motcua.dossiers.clock import local_date
from motcua.indicators import dashboard
from motcua.indicators.access import (
    AccessError,
    allowed_scopes,
    parse_period,
    resolve_scope,
    scope_param,
)
from motcua.indicators.selectors import (
    child_scopes,
    drilldown,
    profile_for,
    ranking,
    scope_agencies,
    scorecard,
    target_progress,
)
from motcua.reports import periods


def _filters(request: HttpRequest):
    now = timezone.now()
    today = local_date(now)
    scope = resolve_scope(request.user, request.GET.get("scope"), today)
    start, end, label = parse_period(request.GET, today)
    ctx = {
        "now": now,
        "scope": scope,
        "scope_value": scope_param(scope),
        "scopes": [(scope_param(s), name) for s, name in allowed_scopes(request.user, today)],
        "start": start,
        "end": end,
        "period_label": label,
        "frequencies": periods.FREQUENCY_LABEL,
        "period_kinds": periods.KIND_LABEL,
        "q": request.GET,
        "query": request.GET.urlencode(),
    }
    return scope, start, end, now, ctx


def _error(request: HttpRequest, exc: AccessError) -> HttpResponse:
    return render(
        request, "indicators/error.html", {"message": exc.message}, status=exc.status or 400
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Bảng điều khiển giám sát: 766, chỉ tiêu, đúng hạn, trễ hạn, điểm nghẽn."""
    try:
        scope, start, end, now, ctx = _filters(request)
    except AccessError as exc:
        return _error(request, exc)
    card = scorecard(scope=scope, start=start, end=end, now=now)
    agencies = scope_agencies(scope)
    by_agency, by_procedure = dashboard.at_risk(agencies, now)
    targets = target_progress(scope, end.year, now=now)
    i21 = card.indicator("2.1")
    ctx.update(
        card=card,
        group_chart=dashboard.bars(
            [(f"{g.number}. {g.label}", g.points, g.max) for g in card.groups]
        ),
        on_time=i21,
        on_time_pct=None if i21.ratio is None else round(i21.ratio * 100, 2),
        targets=[(t, dashboard.sparkline([v for _m, v in t.monthly], t.target)) for t in targets],
        by_agency=by_agency,
        by_procedure=by_procedure,
        steps=dashboard.bottlenecks(agencies, start, end),
        durations=dashboard.average_duration(agencies, start, end),
        ranked=ranking(child_scopes(scope), start=start, end=end, now=now)
        if scope.kind == "province"
        else [],
    )
    return render(request, "indicators/home.html", ctx)


@login_required
def indicator_list(request: HttpRequest, ident: str) -> HttpResponse:
    """Danh sách hồ sơ / thủ tục / PAKN đứng sau tử số hoặc mẫu số của một chỉ số."""
    try:
        scope, start, end, now, ctx = _filters(request)
        part = request.GET.get("phan", "num")
        if part not in ("num", "den"):
            raise AccessError("invalid", "Phần chỉ số phải là tử số hoặc mẫu số.")
        try:
            kind, qs = drilldown(ident, part, scope=scope, start=start, end=end, now=now)
        except KeyError:
            raise AccessError(
                "no_list", "Chỉ số này không có danh sách chi tiết (chưa có dữ liệu).", status=404
            ) from None
    except AccessError as exc:
        return _error(request, exc)
    page = Paginator(qs, 50).get_page(request.GET.get("trang"))
    ctx.update(ident=ident, part=part, kind=kind, page=page, total=page.paginator.count)
    rules = profile_for(end).rules
    ctx["indicator"] = next(
        ({"id": r[0], "label": r[2]} for r in rules["indicators"] if r[0] == ident), None
    )
    return render(request, "indicators/list.html", ctx)
