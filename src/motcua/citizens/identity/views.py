"""Pages of the identity login: start (POST), the provider's callback, the account's e-ID page."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from motcua.citizens.identity import registry, services
from motcua.citizens.identity.base import IdentityError, IdentityProvider
from motcua.citizens.models import CitizenProfile

log = logging.getLogger(__name__)
LOGIN_URL = reverse_lazy("portal:login")
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _provider(key: str) -> IdentityProvider:
    try:
        return registry.get(key)
    except registry.UnknownProvider as exc:
        raise Http404("Không có nhà cung cấp định danh này.") from exc


def _safe_next(request: HttpRequest, url: str | None) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def _redirect_uri(request: HttpRequest, provider: IdentityProvider) -> str:
    """The callback address registered with the provider (configured, or this site's)."""
    configured = provider.config.get("redirect_uri")
    if configured:
        return str(configured)
    return request.build_absolute_uri(reverse("identity:callback", args=[provider.key]))


def _back_to_login(request: HttpRequest, next_url: str = "") -> HttpResponse:
    url = str(LOGIN_URL)
    if next_url:
        url = f"{url}?{urlencode({'next': next_url})}"
    return redirect(url)


@require_POST
def start_login(request: HttpRequest, key: str) -> HttpResponse:
    """Đăng nhập bằng định danh điện tử: off to the provider."""
    provider = _provider(key)
    next_url = _safe_next(request, request.POST.get("next"))
    try:
        return provider.start(
            request,
            redirect_uri=_redirect_uri(request, provider),
            context={"mode": "login", "next": next_url},
        )
    except IdentityError as exc:
        messages.error(request, exc.message)
        return _back_to_login(request, next_url)


@require_POST
@login_required(login_url=LOGIN_URL)
def start_link(request: HttpRequest, key: str) -> HttpResponse:
    """Liên kết tài khoản đang đăng nhập với định danh điện tử."""
    provider = _provider(key)
    try:
        return provider.start(
            request,
            redirect_uri=_redirect_uri(request, provider),
            context={"mode": "link", "user": request.user.pk},
        )
    except IdentityError as exc:
        messages.error(request, exc.message)
        return redirect("identity:account")


@require_GET
def callback(request: HttpRequest, key: str) -> HttpResponse:
    """Where the provider sends the browser back (the registered redirect URI)."""
    provider = _provider(key)
    now = timezone.now()
    try:
        outcome = provider.finish(request)
    except IdentityError as exc:
        log.info("identity login via %s failed: %s", key, exc.code)
        messages.error(request, exc.message)
        if request.user.is_authenticated and exc.context.get("mode") != "login":
            return redirect("identity:account")
        return _back_to_login(request, _safe_next(request, exc.context.get("next")))
    context = outcome.context
    if context.get("mode") == "link":
        if not request.user.is_authenticated or request.user.pk != context.get("user"):
            messages.error(
                request,
                "Phiên liên kết đã thay đổi tài khoản đăng nhập. Vui lòng đăng nhập lại rồi "
                "liên kết một lần nữa.",
            )
            return _back_to_login(request)
        try:
            services.link(request.user, outcome.identity, now=now, name=provider.name)
        except IdentityError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, f"Đã liên kết tài khoản với {provider.name}; định danh đã được xác thực."
            )
        return redirect("identity:account")
    next_url = _safe_next(request, context.get("next"))
    try:
        profile, created = services.sign_in(outcome.identity, now=now, name=provider.name)
    except services.AccountExists as exc:
        # after the password login, land where the account can be linked
        messages.error(request, exc.message)
        return _back_to_login(request, reverse("identity:account"))
    except IdentityError as exc:
        messages.error(request, exc.message)
        return _back_to_login(request, next_url)
    login(request, profile.user, backend=BACKEND)
    if created:
        messages.success(
            request,
            f"Đã tạo tài khoản từ thông tin định danh {provider.name} của ông/bà. Lần sau hãy "
            f"bấm “Đăng nhập bằng {provider.name}”.",
        )
    else:
        messages.success(request, f"Đã đăng nhập bằng {provider.name}.")
    return redirect(next_url or "portal:account")


@login_required(login_url=LOGIN_URL)
def account(request: HttpRequest) -> HttpResponse:
    """Định danh điện tử của tài khoản: verified or not, and the buttons to link."""
    profile = CitizenProfile.objects.filter(user=request.user).first()
    return render(request, "citizens/identity/account.html", {"profile": profile})
