"""Rollups of the dossier event log, rule profiles of Decision 766 and plan targets.

Three layers, all derived from the dossiers' append-only event log (``DossierEvent``):

* :class:`DossierFact` — one row per reported dossier (hồ sơ): the dates and flags that every
  indicator and Biểu 06 need (received, finished, due, the 766 on-time judgement, the open-late
  intervals, digitisation and payment flags). Drill-down lists are queries over this table.
* :class:`DailyRollup` — counters per local day × competent agency × procedure × channel. A
  balance at any date (open, open-late) is a prefix sum of start/end counters, so one grouped
  query answers any period.
* :class:`RollupCursor` — the consumer's watermark over ``DossierEvent.id`` with the id ranges
  not yet seen (ids of transactions still open on PostgreSQL commit out of order).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier


class RollupCursor(models.Model):
    """Watermark of the rollup consumer over the dossier event log."""

    name = models.CharField(max_length=40, unique=True)
    high = models.BigIntegerField(_("mã sự kiện lớn nhất đã xử lý"), default=0)
    #: ``[[lo, hi, first_seen_iso], ...]``: ids below ``high`` not seen yet (gaps).
    gaps = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    applied = models.BigIntegerField(_("số sự kiện đã áp dụng"), default=0)

    def __str__(self) -> str:
        return f"{self.name} @ {self.high}"


class DirtyDossier(models.Model):
    """A dossier whose facts changed outside its event log (digitisation, payment, e-result)."""

    dossier_id = models.BigIntegerField(unique=True)

    def __str__(self) -> str:
        return str(self.dossier_id)


class DossierFact(models.Model):
    """Sự kiện tổng hợp của một hồ sơ (one row per dossier, derived; rebuilt any time)."""

    dossier = models.OneToOneField(
        Dossier, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    agency_id = models.IntegerField(db_index=True)  # competent agency (cơ quan giải quyết)
    receiving_agency_id = models.IntegerField()
    procedure_id = models.IntegerField()
    version_id = models.IntegerField()
    channel = models.CharField(max_length=10)
    online_level = models.CharField(max_length=10, blank=True)
    boundary_free = models.BooleanField(default=False)
    submitted_on = models.DateField()
    received_on = models.DateField(null=True, db_index=True)
    refused_on = models.DateField(null=True)
    due_on = models.DateField(null=True)
    #: finish date for reports: the result (status 9) or the stop/withdrawal (status 7).
    finish_on = models.DateField(null=True, db_index=True)
    finish_kind = models.CharField(max_length=10, blank=True)  # decided / stopped
    timeliness = models.CharField(max_length=8, blank=True)  # early / on_time / late
    supplement_count = models.PositiveSmallIntegerField(default=0)
    first_supplement_on = models.DateField(null=True)
    apologised = models.BooleanField(default=False)
    #: QĐ 766 rule 2.1 for a finished dossier.
    ok766 = models.BooleanField(default=False)
    #: first day on which the dossier, still open, counts as overdue (Biểu 06 col. 13).
    late_open_from = models.DateField(null=True)
    #: first day on which the dossier, still open, is not "trong hạn" under QĐ 766 rule 2.1.
    late766_from = models.DateField(null=True)
    paper_required = models.BooleanField(default=False)
    e_result = models.BooleanField(default=False)
    digitised = models.BooleanField(default=False)
    reused = models.BooleanField(default=False)
    personal_store = models.BooleanField(default=False)
    has_fee = models.BooleanField(default=False)
    paid_online = models.BooleanField(default=False)
    paid = models.BooleanField(default=False)
    processing_hours = models.FloatField(null=True)

    class Meta:
        indexes = [models.Index(fields=["agency_id", "received_on"])]

    def __str__(self) -> str:
        return f"fact {self.dossier_id}"


class RollupCounters(models.Model):
    """Counters of one cell (an agency × procedure × channel over a day or a month)."""

    day = models.DateField()
    agency_id = models.IntegerField()
    procedure_id = models.IntegerField()
    channel = models.CharField(max_length=10)
    # by reception day
    received = models.IntegerField(default=0)
    rcv_full = models.IntegerField(default=0)
    rcv_partial = models.IntegerField(default=0)
    rcv_boundary_free = models.IntegerField(default=0)
    online_ok = models.IntegerField(default=0)
    eres_den = models.IntegerField(default=0)
    eres_num = models.IntegerField(default=0)
    digitised = models.IntegerField(default=0)
    reused = models.IntegerField(default=0)
    personal_store = models.IntegerField(default=0)
    fee_den = models.IntegerField(default=0)
    paid_online = models.IntegerField(default=0)
    paid = models.IntegerField(default=0)
    # by finish day
    fin_early = models.IntegerField(default=0)
    fin_on_time = models.IntegerField(default=0)
    fin_late = models.IntegerField(default=0)
    fin_late_apology = models.IntegerField(default=0)
    fin_stopped = models.IntegerField(default=0)
    fin_ok766 = models.IntegerField(default=0)
    # interval boundaries (balance at D = Σ starts ≤ D − Σ ends ≤ D)
    lo_start = models.IntegerField(default=0)
    lo_end = models.IntegerField(default=0)
    loa_start = models.IntegerField(default=0)
    loa_end = models.IntegerField(default=0)
    l766_start = models.IntegerField(default=0)
    l766_end = models.IntegerField(default=0)
    # by refusal day
    refused = models.IntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.day} {self.agency_id} {self.procedure_id} {self.channel}"


class DailyRollup(RollupCounters):
    """Bảng tổng hợp theo ngày: counters per day × agency × procedure × channel."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "agency_id", "procedure_id", "channel"], name="daily_rollup_cell"
            )
        ]
        indexes = [models.Index(fields=["agency_id", "day"])]


class MonthlyRollup(RollupCounters):
    """The same counters per month (``day`` = the 1st): long periods and the balances before a
    period read a few rows per month instead of one per day."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "agency_id", "procedure_id", "channel"], name="monthly_rollup_cell"
            )
        ]
        indexes = [models.Index(fields=["agency_id", "day"])]


COUNTERS: tuple[str, ...] = tuple(
    f.name
    for f in DailyRollup._meta.local_fields
    if isinstance(f, models.IntegerField) and f.name not in ("id", "agency_id", "procedure_id")
)


class RuleProfile(models.Model):
    """Hồ sơ quy tắc tính điểm (versioned rules of Decision 766, effective from a date).

    A change of the national method is a new profile row, not a code edit; the profile used is
    the newest one effective on the last day of the period, and every score names it.
    """

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    effective_from = models.DateField(_("áp dụng từ"))
    rules = models.JSONField(_("quy tắc"))
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["-effective_from", "-id"]

    def __str__(self) -> str:
        return f"{self.code} (từ {self.effective_from:%d/%m/%Y})"


class PlanTarget(models.Model):
    """Chỉ tiêu kế hoạch: a unit's target for one measure in one year."""

    scope_kind = models.CharField(_("loại đơn vị"), max_length=10)
    scope_id = models.IntegerField(_("đơn vị"))
    year = models.PositiveSmallIntegerField(_("năm"))
    measure = models.CharField(_("chỉ số"), max_length=30)
    target = models.FloatField(_("chỉ tiêu (tỷ lệ 0–1)"))
    source = models.CharField(_("căn cứ"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope_kind", "scope_id", "year", "measure"], name="plan_target_unique"
            )
        ]
        ordering = ["year", "measure"]

    def __str__(self) -> str:
        return f"{self.scope_kind}:{self.scope_id} {self.year} {self.measure} ≥ {self.target:.0%}"
