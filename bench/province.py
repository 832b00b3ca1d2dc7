"""Generator of a synthetic province (tỉnh giả lập): N dossiers over two years, bulk-loaded.

Run after the demo catalog and directory are loaded (``load_demo --no-dossiers``)::

    python bench/province.py --n 100000 --seed 766

Every dossier is simulated in memory along the paths the dossier services allow (submit,
guide/resubmit, refuse, accept, forward, the internal steps of the approved process, supplement
requests with the pause/reset clock, apologies, withdrawals, approve/deny, issue, return), with
due dates from the real working calendar (``clock.legal_due``, ``clock.step_due``,
``calendar.add_office_time``). Each event carries the derived values it sets, exactly as the
services' ``_append`` writes them, and the dossier's cached columns are the fold of its events,
so ``dossiers.log.replay`` rebuilds them (checked on a sample by :func:`check_replay`).
Around the dossiers: submitted components with their digitisation (and a scanned file),
results with electronic results, invoices with desk or online payments, and ratings.

Times lie on a 30-minute grid of office sessions (so that due dates can be cached); the
catalog versions of the demo are used for the whole window even where their effective date
is later (a benchmark's shape, not a legal history). Names, numbers and addresses are
synthetic.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import os
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import django

if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(__file__))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    django.setup()

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

import bulk
from motcua.catalog.models import (
    Component,
    Fee,
    InternalProcess,
    Procedure,
    ProcedureCase,
    ProcessStatus,
    ProcessStep,
)
from motcua.catalog.selectors import version_in_force
from motcua.core.calendar import VN_TZ, Unit
from motcua.directory.models import AdminUnit, Agency, Role
from motcua.documents.models import (
    ComponentDigitisation,
    ComponentFile,
    ElectronicResult,
    StoredFile,
)
from motcua.dossiers import clock
from motcua.dossiers.models import (
    CodeCounter,
    Dossier,
    DossierComponent,
    DossierEvent,
    DossierResult,
)
from motcua.dossiers.selectors import processing_steps
from motcua.dossiers.services import calendar_for
from motcua.dossiers.states import NATIONAL_CODE, TRANSITIONS, State
from motcua.payments.models import Invoice, InvoiceLine, Payment
from motcua.ratings.models import Rating

SLOT = timedelta(minutes=30)

FAMILY = "Nguyễn Trần Lê Phạm Hoàng Vũ Đặng Bùi Đỗ Hồ Ngô Dương Lò Vàng Tòng Giàng Sùng Lường Quàng Hà".split()  # noqa: E501
MIDDLE = "Văn Thị Đức Minh Thu Ngọc Quốc Thanh Hữu Kim Xuân A Seo".split()
GIVEN = (
    "An Bình Chi Dũng Giang Hà Hải Hạnh Hiếu Hoa Hùng Hương Khánh Lan Linh Long Mai Minh Nam "
    "Nga Phong Phúc Quân Sơn Tâm Thảo Trang Tuấn Vân Yến Dính Páo Chứ Súa"
).split()
FIRM = "Hợp tác xã Nông sản|Công ty TNHH Thương mại|Công ty cổ phần Xây dựng|Hộ kinh doanh".split(
    "|"
)
PLACE = "Bản Nà|Bản Thẳm|Bản Mới|Tổ dân phố|Bản Chiềng|Bản Pa".split("|")


@dataclass
class Route:
    """One way a dossier can go: a case of a procedure, decided by an agency, at a desk."""

    case: ProcedureCase
    version_id: int
    online_level: str
    boundary_free: bool
    receiving: Agency
    competent: Agency
    steps: list[ProcessStep]
    components: list[Component]
    fees: list[Fee]
    weight: float
    result_name: str


@dataclass
class Stats:
    dossiers: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _routes(province: AdminUnit, on: date) -> list[Route]:
    agencies = list(
        Agency.objects.filter(is_active=True)
        .select_related("agency_type", "unit__parent")
        .filter(Q(unit=province) | Q(unit__parent=province))
    )
    by_type_unit = {(a.agency_type.code, a.unit_id): a for a in agencies}
    communes = sorted({a.unit_id for a in agencies if a.unit.parent_id is not None})
    centre_prov = by_type_unit[("ttpvhcc-tinh", province.pk)]
    # a few big communes and a long tail (Zipf-like), fixed by the commune order
    commune_weight = {u: 1 / (k + 1) ** 0.7 for k, u in enumerate(communes)}
    routes: list[Route] = []
    # the approved process of a case: the agency's own, else the province's (one query each)
    own = set(
        InternalProcess.objects.filter(
            status=ProcessStatus.APPROVED, agency__isnull=False
        ).values_list("case_id", "agency_id")
    )
    step_cache: dict[tuple[int, int | None], list[ProcessStep]] = {}

    def steps_for(case: ProcedureCase, competent: Agency) -> list[ProcessStep]:
        key = (case.pk, competent.pk if (case.pk, competent.pk) in own else None)
        if key not in step_cache:
            step_cache[key] = processing_steps(Dossier(case=case, competent_agency=competent))
        return step_cache[key]

    for proc in Procedure.objects.filter(is_internal=False).order_by("code"):
        v = version_in_force(proc, on)
        if v is None:
            continue
        competent_types = [
            va.agency_type.code
            for va in v.agencies.select_related("agency_type")
            if va.role in ("competent", "delegated") and va.agency_type_id
        ]
        cases = list(v.cases.order_by("code"))
        comps = list(
            Component.objects.filter(version=v).prefetch_related("cases").order_by("order")
        )
        for ci, case in enumerate(cases):
            case_w = 0.7 if ci == 0 else 0.3 / max(1, len(cases) - 1)
            if len(cases) == 1:
                case_w = 1.0
            case_comps = [c for c in comps if not c.cases.all() or case in c.cases.all()][:4]
            fees = [f for f in case.fees.all() if f.amount > 0 and f.mode != "exempt"]
            for t in competent_types[:1]:
                places = (
                    [(province.pk, centre_prov, 1.0)]
                    if (t, province.pk) in by_type_unit
                    else [
                        (u, by_type_unit[("ttpvhcc-xa", u)], commune_weight[u])
                        for u in communes
                        if (t, u) in by_type_unit and ("ttpvhcc-xa", u) in by_type_unit
                    ]
                )
                level_w = 12.0 if places and places[0][0] == province.pk else 4.0
                for unit_id, desk, w in places:
                    competent = by_type_unit[(t, unit_id)]
                    routes.append(
                        Route(
                            case=case,
                            version_id=v.pk,
                            online_level=v.online_level,
                            boundary_free=v.boundary_free,
                            receiving=desk,
                            competent=competent,
                            steps=steps_for(case, competent),
                            components=case_comps,
                            fees=fees,
                            weight=case_w * level_w * w,
                            result_name=v.result_name or "Kết quả giải quyết",
                        )
                    )
    if not routes:
        raise SystemExit("Chưa có danh mục thủ tục và cơ quan: chạy `load_demo --no-dossiers`.")
    return routes


class Timeline:
    """The office slots (30 min) of the window on the province calendar."""

    def __init__(self, cal, start: date, end: datetime):
        self.cal = cal
        slots: list[datetime] = []
        d = start
        while d <= end.astimezone(VN_TZ).date():
            if cal.is_working_day(d):
                for s, e in cal.office_hours.sessions:
                    t = datetime.combine(d, s, VN_TZ)
                    stop = datetime.combine(d, e, VN_TZ)
                    while t + SLOT <= stop:
                        slots.append(t)
                        t += SLOT
            d += timedelta(days=1)
        self.slots = [t for t in slots if t <= end]
        self.per_day = sum(
            int((datetime.combine(date.min, e) - datetime.combine(date.min, s)) / SLOT)
            for s, e in cal.office_hours.sessions
        )
        self.last = len(self.slots) - 1

    def at_or_after(self, t: datetime) -> int:
        return bisect.bisect_left(self.slots, t)

    def index_before(self, t: datetime) -> int:
        return bisect.bisect_right(self.slots, t) - 1


def _iso(v: Any) -> Any:
    return v.isoformat() if isinstance(v, datetime | date) else v


class Generator:
    def __init__(
        self, *, n: int, seed: int, end: datetime, years: int = 2, province_code: str = "12"
    ):
        self.n = n
        self.seed = seed
        self.end = end
        self.rng = random.Random(seed)
        self.province = AdminUnit.objects.get(
            code=province_code, parent__isnull=True, valid_to__isnull=True
        )
        start = (end.astimezone(VN_TZ) - timedelta(days=365 * years)).date()
        self.routes = _routes(self.province, end.astimezone(VN_TZ).date())
        self.cal = calendar_for(self.routes[0].receiving)
        self.tl = Timeline(self.cal, start, end)
        self.cum = []
        acc = 0.0
        for r in self.routes:
            acc += r.weight
            self.cum.append(acc)
        self._due_cache: dict[tuple, datetime | None] = {}
        self._step_cache: dict[tuple, datetime | None] = {}
        self._rdue_cache: dict[datetime, datetime] = {}
        self.day_counter: dict[tuple[int, str], int] = defaultdict(int)
        self.book_counter: dict[tuple[int, int], int] = defaultdict(int)
        for c in CodeCounter.objects.all():  # continue after dossiers already in the database
            kind, _, value = c.scope.partition(":")
            if kind == "day":
                self.day_counter[(c.agency_id, value)] = c.value
            elif kind == "book" and value.isdigit():
                self.book_counter[(c.agency_id, int(value))] = c.value

    # --- cached calendar arithmetic -------------------------------------------------------
    def legal_due(self, case: ProcedureCase, i: int, online: bool) -> datetime | None:
        # keyed by what clock.legal_due reads, so that cases with the same limit share dates
        key = (
            case.no_due_date,
            case.time_unit,
            case.time_amount,
            case.online_time_amount if online else None,
            case.online_time_unit if online else None,
            case.cutoff_time,
            case.cutoff_reading,
            case.calendar_days_skip_holidays,
            i,
        )
        if key not in self._due_cache:
            self._due_cache[key] = clock.legal_due(case, self.cal, self.tl.slots[i], online=online)
        return self._due_cache[key]

    def step_due(self, step: ProcessStep, i: int) -> datetime | None:
        key = (step.counts_toward_limit, step.unit, step.amount, i)  # what clock.step_due reads
        if key not in self._step_cache:
            self._step_cache[key] = clock.step_due(step, self.cal, self.tl.slots[i])
        return self._step_cache[key]

    def reception_due(self, t: datetime) -> datetime:
        if t not in self._rdue_cache:
            self._rdue_cache[t] = self.cal.due(t, 1, Unit.WORKING_DAYS).due
        return self._rdue_cache[t]

    def step_slots(self, step: ProcessStep) -> float:
        amount = float(step.amount or 0)
        if step.unit == "working_hours":
            return amount * 2
        if step.unit == "calendar_days":
            return amount * self.tl.per_day * 5 / 7
        return amount * self.tl.per_day

    # --- one applicant --------------------------------------------------------------------
    def applicant(self, rng: random.Random, i: int) -> tuple:
        if rng.random() < 0.1:
            name = f"{rng.choice(FIRM)} {rng.choice(GIVEN)} {rng.choice(PLACE).split()[-1]}"
            return ("organisation", name, f"56{i % 10**8:08d}", "")
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        return ("individual", name, f"012{rng.randrange(10**9):09d}", "")

    def run(self, *, check: int = 200, log=print) -> Stats:
        t0 = time.perf_counter()
        rng = self.rng
        tl = self.tl
        last = tl.last
        end = self.end
        # arrival instants, in time order (ids follow time as in a live system)
        arrivals: list[tuple[int, int]] = []  # (slot index, kind 0 office / 1 any time)
        for _ in range(self.n):
            arrivals.append((rng.randrange(0, last + 1), 0))
        arrivals.sort()

        ids = {
            m: bulk.next_id(m)
            for m in (
                Dossier,
                DossierEvent,
                DossierComponent,
                DossierResult,
                ComponentDigitisation,
                ComponentFile,
                ElectronicResult,
                Invoice,
                InvoiceLine,
                Payment,
                Rating,
            )
        }
        T = {
            "dossier": bulk.Table(Dossier, DOSSIER_COLS),
            "event": bulk.Table(DossierEvent, EVENT_COLS),
            "component": bulk.Table(
                DossierComponent,
                ["id", "dossier_id", "component_id", "name", "copy_type", "quantity", "presented"],
            ),
            "digitisation": bulk.Table(
                ComponentDigitisation,
                [
                    "id",
                    "component_id",
                    "state",
                    "source",
                    "not_scanned",
                    "pages_declared",
                    "digitised_at",
                    "certified_name",
                    "certified_at",
                    "certified_digest",
                    "updated_at",
                ],
            ),
            "cfile": bulk.Table(
                ComponentFile, ["id", "digitisation_id", "file_id", "order", "added_at"]
            ),
            "result": bulk.Table(
                DossierResult,
                [
                    "id",
                    "dossier_id",
                    "code",
                    "approved",
                    "title",
                    "document_number",
                    "signer_name",
                    "decided_at",
                    "note",
                ],
            ),
            "eresult": bulk.Table(
                ElectronicResult,
                [
                    "id",
                    "result_id",
                    "code",
                    "file_id",
                    "agency_id",
                    "template",
                    "issued_at",
                    "signer_backend",
                    "signer_subject",
                    "signer_issuer",
                    "signer_serial",
                    "signer_fingerprint",
                    "signed_at",
                    "signature_digest",
                    "access_token",
                ],
            ),
            "invoice": bulk.Table(
                Invoice,
                [
                    "id",
                    "dossier_id",
                    "status",
                    "gross",
                    "total",
                    "created_at",
                    "updated_at",
                    "paid_at",
                ],
            ),
            "line": bulk.Table(
                InvoiceLine,
                ["id", "invoice_id", "position", "fee_id", "name", "mode", "amount", "payable"],
            ),
            "payment": bulk.Table(
                Payment,
                [
                    "id",
                    "invoice_id",
                    "method",
                    "provider",
                    "amount",
                    "status",
                    "receipt_series",
                    "receipt_number",
                    "txn_ref",
                    "provider_txn_no",
                    "response_code",
                    "confirmed_via",
                    "created_at",
                    "paid_at",
                ],
            ),
            "rating": bulk.Table(
                Rating,
                [
                    "id",
                    "dossier_id",
                    "receiving_agency_id",
                    "competent_agency_id",
                    "level",
                    "channel",
                    "created_at",
                    "updated_at",
                ],
            ),
        }
        files = self._file_pool(end)
        nxt = dict(ids)
        for k, (slot, _kind) in enumerate(arrivals):
            did = nxt[Dossier]
            nxt[Dossier] += 1
            self._dossier(did, slot, rng, T, nxt, files)
            if (k + 1) % 100_000 == 0:
                log(f"  … {k + 1:,} hồ sơ ({time.perf_counter() - t0:.0f} s)")
        for t in T.values():
            t.flush()
        self._counters()
        bulk.reset_sequences(
            [
                Dossier,
                DossierEvent,
                DossierComponent,
                DossierResult,
                ComponentDigitisation,
                ComponentFile,
                ElectronicResult,
                Invoice,
                InvoiceLine,
                Payment,
                Rating,
                CodeCounter,
            ]
        )
        stats = Stats(
            dossiers=self.n,
            rows={k: t.written for k, t in T.items()},
            seconds=time.perf_counter() - t0,
        )
        return stats

    def _file_pool(self, now: datetime) -> list[str]:
        """A few stored scans/results shared by the synthetic rows (no personal content)."""
        pool = []
        for i in range(16):
            body = f"motcua bench synthetic file {i}".encode()
            f = StoredFile.objects.create(
                storage="local",
                key=f"bench/synthetic-{i}.pdf",
                sha256=hashlib.sha256(body).hexdigest(),
                size=len(body),
                kind="pdf",
                content_type="application/pdf",
                original_name=f"ban-quet-{i}.pdf",
                pages=1,
                purpose="component" if i < 12 else "result",
                created_at=now,
            )
            pool.append(f.pk.hex if connection.vendor == "sqlite" else str(f.pk))
        return pool

    def _counters(self) -> None:
        """Leave the code and receipt-book counters where the generated dossiers ended."""
        rows = [(a, f"day:{d}", v) for (a, d), v in self.day_counter.items()]
        rows += [(a, f"book:{y}", v) for (a, y), v in self.book_counter.items()]
        existing = {(c.agency_id, c.scope): c for c in CodeCounter.objects.all()}
        new = []
        for a, scope, v in rows:
            c = existing.get((a, scope))
            if c is None:
                new.append(CodeCounter(agency_id=a, scope=scope, value=v))
            elif c.value < v:
                CodeCounter.objects.filter(pk=c.pk).update(value=v)
        CodeCounter.objects.bulk_create(new, batch_size=5000)

    # --- one dossier ----------------------------------------------------------------------
    def _dossier(
        self, did: int, slot: int, rng: random.Random, T: dict, nxt: dict, files: list
    ) -> None:
        route = self.routes[bisect.bisect_left(self.cum, rng.random() * self.cum[-1])]
        tl, last, slots = self.tl, self.tl.last, self.tl.slots
        case = route.case
        receiving, competent = route.receiving, route.competent
        boundary_free = False
        if route.boundary_free and receiving.unit.parent_id is not None and rng.random() < 0.05:
            boundary_free = True  # received at another commune's centre (phi địa giới)
            receiving = self.routes[rng.randrange(len(self.routes))].receiving
            if receiving.unit.parent_id is None:
                receiving, boundary_free = route.receiving, False
        p_online = {"full": 0.72, "partial": 0.42}.get(route.online_level, 0.0)
        u = rng.random()
        channel = "online" if u < p_online else ("postal" if u < p_online + 0.03 else "direct")
        online = channel == "online"
        kind, name, id_number, _ = self.applicant(rng, did)
        delivery = (
            "electronic"
            if online and rng.random() < 0.6
            else ("post" if channel == "postal" else "desk")
        )
        if online:  # any time of day or week; reception happens in office hours
            arrival = slots[slot] + timedelta(minutes=30 * rng.randrange(-30, 0))
        else:
            arrival = slots[slot]
        cur: dict[str, Any] = {
            "state": State.SUBMITTED,
            "national_status": 1,
            "code": None,
            "reception_due_at": None,
            "received_at": None,
            "original_due_at": None,
            "due_at": None,
            "promised_due_at": None,
            "paused_since": None,
            "paused_seconds": 0,
            "supplement_count": 0,
            "apology_count": 0,
            "decided_at": None,
            "returned_at": None,
            "timeliness": "",
            "current_step_id": None,
            "step_started_at": None,
            "step_due_at": None,
            "holder_agency_id": receiving.pk,
            "holder_department_id": None,
            "assignee_id": None,
            "holder_role": "",
            "book_year": None,
            "book_entry": None,
            "result_count": 0,
        }
        seq = 0
        ev = T["event"]

        def emit(
            action: str,
            t: datetime,
            role: str,
            agency: Agency | None,
            note: str = "",
            data: dict | None = None,
            to_agency: int | None = None,
            **changes: Any,
        ) -> None:
            nonlocal seq
            tr = TRANSITIONS.get(action)
            if tr is not None and tr.target is not None:
                changes.setdefault("state", tr.target)
            if "state" in changes:
                changes["national_status"] = NATIONAL_CODE[changes["state"]]
            cur.update(changes)
            seq += 1
            eid = nxt[DossierEvent]
            nxt[DossierEvent] += 1
            ev.add(
                (
                    eid,
                    did,
                    seq,
                    t,
                    action,
                    f"{ROLE_NAME.get(role, 'Hệ thống')} {agency.short_name or agency.name}"
                    if agency
                    else name,
                    role,
                    agency.pk if agency else None,
                    cur["state"],
                    cur["national_status"],
                    cur["current_step_id"],
                    cur["step_due_at"],
                    to_agency,
                    note,
                    {**(data or {}), "set": {k: _iso(v) for k, v in changes.items()}},
                )
            )

        # T1/T2/T3 submit
        emit(
            "submit",
            arrival,
            "applicant" if online else Role.RECEIVING_OFFICER,
            None if online else receiving,
            note=f"Nộp hồ sơ ({CHANNEL_LABEL[channel]})",
            data={"postal_tracking": f"RR{did:09d}VN"} if channel == "postal" else None,
            state=State.SUBMITTED,
            reception_due_at=self.reception_due(arrival) if online else None,
            holder_agency_id=receiving.pk,
            holder_role=Role.RECEIVING_OFFICER,
        )
        i = slot if not online else tl.at_or_after(arrival) + rng.randrange(0, 6)
        finished = False
        accepted_at = None
        if i > last:
            finished = True
        elif online and rng.random() < 0.06:  # reception guidance, sometimes refusal
            emit(
                "guide",
                slots[i],
                Role.RECEIVING_OFFICER,
                receiving,
                note="Thiếu giấy tờ theo quy định",
                data={"items": ["Bản sao giấy tờ tùy thân"]},
            )
            if rng.random() < 0.35:
                emit(
                    "refuse",
                    slots[i],
                    Role.RECEIVING_OFFICER,
                    receiving,
                    note="Hồ sơ không thuộc thẩm quyền giải quyết theo quy định",
                )
                finished = True
            else:
                i += rng.randrange(tl.per_day, tl.per_day * 6)
                if i > last:
                    finished = True
                else:
                    emit(
                        "resubmit",
                        slots[i],
                        Role.RECEIVING_OFFICER,
                        receiving,
                        note="Nộp lại hồ sơ",
                    )
        elif online and rng.random() < 0.015:
            emit(
                "refuse",
                slots[i],
                Role.RECEIVING_OFFICER,
                receiving,
                note="Hồ sơ không đúng thủ tục hành chính yêu cầu",
            )
            finished = True
        if channel == "postal":
            i = slot + rng.randrange(1, 5)
            if i > last:
                finished = True
        if not finished:  # T6 accept
            start_i = slot if channel == "postal" else i
            t_acc = slots[i]
            day = slots[start_i].date()
            self.day_counter[(receiving.pk, f"{day:%y%m%d}")] += 1
            self.book_counter[(receiving.pk, day.year)] += 1
            code = f"{receiving.electronic_id}-{day:%y%m%d}-{self.day_counter[(receiving.pk, f'{day:%y%m%d}')]:04d}"  # noqa: E501
            due = self.legal_due(case, start_i, online)
            emit(
                "accept",
                t_acc,
                Role.RECEIVING_OFFICER,
                receiving,
                note="Tiếp nhận hồ sơ, hẹn trả kết quả",
                code=code,
                received_at=slots[start_i],
                original_due_at=due,
                due_at=due,
                book_year=day.year,
                book_entry=self.book_counter[(receiving.pk, day.year)],
            )
            accepted_at = t_acc
            finished = self._process(route, receiving, competent, i, rng, emit, cur, online)
        # the dossier row: identity + the fold of its events
        T["dossier"].add(
            (
                did,
                cur["code"],
                f"N{arrival.astimezone(VN_TZ):%y%m%d}-{did:010X}",
                route.version_id,
                case.pk,
                channel,
                receiving.pk,
                competent.pk,
                boundary_free,
                kind,
                name,
                id_number,
                f"{rng.choice(PLACE)} {rng.randrange(1, 30)}, {competent.unit.name}",
                f"09{rng.randrange(10**8):08d}",
                "",
                1,
                delivery,
                f"RR{did:09d}VN" if channel == "postal" else "",
                arrival,
                *(cur[f] for f in DERIVED_COLS),
                seq,
            )
        )
        self._related(
            did, route, receiving, competent, channel, cur, accepted_at, rng, T, nxt, files
        )

    def _process(
        self, route: Route, receiving: Agency, competent: Agency, i: int, rng, emit, cur, online
    ) -> bool:
        """From acceptance to return; stops at the end of the window (open dossiers)."""
        tl, last, slots = self.tl, self.tl.last, self.tl.slots
        case = route.case
        i += rng.randrange(0, 6)
        if i > last:
            return False
        steps = route.steps

        def enter(step: ProcessStep | None, at: int) -> dict[str, Any]:
            if step is None:
                return {
                    "current_step_id": None,
                    "step_started_at": None,
                    "step_due_at": None,
                    "holder_role": Role.AGENCY_LEADER,
                    "holder_department_id": None,
                    "assignee_id": None,
                }
            return {
                "current_step_id": step.pk,
                "step_started_at": slots[at],
                "step_due_at": self.step_due(step, at),
                "holder_role": step.role,
                "holder_department_id": step.department_id,
                "assignee_id": None,
            }

        emit(
            "forward",
            slots[i],
            Role.RECEIVING_OFFICER,
            receiving,
            note=f"Chuyển {competent.name}",
            to_agency=competent.pk,
            holder_agency_id=competent.pk,
            **enter(steps[0] if steps else None, i),
        )
        slow = rng.random() < 0.08  # a dossier that will run late
        supplements = 2 if rng.random() < 0.012 else (1 if rng.random() < 0.08 else 0)
        withdraw_at = rng.randrange(len(steps) or 1) if rng.random() < 0.015 else None
        for k in range(max(1, len(steps))):
            step = steps[k] if steps else None
            budget = self.step_slots(step) if step else tl.per_day
            dur = max(
                1,
                int(
                    budget * rng.uniform(0.15, 0.95) * (2.6 if slow and k == len(steps) // 2 else 1)
                ),
            )
            if supplements and k == 0:
                for _ in range(supplements):
                    j = i + rng.randrange(1, max(2, dur))
                    if j > last:
                        return False
                    emit(
                        "request_supplement",
                        slots[j],
                        Role.AGENCY_LEADER,
                        competent,
                        note="Đề nghị bổ sung giấy tờ",
                        data={
                            "items": ["Giấy xác nhận"],
                            "deadline": None,
                            "resume_state": cur["state"],
                        },
                        supplement_count=cur["supplement_count"] + 1,
                        paused_since=slots[j],
                    )
                    back = j + rng.randrange(tl.per_day, tl.per_day * 12)
                    if back > last:
                        return False
                    emit(
                        "receive_supplement",
                        slots[back],
                        Role.RECEIVING_OFFICER,
                        receiving,
                        note="Đã nhận đủ hồ sơ bổ sung",
                        **self._resume(case, cur, slots[back], online),
                    )
                    i = back
            if withdraw_at == k:
                j = i + rng.randrange(1, max(2, dur))
                if j > last:
                    return False
                emit(
                    "stop",
                    slots[j],
                    Role.RECEIVING_OFFICER,
                    receiving,
                    note="Công dân đề nghị rút hồ sơ",
                    data={"request_channel": "direct"},
                    decided_at=slots[j],
                )
                return True
            i += dur
            if i > last:
                return False
            if steps and k + 1 < len(steps):
                emit(
                    "hand_over",
                    slots[i],
                    step.role,
                    competent,
                    to_agency=None,
                    data={
                        "step_result": clock.classify(slots[i], cur["step_due_at"])
                        if cur["step_due_at"]
                        else "",
                        "from_step": step.pk,
                    },
                    **enter(steps[k + 1], i),
                )
        # decision: apologise first when it will be late (thư xin lỗi, hẹn lại)
        prev = i
        i += rng.randrange(1, 4)
        if i > last:
            return False
        due = cur["due_at"]
        if due is not None and clock.classify(slots[i], due) == "late" and rng.random() < 0.65:
            a = max(tl.index_before(due) - tl.per_day, prev)
            if a < i:
                new_due = slots[min(i + tl.per_day, last)]
                if new_due > max(due, slots[a]):
                    emit(
                        "apologise",
                        slots[a],
                        Role.AGENCY_LEADER,
                        competent,
                        note="Hồ sơ phức tạp, cần thêm thời gian thẩm định",
                        data={
                            "previous": _iso(cur["promised_due_at"] or due),
                            "new_due": _iso(new_due),
                        },
                        promised_due_at=new_due,
                        apology_count=cur["apology_count"] + 1,
                    )
        approved = rng.random() > 0.03
        action = "approve" if approved else "deny"
        title = (
            route.result_name
            if approved
            else "Văn bản thông báo hồ sơ không đủ điều kiện giải quyết"
        )
        rcode = f"{cur['code']}-KQ1"
        emit(
            action,
            slots[i],
            Role.AGENCY_LEADER,
            competent,
            note="" if approved else "Không đủ điều kiện theo quy định",
            data={"result": rcode, "title": title},
            decided_at=slots[i],
            result_count=1,
            timeliness=clock.classify(slots[i], due),
            current_step_id=None,
            step_due_at=None,
            holder_role=Role.RECORDS_CLERK,
            assignee_id=None,
            state=State.DECIDED_APPROVED if approved else State.DECIDED_DENIED,
        )
        cur["_result"] = (rcode, approved, title, slots[i])
        i += rng.randrange(0, 4)
        if i > last:
            return False
        emit(
            "issue",
            slots[i],
            Role.RECORDS_CLERK,
            competent,
            note="Phát hành",
            to_agency=receiving.pk,
            holder_agency_id=receiving.pk,
            holder_role=Role.RECEIVING_OFFICER,
            holder_department_id=None,
        )
        cur["_issued"] = slots[i]
        i += 0 if online else rng.randrange(0, tl.per_day * 4)
        if i > last:
            return False
        method = "electronic" if online else "desk"
        emit(
            "return_result",
            slots[i],
            Role.RECEIVING_OFFICER,
            receiving,
            note=RETURN_LABEL[method],
            data={"method": method, "recipient": "" if online else "Chủ hồ sơ", "tracking": ""},
            returned_at=slots[i],
            holder_role="",
        )
        return True

    def _resume(
        self, case: ProcedureCase, cur: dict, now: datetime, online: bool
    ) -> dict[str, Any]:
        """services._resume for a supplement (excluded, reset per the case)."""
        changes: dict[str, Any] = {"paused_since": None}
        if cur["paused_since"] is None or cur["due_at"] is None:
            return changes
        lost = self.cal.working_time_between(cur["paused_since"], now)
        if case.supplement_clock == "reset":
            changes["due_at"] = clock.legal_due(case, self.cal, now, online=online)
        else:
            changes["due_at"] = clock.extend_by(self.cal, cur["due_at"], lost)
        changes["paused_seconds"] = cur["paused_seconds"] + int(lost.total_seconds())
        if cur["step_due_at"] is not None:
            changes["step_due_at"] = clock.extend_by(self.cal, cur["step_due_at"], lost)
        return changes

    def _related(
        self, did, route, receiving, competent, channel, cur, accepted_at, rng, T, nxt, files
    ) -> None:
        online = channel == "online"
        # components and their digitisation (số hóa thành phần hồ sơ)
        p_dig = {"online": 0.95, "direct": 0.82, "postal": 0.6}[channel]
        digitised = rng.random() < p_dig
        reused = digitised and rng.random() < 0.06
        when = accepted_at or cur.get("received_at")
        for c in route.components:
            cid = nxt[DossierComponent]
            nxt[DossierComponent] += 1
            T["component"].add((cid, did, c.pk, c.name, c.copy_type, c.quantity or 1, True))
            if when is None:
                continue
            gid = nxt[ComponentDigitisation]
            nxt[ComponentDigitisation] += 1
            if digitised:
                state = "reused_component" if reused else "digitised"
                source = "kho" if reused else ("upload" if online else "scan")
                T["digitisation"].add(
                    (gid, cid, state, source, "", 1, when, "Cán bộ số hóa", when, "0" * 64, when)
                )
                fid = nxt[ComponentFile]
                nxt[ComponentFile] += 1
                T["cfile"].add((fid, gid, files[cid % 12], 1, when))
            else:
                ns = "shown" if c.copy_type == "present" else ""
                T["digitisation"].add(
                    (gid, cid, "not_digitised", "", ns, None, None, "", None, "", when)
                )
        # result and electronic result
        res = cur.pop("_result", None)
        issued = cur.pop("_issued", None)
        if res is not None:
            rid = nxt[DossierResult]
            nxt[DossierResult] += 1
            rcode, approved, title, at = res
            T["result"].add((rid, did, rcode, approved, title, "", "Lãnh đạo cơ quan", at, ""))
            if approved and issued is not None and (online or rng.random() < 0.55):
                eid = nxt[ElectronicResult]
                nxt[ElectronicResult] += 1
                digest = hashlib.sha256(rcode.encode()).hexdigest()
                T["eresult"].add(
                    (
                        eid,
                        rid,
                        rcode,
                        files[12 + rid % 4],
                        competent.pk,
                        "ket-qua",
                        issued,
                        "local",
                        f"CN={competent.name}",
                        "CN=motcua bench CA",
                        f"{rid:x}",
                        digest,
                        issued,
                        digest,
                        digest[:32],
                    )
                )
        # fees (phí, lệ phí) and their payment
        if route.fees and cur["received_at"] is not None:
            inv = nxt[Invoice]
            nxt[Invoice] += 1
            gross = sum(f.amount for f in route.fees)
            exempt = rng.random() < 0.05
            total = 0 if exempt else gross
            paid_at = None
            if total and (
                cur["returned_at"] or (accepted_at and all(f.mode == "before" for f in route.fees))
            ):
                paid_at = (
                    accepted_at
                    if all(f.mode == "before" for f in route.fees)
                    else cur["returned_at"]
                )
            status = "free" if not total else ("paid" if paid_at else "unpaid")
            T["invoice"].add(
                (inv, did, status, gross, total, accepted_at, paid_at or accepted_at, paid_at)
            )
            for pos, f in enumerate(route.fees, start=1):
                lid = nxt[InvoiceLine]
                nxt[InvoiceLine] += 1
                T["line"].add(
                    (lid, inv, pos, f.pk, f.name, f.mode, f.amount, 0 if exempt else f.amount)
                )
            if paid_at:
                pid = nxt[Payment]
                nxt[Payment] += 1
                if online and rng.random() < 0.8:
                    T["payment"].add(
                        (
                            pid,
                            inv,
                            "online",
                            "sandbox",
                            total,
                            "paid",
                            "",
                            "",
                            f"B{pid:010d}",
                            f"{pid:012d}",
                            "00",
                            "ipn",
                            paid_at,
                            paid_at,
                        )
                    )
                else:
                    T["payment"].add(
                        (
                            pid,
                            inv,
                            "desk",
                            "",
                            total,
                            "paid",
                            "BL/26",
                            f"{pid:07d}",
                            None,
                            "",
                            "",
                            "",
                            paid_at,
                            paid_at,
                        )
                    )
        # rating (đánh giá mức độ hài lòng)
        if cur["returned_at"] is not None and rng.random() < 0.35:
            late = cur["timeliness"] == "late"
            u = rng.random()
            level = (
                "dissatisfied"
                if u < (0.25 if late else 0.03)
                else ("satisfied" if u < 0.3 else "very_satisfied")
            )
            at = cur["returned_at"] + timedelta(minutes=rng.randrange(5, 600))
            if at <= self.end:
                rid = nxt[Rating]
                nxt[Rating] += 1
                T["rating"].add(
                    (
                        rid,
                        did,
                        receiving.pk,
                        competent.pk,
                        level,
                        "online" if online else "counter_device",
                        at,
                        at,
                    )
                )


ROLE_NAME = {
    Role.RECEIVING_OFFICER: "Công chức tiếp nhận",
    Role.SPECIALIST: "Chuyên viên",
    Role.DEPARTMENT_HEAD: "Trưởng phòng",
    Role.AGENCY_LEADER: "Lãnh đạo",
    Role.RECORDS_CLERK: "Văn thư",
}
CHANNEL_LABEL = {"online": "Trực tuyến", "direct": "Trực tiếp", "postal": "Bưu chính công ích"}
RETURN_LABEL = {
    "electronic": "Bản điện tử",
    "desk": "Tại Bộ phận Một cửa",
    "post": "Qua bưu chính công ích",
}
DERIVED_COLS = [
    "state",
    "national_status",
    "reception_due_at",
    "received_at",
    "original_due_at",
    "due_at",
    "promised_due_at",
    "paused_since",
    "paused_seconds",
    "supplement_count",
    "apology_count",
    "decided_at",
    "returned_at",
    "timeliness",
    "current_step_id",
    "step_started_at",
    "step_due_at",
    "holder_agency_id",
    "holder_department_id",
    "assignee_id",
    "holder_role",
    "book_year",
    "book_entry",
    "result_count",
]
DOSSIER_COLS = [
    "id",
    "code",
    "submission_ref",
    "version_id",
    "case_id",
    "channel",
    "receiving_agency_id",
    "competent_agency_id",
    "boundary_free",
    "applicant_kind",
    "applicant_name",
    "applicant_id_number",
    "applicant_address",
    "applicant_phone",
    "applicant_email",
    "sets",
    "delivery",
    "postal_tracking",
    "submitted_at",
    *DERIVED_COLS,
    "last_seq",
]
EVENT_COLS = [
    "id",
    "dossier_id",
    "seq",
    "at",
    "action",
    "actor_name",
    "actor_role",
    "actor_agency_id",
    "state",
    "national_status",
    "step_id",
    "step_due_at",
    "to_agency_id",
    "note",
    "data",
]


def check_replay(sample: int = 200, seed: int = 1) -> int:
    """Replay the event log of ``sample`` random generated dossiers; raise on a mismatch."""
    from motcua.dossiers.log import cached, replay

    ids = list(Dossier.objects.values_list("pk", flat=True))
    rng = random.Random(seed)
    picked = rng.sample(ids, min(sample, len(ids)))
    for d in Dossier.objects.filter(pk__in=picked):
        r = replay(d)
        c = {k: v for k, v in cached(d).items() if k in r}
        if r != c:
            diff = {k: (r[k], c[k]) for k in r if r[k] != c[k]}
            raise AssertionError(f"replay differs for dossier {d.pk}: {diff}")
    return len(picked)


def end_of(day: str | None) -> datetime:
    """The end of the synthetic history: 17:00 (Vietnam) of ``day``, or now."""
    if not day:
        return timezone.now()
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), VN_TZ).replace(hour=17)


def generate(*, n: int, seed: int, end: datetime | None = None, log=print) -> Stats:
    end = end or timezone.now()
    gen = Generator(n=n, seed=seed, end=end)
    with transaction.atomic():
        if connection.vendor == "sqlite":
            with connection.cursor() as cur:
                cur.execute("PRAGMA cache_size=-200000")
        stats = gen.run(log=log)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    else:
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    return stats


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description="Sinh dữ liệu một tỉnh giả lập cho đo hiệu năng.")
    p.add_argument("--n", type=int, default=int(os.environ.get("BENCH_N", "1000000")))
    p.add_argument("--seed", type=int, default=int(os.environ.get("BENCH_SEED", "766")))
    p.add_argument("--check", type=int, default=200, help="số hồ sơ kiểm tra replay")
    p.add_argument("--end", default=os.environ.get("BENCH_END"), help="YYYY-MM-DD (mặc định: nay)")
    a = p.parse_args(argv)
    stats = generate(n=a.n, seed=a.seed, end=end_of(a.end))
    print(f"Sinh {stats.dossiers:,} hồ sơ trong {stats.seconds:.1f} s: {stats.rows}")
    print(f"Replay khớp trên {check_replay(a.check)} hồ sơ mẫu.")


if __name__ == "__main__":
    main()
