"""Read side of feedback: scoped lists, deadlines, the public answers, and the facts behind
group 6 of Decision 766 (indicators 5.1–5.3) and the periodic report."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q, QuerySet

from motcua.core.calendar import VN_TZ
from motcua.core.selectors import work_calendar
from motcua.directory.models import Agency
from motcua.directory.selectors import visible_agencies
from motcua.feedback import ontime
from motcua.feedback.models import Petition, PetitionEvent
from motcua.feedback.states import OPEN_STATES, Action, NationalClass, State

LIST_RELATED = ("agency", "receiving_agency")


def visible_petitions(user: AbstractBaseUser, on: date) -> QuerySet[Petition]:
    """Petitions an agency ``user`` may see holds, received or once held (same scoping as
    dossiers)."""
    agencies = visible_agencies(user, on).values("pk")
    held = PetitionEvent.objects.filter(agency__in=agencies).values("petition_id")
    return Petition.objects.filter(
        Q(agency__in=agencies) | Q(receiving_agency__in=agencies) | Q(pk__in=held)
    )


def find(code: str) -> Petition | None:
    return (
        Petition.objects.select_related(*LIST_RELATED, "procedure", "dossier", "answer_file")
        .filter(code=code.strip().upper())
        .first()
    )


def events_of(p: Petition) -> QuerySet[PetitionEvent]:
    return p.events.select_related("agency", "to_agency").order_by("seq")


def of_citizen(user: AbstractBaseUser) -> QuerySet[Petition]:
    if not user.is_authenticated:
        return Petition.objects.none()
    q = Q(citizen=user)
    if user.email:
        q |= Q(sender_email__iexact=user.email)
    return Petition.objects.filter(q).select_related(*LIST_RELATED)


def _day_start(d: date) -> datetime:
    return datetime.combine(d, time(0), tzinfo=VN_TZ)


def overdue(qs: QuerySet[Petition], today: date) -> QuerySet[Petition]:
    """Open petitions whose current step's deadline is before ``today`` (quá hạn)."""
    return qs.filter(state__in=OPEN_STATES, due_at__lt=_day_start(today))


def due_soon(qs: QuerySet[Petition], today: date, days: int = 1) -> QuerySet[Petition]:
    """Open petitions due today or within ``days`` working days (cảnh báo sắp đến hạn)."""
    limit = work_calendar().nth_working_day_after(today, days)
    return qs.filter(
        state__in=OPEN_STATES,
        due_at__gte=_day_start(today),
        due_at__lt=_day_start(limit + timedelta(days=1)),
    )


def published() -> QuerySet[Petition]:
    """Answers published on the portal, newest first (only public columns are read)."""
    return (
        Petition.objects.filter(
            state__in=(State.PUBLISHED, State.ARCHIVED), published_at__isnull=False
        )
        .select_related("agency")
        .only(
            "code",
            "kind",
            "public_title",
            "public_content",
            "public_answer",
            "decision",
            "national_class",
            "category",
            "received_at",
            "answered_at",
            "published_at",
            "likes",
            "dislikes",
            "agency__name",
        )
        .order_by("-published_at", "-id")
    )


# --- indicator facts (Decision 766 group 6) ---------------------------------------------------


@dataclass(frozen=True)
class IndicatorFacts:
    total: int  # PAKN received/handled in the period (denominator of 766 indicators 5.1, 5.2)
    on_time: int  # handled on time + still in progress within the deadline (numerator of 5.2)
    satisfaction_total: int  # denominator of 5.3 (first reception in the period, counted once)
    not_satisfied: int  # dislike > like, followed up about the result, or overdue (5.3)
    about_regulation: int  # classified "quy định, chính sách, thủ tục hành chính" (5.1)
    about_staff: int  # classified "hành vi của cán bộ, công chức" (5.1)


@dataclass(frozen=True)
class Judged:
    """One agency's segment of a petition, judged at the period's cut-off."""

    petition_id: int
    agency_id: int | None
    verdict: ontime.Verdict
    received: date
    national_class: str
    in_period: bool  # counted in the 5.2 denominator
    received_in_period: bool  # counted in the 5.3 denominator
    satisfied: bool


