"""Read side of ratings: finding the dossier to rate, scoped lists, and the counts behind the
satisfaction indicators (per agency, per officer, per period; the satisfaction rate)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDay, TruncMonth, TruncQuarter, TruncYear

from motcua.core.calendar import VN_TZ
from motcua.directory.selectors import visible_agencies
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.states import State
from motcua.ratings.models import SATISFIED_LEVELS, Level, Rating

#: States in which a dossier has a result and may be rated (đã có kết quả giải quyết).
RATEABLE = frozenset(
    {
        State.DECIDED_APPROVED,
        State.DECIDED_DENIED,
        State.READY_FOR_RETURN,
        State.RETURNED,
        State.ARCHIVED,
    }
)


def change_window() -> timedelta:
    """How long after the first rating it may still be changed (setting, in days)."""
    return timedelta(days=getattr(settings, "MOTCUA_RATING_CHANGE_DAYS", 7))


def changeable_until(rating: Rating) -> datetime:
    return rating.created_at + change_window()


def find_dossier(code: str) -> Dossier | None:
    """The dossier (never a consultation) with this code or submission reference; a scanned
    tracking link (the QR code of the forms, ``…/tra-cuu-ho-so/?ma=<code>``) works too."""
    code = code.strip()
    if "ma=" in code:
        code = (parse_qs(urlsplit(code).query).get("ma") or [""])[0].strip()
    if not code:
        return None
    qs = Dossier.objects.filter(parent__isnull=True).select_related(
        "version", "receiving_agency", "competent_agency"
    )
    for value in dict.fromkeys([code, code.upper()]):
        d = qs.filter(code=value).first() or qs.filter(submission_ref=value).first()
        if d is not None:
            return d
    return None


def normalise_phone(phone: str) -> str:
    """Digits only, with the country code +84 written as the leading 0."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if digits.startswith("84") and len(digits) >= 11:
        digits = "0" + digits[2:]
    return digits


def phone_matches(dossier: Dossier, phone: str) -> bool:
    """The applicant proves ownership with the whole phone number given at submission."""
    stored = normalise_phone(dossier.applicant_phone)
    return len(stored) >= 9 and normalise_phone(phone) == stored


def rating_of(dossier: Dossier) -> Rating | None:
    return Rating.objects.filter(dossier=dossier).first()


@dataclass(frozen=True)
class Officer:
    user_id: int
    agency_id: int | None
    role: str


def officers_of(dossier: Dossier) -> list[Officer]:
    """The distinct people who acted on the dossier, with the agency and role of their last
    event (the system and the applicant are not officers)."""
    last: dict[int, Officer] = {}
    rows = (
        DossierEvent.objects.filter(dossier=dossier, actor__isnull=False)
        .order_by("seq")
        .values_list("actor_id", "actor_agency_id", "actor_role")
    )
    for user_id, agency_id, role in rows:
        last.pop(user_id, None)  # keep first-appearance order of the last occurrence
        last[user_id] = Officer(user_id, agency_id, role)
    return list(last.values())


def visible_ratings(user: AbstractBaseUser, on: date) -> QuerySet[Rating]:
    """Ratings of dossiers received or decided by an agency ``user`` may see."""
    agencies = visible_agencies(user, on).values("pk")
    return Rating.objects.filter(
        Q(receiving_agency__in=agencies) | Q(competent_agency__in=agencies)
    )


def ratings_between(
    qs: QuerySet[Rating],
    *,
    agency_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[Rating]:
    """Filter by agency (receiving or competent) and by the Vietnam-time day of the first
    rating, both ends included."""
    if agency_id is not None:
        qs = qs.filter(Q(receiving_agency_id=agency_id) | Q(competent_agency_id=agency_id))
    if start is not None:
        qs = qs.filter(created_at__gte=datetime(start.year, start.month, start.day, tzinfo=VN_TZ))
    if end is not None:
        after = end + timedelta(days=1)
        qs = qs.filter(created_at__lt=datetime(after.year, after.month, after.day, tzinfo=VN_TZ))
    return qs


@dataclass
class Tally:
    """Số phiếu theo mức độ and the headline rate (rất hài lòng + hài lòng) / số phiếu."""

    counts: dict[str, int] = field(default_factory=lambda: {lv: 0 for lv in Level.values})

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def satisfied(self) -> int:
        return sum(self.counts[lv] for lv in SATISFIED_LEVELS)

    @property
    def rate(self) -> float | None:
        """Tỷ lệ hài lòng in percent (None when nobody rated)."""
        return round(100 * self.satisfied / self.total, 2) if self.total else None

    def percent(self, level: str) -> float | None:
        return round(100 * self.counts[level] / self.total, 2) if self.total else None

    def as_dict(self) -> dict:
        return {
            "total": self.total,
            **self.counts,
            "satisfied_or_better": self.satisfied,
            "satisfaction_rate": self.rate,
            "percent": {lv: self.percent(lv) for lv in Level.values},
        }


def tally(qs: QuerySet[Rating]) -> Tally:
    t = Tally()
    for row in qs.order_by().values("level").annotate(n=Count("id")):
        t.counts[row["level"]] = row["n"]
    return t


def _grouped(qs, key: str) -> dict:
    out: dict = {}
    for row in qs.order_by().values(key, "level").annotate(n=Count("id", distinct=True)):
        out.setdefault(row[key], Tally()).counts[row["level"]] = row["n"]
    return out


def tally_by_agency(qs: QuerySet[Rating], side: str = "competent") -> dict[int, Tally]:
    """Per agency id; ``side`` is "competent" (cơ quan giải quyết) or "receiving" (nơi tiếp
    nhận, the desk)."""
    if side not in ("competent", "receiving"):
        raise ValueError(side)
    return _grouped(qs, f"{side}_agency_id")


def tally_by_officer(qs: QuerySet[Rating]) -> dict[int, Tally]:
    """Per officer (user id): each rating counts once for every person who acted on the
    dossier, never twice for one person."""
    return _grouped(qs.filter(officer_links__isnull=False), "officer_links__officer_id")


_TRUNC = {"day": TruncDay, "month": TruncMonth, "quarter": TruncQuarter, "year": TruncYear}


def tally_by_period(qs: QuerySet[Rating], period: str = "month") -> dict[date, Tally]:
    """Per period (day, month, quarter, year) of the first rating, in Vietnam time."""
    trunc = _TRUNC[period]("created_at", tzinfo=VN_TZ)
    out: dict[date, Tally] = {}
    for row in qs.order_by().annotate(p=trunc).values("p", "level").annotate(n=Count("id")):
        start = row["p"].date() if isinstance(row["p"], datetime) else row["p"]
        out.setdefault(start, Tally()).counts[row["level"]] = row["n"]
    return dict(sorted(out.items()))


def dissatisfied_dossier_ids(qs: QuerySet[Rating]) -> set[int]:
    """Dossiers whose rating is negative (the "dislike" of QĐ 766 indicator 5.4)."""
    return set(qs.filter(level=Level.DISSATISFIED).values_list("dossier_id", flat=True))
