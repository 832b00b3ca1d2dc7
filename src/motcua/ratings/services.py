"""Giving and changing a satisfaction rating: the only writer of the ratings tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction

from motcua.core import audit
from motcua.core.calendar import VN_TZ
from motcua.core.errors import DomainError
from motcua.directory.models import Agency
from motcua.dossiers.models import Dossier
from motcua.ratings import selectors
from motcua.ratings.models import Level, Rating, RatingChannel, RatingOfficer

COMMENT_MAX = 1000


class RatingError(DomainError):
    """A refused rating: a machine ``code`` and a Vietnamese ``message``."""


@dataclass(frozen=True)
class Outcome:
    rating: Rating
    created: bool


def own_dossier(code: str, phone: str, *, agency: Agency | None = None) -> Dossier:
    """The dossier of ``code`` if ``phone`` is the applicant's number (the ownership proof).

    ``agency`` (a kiosk) limits the dossiers to those it received or decided.
    """
    if not code.strip():
        raise RatingError("invalid", "Cần nhập mã hồ sơ.", errors={"code": ["Bắt buộc."]})
    d = selectors.find_dossier(code)
    if d is None:
        raise RatingError(
            "not_found",
            "Không tìm thấy hồ sơ có mã này. Vui lòng kiểm tra lại mã trên Giấy tiếp nhận.",
            status=404,
            errors={"code": ["Không tồn tại."]},
        )
    if agency is not None and agency.pk not in (d.receiving_agency_id, d.competent_agency_id):
        raise RatingError(
            "other_agency",
            "Hồ sơ này không do cơ quan này tiếp nhận hoặc giải quyết; vui lòng đánh giá "
            "trên trang tra cứu hồ sơ.",
            status=409,
            errors={"code": ["Hồ sơ của cơ quan khác."]},
        )
    if not phone.strip():
        raise RatingError(
            "invalid",
            "Cần nhập số điện thoại đã đăng ký khi nộp hồ sơ.",
            errors={"phone": ["Bắt buộc."]},
        )
    if not selectors.normalise_phone(d.applicant_phone):
        raise RatingError(
            "no_phone",
            "Hồ sơ không có số điện thoại để xác minh; vui lòng liên hệ cán bộ tại quầy.",
            status=409,
        )
    if not selectors.phone_matches(d, phone):
        raise RatingError(
            "phone_mismatch",
            "Số điện thoại không khớp với số đã đăng ký khi nộp hồ sơ (cần nhập đầy đủ).",
            status=403,
            errors={"phone": ["Không khớp."]},
        )
    return d


def check_rateable(d: Dossier) -> None:
    if d.state not in selectors.RATEABLE:
        raise RatingError(
            "no_result",
            "Hồ sơ chưa có kết quả giải quyết; ông/bà có thể đánh giá sau khi có kết quả.",
            status=409,
        )


def _link_officers(rating: Rating, dossier: Dossier) -> None:
    RatingOfficer.objects.filter(rating=rating).delete()
    RatingOfficer.objects.bulk_create(
        RatingOfficer(rating=rating, officer_id=o.user_id, agency_id=o.agency_id, role=o.role)
        for o in selectors.officers_of(dossier)
    )


@transaction.atomic
def rate(
    *,
    code: str,
    phone: str,
    level: str,
    now: datetime,
    comment: str = "",
    channel: str = RatingChannel.ONLINE,
    agency: Agency | None = None,
) -> Outcome:
    """Give the rating of a dossier that has a result, or change it within the window.

    The dossier's agencies and the officers who acted on it (the distinct actors of its
    events) are linked again on every change, so a result returned after the first rating
    counts for the officer who returned it.
    """
    errors: dict[str, list[str]] = {}
    if level not in Level.values:
        errors["level"] = ["Chọn Rất hài lòng, Hài lòng hoặc Không hài lòng."]
    if channel not in RatingChannel.values:
        errors["channel"] = [f"Kênh phải là một trong: {', '.join(RatingChannel.values)}."]
    comment = comment.strip()
    if len(comment) > COMMENT_MAX:
        errors["comment"] = [f"Ý kiến tối đa {COMMENT_MAX} ký tự."]
    if errors:
        raise RatingError("invalid", "Phiếu đánh giá chưa hợp lệ.", errors=errors)
    d = own_dossier(code, phone, agency=agency)
    check_rateable(d)
    rating = Rating.objects.select_for_update().filter(dossier=d).first()
    created = rating is None
    if created:
        rating = Rating(
            dossier=d,
            receiving_agency_id=d.receiving_agency_id,
            competent_agency_id=d.competent_agency_id,
            level=level,
            comment=comment,
            channel=channel,
            created_at=now,
            updated_at=now,
        )
        try:
            with transaction.atomic():
                rating.save()
        except IntegrityError:  # a concurrent first rating won: this one is a change
            rating = Rating.objects.select_for_update().get(dossier=d)
            created = False
    if not created:
        until = selectors.changeable_until(rating)
        if now > until:
            raise RatingError(
                "change_window_closed",
                f"Hồ sơ đã được đánh giá; chỉ được thay đổi đến "
                f"{until.astimezone(VN_TZ):%H:%M %d/%m/%Y}.",
                status=409,
            )
        before = {"level": rating.level, "comment": rating.comment}
        if before != {"level": level, "comment": comment}:
            rating.changes += 1
        rating.level, rating.comment, rating.channel, rating.updated_at = (
            level,
            comment,
            channel,
            now,
        )
        rating.receiving_agency_id = d.receiving_agency_id
        rating.competent_agency_id = d.competent_agency_id
        rating.save()
        audit.record(
            at=now,
            actor=None,
            action="rating.change",
            obj=rating,
            data={"from": before, "to": {"level": level, "comment": comment}, "channel": channel},
        )
    _link_officers(rating, d)
    return Outcome(rating, created)
