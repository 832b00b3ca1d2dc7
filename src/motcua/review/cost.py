"""Compliance-cost arithmetic (chi phí tuân thủ thủ tục hành chính), pure and exact.

The model of the TT 02/2017/TT-VPCP cost form (Standard Cost Model) and of the provincial plans
that apply it (spec review-cost.md §3–§5):

* chi phí thực hiện 1 lần (C1) = Σ_công việc (số giờ × thu nhập bình quân 1 giờ
  + phí, lệ phí + chi phí thuê dịch vụ + chi phí khác);
* chi phí tuân thủ / năm = C1 × số lượng đối tượng (hồ sơ) / năm (N) × tần suất / năm (F);
* chi phí tiết kiệm = CPTT trước − CPTT sau (đồng/năm);
* tỷ lệ cắt giảm (%) = (trước − sau) / trước × 100; aggregates are computed on sums
  ("tỷ lệ trên tổng"), the mean of the per-procedure rates is shown beside it, labelled.

Units: time in giờ (1 ngày làm việc = 8 giờ), money in đồng. Every product is kept exact in
:class:`~decimal.Decimal`; the yearly cost is rounded once to the whole đồng (half up), and a
rate to two decimals (half up). Time limits are compared in working days.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HOURS_PER_WORKING_DAY = Decimal(8)
DONG = Decimal(1)
CENT = Decimal("0.01")

#: Conversion of a time-limit unit (catalog TimeUnit values) to working days, for comparing
#: and summing time limits: 1 ngày làm việc = 8 giờ; "trong ngày" = 1 ngày làm việc. Calendar
#: days and months have no exact working-day equivalent: a calendar-day limit is counted as
#: that many days, a month as 30 days — as provincial summaries do; both are labelled.
DAYS_PER_UNIT = {
    "working_days": Decimal(1),
    "working_hours": Decimal(1) / HOURS_PER_WORKING_DAY,
    "calendar_days": Decimal(1),
    "same_day": Decimal(1),
    "months": Decimal(30),
}


def money(value: Decimal) -> Decimal:
    """Round to the whole đồng, half up (how the forms print amounts)."""
    return value.quantize(DONG, rounding=ROUND_HALF_UP)


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part / whole × 100`` rounded to 2 decimals; None when ``whole`` is zero."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(CENT, rounding=ROUND_HALF_UP)


def hourly_from_income(income: Decimal, working_days: Decimal) -> Decimal:
    """Thu nhập bình quân 1 giờ = thu nhập bình quân (of the period) / số ngày làm việc / 8 giờ,
    rounded to the whole đồng (e.g. a monthly income over 22 days, or a yearly one over the
    year's working days)."""
    if working_days <= 0:
        raise ValueError("working_days must be positive")
    return money(Decimal(income) / Decimal(working_days) / HOURS_PER_WORKING_DAY)


def days_to_hours(days: Decimal) -> Decimal:
    return Decimal(days) * HOURS_PER_WORKING_DAY


def limit_in_days(amount: Decimal, unit: str) -> Decimal:
    """A time limit in days (working days, see :data:`DAYS_PER_UNIT`)."""
    if unit == "same_day":
        return Decimal(1)
    return Decimal(amount) * DAYS_PER_UNIT[unit]


@dataclass(frozen=True)
class Activity:
    """One row of the cost form: a công việc with its time and out-of-pocket costs."""

    label: str
    hours: Decimal = Decimal(0)
    fee: Decimal = Decimal(0)  # phí, lệ phí (đồng)
    service: Decimal = Decimal(0)  # thuê tư vấn, dịch vụ (đồng)
    other: Decimal = Decimal(0)  # in ấn, sao chụp, chứng thực, đi lại, bưu chính… (đồng)

    def time_cost(self, hourly: Decimal) -> Decimal:
        return Decimal(self.hours) * Decimal(hourly)

    def cost(self, hourly: Decimal) -> Decimal:
        """Chi phí của công việc (exact; not rounded)."""
        return (
            self.time_cost(hourly) + Decimal(self.fee) + Decimal(self.service) + Decimal(self.other)
        )


@dataclass(frozen=True)
class CostResult:
    hours: Decimal  # tổng số giờ of one performance
    time_cost: Decimal  # chi phí thời gian of one performance (exact)
    out_of_pocket: Decimal  # phí, lệ phí + dịch vụ + khác of one performance
    per_performance: Decimal  # C1, rounded to the đồng
    per_year: Decimal  # C1 × N × F, rounded to the đồng


def compute(
    activities: Sequence[Activity], *, hourly: Decimal, n_per_year: Decimal, frequency: Decimal
) -> CostResult:
    """Chi phí tuân thủ of one scenario (before or after) of one procedure."""
    hours = sum((Decimal(a.hours) for a in activities), Decimal(0))
    time_cost = sum((a.time_cost(hourly) for a in activities), Decimal(0))
    oop = sum(
        (Decimal(a.fee) + Decimal(a.service) + Decimal(a.other) for a in activities), Decimal(0)
    )
    c1 = time_cost + oop
    return CostResult(
        hours=hours,
        time_cost=time_cost,
        out_of_pocket=oop,
        per_performance=money(c1),
        per_year=money(c1 * Decimal(n_per_year) * Decimal(frequency)),
    )


@dataclass(frozen=True)
class Reduction:
    before: Decimal
    after: Decimal
    saving: Decimal  # trước − sau
    rate: Decimal | None  # %; None when "trước" is zero

    @classmethod
    def of(cls, before: Decimal, after: Decimal) -> Reduction:
        before, after = Decimal(before), Decimal(after)
        return cls(before, after, before - after, percent(before - after, before))

    def meets(self, target_percent: Decimal) -> bool | None:
        return None if self.rate is None else self.rate >= Decimal(target_percent)


@dataclass(frozen=True)
class Aggregate:
    """Totals of several procedures: the rate on sums, and (labelled) the mean of the rates."""

    count: int
    total: Reduction  # tỷ lệ trên tổng
    mean_rate: Decimal | None  # bình quân tỷ lệ (for information only)


def aggregate(pairs: Iterable[tuple[Decimal, Decimal]]) -> Aggregate:
    """``pairs`` of (before, after) per procedure, in the same unit."""
    pairs = [(Decimal(b), Decimal(a)) for b, a in pairs]
    before = sum((b for b, _a in pairs), Decimal(0))
    after = sum((a for _b, a in pairs), Decimal(0))
    rates = [r for r in (percent(b - a, b) for b, a in pairs) if r is not None]
    mean = (sum(rates, Decimal(0)) / len(rates)).quantize(CENT, ROUND_HALF_UP) if rates else None
    return Aggregate(len(pairs), Reduction.of(before, after), mean)


def vnd(value: Decimal | int | None) -> str:
    """Vietnamese thousands grouping: 32000000 → "32.000.000"."""
    if value is None:
        return "—"
    return f"{int(money(Decimal(value))):,}".replace(",", ".")


def num(value: Decimal | None, places: int = 2) -> str:
    """A decimal with a comma and no trailing zeros: 12.50 → "12,5"."""
    if value is None:
        return "—"
    q = Decimal(value).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP).normalize()
    text = format(q, "f")
    if "." in text:
        whole, frac = text.split(".")
    else:
        whole, frac = text, ""
    neg = whole.startswith("-")
    whole = f"{int(whole.lstrip('-')):,}".replace(",", ".")
    return ("-" if neg else "") + whole + ("," + frac if frac else "")