def cut_off(end: date, now: datetime) -> datetime:
    """The end of the period (its last day, Vietnam time) or ``now`` if earlier."""
    return min(now, _day_start(end + timedelta(days=1)) - timedelta(microseconds=1))


def judged(
    *, agency_ids: Collection[int] | None, start: date, end: date, now: datetime
) -> list[Judged]:
    """Every agency segment of every petition that touches the period, with its verdict."""
    as_of = cut_off(end, now)
    # petitions with something in the period, or still open (no event since is needed)
    touched = PetitionEvent.objects.filter(at__gte=_day_start(start)).values("petition_id")
    petitions = Petition.objects.filter(received_at__lte=as_of).filter(
        Q(pk__in=touched) | Q(state__in=OPEN_STATES)
    )
    if agency_ids is not None:
        ids = list(agency_ids)
        held = PetitionEvent.objects.filter(Q(agency_id__in=ids) | Q(to_agency_id__in=ids))
        petitions = petitions.filter(pk__in=held.values("petition_id"))
    rows = {
        pk: (cls, likes, dislikes)
        for pk, cls, likes, dislikes in petitions.values_list(
            "pk", "national_class", "likes", "dislikes"
        )
    }
    steps: dict[int, list[ontime.Step]] = defaultdict(list)
    followed: set[int] = set()
    for pid, action, at, agency_id, to_agency_id in (
        PetitionEvent.objects.filter(petition_id__in=list(rows), at__lte=as_of)
        .order_by("petition_id", "seq")
        .values_list("petition_id", "action", "at", "agency_id", "to_agency_id")
    ):
        if action == Action.FOLLOWED_UP:
            followed.add(pid)
        steps[pid].append(ontime.Step(action, at, agency_id, to_agency_id))
    agencies = {
        a.pk: a
        for a in Agency.objects.filter(
            pk__in={s.agency_id for lst in steps.values() for s in lst}
            | {s.to_agency_id for lst in steps.values() for s in lst if s.to_agency_id}
        ).select_related("unit")
    }
    calendars: dict[int | None, object] = {}

    def cal(agency_id):
        if agency_id not in calendars:
            a = agencies.get(agency_id)
            calendars[agency_id] = (
                work_calendar(a.unit.province_code, a.office_hours) if a else work_calendar()
            )
        return calendars[agency_id]

    out: list[Judged] = []
    wanted = set(agency_ids) if agency_ids is not None else None
    for pid, lst in steps.items():
        cls, likes, dislikes = rows[pid]
        for seg in ontime.segments(lst):
            if wanted is not None and seg.agency_id not in wanted:
                continue
            v = ontime.judge(seg.steps, calendar=cal(seg.agency_id), as_of=as_of)
            if v is None:
                continue
            received = seg.received_at.astimezone(VN_TZ).date()
            handled_day = v.handled_at.astimezone(VN_TZ).date() if v.handled_at else None
            in_period = not v.handled or (start <= handled_day <= end)
            answered = v.outcome == "answered"
            ok = ontime.satisfied(
                v,
                likes=likes if answered else 0,
                dislikes=dislikes if answered else 0,
                followed_up=answered and pid in followed,
            )
            out.append(
                Judged(
                    pid,
                    seg.agency_id,
                    v,
                    received,
                    cls,
                    in_period,
                    start <= received <= end and v.outcome != "pending",
                    ok,
                )
            )
    return out


def _facts(rows: list[Judged]) -> IndicatorFacts:
    den = [r for r in rows if r.in_period]
    sat = [r for r in rows if r.received_in_period]
    return IndicatorFacts(
        total=len(den),
        on_time=sum(1 for r in den if r.verdict.on_time),
        satisfaction_total=len(sat),
        not_satisfied=sum(1 for r in sat if not r.satisfied),
        about_regulation=sum(1 for r in den if r.national_class == NationalClass.REGULATION),
        about_staff=sum(1 for r in den if r.national_class == NationalClass.STAFF),
    )


