"""Per-dossier facts: what one dossier contributes to the 766 indicators and to Biểu 06.

Rules (spec indicators-766.md §4.2, reports.md §2, calendar.md §14):

* A dossier enters the reports when it is received (``received_at``, NgayTiepNhan); refused
  dossiers count only in the "không được tiếp nhận" column; consultations (liên thông
  sub-dossiers) are never reported separately.
* Finish = the result (status 9, ``decided_at``, NgayKetThucXuLy), else the stop/withdrawal of
  a received dossier (status 7, "Công dân yêu cầu rút hồ sơ" also terminates).
* Early / on time / late compares the finish date with the legal due date (dates in Vietnam
  time; an apology never cures lateness).
* QĐ 766 rule 2.1: more than one supplement request ⇒ overdue; exactly one and no finished
  status ⇒ the end time is that request; an open dossier is "trong hạn" iff its due date is on
  or after the period's last day; no due date ⇒ on time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime, timedelta

from motcua.dossiers.clock import classify, local_date
from motcua.dossiers.models import Channel, Dossier, DossierEvent
from motcua.dossiers.states import State


@dataclass
class Fact:
    dossier_id: int
    agency_id: int
    receiving_agency_id: int
    procedure_id: int
    version_id: int
    channel: str
    online_level: str
    boundary_free: bool
    submitted_on: date
    received_on: date | None = None
    refused_on: date | None = None
    due_on: date | None = None
    finish_on: date | None = None
    finish_kind: str = ""
    timeliness: str = ""
    supplement_count: int = 0
    first_supplement_on: date | None = None
    apologised: bool = False
    ok766: bool = False
    late_open_from: date | None = None
    late766_from: date | None = None
    paper_required: bool = False
    e_result: bool = False
    digitised: bool = False
    reused: bool = False
    personal_store: bool = False
    has_fee: bool = False
    paid_online: bool = False
    paid: bool = False
    processing_hours: float | None = None

    def as_model_kwargs(self) -> dict:
        d = asdict(self)
        return d

    @classmethod
    def from_row(cls, row) -> Fact:
        return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})


FACT_FIELDS = tuple(f.name for f in fields(Fact))


def _fact(d: Dossier, ev: dict[str, datetime], extras: dict[str, set[int]]) -> Fact:
    v = d.version
    f = Fact(
        dossier_id=d.pk,
        agency_id=d.competent_agency_id,
        receiving_agency_id=d.receiving_agency_id,
        procedure_id=v.procedure_id,
        version_id=v.pk,
        channel=d.channel,
        online_level=v.online_level or "",
        boundary_free=d.boundary_free,
        submitted_on=local_date(d.submitted_at),
        supplement_count=d.supplement_count,
        apologised=d.apology_count > 0,
        paper_required=v.result_paper_required,
    )
    pk = d.pk
    f.e_result = pk in extras["e_result"]
    f.digitised = pk in extras["digitised"] and (not f.paper_required or f.e_result)
    f.reused = pk in extras["reused"]
    f.personal_store = pk in extras["personal_store"]
    f.has_fee = pk in extras["has_fee"]
    f.paid_online = pk in extras["paid_online"]
    f.paid = pk in extras["paid"]
    if d.received_at is None and "refuse" in ev:  # refused (and maybe archived since)
        f.refused_on = local_date(ev["refuse"])
    if d.received_at is None:
        return f
    f.received_on = local_date(d.received_at)
    f.due_on = local_date(d.due_at) if d.due_at else None
    if "request_supplement" in ev:
        f.first_supplement_on = local_date(ev["request_supplement"])
    end: datetime | None = None
    if d.state in (State.STOPPED, State.ARCHIVED) and "stop" in ev:
        end, f.finish_kind = ev["stop"], "stopped"  # the stop also sets decided_at
    elif d.decided_at is not None:
        end, f.finish_kind = d.decided_at, "decided"
        f.timeliness = classify(d.decided_at, d.due_at)
        f.processing_hours = (d.decided_at - d.received_at).total_seconds() / 3600
    if end is not None:
        # A dossier handed in outside working days is deemed received on the next working day;
        # one stopped (or decided) before that day finishes on its day of receipt for reports.
        f.finish_on = max(local_date(end), f.received_on)
        f.ok766 = f.supplement_count <= 1 and (f.due_on is None or f.finish_on <= f.due_on)
    # Biểu 06 col. 13: open and overdue from the day after the due date.
    if f.due_on is not None:
        start = max(f.received_on, f.due_on + timedelta(days=1))
        if f.finish_on is None or start < f.finish_on:
            f.late_open_from = start
    # QĐ 766 rule 2.1 for a dossier still open at the period's end.
    if f.supplement_count >= 2:
        start766: date | None = f.received_on
    elif f.supplement_count == 1:
        late = f.due_on is not None and f.first_supplement_on > f.due_on
        start766 = f.received_on if late else None
    else:
        start766 = f.late_open_from
    if start766 is not None and (f.finish_on is None or start766 < f.finish_on):
        f.late766_from = start766
    return f


def _extras(ids: list[int]) -> dict[str, set[int]]:
    """Flags held by other packages (documents, payments), read through their tables."""
    from motcua.documents.models import (
        ComponentDigitisation,
        DigitisationState,
        DocumentReuse,
        ElectronicResult,
        Source,
    )
    from motcua.payments.models import Invoice, Method, Payment, PaymentStatus

    out: dict[str, set[int]] = defaultdict(set)
    out["e_result"] = set(
        ElectronicResult.objects.filter(result__dossier_id__in=ids).values_list(
            "result__dossier_id", flat=True
        )
    )
    for dossier_id, state, source in ComponentDigitisation.objects.filter(
        component__dossier_id__in=ids
    ).values_list("component__dossier_id", "state", "source"):
        if state != DigitisationState.NOT_DIGITISED:
            out["digitised"].add(dossier_id)
        if state in (DigitisationState.REUSED_FROM_COMPONENT, DigitisationState.REUSED_FROM_RESULT):
            out["reused"].add(dossier_id)
        if source == Source.KHO_DVCQG:
            out["personal_store"].add(dossier_id)
    out["reused"] |= set(
        DocumentReuse.objects.filter(component__dossier_id__in=ids).values_list(
            "component__dossier_id", flat=True
        )
    )
    out["has_fee"] = set(
        Invoice.objects.filter(dossier_id__in=ids, gross__gt=0).values_list("dossier_id", flat=True)
    )
    for dossier_id, method in Payment.objects.filter(
        invoice__dossier_id__in=ids, status=PaymentStatus.PAID
    ).values_list("invoice__dossier_id", "method"):
        out["paid"].add(dossier_id)
        if method == Method.ONLINE:
            out["paid_online"].add(dossier_id)
    return out


EVENT_ACTIONS = ("refuse", "request_supplement", "stop")


def build_facts(ids: Iterable[int]) -> dict[int, Fact | None]:
    """Facts of the given dossiers, read fresh from the dossier tables (None: not reported)."""
    ids = list(ids)
    out: dict[int, Fact | None] = {i: None for i in ids}
    for start in range(0, len(ids), 2000):
        chunk = ids[start : start + 2000]
        dossiers = list(
            Dossier.objects.filter(pk__in=chunk, parent__isnull=True)
            .select_related("version")
            .only(
                "id",
                "competent_agency_id",
                "receiving_agency_id",
                "channel",
                "boundary_free",
                "submitted_at",
                "state",
                "received_at",
                "due_at",
                "decided_at",
                "supplement_count",
                "apology_count",
                "version__procedure_id",
                "version__online_level",
                "version__result_paper_required",
            )
        )
        events: dict[int, dict[str, datetime]] = defaultdict(dict)
        for dossier_id, action, at in (
            DossierEvent.objects.filter(dossier_id__in=chunk, action__in=EVENT_ACTIONS)
            .order_by("dossier_id", "seq")
            .values_list("dossier_id", "action", "at")
        ):
            events[dossier_id].setdefault(action, at)  # the first occurrence
        extras = _extras(chunk)
        for d in dossiers:
            out[d.pk] = _fact(d, events[d.pk], extras)
    return out


# --- contributions of a fact to the daily rollup -----------------------------------------

Cell = tuple[date, int, int, str]


def contributions(f: Fact | None) -> list[tuple[Cell, str]]:
    """The (cell, counter) pairs a fact adds one to."""
    if f is None:
        return []
    out: list[tuple[Cell, str]] = []

    def add(day: date, counter: str) -> None:
        out.append(((day, f.agency_id, f.procedure_id, f.channel), counter))

    if f.refused_on is not None and f.received_on is None:
        add(f.refused_on, "refused")
    if f.received_on is None:
        return out
    r = f.received_on
    add(r, "received")
    if f.channel == Channel.ONLINE:
        if f.online_level == "full":
            add(r, "rcv_full")
        elif f.online_level == "partial":
            add(r, "rcv_partial")
        if not f.paper_required or f.e_result:
            add(r, "online_ok")
    if f.boundary_free:
        add(r, "rcv_boundary_free")
    if f.paper_required:
        add(r, "eres_den")
        if f.e_result:
            add(r, "eres_num")
    for flag in ("digitised", "reused", "personal_store", "paid_online", "paid"):
        if getattr(f, flag):
            add(r, flag)
    if f.has_fee:
        add(r, "fee_den")
    if f.finish_on is not None:
        if f.finish_kind == "stopped":
            add(f.finish_on, "fin_stopped")
        else:
            add(f.finish_on, f"fin_{f.timeliness}")
            if f.timeliness == "late" and f.apologised:
                add(f.finish_on, "fin_late_apology")
        if f.ok766:
            add(f.finish_on, "fin_ok766")
    for start_field, prefix in (("late_open_from", "lo"), ("late766_from", "l766")):
        start = getattr(f, start_field)
        if start is not None:
            add(start, f"{prefix}_start")
            if f.finish_on is not None:
                add(f.finish_on, f"{prefix}_end")
            if prefix == "lo" and f.apologised:
                add(start, "loa_start")
                if f.finish_on is not None:
                    add(f.finish_on, "loa_end")
    return out
