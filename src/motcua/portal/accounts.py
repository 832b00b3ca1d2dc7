"""Citizen accounts on the portal: sign-up, login, password reset, "Hồ sơ của tôi"."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone

from motcua.citizens import services
from motcua.citizens.models import CitizenProfile
from motcua.dossiers.models import Dossier


class SignUpForm(forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=255)
    phone = forms.CharField(label="Số điện thoại", max_length=20, required=False)
    email = forms.EmailField(label="Thư điện tử", required=False)
    id_number = forms.CharField(label="Số định danh cá nhân (12 số)", max_length=12, required=False)
    address = forms.CharField(label="Địa chỉ", max_length=500, required=False)
    password = forms.CharField(label="Mật khẩu", widget=forms.PasswordInput)
    password2 = forms.CharField(label="Nhập lại mật khẩu", widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", "Hai mật khẩu không giống nhau.")
        return data


def sign_up(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            profile = services.register(
                full_name=d["full_name"],
                password=d["password"],
                now=timezone.now(),
                phone=d["phone"],
                email=d["email"],
                id_number=d["id_number"],
                address=d["address"],
            )
        except ValidationError as exc:
            for field, msgs in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, msgs)
        else:
            login(request, profile.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, "Đăng ký thành công. Chào mừng ông/bà đến với cổng dịch vụ công."
            )
            return redirect("portal:account")
    return render(request, "portal/account/sign_up.html", {"form": form})


class CitizenLoginForm(AuthenticationForm):
    username = forms.CharField(label="Số điện thoại hoặc thư điện tử", max_length=254)
    error_messages = {
        "invalid_login": "Số điện thoại/thư điện tử hoặc mật khẩu không đúng.",
        "inactive": "Tài khoản đã bị khóa.",
    }


class CitizenPasswordResetForm(PasswordResetForm):
    """Reset by e-mail; the e-mail must belong to a citizen account."""

    email = forms.EmailField(label="Thư điện tử đã đăng ký", max_length=254)


class CitizenLoginView(auth_views.LoginView):
    template_name = "portal/account/login.html"
    authentication_form = CitizenLoginForm
    next_page = reverse_lazy("portal:account")


class ResetView(auth_views.PasswordResetView):
    template_name = "portal/account/reset.html"
    form_class = CitizenPasswordResetForm
    email_template_name = "portal/account/reset_email.txt"
    subject_template_name = "portal/account/reset_subject.txt"
    success_url = reverse_lazy("portal:reset-sent")


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "portal/account/reset_confirm.html"
    success_url = reverse_lazy("portal:reset-done")


@login_required(login_url=reverse_lazy("portal:login"))
def account(request: HttpRequest) -> HttpResponse:
    """Trang tài khoản: "Hồ sơ của tôi"."""
    profile = CitizenProfile.objects.filter(user=request.user).first()
    dossiers = (
        Dossier.objects.filter(account=request.user, parent__isnull=True)
        .select_related("version", "competent_agency")
        .order_by("-id")[:100]
    )
    return render(request, "portal/account/home.html", {"profile": profile, "dossiers": dossiers})