def indicator_facts(
    *, agency_ids: Collection[int] | None, start: date, end: date, now: datetime
) -> IndicatorFacts:
    """Counts behind QĐ 766 indicators 5.1–5.3 for the agencies (None = all) and period."""
    return _facts(judged(agency_ids=agency_ids, start=start, end=end, now=now))


MEASURES = {
    "total": lambda r: r.in_period,
    "on_time": lambda r: r.in_period and r.verdict.on_time,
    "satisfaction_total": lambda r: r.received_in_period,
    "not_satisfied": lambda r: r.received_in_period and not r.satisfied,
    "about_regulation": lambda r: r.in_period and r.national_class == NationalClass.REGULATION,
    "about_staff": lambda r: r.in_period and r.national_class == NationalClass.STAFF,
}


def indicator_petitions(
    *, measure: str, agency_ids: Collection[int] | None, start: date, end: date, now: datetime
) -> QuerySet[Petition]:
    """The petitions behind one count of :class:`IndicatorFacts` (drill-down)."""
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; one of {', '.join(MEASURES)}")
    test = MEASURES[measure]
    ids = {
        r.petition_id
        for r in judged(agency_ids=agency_ids, start=start, end=end, now=now)
        if test(r)
    }
    return Petition.objects.filter(pk__in=ids).select_related(*LIST_RELATED)


def petitioned_dossier_ids(
    *, agency_ids: Collection[int] | None, start: date, end: date
) -> QuerySet:
    """Ids of dossiers concerned by a PAKN first received in the period (766 indicator 5.4);
    the dossier's receiving or competent agency decides the scope."""
    qs = Petition.objects.filter(
        dossier__isnull=False,
        received_at__gte=_day_start(start),
        received_at__lt=_day_start(end + timedelta(days=1)),
    )
    if agency_ids is not None:
        ids = list(agency_ids)
        qs = qs.filter(
            Q(dossier__receiving_agency_id__in=ids) | Q(dossier__competent_agency_id__in=ids)
        )
    return qs.values_list("dossier_id", flat=True).distinct()


# --- the periodic report ----------------------------------------------------------------------


@dataclass
class ReportRow:
    agency_id: int | None
    agency: str
    received: int = 0  # first sent to the agency in the period
    handled: int = 0
    handled_on_time: int = 0
    handled_late: int = 0
    in_progress: int = 0
    in_progress_on_time: int = 0
    in_progress_late: int = 0
    rejected: int = 0
    transferred: int = 0
    published: int = 0

    @property
    def on_time(self) -> int:
        return self.handled_on_time + self.in_progress_on_time

    @property
    def late(self) -> int:
        return self.handled_late + self.in_progress_late


def report(
    *, agency_ids: Collection[int] | None, start: date, end: date, now: datetime
) -> list[ReportRow]:
    """Petitions received, handled (on time / late), in progress (within / past the deadline)
    per agency in the period; the last row is the total."""
    rows: dict[int | None, ReportRow] = {}
    for j in judged(agency_ids=agency_ids, start=start, end=end, now=now):
        r = rows.setdefault(j.agency_id, ReportRow(j.agency_id, ""))
        if start <= j.received <= end:
            r.received += 1
        if not j.in_period:
            continue
        v = j.verdict
        if v.handled:
            r.handled += 1
            r.handled_on_time += v.on_time
            r.handled_late += not v.on_time
            r.rejected += v.outcome == "rejected"
            r.transferred += v.outcome == "transferred"
            r.published += v.published_at is not None
        else:
            r.in_progress += 1
            r.in_progress_on_time += v.on_time
            r.in_progress_late += not v.on_time
    names = dict(Agency.objects.filter(pk__in=[k for k in rows if k]).values_list("pk", "name"))
    out = sorted(rows.values(), key=lambda r: names.get(r.agency_id, ""))
    for r in out:
        r.agency = names.get(r.agency_id, "—")
    total = ReportRow(None, "Tổng cộng")
    for r in out:
        for f in (
            "received",
            "handled",
            "handled_on_time",
            "handled_late",
            "in_progress",
            "in_progress_on_time",
            "in_progress_late",
            "rejected",
            "transferred",
            "published",
        ):
            setattr(total, f, getattr(total, f) + getattr(r, f))
    return [*out, total]