@dataclass(frozen=True)
class Scenario:
    """One scenario in the spec's shape (review-cost.md §3): rows of {task, hours}, fees and
    other costs of one performance, N per year, frequency; or, with no rows, the provincial
    shortcut — the time limit in working days × 8 giờ as the only time row (§4)."""

    hourly_income: Decimal
    n_per_year: Decimal
    frequency: Decimal = Decimal(1)
    rows: tuple[Activity, ...] = ()
    fees: Decimal = Decimal(0)
    other_costs: Decimal = Decimal(0)
    time_limit_days: Decimal | None = None

    def activities(self) -> list[Activity]:
        rows = list(self.rows)
        if not rows and self.time_limit_days is not None:
            rows.append(Activity("Thời hạn giải quyết", hours=days_to_hours(self.time_limit_days)))
        if self.fees or self.other_costs:
            rows.append(
                Activity("Phí, lệ phí và chi phí khác", fee=self.fees, other=self.other_costs)
            )
        return rows

    def compute(self) -> CostResult:
        return compute(
            self.activities(),
            hourly=self.hourly_income,
            n_per_year=self.n_per_year,
            frequency=self.frequency,
        )


@dataclass(frozen=True)
class Comparison:
    before: CostResult
    after: CostResult
    cost: Reduction
    time: Reduction | None


def compare(before: Scenario, after: Scenario) -> Comparison:
    """Before / after of one procedure: costs per year, saving, reduction rates."""
    b, a = before.compute(), after.compute()
    time = None
    if before.time_limit_days is not None and after.time_limit_days is not None:
        time = Reduction.of(before.time_limit_days, after.time_limit_days)
    return Comparison(b, a, Reduction.of(b.per_year, a.per_year), time)
