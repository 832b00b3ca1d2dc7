"""Rating pages: the public form (usable from the tracking page) and the kiosk at the desk.

Both are public: the applicant proves the dossier is theirs with its code and the phone
number given at submission. With htmx the pages swap fragments; without JavaScript the same
forms post and render whole pages.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from motcua.directory.models import Agency
from motcua.ratings import selectors, services
from motcua.ratings.models import Level, RatingChannel
from motcua.ratings.services import RatingError

FACES = [
    (Level.VERY_SATISFIED, Level.VERY_SATISFIED.label, "very"),
    (Level.SATISFIED, Level.SATISFIED.label, "ok"),
    (Level.DISSATISFIED, Level.DISSATISFIED.label, "bad"),
]


def _faces(selected: str = "") -> list[dict]:
    return [
        {"value": v, "label": lbl, "css": css, "checked": v == selected} for v, lbl, css in FACES
    ]


def _message(exc: RatingError) -> str:
    """The message with the field errors of an invalid form (a kiosk has no field labels)."""
    if exc.code != "invalid" or not isinstance(exc.errors, dict):
        return exc.message
    return " ".join([exc.message, *(m for msgs in exc.errors.values() for m in msgs)])


# --- public form ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def dossier_form(request: HttpRequest) -> HttpResponse:
    """Đánh giá mức độ hài lòng của một hồ sơ: ``?ma=<mã hồ sơ>&dien_thoai=<số điện thoại>``."""
    data = request.POST if request.method == "POST" else request.GET
    code = data.get("ma", "").strip()
    phone = data.get("dien_thoai", "").strip()
    channel = data.get("kenh", "")
    ctx: dict = {"code": code, "phone": phone, "faces": _faces(), "channel": channel}
    if code:
        try:
            dossier = services.own_dossier(code, phone)
        except RatingError as exc:
            quiet = request.method == "GET" and not phone and exc.code == "invalid"
            ctx["error"] = "" if quiet else exc.message
            ctx["found"] = exc.code != "not_found"
        else:
            ctx.update(_dossier_context(dossier))
            if request.method == "POST":
                _post_rating(request, ctx, code, phone)
    template = "ratings/_dossier_form.html" if request.htmx else "ratings/dossier.html"
    return render(request, template, ctx)


def _dossier_context(dossier) -> dict:
    rating = selectors.rating_of(dossier)
    ctx = {
        "dossier": dossier,
        "rateable": dossier.state in selectors.RATEABLE,
        "rating": rating,
        "faces": _faces(rating.level if rating else ""),
        "comment": rating.comment if rating else "",
    }
    if rating is not None:
        until = selectors.changeable_until(rating)
        ctx.update(until=until, changeable=timezone.now() <= until)
    return ctx


def _post_rating(request: HttpRequest, ctx: dict, code: str, phone: str) -> None:
    channel = request.POST.get("kenh", RatingChannel.ONLINE)
    if channel not in (RatingChannel.ONLINE, RatingChannel.QR, RatingChannel.ACCOUNT):
        channel = RatingChannel.ONLINE
    try:
        outcome = services.rate(
            code=code,
            phone=phone,
            level=request.POST.get("level", ""),
            comment=request.POST.get("comment", ""),
            channel=channel,
            now=timezone.now(),
        )
    except RatingError as exc:
        ctx["error"] = _message(exc)
        ctx["comment"] = request.POST.get("comment", "")
        return
    ctx.update(_dossier_context(outcome.rating.dossier))
    ctx["saved"] = "created" if outcome.created else "changed"


# --- kiosk ---------------------------------------------------------------------------------


def _kiosk_agency(code: str) -> Agency:
    return get_object_or_404(Agency, code=code, is_active=True)


def _kiosk_render(request: HttpRequest, agency: Agency, step: str, ctx: dict) -> HttpResponse:
    ctx = {
        "agency": agency,
        "step": f"ratings/_kiosk_{step}.html",
        "reset_seconds": getattr(settings, "MOTCUA_KIOSK_RESET_SECONDS", 6),
        "idle_seconds": getattr(settings, "MOTCUA_KIOSK_IDLE_SECONDS", 120),
        **ctx,
    }
    template = ctx["step"] if request.htmx else "ratings/kiosk.html"
    return render(request, template, ctx)


@require_http_methods(["GET"])
def kiosk(request: HttpRequest, agency: str) -> HttpResponse:
    """Màn hình đánh giá tại quầy (máy tính bảng): starts empty, resets after every rating."""
    return _kiosk_render(request, _kiosk_agency(agency), "start", {})


@require_http_methods(["POST"])
def kiosk_dossier(request: HttpRequest, agency: str) -> HttpResponse:
    """Step 2: the dossier code (typed or scanned) and the phone number are checked."""
    a = _kiosk_agency(agency)
    code = request.POST.get("ma", "").strip()
    phone = request.POST.get("dien_thoai", "").strip()
    try:
        dossier = services.own_dossier(code, phone, agency=a)
        services.check_rateable(dossier)
    except RatingError as exc:
        return _kiosk_render(request, a, "start", {"error": exc.message, "code": code})
    ctx = _dossier_context(dossier)
    if ctx["rating"] is not None and not ctx["changeable"]:
        return _kiosk_render(
            request,
            a,
            "start",
            {"error": "Hồ sơ này đã được đánh giá và đã hết thời hạn thay đổi. Xin cảm ơn!"},
        )
    return _kiosk_render(request, a, "faces", {**ctx, "code": code, "phone": phone})


@require_http_methods(["POST"])
def kiosk_rate(request: HttpRequest, agency: str) -> HttpResponse:
    """Step 3: the chosen face and the optional comment; then the thank-you screen."""
    a = _kiosk_agency(agency)
    code = request.POST.get("ma", "").strip()
    phone = request.POST.get("dien_thoai", "").strip()
    try:
        outcome = services.rate(
            code=code,
            phone=phone,
            level=request.POST.get("level", ""),
            comment=request.POST.get("comment", ""),
            channel=RatingChannel.COUNTER_DEVICE,
            now=timezone.now(),
            agency=a,
        )
    except RatingError as exc:
        dossier = selectors.find_dossier(code)
        if (
            exc.code == "invalid"
            and dossier is not None
            and selectors.phone_matches(dossier, phone)
        ):
            ctx = {**_dossier_context(dossier), "code": code, "phone": phone}
            ctx.update(error=_message(exc), comment=request.POST.get("comment", ""))
            return _kiosk_render(request, a, "faces", ctx)
        return _kiosk_render(request, a, "start", {"error": exc.message})
    return _kiosk_render(request, a, "thanks", {"rating": outcome.rating})
