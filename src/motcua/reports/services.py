"""Producing reports: inline for small scopes, in the background (Django tasks) for big ones."""

from __future__ import annotations

import logging
from datetime import date, datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from motcua.core.errors import DomainError
from motcua.indicators.selectors import Scope, scope_name
from motcua.reports.models import ReportFormat, ReportJob, ReportStatus

log = logging.getLogger(__name__)

#: above this many days a province-wide report is produced in the background
BACKGROUND_DAYS = 92


class ReportError(DomainError):
    """A refused report request."""


def needs_background(scope: Scope, start: date, end: date) -> bool:
    return scope.kind == "province" and (end - start).days >= BACKGROUND_DAYS


def request_report(
    *,
    fmt: str,
    scope: Scope,
    start: date,
    end: date,
    period_label: str,
    user: AbstractBaseUser | None,
    now: datetime,
    background: bool | None = None,
) -> ReportJob:
    """Create a report job; run it now, or queue it when the scope is big."""
    if fmt not in ReportFormat.values:
        raise ReportError("invalid_format", "Định dạng báo cáo không hợp lệ.", status=400)
    if end < start:
        raise ReportError("invalid_period", "Ngày kết thúc phải sau ngày bắt đầu.", status=400)
    job = ReportJob.objects.create(
        format=fmt,
        scope_kind=scope.kind,
        scope_id=scope.id,
        scope_name=scope_name(scope),
        start=start,
        end=end,
        period_label=period_label,
        requested_by=user if user and user.is_authenticated else None,
        requested_at=now,
    )
    if background is None:
        background = needs_background(scope, start, end)
    if background:
        from motcua.reports.tasks import generate_report

        transaction.on_commit(lambda: generate_report.enqueue(job.pk))
    else:
        generate(job.pk, now=now)
        job.refresh_from_db()
    return job


def _progress(job: ReportJob, pct: int, message: str = "") -> None:
    job.progress = pct
    job.message = message
    ReportJob.objects.filter(pk=job.pk).update(progress=pct, message=message)


def generate(job_id: int, *, now: datetime | None = None) -> None:
    """Build the file of a job (called inline or by the task worker)."""
    from motcua.indicators.selectors import scorecard, target_progress
    from motcua.reports import exports
    from motcua.reports.selectors import bieu06

    now = now or timezone.now()
    job = ReportJob.objects.get(pk=job_id)
    ReportJob.objects.filter(pk=job.pk).update(status=ReportStatus.RUNNING)
    try:
        scope = Scope(job.scope_kind, job.scope_id)
        _progress(job, 10, "Đang tổng hợp số liệu")
        b = bieu06(
            scope=scope, start=job.start, end=job.end, now=now, period_label=job.period_label
        )
        _progress(job, 50, "Đang lập biểu")
        stem = f"bieu06-{job.scope_kind}{job.scope_id}-{job.start:%Y%m%d}-{job.end:%Y%m%d}"
        if job.format == ReportFormat.XLSX:
            content, name = exports.xlsx(b), f"{stem}.xlsx"
        elif job.format == ReportFormat.PDF:
            content, name = exports.pdf(b), f"{stem}.pdf"
        else:
            card = scorecard(scope=scope, start=job.start, end=job.end, now=now)
            _progress(job, 70, "Đang viết dự thảo")
            targets = target_progress(scope, job.end.year, now=now, months=False)
            content = exports.docx_narrative(
                b=b, card=card, targets=targets, month_label=job.period_label
            )
            name = f"bao-cao-thang-{job.scope_kind}{job.scope_id}-{job.end:%Y%m}.docx"
        ReportJob.objects.filter(pk=job.pk).update(
            status=ReportStatus.DONE,
            progress=100,
            message="Đã xong",
            content=content,
            filename=name,
            carry_over_ok=b.carry_over_ok,
            finished_at=timezone.now(),
        )
    except Exception as exc:  # recorded on the job; the worker keeps running
        log.exception("report %s failed", job_id)
        ReportJob.objects.filter(pk=job.pk).update(
            status=ReportStatus.FAILED, message=f"Lỗi khi lập báo cáo: {exc}"[:500]
        )
