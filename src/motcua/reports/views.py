"""Report pages: Biểu 06 on screen, exports (XLSX, PDF, monthly DOCX draft), stored jobs."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from motcua.dossiers.clock import local_date
from motcua.indicators.access import AccessError, can_see
from motcua.indicators.selectors import Scope
from motcua.indicators.views import _error, _filters
from motcua.reports import exports
from motcua.reports.models import CONTENT_TYPES, ReportJob, ReportStatus
from motcua.reports.selectors import bieu06
from motcua.reports.services import ReportError, needs_background, request_report


@login_required
def bieu06_page(request: HttpRequest) -> HttpResponse:
    """Biểu số 06/VPCP/KSTT của một đơn vị trong một kỳ."""
    try:
        scope, start, end, now, ctx = _filters(request)
    except AccessError as exc:
        return _error(request, exc)
    b = bieu06(scope=scope, start=start, end=end, now=now, period_label=ctx["period_label"])
    jobs = ReportJob.objects.filter(requested_by=request.user).defer("content")[:10]
    ctx.update(
        b=b,
        extra=exports.EXTRA,
        cols=range(1, 3 + len(exports.MAIN) + len(exports.EXTRA)),
        background=needs_background(scope, start, end),
        jobs=jobs,
    )
    return render(request, "reports/bieu06.html", ctx)


@login_required
@require_POST
def create_job(request: HttpRequest) -> HttpResponse:
    try:
        scope, start, end, now, ctx = _filters(request)
        job = request_report(
            fmt=request.POST.get("format", ""),
            scope=scope,
            start=start,
            end=end,
            period_label=ctx["period_label"],
            user=request.user,
            now=now,
        )
    except (AccessError, ReportError) as exc:
        return _error(request, exc)
    return redirect("reports:job", pk=job.pk)


def _own_job(request: HttpRequest, pk: int) -> ReportJob:
    job = get_object_or_404(ReportJob.objects.defer("content"), pk=pk)
    scope = Scope(job.scope_kind, job.scope_id)  # type: ignore[arg-type]
    if not can_see(request.user, scope, local_date(timezone.now())):
        raise Http404
    return job


@login_required
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Tiến độ lập báo cáo (tự làm mới khi đang lập) và tải về khi xong."""
    job = _own_job(request, pk)
    template = "reports/_job.html" if request.htmx else "reports/job.html"
    return render(
        request,
        template,
        {"job": job, "running": job.status in (ReportStatus.QUEUED, ReportStatus.RUNNING)},
    )


@login_required
def job_file(request: HttpRequest, pk: int) -> HttpResponse:
    job = _own_job(request, pk)
    if job.status != ReportStatus.DONE:
        raise Http404
    content = ReportJob.objects.values_list("content", flat=True).get(pk=pk)
    response = HttpResponse(bytes(content), content_type=CONTENT_TYPES[job.format])
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    return response
