"""Read side of fees and payments, for screens, the API and supervision (indicators, reports)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from motcua.catalog.models import FeeMode, ProcedureCase
from motcua.dossiers.models import Dossier
from motcua.payments.models import (
    CallbackLog,
    Invoice,
    InvoiceLine,
    Method,
    Payment,
    PaymentStatus,
)


@dataclass(frozen=True)
class LineData:
    fee_id: int | None
    name: str
    mode: str
    amount: int
    exempt: bool
    exemption_note: str
    payable: int


def fee_lines(
    case: ProcedureCase, exempt_fees: Iterable[int] = (), reason: str = ""
) -> list[LineData]:
    """The lines of a case's fees; fees of mode "miễn" and those in ``exempt_fees`` pay 0."""
    chosen = set(exempt_fees)
    lines = []
    for fee in case.fees.all():
        amount = int(fee.amount)
        by_rule = fee.mode == FeeMode.EXEMPT
        exempt = by_rule or fee.pk in chosen
        note = "Miễn theo quy định của thủ tục" if by_rule else (reason if exempt else "")
        lines.append(
            LineData(fee.pk, fee.name, fee.mode, amount, exempt, note, 0 if exempt else amount)
        )
    return lines


def invoice_for(dossier: Dossier | int) -> Invoice | None:
    """The dossier's invoice with its lines and payments (newest first), or None."""
    pk = dossier.pk if isinstance(dossier, Dossier) else dossier
    return (
        Invoice.objects.filter(dossier_id=pk)
        .select_related("dossier")
        .prefetch_related(
            Prefetch("lines", queryset=InvoiceLine.objects.order_by("position")),
            Prefetch(
                "payments",
                queryset=Payment.objects.select_related("created_by", "refunded_by").order_by(
                    "-id"
                ),
            ),
        )
        .first()
    )


def paid_online(dossier: Dossier | int) -> bool:
    """Whether the dossier's fees were paid online (a confirmed, not refunded, online payment)
    — the flag behind the online-payment indicators (DuocThanhToanTrucTuyen)."""
    pk = dossier.pk if isinstance(dossier, Dossier) else dossier
    return Payment.objects.filter(
        invoice__dossier_id=pk, method=Method.ONLINE, status=PaymentStatus.PAID
    ).exists()


def dossiers_paid_online(dossier_ids: Iterable[int]) -> set[int]:
    """Of ``dossier_ids``, those paid online (one query, for lists and exports)."""
    return set(
        Payment.objects.filter(
            invoice__dossier_id__in=list(dossier_ids),
            method=Method.ONLINE,
            status=PaymentStatus.PAID,
        ).values_list("invoice__dossier_id", flat=True)
    )


def payments_in_period(
    start: datetime, end: datetime, *, agencies: Iterable[int] | None = None
) -> QuerySet[Payment]:
    """Payments that settled a dossier's fees with ``start <= paid_at < end`` (refunded ones
    excluded), optionally of dossiers received by ``agencies``."""
    qs = Payment.objects.filter(status=PaymentStatus.PAID, paid_at__gte=start, paid_at__lt=end)
    if agencies is not None:
        qs = qs.filter(invoice__dossier__receiving_agency_id__in=list(agencies))
    return qs


def payment_counts(
    start: datetime, end: datetime, *, agencies: Iterable[int] | None = None
) -> dict[str, int]:
    """Counts and sums (đồng) of a period: total, online, at the desk (reports.md)."""
    online, desk = Q(method=Method.ONLINE), Q(method=Method.DESK)
    row = payments_in_period(start, end, agencies=agencies).aggregate(
        total=Count("id"),
        online=Count("id", filter=online),
        desk=Count("id", filter=desk),
        sum_all=Sum("amount", default=0),
        sum_online=Sum("amount", filter=online, default=0),
        sum_desk=Sum("amount", filter=desk, default=0),
    )
    return {
        "total": int(row["total"]),
        "online": int(row["online"]),
        "desk": int(row["desk"]),
        "amount": int(row["sum_all"]),
        "online_amount": int(row["sum_online"]),
        "desk_amount": int(row["sum_desk"]),
    }


def callbacks_of(payment: Payment) -> QuerySet[CallbackLog]:
    return CallbackLog.objects.filter(Q(payment=payment) | Q(txn_ref=payment.txn_ref or "-"))
